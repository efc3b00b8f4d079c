"""Completion inside a wikilink: ``[[`` offers notes by name and alias (``![[`` also the other
files), ``[[Note#`` its headings, ``[[Note#^`` its block ids; ranked, at most :data:`LIMIT`."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lsprotocol import types as lsp

from vaultkit.edit.heading import link_segment
from vaultkit.edit.linktext import LinkFormat, link_path
from vaultkit.lsp.positions import to_utf16
from vaultkit.lsp.workspace import Workspace

LIMIT = 200
Candidate = tuple[int, str, Callable[[], lsp.CompletionItem]]  # score, label, the item


@dataclass(frozen=True)
class LinkContext:
    """What the cursor is inside: ``[[`` + ``target``, then ``#`` + a heading or ``#^`` + a
    block id."""

    embed: bool
    target: str
    anchor: str | None  # None: typing the target; else the text after '#' (or '#^')
    block: bool
    start: int  # character index where the text being completed starts


def link_context(line: str, column: int) -> LinkContext | None:
    """The open wikilink before 0-based character ``column`` of ``line``, if any."""
    head = line[:column]
    opened = head.rfind("[[")
    if opened < 0 or "]]" in head[opened:] or "|" in head[opened:]:
        return None
    embed = opened > 0 and head[opened - 1] == "!"
    typed = head[opened + 2 :]
    target, sep, anchor = typed.partition("#")
    if not sep:
        return LinkContext(embed, target, None, False, opened + 2)
    if anchor.startswith("^"):
        return LinkContext(embed, target, anchor[1:], True, opened + 2 + len(target) + 2)
    return LinkContext(embed, target, anchor, False, opened + 2 + len(target) + 1)


def score(candidate: str, typed: str) -> int | None:
    """How well ``candidate`` matches ``typed`` (higher is better; None: no match): a prefix
    beats a word start beats a substring beats the letters in order."""
    if not typed:
        return 1
    name, want = candidate.lower(), typed.lower()
    if name.startswith(want):
        return 400 - len(name)
    at = name.find(want)
    if at > 0:
        return (300 if not name[at - 1].isalnum() else 200) - len(name)
    k = 0
    for ch in name:
        if k < len(want) and ch == want[k]:
            k += 1
    return 100 - len(name) if k == len(want) else None


def complete(  # noqa: PLR0917  (the state and the place)
    ws: Workspace, path: str, line: str, line_no: int, column: int, fmt: LinkFormat
) -> lsp.CompletionList | None:
    """Completions at 0-based ``line_no`` and character ``column`` of note ``path``."""
    ctx = link_context(line, column)
    if ctx is None:
        return None
    rng = lsp.Range(
        start=lsp.Position(line=line_no, character=to_utf16(line, ctx.start + 1)),
        end=lsp.Position(line=line_no, character=to_utf16(line, column + 1)),
    )
    if ctx.anchor is None:
        items = list(_targets(ws, path, ctx, fmt, rng))
    else:
        items = list(_anchors(ws, path, ctx, rng))
    items.sort(key=lambda found: (-found[0], found[1]))
    return lsp.CompletionList(
        is_incomplete=len(items) > LIMIT, items=[make() for _, _, make in items[:LIMIT]]
    )


def _stem(path: str) -> str:
    name = posixpath.basename(path)
    return name[:-3] if name.lower().endswith(".md") else name


def _targets(
    ws: Workspace, source: str, ctx: LinkContext, fmt: LinkFormat, rng: lsp.Range
) -> Iterable[Candidate]:
    typed = ctx.target
    for target in ws.files:
        is_note = target.lower().endswith(".md")
        if not is_note and not ctx.embed:
            continue
        name = _stem(target)
        found = score(name, typed)
        if found is None and "/" in typed:
            found = score(target, typed)
        if found is not None:
            yield found, name, _item(ws, source, target, name, None, found, fmt, rng)
    for target, aliases in ws.aliases.items():
        for alias in aliases:
            found = score(alias, typed)
            if found is None:
                continue
            yield found - 1, alias, _item(ws, source, target, alias, alias, found - 1, fmt, rng)


def _anchors(
    ws: Workspace, source: str, ctx: LinkContext, rng: lsp.Range
) -> Iterable[Candidate]:
    target = ws.index.first(ctx.target, source) if ctx.target else source
    note = ws.notes.get(target) if target is not None else None
    if note is None:
        return
    typed = ctx.anchor or ""
    if ctx.block:
        for block in note.blocks:
            found = score(block.id, typed)
            if found is not None:
                yield found, block.id, _fixed(lsp.CompletionItem(
                    label=block.id, kind=lsp.CompletionItemKind.Reference,
                    detail=f"line {block.span.line}",
                    text_edit=lsp.TextEdit(range=rng, new_text=block.id),
                ))
        return
    for order, heading in enumerate(note.headings):
        segment = link_segment(heading.text)
        found = score(segment, typed)
        if found is not None:
            yield found, f"{order:05d}", _fixed(lsp.CompletionItem(
                label=segment, kind=lsp.CompletionItemKind.Reference,
                detail="#" * heading.level, sort_text=f"{order:05d}",
                text_edit=lsp.TextEdit(range=rng, new_text=segment),
            ))


def _fixed(item: lsp.CompletionItem) -> Callable[[], lsp.CompletionItem]:
    return lambda: item


def _item(  # noqa: PLR0917
    ws: Workspace,
    source: str,
    target: str,
    label: str,
    alias: str | None,
    found: int,
    fmt: LinkFormat,
    rng: lsp.Range,
) -> Callable[[], lsp.CompletionItem]:
    """A note's item, its link text made only if it is among those sent."""

    def make() -> lsp.CompletionItem:
        text = link_path(target, source, ws.index, fmt, wiki=True)
        return lsp.CompletionItem(
            label=label,
            kind=lsp.CompletionItemKind.File if alias is None else lsp.CompletionItemKind.Reference,
            detail=target if alias is None else f"alias of {target}",
            sort_text=f"{1000 - found:04d}{label}",
            filter_text=label,
            text_edit=lsp.TextEdit(
                range=rng, new_text=text if alias is None else f"{text}|{alias}"
            ),
        )

    return make
