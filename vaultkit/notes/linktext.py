"""The text of a link as Obsidian reads it: a wikilink's path, subpath and display text, an
embed's size suffix, and JavaScript's ``decodeURI`` for Markdown link destinations.

Shared by the inline pass (:mod:`.inline`) and property links (:mod:`.frontmatter`).
"""

from __future__ import annotations

import re

from vaultkit.text import clean_string

EMBED_SIZE = re.compile(r"\s*\d+\s*(?:x\s*\d+\s*)?")  # '100' or '100x20' after an embed's last '|'
_HEX = frozenset("0123456789abcdefABCDEF")
_URI_RESERVED = frozenset(";/?:@&=+$,#")


def split_wikilink(inner: str, embed: bool) -> tuple[str, str, str | None] | None:
    """(path, subpath, display) of the text between ``[[`` and ``]]``; None when not a link."""
    inner = inner.strip()
    if not inner:
        return None
    target, display = split_bar(inner)
    return link_parts(target, display, embed)


def split_bar(stripped: str) -> tuple[str, str | None]:
    """Target and display text of a stripped wikilink body ('|' first does not count)."""
    bar = stripped.find("|")
    if bar > 0:
        return stripped[:bar].rstrip(), stripped[bar + 1 :].strip()
    return stripped, None


def link_parts(target: str, display: str | None, embed: bool) -> tuple[str, str, str | None]:
    """(path, subpath, display) from a link's target and display text."""
    if target.endswith("\\"):
        target = target[:-1]
    if embed and display is not None:
        head, sep, last = display.rpartition("|")
        if EMBED_SIZE.fullmatch(last):
            display = head.strip() if sep else None
    path, sep, rest = clean_string(target).partition("#")
    return path, (f"#{rest}" if sep else ""), display


def decode_uri(text: str) -> str | None:
    """JavaScript's decodeURI: reserved characters stay escaped; None where decodeURI throws."""
    if "%" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = text.find("%", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        byte = _hex_byte(text, j)
        if byte is None:
            return None
        if byte < 0x80:
            char = chr(byte)
            out.append(text[j : j + 3] if char in _URI_RESERVED else char)
            i = j + 3
            continue
        if byte & 0xE0 == 0xC0:
            count = 2
        elif byte & 0xF0 == 0xE0:
            count = 3
        elif byte & 0xF8 == 0xF0:
            count = 4
        else:
            return None
        data = [byte]
        p = j + 3
        for _ in range(count - 1):
            nxt = _hex_byte(text, p)
            if nxt is None or nxt & 0xC0 != 0x80:
                return None
            data.append(nxt)
            p += 3
        try:
            out.append(bytes(data).decode("utf-8"))
        except UnicodeDecodeError:
            return None
        i = p
    return "".join(out)


def _hex_byte(text: str, at: int) -> int | None:
    if text[at : at + 1] != "%":
        return None
    pair = text[at + 1 : at + 3]
    if len(pair) != 2 or pair[0] not in _HEX or pair[1] not in _HEX:
        return None
    return int(pair, 16)

