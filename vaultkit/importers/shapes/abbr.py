"""Abbreviation files of Python-Markdown/MkDocs: ``*[HTML]: HyperText Markup Language``."""

from __future__ import annotations

import re

from vaultkit.importers.model import Entry, ParseResult
from vaultkit.importers.shapes.spans import outside_runs

ABBR = re.compile(r"^\*\[(?P<short>[^\]\n]+)\]:(?P<long>.*)$")


def parse_abbreviations(text: str, path: str) -> ParseResult:
    """One acronym entry per definition; other lines are text outside the entries."""
    del path
    lines = text.split("\n")
    entries: list[Entry] = []
    covered: list[tuple[int, int]] = []
    for number, line in enumerate(lines, 1):
        match = ABBR.match(line)
        if match:
            short, long = match.group("short").strip(), match.group("long").strip()
            entries.append(Entry(short, long, number, number, expansion=long, kind="acronym"))
            covered.append((number, number))
    outside = outside_runs(lines, covered)
    return ParseResult("md-abbr", "", tuple(entries), (), (), "", outside)
