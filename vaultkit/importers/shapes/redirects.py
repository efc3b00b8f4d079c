"""Entries that only point elsewhere, and entries a source repeats.

``Alkali: see Base`` defines nothing: "Alkali" becomes an alias of the entry "Base" of the same
source. A redirect to a term the source does not define, or to several terms, is reported with
its line and kept aside (never made a note). An entry repeated word for word is one entry.
"""

from __future__ import annotations

import re
from dataclasses import replace

from vaultkit.importers.labels import canonical_key, plural_variants
from vaultkit.importers.model import Entry, ImportMessage, ParseResult, Unplaced
from vaultkit.importers.shapes.cells import plain_cell

_REDIRECT = re.compile(
    r"^\s*(?:→|⇒|=>|->|(?:see|siehe|voir|véase|vea|ver|vedi|zie|参照)\b\.?(?:\s+(?:also|auch|aussi))?"
    r"\s*:?)\s*(?P<target>.+?)\s*\.?\s*$",
    re.IGNORECASE,
)
_WIKI = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b)\s*")


def redirect_targets(definition: str) -> tuple[str, ...] | None:
    """The names a definition only points to ('See Base.' -> ('Base',)), else None."""
    text = definition.strip()
    if not text or "\n" in text or len(text) > 200:
        return None
    text = _WIKI.sub(lambda m: m.group(1), plain_cell(text))
    text = re.sub(r"\*\*|__|`|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)
    match = _REDIRECT.match(text)
    if not match:
        return None
    names = [n.strip(" \"'“”‘’.") for n in _SPLIT.split(match.group("target"))]
    names = [n for n in names if n]
    if not names or any(len(n.split()) > 6 or n.endswith(("!", "?")) for n in names):
        return None
    return tuple(names)


def settle(result: ParseResult, path: str) -> ParseResult:
    """``result`` with redirects turned into aliases and word-for-word repeats dropped."""
    entries = list(result.entries)
    if not entries:
        return result
    diagnostics = list(result.diagnostics)
    unplaced = list(result.unplaced)
    by_key: dict[str, int] = {}
    for index, entry in enumerate(entries):
        by_key.setdefault(canonical_key(entry.term), index)
    aliases: dict[int, list[str]] = {}
    drop: set[int] = set()
    for index, entry in enumerate(entries):
        targets = redirect_targets(entry.definition) if not entry.extras else None
        if targets is None:
            first = by_key[canonical_key(entry.term)]
            if first != index and _same(entries[first], entry):
                drop.add(index)
                diagnostics.append(
                    ImportMessage(
                        path,
                        entry.line,
                        "info",
                        f'"{entry.term}" repeats the entry on line {entries[first].line}; '
                        "imported once",
                    )
                )
            continue
        drop.add(index)
        text = f"{entry.term}\n{entry.definition}"
        home = _find(targets[0], by_key) if len(targets) == 1 else None
        if home is None or home == index:
            why = (
                f"points to several terms ({', '.join(targets)}), defines none"
                if len(targets) > 1
                else f'points to "{targets[0]}", which this glossary does not define'
            )
            unplaced.append(Unplaced(entry.line, text, why))
            continue
        aliases.setdefault(home, []).extend([entry.term, *entry.aliases])
        diagnostics.append(
            ImportMessage(
                path,
                entry.line,
                "info",
                f'"{entry.term}" points to "{entries[home].term}": made its alias',
            )
        )
    kept = []
    for index, entry in enumerate(entries):
        if index in drop:
            continue
        extra = [a for a in aliases.get(index, []) if a not in entry.aliases]
        kept.append(replace(entry, aliases=(*entry.aliases, *extra)) if extra else entry)
    return replace(
        result, entries=tuple(kept), diagnostics=tuple(diagnostics), unplaced=tuple(unplaced)
    )


def _same(a: Entry, b: Entry) -> bool:
    return (a.definition.strip(), a.extras, a.expansion) == (
        b.definition.strip(),
        b.extras,
        b.expansion,
    )


def _find(name: str, by_key: dict[str, int]) -> int | None:
    key = canonical_key(name)
    if key in by_key:
        return by_key[key]
    return next((by_key[v] for v in plural_variants(key) if v in by_key), None)
