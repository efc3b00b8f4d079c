"""A purpose-built scanner of a note body, as Obsidian's metadata parser sees it.

Two passes, both left to right and linear in the input, interleaved: the line pass
(:mod:`.blocks`) finds the block structure and hands each paragraph, heading, list item or
table cell to the inline pass (:mod:`.inline`), which finds the links, tags, block ids and
comments inside it.

Input is text whose line breaks are all ``\\n`` (:func:`vaultkit.notes.note.normalize_breaks`
turns ``\\r\\n`` and ``\\r`` into ``\\n``, which keeps every line and column).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vaultkit.lines import LineTable
from vaultkit.notes.blocks import BlockPass
from vaultkit.notes.inline import InlinePass
from vaultkit.notes.model import Block, Comment, Heading, Link, NoteFinding, Tag


@dataclass
class Tokens:
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    findings: list[NoteFinding] = field(default_factory=list)


def tokenize(text: str, first_line: int = 1) -> Tokens:
    """Tokens of ``text`` (line breaks all ``\\n``) from 1-based line ``first_line`` on.

    Reference links (:mod:`.references`) need the note's definitions, which may come after
    their uses: a text in which a paragraph opens with ``[...]:`` is read a second time with
    them on (other texts, nearly all, are read once and pay nothing for them)."""
    lines = text.split("\n")
    table = LineTable.of_lines(lines)
    out, maybe = _run(text, lines, table, first_line, references=False)
    if maybe:
        out, _ = _run(text, lines, table, first_line, references=True)
    return out


def _run(
    text: str, lines: list[str], table: LineTable, first_line: int, *, references: bool
) -> tuple[Tokens, bool]:
    """One reading of ``text``; also whether a paragraph opened like a reference definition."""
    out = Tokens()
    inline = InlinePass(
        text, table, links=out.links, tags=out.tags, block_ids=out.blocks, comments=out.comments
    )
    if references:
        inline.read_references()
        inline.scan = inline.scan_with_references  # type: ignore[method-assign]
    blocks = BlockPass(
        text, lines, table.starts, inline, headings=out.headings, findings=out.findings
    )
    blocks.run(first_line - 1)
    inline.finish()
    return out, blocks.definition_seen
