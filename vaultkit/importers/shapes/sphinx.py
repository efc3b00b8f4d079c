"""Sphinx glossaries: reStructuredText ``.. glossary::`` and MyST ``:::{glossary}`` blocks.

Inside the directive each entry is one or more term lines at the same indent (the first is the
term, the others its aliases; ``term : classifier`` keeps the term), then the definition
indented below them. Cross-references (``:term:`x```, ``{term}`x```) become wikilinks, which the
import resolves to the term's note.
"""

from __future__ import annotations

import re

from vaultkit.importers.labels import clean_term
from vaultkit.importers.model import Entry, ImportMessage, ParseResult, Unplaced
from vaultkit.importers.shapes.spans import indent_of, outside_runs

_RST_START = re.compile(r"^(\s*)\.\.\s+glossary::\s*$")
_MYST_START = re.compile(r"^(\s*)(:{3,}|`{3,}|~{3,})\s*\{glossary\}\s*$")
_OPTION = re.compile(r"^\s*:[\w-]+:")
_TERM_ROLE = re.compile(r"(?::term:|\{term\})`([^`<]+?)(?:\s*<([^>`]+)>)?`")
_OTHER_ROLE = re.compile(r"(?::[\w:-]+:|\{[\w:-]+\})`([^`<]+?)(?:\s*<[^>`]+>)?`")
_RST_LINK = re.compile(r"`([^`<]+?)\s*<(https?://[^>`]+)>`__?")
_LITERAL = re.compile(r"``([^`]+)``")
_RST_TITLE = re.compile(r"^([=\-~^\"'`#*+]){3,}\s*$")


def rst_inline(text: str) -> str:
    """reStructuredText/MyST inline markup of a definition line as Markdown."""
    text = _TERM_ROLE.sub(
        lambda m: f"[[{m.group(2).strip()}|{m.group(1).strip()}]]"
        if m.group(2)
        else f"[[{m.group(1).strip()}]]",
        text,
    )
    text = _RST_LINK.sub(lambda m: f"[{m.group(1).strip()}]({m.group(2)})", text)
    text = _OTHER_ROLE.sub(lambda m: m.group(1).strip(), text)
    return _LITERAL.sub(lambda m: f"`{m.group(1)}`", text)


def glossary_entries(
    lines: list[str], first: int, last: int, path: str, unplaced: list[Unplaced]
) -> list[Entry]:
    """Entries of the directive body on lines ``first..last`` (1-based, inclusive); indented
    text before the first term is kept in ``unplaced``."""
    body = [(n, lines[n - 1]) for n in range(first, last + 1)]
    body = [(n, t) for n, t in body if not _OPTION.match(t) or not t.strip()]
    content = [(n, t) for n, t in body if t.strip()]
    if not content:
        return []
    base = min(indent_of(t) for _, t in content)
    entries: list[Entry] = []
    terms: list[tuple[int, str]] = []
    definition: list[tuple[int, str]] = []

    def flush() -> None:
        if not terms:
            return
        shown = [_term(t) for _, t in terms]
        text_lines = [t for _, t in definition]
        while text_lines and not text_lines[-1].strip():
            text_lines.pop()
        width = min((indent_of(t) for t in text_lines if t.strip()), default=0)
        text = "\n".join(rst_inline(t[width:]) if t.strip() else "" for t in text_lines)
        end = definition[-1][0] if definition else terms[-1][0]
        text = text.strip("\n")
        entries.append(Entry(shown[0], text, terms[0][0], end, aliases=tuple(shown[1:])))
        terms.clear()
        definition.clear()

    previous_blank = True
    for number, text in body:
        if not text.strip():
            if definition:
                definition.append((number, ""))
            previous_blank = True
            continue
        if indent_of(text) <= base:
            if definition or (terms and previous_blank):
                flush()
            terms.append((number, text.strip()))
        elif not terms:
            unplaced.append(Unplaced(number, text.strip(), "glossary text before any term"))
        else:
            definition.append((number, text))
        previous_blank = False
    flush()
    return entries


def _term(line: str) -> str:
    term = line.split(" : ", 1)[0]  # "term : classifier"
    return clean_term(rst_inline(term))


def _region_end(lines: list[str], start: int, indent: int) -> int:
    """Last line of an rST directive body opened on line ``start``."""
    end = start
    for number in range(start + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip() and indent_of(text) <= indent:
            break
        if text.strip():
            end = number
    return end


def parse_rst_glossary(text: str, path: str) -> ParseResult:
    lines = text.split("\n")
    diagnostics: list[ImportMessage] = []
    unplaced: list[Unplaced] = []
    entries: list[Entry] = []
    covered: list[tuple[int, int]] = []
    for number, line in enumerate(lines, 1):
        match = _RST_START.match(line)
        if match:
            end = _region_end(lines, number, len(match.group(1)))
            entries.extend(glossary_entries(lines, number + 1, end, path, unplaced))
            covered.append((number, end))
    title = next(
        (
            lines[i].strip()
            for i in range(len(lines) - 1)
            if lines[i].strip()
            and _RST_TITLE.match(lines[i + 1])
            and not _RST_TITLE.match(lines[i])
        ),
        "",
    )
    return _result("rst-glossary", title, entries, (diagnostics, unplaced), lines, covered)


def parse_myst_glossary(text: str, path: str) -> ParseResult:
    lines = text.split("\n")
    diagnostics: list[ImportMessage] = []
    unplaced: list[Unplaced] = []
    entries: list[Entry] = []
    covered: list[tuple[int, int]] = []
    number = 0
    while number < len(lines):
        number += 1
        match = _MYST_START.match(lines[number - 1])
        if not match:
            continue
        fence = match.group(2)
        end = number
        while end < len(lines):
            end += 1
            close = lines[end - 1].strip()
            if close.startswith(fence[0] * len(fence)) and not close.strip(fence[0]):
                break
        else:
            diagnostics.append(
                ImportMessage(path, number, "warning", "glossary block never closed")
            )
            end += 1
        entries.extend(glossary_entries(lines, number + 1, end - 1, path, unplaced))
        covered.append((number, min(end, len(lines))))
        number = end
    title = next((line.lstrip("#").strip() for line in lines if line.startswith("# ")), "")
    return _result("myst-glossary", title, entries, (diagnostics, unplaced), lines, covered)


def _result(  # noqa: PLR0917 - one record's fields
    name: str,
    title: str,
    entries: list[Entry],
    notes: tuple[list[ImportMessage], list[Unplaced]],
    lines: list[str],
    covered: list[tuple[int, int]],
) -> ParseResult:
    diagnostics, unplaced = notes
    outside = outside_runs(lines, covered)
    intro = outside[0][1] if outside and (not covered or outside[0][0] < covered[0][0]) else ""
    return ParseResult(
        name, title, tuple(entries), tuple(diagnostics), tuple(unplaced), intro, outside
    )
