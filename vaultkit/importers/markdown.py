"""Markdown glossaries: tables, definition lists, bullet entries or one heading per term.

The document is read once through mistune (see mdblocks); each block kind is handed to its
format module. Whether headings are terms or categories is decided per document: when tables,
definition lists or term bullets hold the entries, headings are categories; otherwise the
leaf sections are the terms.
"""

from __future__ import annotations

import re
from collections import Counter

from vaultkit.importers.mdblocks import inline_text, parse_blocks
from vaultkit.importers.mdcontext import Heading, category_at, document_title, push_heading
from vaultkit.importers.model import Entry, ImportMessage, ParseResult, Unplaced
from vaultkit.importers.shapes.bullets import bullet_entries
from vaultkit.importers.shapes.deflist import deflist_entries
from vaultkit.importers.shapes.headings import heading_entries
from vaultkit.importers.shapes.table import table_entries

_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_LONE_TERM = re.compile(r"^(\*\*|__)[^*_\n]{1,80}\1$")
_DD_LINE = re.compile(r"^ {0,3}:[ \t]+\S", re.MULTILINE)  # mistune misses some (e.g. with '|')
MARKDOWN_FORMATS = ("md-table", "md-deflist", "md-bullets", "md-headings")


def parse_markdown(text: str, path: str, forced: str | None = None) -> ParseResult:
    blocks = parse_blocks(text)
    lines = text.split("\n")
    title = document_title(blocks)
    found: dict[str, list[Entry]] = {"md-table": [], "md-deflist": [], "md-bullets": []}
    unplaced: list[Unplaced] = []
    stack: list[Heading] = []
    first_entry_line = 0
    runs: list[list[int]] = []  # [first, last] source lines of blocks that gave no entry
    open_run = False
    for block in blocks:
        if block.type == "heading":
            level = int(block.token.get("attrs", {}).get("level", 1))
            push_heading(stack, Heading(level, inline_text(block.token).strip(), block.start))
            open_run = _extend(runs, block.start, block.end, open_run)
            continue
        category = category_at(stack, title)
        got: list[Entry] = []
        kind = ""
        if block.type == "table":
            got = table_entries(block) or []
            kind = "md-table"
        elif block.type == "def_list" or (
            block.type == "paragraph" and _DD_LINE.search(block.text) and "\n" in block.text
        ):
            got = deflist_entries(block)
            kind = "md-deflist"
        elif block.type == "list":
            bullets = bullet_entries(block)
            if bullets is not None:
                got, leftovers = bullets
                unplaced.extend(Unplaced(n, t, "list item without a term") for n, t in leftovers)
            kind = "md-bullets"
        lone = block.type == "paragraph" and _LONE_TERM.match(block.text)
        if lone:
            unplaced.append(Unplaced(block.start, block.text, "term without a definition"))
        elif not got and block.text.strip():
            open_run = _extend(runs, block.start, block.end, open_run)
        if got:
            open_run = False
            first_entry_line = first_entry_line or got[0].line
            found[kind].extend(
                e if e.kind == "acronym" or e.category else _with_category(e, category) for e in got
            )
    head_entries, head_notes = heading_entries(blocks, lines, title)
    structured = sum(len(v) for v in found.values())
    if forced in found:
        chosen, shape = found[str(forced)], str(forced)
    elif forced == "md-headings" or (not forced and len(head_entries) > structured):
        chosen, shape = head_entries, "md-headings"
        first_entry_line = head_entries[0].line if head_entries else 0
        unplaced = []
        runs = runs if head_entries else []
    else:
        chosen = [e for v in found.values() for e in v]
        chosen.sort(key=lambda e: e.line)
        counts = Counter({k: len(v) for k, v in found.items()})
        shape = counts.most_common(1)[0][0] if structured else "md-table"
        head_notes = []
    diagnostics = [ImportMessage(path, n, "warning", m) for n, m in head_notes]
    intro = "\n".join(
        b.text
        for b in blocks
        if b.type == "paragraph" and (not first_entry_line or b.start < first_entry_line)
    )
    outside = outside_entries(runs, chosen, lines)
    return ParseResult(
        shape, title, tuple(chosen), tuple(diagnostics), tuple(unplaced), intro, outside
    )


def outside_entries(
    runs: list[list[int]], entries: list[Entry], lines: list[str]
) -> tuple[tuple[int, str], ...]:
    """The text of ``runs`` (1-based [first, last] lines) that no entry covers, as
    (first line, text) pieces; pieces of only blank lines and rules are left out."""
    covered = sorted((e.line, max(e.line, e.end_line)) for e in entries)
    pieces: list[tuple[int, str]] = []
    for first, last in runs:
        start = first
        for low, high in covered:
            if high < start or low > last:
                continue
            if low > start:
                _add_piece(pieces, lines, start, low - 1)
            start = max(start, high + 1)
        if start <= last:
            _add_piece(pieces, lines, start, last)
    return tuple(pieces)


def _add_piece(pieces: list[tuple[int, str]], lines: list[str], first: int, last: int) -> None:
    while first <= last and (not lines[first - 1].strip() or _RULE.match(lines[first - 1])):
        first += 1
    while last >= first and (not lines[last - 1].strip() or _RULE.match(lines[last - 1])):
        last -= 1
    if first <= last:
        pieces.append((first, "\n".join(lines[first - 1 : last])))


def _extend(runs: list[list[int]], start: int, end: int, open_run: bool) -> bool:
    """Add a block's lines to the current run of text outside entries (or start one)."""
    if open_run:
        runs[-1][1] = max(runs[-1][1], end)
    else:
        runs.append([start, end])
    return True


def _with_category(entry: Entry, category: str) -> Entry:
    if not category:
        return entry
    return Entry(
        entry.term,
        entry.definition,
        entry.line,
        entry.end_line,
        category,
        entry.aliases,
        entry.expansion,
        entry.see_also,
        entry.extras,
        entry.kind,
    )
