"""Offsets to (line, column) and back through one LineTable, for any of the three line breaks."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.lines import LineTable

PIECES = ["a", "é", " ", "\t", "\n", "\r", "\r\n"]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _expected(text: str, offset: int) -> tuple[int, int]:
    """(line, column) by counting the breaks that end at or before ``offset``."""
    ends = [m.end() for m in re.finditer(r"\r\n|\r|\n", text) if m.end() <= offset]
    return len(ends) + 1, offset - (ends[-1] if ends else 0) + 1


@given(texts)
def test_every_offset_has_the_position_its_line_breaks_give_and_comes_back(text: str) -> None:
    table = LineTable(text)
    for offset in range(len(text) + 1):
        position = table.position(offset)
        assert position == _expected(text, offset)
        assert table.offset(*position) == offset


@given(texts)
def test_every_position_of_every_line_comes_back(text: str) -> None:
    table = LineTable(text)
    lines = re.split(r"\r\n|\r|\n", text)
    breaks = [len(m.group()) for m in re.finditer(r"\r\n|\r|\n", text)] + [1]
    assert len(table.starts) == len(lines) + 1
    for number, (line, width) in enumerate(zip(lines, breaks, strict=True), start=1):
        for column in range(1, len(line) + width + 1):  # up to the break's last character
            assert table.position(table.offset(number, column)) == (number, column)
        with pytest.raises(ValueError, match="not in the text"):
            table.offset(number, len(line) + width + 1)


@given(st.text(alphabet=st.sampled_from(["a", "é", "\n", " "]), max_size=40))
def test_a_table_of_split_lines_is_the_table_of_the_text(text: str) -> None:
    assert LineTable.of_lines(text.split("\n")).starts == LineTable(text).starts


@pytest.mark.parametrize(
    ("text", "offset", "position"),
    [
        ("", 0, (1, 1)),  # the empty text has one empty line
        ("ab", 2, (1, 3)),  # the end of a last line without a line break
        ("ab\n", 3, (2, 1)),  # a final line break opens an empty last line
        ("a\r\nb", 3, (2, 1)),  # CRLF is one break
        ("a\r\nb", 2, (1, 3)),  # between its CR and LF: still the first line
        ("a\rb\nc", 4, (3, 1)),  # a lone CR is a break too
        ("a\n\r\nb", 4, (3, 1)),
    ],
)
def test_positions(text: str, offset: int, position: tuple[int, int]) -> None:
    assert LineTable(text).position(offset) == position
    assert LineTable(text).offset(*position) == offset


@pytest.mark.parametrize("offset", [-1, 3])
def test_an_offset_outside_the_text_is_an_error(offset: int) -> None:
    with pytest.raises(ValueError, match="not in the text"):
        LineTable("ab").position(offset)


@pytest.mark.parametrize(("line", "column"), [(0, 1), (3, 1), (1, 0), (1, 3), (2, 3)])
def test_a_position_outside_the_text_is_an_error(line: int, column: int) -> None:
    with pytest.raises(ValueError, match="not in the text"):
        LineTable("a\nb").offset(line, column)
