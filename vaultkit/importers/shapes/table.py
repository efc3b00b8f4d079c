"""Markdown tables: ``| **Term** | meaning |`` glossaries, acronym tables."""

from __future__ import annotations

import re

from vaultkit.importers.labels import clean_term, looks_like_acronym
from vaultkit.importers.mdblocks import Block
from vaultkit.importers.model import Entry
from vaultkit.importers.shapes.cells import plain_cell, strip_markers, term_cell

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


_ALIAS_HEADERS = {
    *_ACRONYM_HEADERS,
    "name",
    "names",
    "alias",
    "aliases",
    "also",
    "also known as",
    "aka",
    "synonym",
    "synonyms",
    "other names",
    "abreviatura",
    "略語",
    "別名",
}
_EMPTY = {"", "-", "–", "—", "n/a", "none", "/"}


def _header_kind(cells: list[str]) -> str:
    first = clean_term(cells[0]).casefold() if cells else ""
    second = clean_term(cells[1]).casefold() if len(cells) > 1 else ""
    if first in _ACRONYM_HEADERS:
        return "acronym"
    if first in _TERM_HEADERS or second in _DEF_HEADERS:
        return "term"
    return ""


def _words(cell: str) -> int:
    return len(term_cell(cell).split())


def _shape_kind(rows: list[list[str]], width: int) -> tuple[str, int]:
    """('term' | 'acronym' | '', definition column) judged from the cells' shape alone.

    A glossary table has short names in its first column and, in another column, text clearly
    longer; an acronym table has short forms first. A table of short values (version, date,
    owner) is metadata. What the definitions say plays no part.
    """
    if not rows or width < 2:
        return "", 1
    firsts = [term_cell(cells[0]) for cells in rows]
    if sum(1 for t in firsts if t and len(t) <= 80 and len(t.split()) <= 8) * 10 < len(rows) * 9:
        return "", 1
    means = [
        sum(_words(cells[i]) for cells in rows if i < len(cells)) / len(rows)
        for i in range(width)
    ]
    column = max(range(1, width), key=lambda i: means[i])
    acronyms = sum(1 for t in firsts if looks_like_acronym(t))
    if acronyms * 10 >= len(rows) * 7 and 1.5 <= means[column] <= 8:  # expansions are names
        return "acronym", column
    if means[column] >= 4 and means[column] >= 1.5 * max(means[0], 1):
        return "term", column
    return "", 1


def _alias_names(cell: str) -> tuple[str, ...]:
    names = [term_cell(part) for part in re.split(r"[,;/]\s+|<br\s*/?>", cell)]
    return tuple(n for n in names if n.casefold() not in _EMPTY)


def table_marked(block: Block) -> bool:
    """The table says it is a glossary: a known header, or bold names in most rows (rather
    than being judged by its shape alone)."""
    lines = block.lines
    if len(lines) < 3 or _header_kind(split_row(lines[0])):
        return len(lines) >= 3
    rows = [split_row(line) for line in lines[2:] if line.strip()]
    bold = sum(1 for cells in rows if _BOLD_CELL.match(strip_markers(plain_cell(cells[0]))))
    return bold * 2 > len(rows)


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
    bold = sum(1 for _, cells in rows if _BOLD_CELL.match(strip_markers(plain_cell(cells[0]))))
    def_col = 1
    if not kind and (not rows or bold * 2 <= len(rows)):
        kind, def_col = _shape_kind([cells for _, cells in rows], len(header))
        if not kind:
            return None
    for index, name in enumerate(header[1:], 1):
        if clean_term(name).casefold() in _DEF_HEADERS:
            def_col = index
            break
    alias_cols = [
        i
        for i in range(1, len(header))
        if i != def_col and clean_term(header[i]).casefold() in _ALIAS_HEADERS
    ]
    entries: list[Entry] = []
    for number, cells in rows:
        term = term_cell(cells[0])
        definition = cells[def_col].strip() if def_col < len(cells) else ""
        extras = tuple(
            (clean_term(header[i]) or f"Column {i + 1}", cells[i].strip())
            for i in range(1, min(len(header), len(cells)))
            if i != def_col and cells[i].strip()
        )
        aliases = tuple(
            name
            for i in alias_cols
            if i < len(cells)
            for name in _alias_names(cells[i])
            if name.casefold() != term.casefold()
        )
        if kind == "acronym":
            entries.append(
                Entry(
                    term,
                    definition,
                    number,
                    number,
                    expansion=clean_term(plain_cell(definition)),
                    extras=extras,
                    kind="acronym",
                    aliases=aliases,
                )
            )
        else:
            entries.append(Entry(term, definition, number, number, extras=extras, aliases=aliases))
    return entries
