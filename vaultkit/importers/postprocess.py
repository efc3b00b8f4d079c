"""Source-independent clean-up of parsed entries: aliases and expansions the text states,
and entries that cannot become notes (kept aside as unplaced, never dropped)."""

from __future__ import annotations

import re
from dataclasses import replace

from vaultkit.importers.labels import (
    expansion_name,
    is_abbreviation,
    looks_like_acronym,
    safe_file_name,
    split_term,
)
from vaultkit.importers.mdcontext import stated_aliases
from vaultkit.importers.model import Entry, Unplaced

_LEAD = re.compile(r"^\s*(?:\*\*|__)?([^—–:\n*_]{3,80}?)(?:\*\*|__)?\s*(?:[—–]|:|\s-\s)\s*")


def lead_expansion(title: str, definition: str) -> str:
    """'GPU' + 'Graphics Processing Unit — the chip…' -> 'Graphics Processing Unit'."""
    if not looks_like_acronym(title):
        return ""
    match = _LEAD.match(definition)
    if not match:
        return ""
    candidate = expansion_name(match.group(1))
    return candidate if is_abbreviation(title, candidate) and " " in candidate else ""


def tidy(entries: tuple[Entry, ...]) -> tuple[list[Entry], list[Unplaced]]:
    kept: list[Entry] = []
    aside: list[Unplaced] = []
    for entry in entries:
        text = entry.definition.strip()
        if not entry.term.strip() or not safe_file_name(entry.term):
            aside.append(
                Unplaced(entry.line, f"{entry.term}\n{text}".strip(), "no usable term name")
            )
            continue
        if not text and not entry.extras and not entry.expansion:
            aside.append(Unplaced(entry.line, entry.term, "term without a definition"))
            continue
        stated = [
            alias
            for alias in stated_aliases(text.replace("\\", ""))
            if alias not in entry.aliases and alias.casefold() != entry.term.casefold()
        ]
        expansion = expansion_name(entry.expansion)  # a sentence stays in the definition only
        labels = split_term(entry.term)
        if not expansion and not labels.expansion:
            expansion = lead_expansion(labels.title, text)
        kept.append(replace(entry, stated=tuple(stated), expansion=expansion))
    return kept, aside
