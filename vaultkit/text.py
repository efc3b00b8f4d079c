"""Small text helpers shared by the parser, resolver and writers (Obsidian's string rules)."""

from __future__ import annotations

import re
import unicodedata

_NBSP = "\u00a0"
# stripHeading: these characters (plus CR and LF) become spaces; runs of whitespace collapse.
_HEADING_PUNCT = re.compile(r"[!\"#$%&()*+,.:;<=>?@^`{|}~/\[\]\\\r\n]")
_WS_RUN = re.compile(r"\s+")


def clean_string(text: str) -> str:
    """Obsidian's cleanString: NBSP to space, trim, Unicode NFC."""
    if _NBSP in text:
        text = text.replace(_NBSP, " ")
    text = text.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def strip_heading(text: str) -> str:
    """Obsidian's stripHeading: punctuation to spaces, whitespace collapsed, trimmed."""
    return _WS_RUN.sub(" ", _HEADING_PUNCT.sub(" ", text)).strip()


def heading_key(text: str) -> str:
    """The comparison key for heading subpaths (JS toLowerCase, not casefold)."""
    return strip_heading(text).lower()


def nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)
