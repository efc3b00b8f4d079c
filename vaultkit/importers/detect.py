"""Format detection: which reader fits a glossary's text."""

from __future__ import annotations

import re

from vaultkit.importers.shapes.cards import card_starts
from vaultkit.importers.shapes.dialects import detect_dialect

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
    re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE),  # table row, however long its cells
)


def detect(text: str, path: str = "") -> str:
    """The reader for a source: a dialect (:mod:`.shapes.dialects`), 'card-list', 'markdown'
    (its reader picks tables/lists/headings) or 'scraped-text'."""
    dialect = detect_dialect(text, path)
    if dialect:
        return dialect
    lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    if len(card_starts(lines)) >= 3:
        return "card-list"
    score = sum(len(pattern.findall(text)) for pattern in _MD_SIGNALS)
    if score >= max(3, len(lines) // 50) or (score and len(lines) < 12):
        return "markdown"
    return "scraped-text"
