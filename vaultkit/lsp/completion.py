"""Completion inside a wikilink: ``[[`` offers notes by name and alias (``![[`` also the other
files), ``[[Note#`` its headings, ``[[Note#^`` its block ids; ranked, at most :data:`LIMIT`.

Nothing is offered where Obsidian would read no link (:func:`link_read_at`): in code, math or
an HTML comment or block, as the tokenizer found them when it last read the note."""

from __future__ import annotations

import heapq
import posixpath
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from lsprotocol import types as lsp

from vaultkit.edit.heading import link_segment
from vaultkit.edit.linktext import LinkFormat, link_path
from vaultkit.lsp.positions import to_utf16
from vaultkit.lsp.workspace import Workspace
from vaultkit.notes.model import Note, Span
from vaultkit.notes.note import parse_note
from vaultkit.notes.reader import read_text

LIMIT = 200


@dataclass(frozen=True)
class LinkContext:
    """What the cursor is inside: ``[[`` + ``target``, then ``#`` + a heading or ``#^`` + a
    block id."""

    embed: bool
    target: str
    anchor: str | None  # None: typing the target; else the text after '#' (or '#^')
    block: bool
    start: int  # character index where the text being completed starts
    opened: int  # character index of the '[['


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
        return LinkContext(embed, target, None, False, opened + 2, opened)
    if anchor.startswith("^"):
        return LinkContext(embed, target, anchor[1:], True, opened + 2 + len(target) + 2, opened)
    return LinkContext(embed, target, anchor, False, opened + 2 + len(target) + 1, opened)


def link_read_at(ws: Workspace, path: str, line: int, column: int) -> bool:
    """Whether a link starting at 1-based ``line`` and ``column`` of note ``path`` would be
    read: not inside a code span or block, math, or an HTML comment or block. The spans come
    from the reading that gave the note (:meth:`Workspace.update`: no second reading of an
    open note); a note the server has not read since indexing is read once, from its file."""
    spans = ws.unread.get(path)
    if spans is None:
        spans = []
        text = read_text(ws.root / path, path)
        if isinstance(text, str):
            parse_note(path, text, spans)
        ws.unread[path] = spans
    at = bisect_right(spans, (line, column), key=_start)  # spans are sorted, apart
    if at == 0:
        return True
    span = spans[at - 1]
    return (line, column) >= (span.end_line, span.end_column)


def _start(span: Span) -> tuple[int, int]:
    return span.line, span.column


def complete(  # noqa: PLR0917  (the state and the place)
    ws: Workspace, path: str, line: str, line_no: int, column: int, fmt: LinkFormat
) -> lsp.CompletionList | None:
    """Completions at 0-based ``line_no`` and character ``column`` of note ``path``."""
    ctx = link_context(line, column)
    if ctx is None or not link_read_at(ws, path, line_no + 1, ctx.opened + 1):
        return None
    rng = lsp.Range(
        start=lsp.Position(line=line_no, character=to_utf16(line, ctx.start + 1)),
        end=lsp.Position(line=line_no, character=to_utf16(line, column + 1)),
    )
    if ctx.anchor is not None:
        return lsp.CompletionList(is_incomplete=False, items=_anchors(ws, path, ctx, rng))
    want = ctx.target.lower()
    found = [
        (-score + (alias is not None), label, target, alias)  # a note before an alias
        for lower, label, target, alias, is_note in _names(ws)
        if (is_note or ctx.embed) and (score := lower_score(lower, want)) is not None
    ]
    best = heapq.nsmallest(LIMIT, found)
    items = [_item(ws, path, target, label, alias, -minus, fmt, rng)
             for minus, label, target, alias in best]
    return lsp.CompletionList(is_incomplete=len(found) > LIMIT, items=items)


Name = tuple[str, str, str, "str | None", bool]  # lower-cased, label, file, alias, is a note


def _names(ws: Workspace) -> list[Name]:
    """Every file by name and every alias, made once per shape of the vault."""
    table: list[Name] | None = ws.shape_tables.get("completion")
    if table is None:
        table = []
        for target in ws.files:
            name = posixpath.basename(target)
            is_note = name.lower().endswith(".md")
            label = name[:-3] if is_note else name
            table.append((label.lower(), label, target, None, is_note))
        for target, aliases in ws.aliases.items():
            table.extend((alias.lower(), alias, target, alias, True) for alias in aliases)
        ws.shape_tables["completion"] = table
    return table


def score(candidate: str, typed: str) -> int | None:
    """How well ``candidate`` matches ``typed`` (higher is better; None: no match): a prefix
    beats a word start beats a substring beats the letters in order; shorter names first."""
    return lower_score(candidate.lower(), typed.lower())


def lower_score(name: str, want: str) -> int | None:
    """:func:`score` of a lower-cased name and lower-cased typed text."""
    if not want:
        return 1000 - len(name)
    if name.startswith(want):
        return 4000 - len(name)
    at = name.find(want)
    if at > 0:
        return (3000 if not name[at - 1].isalnum() else 2000) - len(name)
    letters = iter(name)
    if all(ch in letters for ch in want):
        return 1000 - len(name)
    return None


def _anchors(ws: Workspace, source: str, ctx: LinkContext, rng: lsp.Range
             ) -> list[lsp.CompletionItem]:
    """The target's block ids, or its headings (in the note's order), that match."""
    target = ws.index.first(ctx.target, source) if ctx.target else source
    note = ws.notes.get(target) if target is not None else None
    if note is None:
        return []
    return anchor_items(note, ctx.anchor or "", ctx.block, rng)


def anchor_items(
    note: Note, typed: str, block: bool, rng: lsp.Range,
    encode: Callable[[str], str] = str,
) -> list[lsp.CompletionItem]:
    """``note``'s block ids (``block``) or headings, in the note's order, that match
    ``typed``; each written into the link as ``encode`` gives it."""
    want = typed.lower()
    if block:
        return [
            lsp.CompletionItem(
                label=item.id, kind=lsp.CompletionItemKind.Reference,
                detail=f"line {item.span.line}", filter_text=encode(item.id),
                text_edit=lsp.TextEdit(range=rng, new_text=encode(item.id)),
            )
            for item in note.blocks if lower_score(item.id, want) is not None
        ]
    items = []
    for order, heading in enumerate(note.headings):
        segment = link_segment(heading.text)
        if lower_score(segment.lower(), want) is not None:
            items.append(lsp.CompletionItem(
                label=segment, kind=lsp.CompletionItemKind.Reference,
                detail="#" * heading.level, sort_text=f"{order:05d}",
                filter_text=encode(segment),
                text_edit=lsp.TextEdit(range=rng, new_text=encode(segment)),
            ))
    return items


def _item(  # noqa: PLR0917
    ws: Workspace,
    source: str,
    target: str,
    label: str,
    alias: str | None,
    found: int,
    fmt: LinkFormat,
    rng: lsp.Range,
) -> lsp.CompletionItem:
    text = link_path(target, source, ws.index, fmt, wiki=True)
    return lsp.CompletionItem(
        label=label,
        kind=lsp.CompletionItemKind.File if alias is None else lsp.CompletionItemKind.Reference,
        detail=target if alias is None else f"alias of {target}",
        sort_text=f"{5000 - found:05d}{label}",
        filter_text=label,
        text_edit=lsp.TextEdit(range=rng, new_text=text if alias is None else f"{text}|{alias}"),
    )
