"""GitHub heading anchors, exactly as github-slugger computes them (glossary-model §A13).

:func:`slug` is the anchor of one heading text; :class:`Slugger` makes anchors unique in
document order (``-1``, ``-2`` ... counted per base slug, skipping results already used).
"""

from __future__ import annotations

import unicodedata

from vaultkit.compile.glossary.unassigned import unassigned

# General categories github-slugger deletes (its regex is generated from these categories).
_STRIPPED = frozenset(
    {"No", "Pe", "Pf", "Pi", "Ps", "Po", "Pd", "Sm", "Sc", "Sk", "So",
     "Cc", "Co", "Cf", "Cn", "Zs", "Zl", "Zp"}
)
# Symbols with the Alphabetic property survive (circled / parenthesised / squared Latin letters).
_ALPHABETIC_SYMBOLS = (
    (0x24B6, 0x24E9),
    (0x1F130, 0x1F149),
    (0x1F150, 0x1F169),
    (0x1F170, 0x1F189),
)


def _kept(char: str) -> bool:
    if char in " -":
        return True
    code = ord(char)
    if unicodedata.category(char) not in _STRIPPED:
        # a letter to this Python, but not to the Unicode version anchors are made by
        return code < 0x80 or not unassigned(code)
    return any(low <= code <= high for low, high in _ALPHABETIC_SYMBOLS)


def slug(text: str) -> str:
    """The anchor GitHub gives a heading with this plain text (before de-duplication)."""
    lowered = text.lower()
    return "".join(c for c in lowered if _kept(c)).replace(" ", "-")


class Slugger:
    """Unique anchors for the headings of one document, in document order."""

    def __init__(self) -> None:
        self._occurrences: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = slug(text)
        result = base
        while result in self._occurrences:
            self._occurrences[base] += 1
            result = f"{base}-{self._occurrences[base]}"
        self._occurrences[result] = 0
        return result

    def __contains__(self, anchor: object) -> bool:
        return anchor in self._occurrences


def anchors(headings: list[str]) -> list[str]:
    """The unique anchors of ``headings`` taken as one document."""
    slugger = Slugger()
    return [slugger.slug(text) for text in headings]
