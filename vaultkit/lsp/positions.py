"""Positions: vaultkit's 1-based lines and character columns to LSP's 0-based lines and UTF-16
code units, and back. A character outside the Basic Multilingual Plane (most emoji) is one
column for vaultkit and two code units for LSP."""

from __future__ import annotations

import re

from lsprotocol import types as lsp

from vaultkit.notes.model import Span

_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as both sides count them (``\\n``, ``\\r\\n`` and ``\\r`` end one)."""
    return _BREAK.split(text)


def _units(text: str) -> int:
    """UTF-16 code units of ``text``."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def to_utf16(line: str, column: int) -> int:
    """The UTF-16 offset of 1-based character ``column`` of ``line``."""
    return _units(line[: max(column - 1, 0)])


def from_utf16(line: str, units: int) -> int:
    """The 0-based character index at UTF-16 offset ``units`` of ``line`` (clamped to it)."""
    seen = 0
    for index, ch in enumerate(line):
        if seen >= units:
            return index
        seen += 2 if ord(ch) > 0xFFFF else 1
    return len(line)


def position(lines: list[str], line: int, column: int) -> lsp.Position:
    """The LSP position of 1-based ``line`` and ``column`` (a line past the end: its start)."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return lsp.Position(line=max(line - 1, 0), character=to_utf16(text, column))


def span_range(lines: list[str], span: Span) -> lsp.Range:
    return lsp.Range(
        start=position(lines, span.line, span.column),
        end=position(lines, span.end_line, span.end_column),
    )


def point(lines: list[str], pos: lsp.Position) -> tuple[int, int]:
    """vaultkit's 1-based (line, column) of an LSP position."""
    text = lines[pos.line] if 0 <= pos.line < len(lines) else ""
    return pos.line + 1, from_utf16(text, pos.character) + 1


def contains(span: Span, line: int, column: int) -> bool:
    """Whether 1-based ``line``/``column`` lies in ``span`` (its end included: a cursor just
    after a link is still on it)."""
    if (line, column) < (span.line, span.column):
        return False
    return (line, column) <= (span.end_line, span.end_column)
