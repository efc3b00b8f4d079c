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


def test_a_heading_with_a_long_run_of_spaces_parses_in_linear_time() -> None:
    import time

    text = "## One\n\ntext\n\n## a" + " " * 200_000 + "b\n\nmore\n\n## Two\n"
    began = time.perf_counter()
    blocks = parse_blocks(text)
    assert time.perf_counter() - began < 5.0  # quadratic before: about 6 minutes
    headings = [b for b in blocks if b.type == "heading"]
    assert [b.start for b in headings] == [1, 5, 9]  # line numbers do not move
    assert headings[1].lines == ("## a b",)
