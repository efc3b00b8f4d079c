"""Format detection: which reader fits a glossary's text."""

from __future__ import annotations

import re

from vaultkit.importers.shapes.cards import card_starts

# Linear time: no two adjacent runs can match the same characters, and none crosses a line.
_MD_SIGNALS = (
    re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE),  # ATX heading
    re.compile(  # table rule
        r"^[ \t]*(?:\|[ \t]*)?:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+(?:\|[ \t]*)?$",
        re.MULTILINE,
    ),
    re.compile(r"^ {0,3}:[ \t]+\S", re.MULTILINE),  # definition-list item
    re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\*\*|__)[^*_\n]+(?:\*\*|__)", re.MULTILINE),
    re.compile(r"^```", re.MULTILINE),
    re.compile(  # "- Term: text", "1. Term – text"
        r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+[^:\n]{1,60}?(?::|\s[—–-])[ \t]+\S", re.MULTILINE
    ),
)


def detect(text: str) -> str:
    """'card-list', 'markdown' (its reader picks tables/lists/headings) or 'scraped-text'."""
    lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    if len(card_starts(lines)) >= 3:
        return "card-list"
    score = sum(len(pattern.findall(text)) for pattern in _MD_SIGNALS)
    if score >= max(3, len(lines) // 50) or (score and len(lines) < 12):
        return "markdown"
    return "scraped-text"
