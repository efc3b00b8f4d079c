"""The one place a reporter's source lines are read from disk: the command passes
:func:`line_reader` to the reporter, which never opens a file itself."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from vaultkit.notes.reader import read_text

_BREAK = re.compile(r"\r\n|\r|\n")  # as vaultkit.lines counts line breaks


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their breaks, numbered as finding positions number them."""
    return _BREAK.split(text)


def line_reader(root: Path) -> Callable[[str], Sequence[str] | None]:
    """A function from a vault-relative path to that file's lines, read once (remembered),
    decoded as the check decoded it (UTF-8, BOM removed); None for a file that cannot be read
    as text now (vanished, not UTF-8, binary)."""
    read: dict[str, list[str] | None] = {}

    def lines(rel: str) -> Sequence[str] | None:
        if rel not in read:
            text = read_text(root / rel, rel)
            read[rel] = split_lines(text) if isinstance(text, str) else None
        return read[rel]

    return lines
