"""AsciiDoc description lists: ``Term:: definition`` or ``Term::`` with the definition below.

Several term lines in a row share the definition that follows (the first is the term, the
others its aliases). ``:::``, ``::::`` and ``;;`` mark nested lists and are read the same way.
"""

from __future__ import annotations

import re

from vaultkit.importers.labels import clean_term
from vaultkit.importers.model import Entry, ImportMessage, ParseResult
from vaultkit.importers.shapes.spans import outside_runs

ITEM = re.compile(r"^(?P<term>[^\s:/][^:]*?)(?::{2,4}|;;)(?:[ \t]+(?P<text>\S.*))?$")
_ATTRIBUTE = re.compile(r"^:[\w-]+:")
_BREAK = re.compile(r"^(?:=+\s|\[|//|----|\.\w|\+$)")
_INLINE = (
    (re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])"), r"**\1**"),  # *strong*
    (re.compile(r"(?<![\w_])_([^_\n]+)_(?![\w_])"), r"*\1*"),  # _emphasis_
    (re.compile(r"(https?://[^\s\[]+)\[([^\]]+)\]"), r"[\2](\1)"),  # url[text]
    (re.compile(r"<<([^,>]+),\s*([^>]+)>>"), r"[[\1|\2]]"),  # <<anchor, text>>
    (re.compile(r"<<([^,>]+)>>"), r"[[\1]]"),
)


def adoc_inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def parse_asciidoc(text: str, path: str) -> ParseResult:
    lines = text.split("\n")
    entries: list[Entry] = []
    diagnostics: list[ImportMessage] = []
    covered: list[tuple[int, int]] = []
    terms: list[tuple[int, str]] = []
    body: list[str] = []
    end = 0

    def flush() -> None:
        nonlocal end
        if not terms:
            return
        while body and not body[-1].strip():
            body.pop()
        definition = "\n".join(adoc_inline(t.strip()) for t in body)
        names = [clean_term(adoc_inline(t)) for _, t in terms]
        if not definition:
            diagnostics.append(
                ImportMessage(path, terms[0][0], "warning", f'"{names[0]}" has no definition')
            )
        entries.append(Entry(names[0], definition, terms[0][0], end, aliases=tuple(names[1:])))
        covered.append((terms[0][0], end))
        terms.clear()
        body.clear()

    for number, line in enumerate(lines, 1):
        match = ITEM.match(line) if not _ATTRIBUTE.match(line) else None
        if match:
            if body:
                flush()
            terms.append((number, match.group("term").strip()))
            end = number
            if match.group("text"):
                body.append(match.group("text"))
            continue
        if terms and line.strip() and not _BREAK.match(line) and (line[:1].isspace() or body):
            body.append(line)
            end = number
            continue
        if terms and not line.strip():
            if body:
                flush()
            continue
        flush()
    flush()
    title = next((line[2:].strip() for line in lines if line.startswith("= ")), "")
    outside = outside_runs(lines, covered)
    intro = outside[0][1] if outside else ""
    return ParseResult(
        "asciidoc-dlist", title, tuple(entries), tuple(diagnostics), (), intro, outside
    )
