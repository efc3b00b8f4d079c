"""Plain text scraped from a web page: a term line, then a definition of one or more lines.

A line is a term when it is short and shaped like a name (no closing punctuation, no formula,
not a bullet) and a definition follows. When most terms are in alphabetical order, a name-like
line that breaks the order (a sub-heading inside a long definition) is kept in the definition,
with a warning.
"""

from __future__ import annotations

import bisect
import re

from vaultkit.importers.furniture import is_furniture
from vaultkit.importers.model import Entry, ImportMessage, ParseResult
from vaultkit.importers.plaintext import (
    is_bullet,
    longest_sorted,
    order_key,
    parse_label,
    split_list,
    to_markdown,
)

_FORMULA = re.compile(r"\s[=<>≈≤≥→]\s|^[^\w\s(]")


def _is_candidate(text: str) -> bool:
    if len(text) > 80 or len(text.split()) > 10 or is_bullet(text):
        return False
    if text.endswith((".", ":", ";", ",", "!", "?", "…")) or _FORMULA.search(text):
        return False
    if ". " in text or ": " in text or parse_label(text) is not None:
        return False
    return any(ch.isalnum() for ch in text)


def _terms(lines: list[tuple[int, str]], start: int, blocked: set[int]) -> list[int]:
    """Indices of term lines: a candidate, followed by at least one definition line."""
    terms: list[int] = []
    index = start
    while index < len(lines) - 1:
        if index not in blocked and _is_candidate(lines[index][1]):
            terms.append(index)
            index += 2  # the next line is this term's definition whatever its shape
        else:
            index += 1
    return terms


def parse_scraped(text: str, path: str) -> ParseResult:
    lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    start = 0
    title = ""
    if lines and is_furniture(lines[0][1]):
        title, start = lines[0][1], 1
    diagnostics: list[ImportMessage] = []
    blocked: set[int] = set()
    found = _terms(lines, start, blocked)
    furniture = {i for i in found if is_furniture(lines[i][1])}
    for index in sorted(furniture):
        diagnostics.append(
            ImportMessage(
                path,
                lines[index][0],
                "info",
                f'"{lines[index][1]}" and its text are page furniture, not a term',
            )
        )
    blocked |= furniture
    terms = [i for i in found if i not in furniture]
    keys = [order_key(lines[i][1]) for i in terms]
    keep = longest_sorted(keys)
    if len(terms) >= 10 and len(keep) * 10 >= len(terms) * 9:
        for position, index in enumerate(terms):
            if position not in keep:
                blocked.add(index)
                diagnostics.append(
                    ImportMessage(
                        path,
                        lines[index][0],
                        "warning",
                        f'"{lines[index][1]}" looks like a term but breaks the alphabetical order; '
                        "kept as part of the previous definition",
                    )
                )
        terms = _terms(lines, start, blocked)
    intro = "\n".join(t for _, t in lines[start : terms[0] if terms else len(lines)])
    entries: list[Entry] = []
    bounds = sorted([*terms, *furniture])
    for index in terms:
        after = bisect.bisect_right(bounds, index)
        end = bounds[after] if after < len(bounds) else len(lines)
        body = lines[index + 1 : end]
        entries.append(_entry(lines[index], body))
    kept = [(0, terms[0] if terms else len(lines))]  # title and intro
    for index in sorted(furniture):  # a furniture line and the text under it, up to a term
        after = bisect.bisect_right(bounds, index)
        kept.append((index, bounds[after] if after < len(bounds) else len(lines)))
    outside = tuple(
        (lines[a][0], "\n".join(t for _, t in lines[a:b])) for a, b in kept if b > a
    )
    return ParseResult(
        "scraped-text", title, tuple(entries), tuple(diagnostics), (), intro, outside
    )


def _entry(head: tuple[int, str], body: list[tuple[int, str]]) -> Entry:
    text_lines: list[str] = []
    aliases: list[str] = []
    see_also: list[str] = []
    extras: list[tuple[str, str]] = []
    for _, line in body:
        label = parse_label(line)
        if label is None:
            text_lines.append(line)
        elif label[0] == "aliases":
            aliases.extend(split_list(label[2]))
        elif label[0] == "see_also":
            see_also.extend(split_list(label[2]))
        elif label[0] == "category":
            text_lines.append(line)
        else:
            extras.append((label[1], to_markdown([label[2]])))
    return Entry(
        head[1],
        to_markdown(text_lines),
        head[0],
        body[-1][0] if body else head[0],
        aliases=tuple(aliases),
        see_also=tuple(see_also),
        extras=tuple(extras),
    )
