"""Markdown tables: ``| **Term** | meaning |`` glossaries, acronym tables."""

from __future__ import annotations

import re

from vaultkit.importers.labels import clean_term
from vaultkit.importers.mdblocks import Block
from vaultkit.importers.model import Entry

_TERM_HEADERS = {
    "term",
    "terms",
    "name",
    "word",
    "concept",
    "keyword",
    "phrase",
    "expression",
    "jargon",
    "entry",
    "vocabulary",
    "begriff",
    "terme",
    "término",
    "termine",
}
_ACRONYM_HEADERS = {
    "acronym",
    "acronyms",
    "abbreviation",
    "abbreviations",
    "abbr",
    "short form",
    "short",
    "initialism",
    "abkürzung",
    "sigle",
    "sigla",
}
_DEF_HEADERS = {
    "definition",
    "meaning",
    "what it means",
    "description",
    "explanation",
    "full form",
    "expansion",
    "stands for",
    "long form",
    "bedeutung",
    "définition",
    "significado",
    "signification",
    "details",
}
_SPLIT = re.compile(r"(?<!\\)\|")
_BOLD_CELL = re.compile(r"^(\*\*|__)(.+?)\1(.*)$")


def split_row(line: str) -> list[str]:
    """Cells of a pipe-table row; escaped pipes stay in the cell (unescaped)."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [cell.strip().replace("\\|", "|") for cell in _SPLIT.split(text)]


def _header_kind(cells: list[str]) -> str:
    first = clean_term(cells[0]).casefold() if cells else ""
    second = clean_term(cells[1]).casefold() if len(cells) > 1 else ""
    if first in _ACRONYM_HEADERS:
        return "acronym"
    if first in _TERM_HEADERS or second in _DEF_HEADERS:
        return "term"
    return ""


def table_entries(block: Block) -> list[Entry] | None:
    """Entries of a glossary table, or None when the table is data rather than a glossary."""
    lines = block.lines
    if len(lines) < 3:
        return None
    header = split_row(lines[0])
    if len(header) < 2:
        return None
    kind = _header_kind(header)
    rows = [(block.start + offset, split_row(line)) for offset, line in enumerate(lines[2:], 2)]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    bold = sum(1 for _, cells in rows if _BOLD_CELL.match(cells[0]))
    if not kind and (not rows or bold * 2 <= len(rows)):
        return None
    def_col = 1
    for index, name in enumerate(header[1:], 1):
        if clean_term(name).casefold() in _DEF_HEADERS:
            def_col = index
            break
    entries: list[Entry] = []
    for number, cells in rows:
        term = clean_term(cells[0])
        definition = cells[def_col].strip() if def_col < len(cells) else ""
        extras = tuple(
            (clean_term(header[i]) or f"Column {i + 1}", cells[i].strip())
            for i in range(1, min(len(header), len(cells)))
            if i != def_col and cells[i].strip()
        )
        if kind == "acronym":
            entries.append(
                Entry(
                    term,
                    definition,
                    number,
                    number,
                    expansion=definition,
                    extras=extras,
                    kind="acronym",
                )
            )
        else:
            entries.append(Entry(term, definition, number, number, extras=extras))
    return entries
