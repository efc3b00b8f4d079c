"""How many terminal columns each character of a source line takes, and a line made safe to print.

Wide characters (East Asian Wide and Fullwidth: CJK, most emoji) take two columns; combining
marks, zero-width characters and variation selectors take none, except that an emoji
presentation selector (U+FE0F) widens the character before it to two; a tab is shown as
``TAB_WIDTH`` spaces wherever it stands (so cutting a long line never moves the columns after
it); other control characters are shown as their Unicode control pictures (one column), so a
note's text can never send escape sequences to the terminal.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

TAB_WIDTH = 4
_VS16 = "\ufe0f"
_ZERO_CATEGORIES = frozenset({"Mn", "Me", "Cf"})


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Columns one character takes (a tab: TAB_WIDTH)."""
    if char == "\t":
        return TAB_WIDTH
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return 1  # shown as a control picture
    if 0x20 <= code < 0x7F:
        return 1
    if unicodedata.category(char) in _ZERO_CATEGORIES:
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def shown_char(char: str) -> str:
    """The text printed for one character (same width as :func:`char_width` says)."""
    if char == "\t":
        return " " * TAB_WIDTH
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code < 0xA0:  # C1 controls: also escape sequences on some terminals
        return "\ufffd"
    return char


def widths(line: str) -> list[int]:
    """The width of each character of ``line``; U+FE0F makes the one before it two wide."""
    out = [char_width(c) for c in line]
    if _VS16 in line:
        for i, c in enumerate(line):
            if c == _VS16 and i > 0 and out[i - 1] == 1:
                out[i - 1] = 2
    return out


def safe(text: str) -> str:
    """``text`` with every control character (tabs included) replaced as when printed."""
    if text.isprintable():
        return text
    return "".join(shown_char(c) if not c.isprintable() and c != " " else c for c in text)
