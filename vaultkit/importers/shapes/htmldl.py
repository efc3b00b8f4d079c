"""HTML definition lists: ``<dl><dt>Term</dt><dd>definition</dd></dl>``.

Read with the standard library's HTML parser. Several ``<dt>`` before one ``<dd>`` name one
term (the first) and its aliases; several ``<dd>`` are paragraphs of one definition. Inline
markup of a definition becomes Markdown (strong, em, code, links); text outside every ``<dl>``
is kept as text outside the entries.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from vaultkit.importers.labels import clean_term
from vaultkit.importers.model import Entry, ImportMessage, ParseResult
from vaultkit.importers.shapes.spans import outside_runs

_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # <dl> nesting
        self.regions: list[list[int]] = []
        self.items: list[tuple[str, int, int, str]] = []  # (dt|dd, first line, last line, text)
        self.current: list[str] | None = None
        self.kind = ""
        self.start = 0
        self.href: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "dl":
            self.depth += 1
            if self.depth == 1:
                self.regions.append([line, line])
        elif tag in {"dt", "dd"} and self.depth == 1:
            self._close(line)
            self.current, self.kind, self.start = [], tag, line
        elif self.current is not None:
            if tag in _MARKS:
                self.current.append(_MARKS[tag])
            elif tag == "a":
                self.href.append(dict(attrs).get("href") or "")
                self.current.append("[")
            elif tag in {"br", "p"} and self.kind == "dd":
                self.current.append("\n\n" if tag == "p" else "\n")

    def handle_endtag(self, tag: str) -> None:
        line = self.getpos()[0]
        if tag == "dl":
            if self.depth == 1:
                self._close(line)
                self.regions[-1][1] = line
            self.depth = max(0, self.depth - 1)
        elif tag in {"dt", "dd"} and self.depth == 1:
            self._close(line)
        elif self.current is not None:
            if tag in _MARKS:
                self.current.append(_MARKS[tag])
            elif tag == "a":
                href = self.href.pop() if self.href else ""
                self.current.append(f"]({href})" if href else "]")

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.append(data)

    def _close(self, line: int) -> None:
        if self.current is not None:
            self.items.append((self.kind, self.start, line, "".join(self.current)))
        self.current = None


def _tidy(text: str) -> str:
    paragraphs = [re.sub(r"[ \t]*\n[ \t]*", "\n", p.strip()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(html.unescape(p) for p in paragraphs if p)


def parse_html_dl(text: str, path: str) -> ParseResult:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    entries: list[Entry] = []
    diagnostics: list[ImportMessage] = []
    terms: list[tuple[int, str]] = []
    defs: list[str] = []
    end = 0

    def flush() -> None:
        if terms and defs:
            names = [t for _, t in terms]
            text = "\n\n".join(defs)
            entries.append(Entry(names[0], text, terms[0][0], end, aliases=tuple(names[1:])))
        elif terms:
            diagnostics.append(
                ImportMessage(path, terms[0][0], "warning", f'"{terms[0][1]}" has no definition')
            )
        terms.clear()
        defs.clear()

    for kind, first, last, raw in reader.items:
        if kind == "dt":
            if defs:
                flush()
            terms.append((first, clean_term(_tidy(raw))))
        else:
            defs.append(_tidy(raw))
            end = last
    flush()
    lines = text.split("\n")
    covered = [(a, b) for a, b in reader.regions]
    outside = outside_runs(lines, covered)
    title = ""
    for _, run in outside:
        match = re.search(r"^#\s+(.+)$|<h1[^>]*>(.*?)</h1>", run, re.MULTILINE)
        if match:
            title = clean_term(match.group(1) or re.sub(r"<[^>]+>", "", match.group(2)))
            break
    intro = outside[0][1] if outside else ""
    return ParseResult("html-dl", title, tuple(entries), tuple(diagnostics), (), intro, outside)
