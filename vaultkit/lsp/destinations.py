"""Completion of a Markdown link's destination: after ``](`` the vault's files (notes and
attachments) as paths in the vault's link format, written as ``check --fix`` and ``mv`` write
them (percent-encoded, or as typed inside ``<...>``); after ``](Note.md#`` its headings,
``#^`` its block ids. Ranked as in wikilinks, at most :data:`~vaultkit.lsp.completion.LIMIT`.

Not in front matter: Obsidian reads no Markdown link in a property value; nor where it reads
no link at all (code, math, HTML comments: :func:`~vaultkit.lsp.completion.link_read_at`).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from urllib.parse import quote

from lsprotocol import types as lsp

from vaultkit.edit.linktext import URI_SAFE, LinkFormat, link_path, markdown_destination
from vaultkit.lsp.completion import LIMIT, anchor_items, link_read_at, lower_score
from vaultkit.lsp.positions import to_utf16
from vaultkit.lsp.workspace import Workspace
from vaultkit.notes.linktext import decode_uri
from vaultkit.text import clean_string


@dataclass(frozen=True)
class DestinationContext:
    """What the cursor is inside: ``](`` (or ``](<``) + ``path``, then ``#`` + a heading or
    ``#^`` + a block id."""

    embed: bool
    angle: bool  # written inside <...>: as typed, not percent-encoded
    path: str  # the path as Obsidian reads it (decoded, cleaned)
    anchor: str | None  # None: typing the path; else the text after '#' (or '#^'), decoded
    block: bool
    start: int  # character index where the text being completed starts
    opened: int  # character index of the link text's '[' (where the link would start)


def destination_context(line: str, column: int) -> DestinationContext | None:
    """The open Markdown link destination before 0-based character ``column`` of ``line``."""
    head = line[:column]
    opened = head.rfind("](")
    label = head.rfind("[", 0, opened) if opened > 0 else -1
    if label < 0:
        return None
    wiki = head.rfind("[[", 0, opened)
    if wiki >= 0 and head[opened - 1] == "]" and "]]" not in head[wiki : opened - 1]:
        return None  # '[[Note]](' is a wikilink, then text
    embed = label > 0 and head[label - 1] == "!"
    start = opened + 2
    typed = head[start:]
    angle = typed.startswith("<")
    if angle:
        typed, start = typed[1:], start + 1
        if ">" in typed:
            return None
    elif ")" in typed or any(ch.isspace() for ch in typed):
        return None
    written, sep, anchor = typed.partition("#")

    def read(text: str) -> str:
        decoded = text if angle else decode_uri(text)
        return clean_string(text if decoded is None else decoded)

    if not sep:
        return DestinationContext(embed, angle, read(written), None, False, start, label)
    block = anchor.startswith("^")
    skip = len(written) + (2 if block else 1)
    return DestinationContext(embed, angle, read(written), read(anchor[1:] if block else anchor),
                              block, start + skip, label)


def complete(  # noqa: PLR0917  (the state and the place)
    ws: Workspace, path: str, line: str, line_no: int, column: int, fmt: LinkFormat
) -> lsp.CompletionList | None:
    """Completions of a Markdown destination at 0-based ``line_no`` and ``column``."""
    ctx = destination_context(line, column)
    note = ws.notes.get(path)
    if ctx is None or note is None:
        return None
    front = note.frontmatter
    if front.present and line_no + 1 <= front.block_span.end_line:
        return None
    if not link_read_at(ws, path, line_no + 1, ctx.opened + 1):
        return None
    rng = lsp.Range(
        start=lsp.Position(line=line_no, character=to_utf16(line, ctx.start + 1)),
        end=lsp.Position(line=line_no, character=to_utf16(line, column + 1)),
    )
    if ctx.anchor is not None:
        target = ws.index.first(ctx.path, path) if ctx.path else path
        found = ws.notes.get(target) if target is not None else None
        if found is None:
            return lsp.CompletionList(is_incomplete=False, items=[])
        encode = str if ctx.angle else _encode_segment
        return lsp.CompletionList(is_incomplete=False, items=anchor_items(
            found, ctx.anchor, ctx.block, rng, encode))
    folder, _, name = ctx.path.lower().rpartition("/")
    folder = folder.lstrip("./")
    scored = [
        (-score + (not is_note and not ctx.embed), label, target)  # a note first in a link
        for lower, parent, label, target, is_note in _paths(ws)
        if folder in parent and (score := lower_score(lower, name)) is not None
    ]
    best = heapq.nsmallest(LIMIT, scored)
    items = [_item(ws, path, target, label, -minus, fmt, ctx.angle, rng)
             for minus, label, target in best]
    return lsp.CompletionList(is_incomplete=len(scored) > LIMIT, items=items)


def _encode_segment(segment: str) -> str:
    return quote(segment, safe=URI_SAFE)


Entry = tuple[str, str, str, str, bool]  # name lower-cased, folder lower-cased, name, file, note


def _paths(ws: Workspace) -> list[Entry]:
    """Every file by its name, made once per shape of the vault."""
    table: list[Entry] | None = ws.shape_tables.get("destinations")
    if table is None:
        table = []
        for target in ws.files:
            if "#" in target:  # a Markdown link cannot reach it ('#' starts the subpath)
                continue
            parent, _, name = target.rpartition("/")
            table.append((name.lower(), parent.lower(), name, target,
                          name.lower().endswith(".md")))
        ws.shape_tables["destinations"] = table
    return table


def _item(  # noqa: PLR0917
    ws: Workspace,
    source: str,
    target: str,
    label: str,
    found: int,
    fmt: LinkFormat,
    angle: bool,
    rng: lsp.Range,
) -> lsp.CompletionItem:
    text = link_path(target, source, ws.index, fmt, wiki=False)
    written = text if angle else markdown_destination(text)
    return lsp.CompletionItem(
        label=label,
        kind=lsp.CompletionItemKind.File,
        detail=target,
        sort_text=f"{5000 - found:05d}{label}",
        filter_text=written,
        text_edit=lsp.TextEdit(range=rng, new_text=written),
    )

