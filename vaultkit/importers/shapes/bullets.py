"""Bullet entries: ``- **Term:** definition``, ``- **Term** — definition``, ``* Term: text``."""

from __future__ import annotations

import re

from vaultkit.importers.labels import clean_term
from vaultkit.importers.mdblocks import Block
from vaultkit.importers.mdcontext import dedent_lines, trim_blank
from vaultkit.importers.model import Entry

_ITEM = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+)(.*)$")
_EMPH_TERM = re.compile(r"^(\*\*|__|`)(?P<term>[^*_`]+?)(?P<colon_in>:?)\1(?P<rest>.*)$")
_SEP = re.compile(r"^\s*(?::|[—–]|-(?=\s)|=)\s*")
_PLAIN_TERM = re.compile(r"^(?P<term>[^:—–*`\[\]]{1,60}?)\s*(?::|\s[—–-])\s+(?P<rest>\S.*)$")


def _items(block: Block) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, dedented lines) for each top-level item of a list block."""
    items: list[tuple[int, int, list[str]]] = []
    current: list[str] = []
    start = 0
    indent = 0
    for offset, line in enumerate(block.lines):
        match = _ITEM.match(line)
        if match and len(match.group(1)) < max(indent, 1):
            if current:
                items.append((start, start + len(current) - 1, current))
            start = block.start + offset
            indent = len(match.group(1)) + len(match.group(2)) + len(match.group(3))
            current = [match.group(4)]
        else:
            current.append(line)
    if current:
        items.append((start, start + len(current) - 1, current))
    return [(a, b, [lines[0], *dedent_lines(lines[1:], 4)]) for a, b, lines in items]


def split_item(first: str) -> tuple[str, str] | None:
    """(term, rest of the first line) when an item starts with a term, else None."""
    match = _EMPH_TERM.match(first)
    if match:
        rest = match.group("rest")
        if match.group("colon_in"):
            return clean_term(match.group("term")), rest.strip()
        sep = _SEP.match(rest)
        if sep:
            return clean_term(match.group("term")), rest[sep.end() :].strip()
        if rest.startswith((" (", "(")):  # "**Term** (qualifier): text"
            close = rest.find(")")
            tail = rest[close + 1 :] if close > 0 else ""
            sep = _SEP.match(tail)
            if sep:
                term = clean_term(match.group("term") + " " + rest[: close + 1].strip())
                return term, tail[sep.end() :].strip()
        return None
    plain = _PLAIN_TERM.match(first)
    if plain and len(plain.group("term").split()) <= 6:
        return clean_term(plain.group("term")), plain.group("rest").strip()
    return None


def bullet_entries(block: Block) -> tuple[list[Entry], list[tuple[int, str]]] | None:
    """Entries of a list whose items mostly start with a term, and the items that do not.

    None for an ordinary list (fewer than 60% of items start with a term).
    """
    items = _items(block)
    parsed = [(a, b, split_item(lines[0]), lines) for a, b, lines in items]
    hits = [p for p in parsed if p[2] is not None]
    emphasised = [p for p in hits if _EMPH_TERM.match(p[3][0])]
    if len(hits) < 2 or len(hits) * 10 < len(parsed) * 6:
        return None
    if not emphasised and len(hits) < 3:
        return None
    entries = []
    leftovers: list[tuple[int, str]] = []
    for a, b, split, lines in parsed:
        if split is None:
            leftovers.append((a, "\n".join(block.lines[a - block.start : b - block.start + 1])))
            continue
        term, rest = split
        text = "\n".join(trim_blank([rest, *lines[1:]]))
        entries.append(Entry(term, text, a, b))
    return entries, leftovers
