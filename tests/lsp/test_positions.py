"""Columns in characters (vaultkit) against UTF-16 code units (LSP)."""

from __future__ import annotations

from lsprotocol import types as lsp

from vaultkit.lsp.positions import from_utf16, point, position, span_range, split_lines, to_utf16
from vaultkit.notes.model import Span


def test_astral_characters_count_twice_in_utf16() -> None:
    line = "🙂 a [[X]]"  # the emoji is one character, two UTF-16 units
    assert to_utf16(line, 1) == 0
    assert to_utf16(line, 2) == 2
    assert to_utf16(line, line.index("[[") + 1) == 5
    assert from_utf16(line, 5) == line.index("[[")


def test_cjk_is_one_unit_per_character() -> None:
    line = "日本語 [[X]]"
    assert to_utf16(line, 5) == 4
    assert from_utf16(line, 4) == 4


def test_round_trip_on_every_column() -> None:
    line = "a🙂b日😀😀c"
    for column in range(1, len(line) + 2):
        assert from_utf16(line, to_utf16(line, column)) == column - 1


def test_span_and_point_round_trip_over_line_breaks() -> None:
    lines = split_lines("x\r\n🙂 [[A]]\rz\n")
    assert lines == ["x", "🙂 [[A]]", "z", ""]
    rng = span_range(lines, Span(2, 3, 2, 8))
    assert rng == lsp.Range(start=lsp.Position(line=1, character=3),
                            end=lsp.Position(line=1, character=8))
    assert point(lines, rng.start) == (2, 3)
    assert position(lines, 9, 4) == lsp.Position(line=8, character=0)  # past the end: clamped
