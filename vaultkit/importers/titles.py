"""Readable source titles: what a reader sees as the attribution of every definition.

A title comes from the source itself (its heading, made specific with the project its intro
names, else with the intro's first words), else from its file name made readable; never from
an id or a hash ('Glossary (001_4c457df0f6ccb869)' is not a title).
"""

from __future__ import annotations

import re

from vaultkit.importers import manifest
from vaultkit.importers.furniture import plain_heading

_HEXISH = re.compile(r"(?<![0-9a-z])(?=[0-9a-z]*\d)[0-9a-f]{8,}(?![0-9a-z])", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,.;:!?()\[\]—–]|\s-\s")
_WORD_SPLIT = re.compile(r"[\s_.\-]+")


def is_readable(title: str) -> bool:
    """A title a reader can use: some letters, and no hash or hex id in it."""
    return bool(re.search(r"[^\W\d_]", title)) and not _HEXISH.search(title)


def readable_stem(stem: str) -> str:
    """A file name as words, without numbering and hashes: 'ml_terms-v2' -> 'Ml terms v2'."""
    words = [
        w for w in _WORD_SPLIT.split(stem) if w and not w.isdigit() and not _HEXISH.fullmatch(w)
    ]
    text = " ".join(words)
    return text[:1].upper() + text[1:] if is_readable(text) else ""


def _first_words(intro: str, limit: int = 8) -> str:
    """The intro's first clause when it is short: 'Terms from all guides in this repository'."""
    first = intro.strip().split("\n", 1)[0]
    clause = _CLAUSE_END.split(first, maxsplit=1)[0].strip()
    words = clause.split()
    if 2 <= len(words) <= limit and is_readable(clause):
        return clause
    return ""


def source_title(heading: str, intro: str, stem: str, taken: set[str]) -> str:
    """The title of a source that is new to the manifest (``taken``: titles in use, casefolded).

    Tried in turn: the heading (when specific, or made specific with the project the intro
    names); 'Heading — first words of the intro'; 'Heading (file name made readable)'; the
    heading alone; then the heading numbered. Always readable, never in ``taken``.
    """
    derived = manifest.derive_title(heading, intro, stem, taken)
    if not derived.endswith(f"({stem})") and is_readable(derived):
        return derived
    base = plain_heading(heading) if heading and is_readable(heading) else "Glossary"
    candidates = []
    words = _first_words(intro)
    if words:
        candidates.append(f"{base} — {words}")
    name = readable_stem(stem)
    if name and name.casefold() != base.casefold():
        candidates.append(f"{base} ({name})")
    for candidate in [*candidates, base]:
        if candidate.casefold() not in taken:
            return candidate
    number = 2
    while f"{base} {number}".casefold() in taken:
        number += 1
    return f"{base} {number}"
