"""Positions in a text: character offsets to 1-based (line, column) and back, through one table.

A line break is ``\\r\\n``, ``\\r`` or ``\\n``, each one break (as the reader and Obsidian count
them); columns count characters from 1.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

_BREAK = re.compile(r"\r\n|\r|\n")


class LineTable:
    """Where each line of one text starts: built once per text, then a lookup is a bisection.

    ``starts[k]`` is the offset where line ``k + 1`` starts; one more entry, ``len(text) + 1``,
    closes the last line as if a line break followed it. So line ``k + 1`` holds the offsets
    ``starts[k]`` up to ``starts[k + 1] - 1``, its line break included, and a hot loop may read
    ``starts`` directly (the tokenizer does).
    """

    __slots__ = ("starts",)
    starts: list[int]

    def __init__(self, text: str) -> None:
        if "\r" in text:
            self.starts = [0, *[found.end() for found in _BREAK.finditer(text)], len(text) + 1]
        else:
            self.starts = _starts(text.split("\n"))

    @classmethod
    def of_lines(cls, lines: Sequence[str]) -> LineTable:
        """The table of ``"\\n".join(lines)``, for a caller that has split its text already."""
        table = cls.__new__(cls)
        table.starts = _starts(lines)
        return table

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``, from 0 to ``len(text)``."""
        starts = self.starts
        if not 0 <= offset < starts[-1]:
            raise ValueError(f"offset {offset} is not in the text (0 to {starts[-1] - 1})")
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """The offset of 1-based ``line`` and ``column``; the column may point into the break."""
        starts = self.starts
        if 1 <= line < len(starts) and column >= 1:
            at = starts[line - 1] + column - 1
            if at < starts[line]:
                return at
        raise ValueError(f"line {line}, column {column} is not in the text")


def _starts(lines: Sequence[str]) -> list[int]:
    return list(accumulate((len(line) + 1 for line in lines), initial=0))
