"""A purpose-built scanner of a note body, as Obsidian's metadata parser sees it.

Two passes, both left to right and linear in the input, interleaved: the line pass
(:mod:`.blocks`) finds the block structure and hands each paragraph, heading, list item or
table cell to the inline pass (:mod:`.inline`), which finds the links, tags, block ids and
comments inside it. Asked to, both also note where no link is read (code spans and blocks,
math, HTML comments and blocks): see :func:`tokenize`'s ``unread``.

Input is text whose line breaks are all ``\\n`` (:func:`vaultkit.notes.note.normalize_breaks`
turns ``\\r\\n`` and ``\\r`` into ``\\n``, which keeps every line and column).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vaultkit.lines import LineTable
from vaultkit.notes.blocks import BlockPass
from vaultkit.notes.inline import InlinePass
from vaultkit.notes.model import Block, Comment, Heading, Link, NoteFinding, Span, Tag


@dataclass
class Tokens:
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    findings: list[NoteFinding] = field(default_factory=list)


def tokenize(text: str, first_line: int = 1, unread: list[Span] | None = None) -> Tokens:
    """Tokens of ``text`` (line breaks all ``\\n``) from 1-based line ``first_line`` on.

    Reference links (:mod:`.references`) need the note's definitions, which may come after
    their uses: a text in which a paragraph opens with ``[...]:`` is read a second time with
    them on (other texts, nearly all, are read once and pay nothing for them).

    ``unread``, when given, receives the spans in which no link is read (code spans, fenced
    and indented code, ``$`` and ``$$`` math, HTML comments and HTML blocks; not ``%%``
    comments, whose links count), in text order and not overlapping, as the passes skip them
    (nothing is scanned twice)."""
    lines = text.split("\n")
    table = LineTable.of_lines(lines)
    skipped: list[tuple[int, int]] | None = [] if unread is not None else None
    out, maybe = _run(text, lines, table, first_line, references=False, unread=skipped)
    if maybe:
        skipped = [] if unread is not None else None
        out, _ = _run(text, lines, table, first_line, references=True, unread=skipped)
    if unread is not None and skipped:
        skipped.sort()
        end = len(text)
        for start, stop in skipped:
            unread.append(Span(*table.position(start), *table.position(min(stop, end))))
    return out


def _run(
    text: str, lines: list[str], table: LineTable, first_line: int, *, references: bool,
    unread: list[tuple[int, int]] | None,
) -> tuple[Tokens, bool]:
    """One reading of ``text``; also whether a paragraph opened like a reference definition."""
    out = Tokens()
    inline = InlinePass(
        text, table, links=out.links, tags=out.tags, block_ids=out.blocks, comments=out.comments
    )
    inline.unread = unread
    if references:
        inline.read_references()
        inline.scan = inline.scan_with_references  # type: ignore[method-assign]
    blocks = BlockPass(
        text, lines, table.starts, inline, headings=out.headings, findings=out.findings
    )
    blocks.unread = unread
    blocks.run(first_line - 1)
    inline.finish()
    return out, blocks.definition_seen
