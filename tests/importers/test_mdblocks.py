from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.importers.mdblocks import parse_blocks

PIECES = [
    "# Title",
    "## Section",
    "Some paragraph text.",
    "continued line",
    "",
    "- item one",
    "- item two",
    "  indented continuation",
    "> quoted",
    "```",
    "code # not heading",
    "~~~",
    "| a | b |",
    "|---|---|",
    "| c | d |",
    "**Term**",
    ": definition",
    "1. first",
    "---",
    "    indented code",
    "Setext",
    "===",
]


def test_blocks_carry_their_source_lines() -> None:
    text = (
        "# T\n\n**A**\n: one\n\n**B**\n: two\n  more\n\n> q\n> r\n\n| x | y |\n|--|--|\n| 1 | 2 |\n"
    )
    blocks = parse_blocks(text)
    assert [(b.type, b.start, b.end) for b in blocks] == [
        ("heading", 1, 1),
        ("def_list", 3, 8),
        ("block_quote", 10, 11),
        ("table", 13, 15),
    ]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_blocks_are_ordered_and_verbatim(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    source = text.split("\n")
    previous_end = 0
    for block in parse_blocks(text):
        assert block.start > previous_end
        assert block.end >= block.start
        assert list(block.lines) == source[block.start - 1 : block.end]
        previous_end = block.end
