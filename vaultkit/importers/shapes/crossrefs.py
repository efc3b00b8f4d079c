"""Links inside a source's definitions that point within the source's own site.

``[microservice](#microservice)`` (the anchor of another entry on the same page) becomes a
link to that term's note. A relative link (``./main_overview.md``, ``../img/x.png``) points to a
page that is not in the vault: when the source's location is known (its ``url`` in the
vault's manifest) it becomes an absolute URL; otherwise its text stays, and the target is kept
in a footnote. Every change of the second kind is reported, so the imported vault has no link
that ``vaultkit check`` cannot resolve.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from urllib.parse import unquote, urljoin

from vaultkit.importers.labels import split_term
from vaultkit.importers.model import Entry, ImportMessage, ParseResult

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_TICKS = re.compile(r"`+")
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"  # ![text] or [text]
    r"\(\s*<?([^()\s<>]*(?:\([^()\s]*\))?[^()\s<>]*)>?"  # (target
    r"(\s+\"[^\"\n]*\")?\s*\)"  # "title")
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNSAFE_TARGET = re.compile(r"[\[\]|#^]")


def anchor_slug(text: str) -> str:
    """A heading anchor as GitHub and most site generators make it."""
    text = unicodedata.normalize("NFC", text).lower().strip()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(entries: tuple[Entry, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in entries:
        names = [entry.term, split_term(entry.term).title, *entry.aliases]
        for name in names:
            for slug in {anchor_slug(name), anchor_slug(name).replace("_", "-")}:
                if slug:
                    found.setdefault(slug, entry.term)
    return found


def resolve_links(result: ParseResult, path: str, url: str = "") -> ParseResult:
    """``result`` with same-page anchors made term links and relative links settled."""
    if "](" not in "".join(e.definition for e in result.entries) and not any(
        "](" in v for e in result.entries for _, v in e.extras
    ):
        return result
    anchors = _anchors(result.entries)
    diagnostics = list(result.diagnostics)
    entries = []
    for entry in result.entries:
        notes: list[str] = []
        counter = [0]
        definition = _rewrite(entry.definition, entry, anchors, url, notes, counter)
        extras = tuple(
            (label, _rewrite(value, entry, anchors, url, notes, counter))
            for label, value in entry.extras
        )
        for message in notes:
            level = "warning" if "footnote" in message or "kept as text" in message else "info"
            diagnostics.append(ImportMessage(path, entry.line, level, message))
        entries.append(replace(entry, definition=definition, extras=extras))
    return replace(result, entries=tuple(entries), diagnostics=tuple(diagnostics))


def _rewrite(  # noqa: PLR0917 - one call site, all context
    text: str,
    entry: Entry,
    anchors: dict[str, str],
    url: str,
    notes: list[str],
    counter: list[int],
) -> str:
    if "](" not in text:
        return text
    footnotes: list[str] = []

    def link(match: re.Match[str]) -> str:
        bang, shown, target = match.group(1), match.group(2), match.group(3)
        if not target or _SCHEME.match(target) or target.startswith("//"):
            return match.group(0)
        if target.startswith("#"):
            anchor = unquote(target[1:]).lower()
            term = anchors.get(anchor) or anchors.get(anchor.removeprefix("term-"))
            if term is not None and not _UNSAFE_TARGET.search(term):
                return f"[[{term}|{shown}]]" if shown and shown != term else f"[[{term}]]"
            if not url:
                notes.append(f'link "{target}" names no entry of this page; kept as text')
                return shown
        if url:
            absolute = urljoin(url, target)
            notes.append(f'relative link "{target}" made absolute: {absolute}')
            return f"{bang}[{shown}]({absolute})"
        counter[0] += 1
        label = f"{entry.line}-{counter[0]}"
        footnotes.append(f"[^{label}]: `{target}` (relative to the source; its URL is not known)")
        notes.append(
            f'relative link "{target}" points outside the vault; kept as text with a footnote '
            "(give the source a url in the vault's .vaultkit/sources.json to link it)"
        )
        return f"{shown}[^{label}]"

    out: list[str] = []
    fence = ""
    for line in text.split("\n"):
        marker = _FENCE.match(line)
        if fence or marker:
            if marker and (not fence or marker.group(1)[0] == fence[0]):
                fence = "" if fence else marker.group(1)
            out.append(line)
            continue
        if "`" not in line:
            out.append(_LINK.sub(link, line))
            continue
        rebuilt: list[str] = []
        position = 0
        for start, end in code_spans(line):
            rebuilt.append(_LINK.sub(link, line[position:start]))
            rebuilt.append(line[start:end])
            position = end
        rebuilt.append(_LINK.sub(link, line[position:]))
        out.append("".join(rebuilt))
    if footnotes:
        out.extend(["", *footnotes])
    return "\n".join(out)


def code_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of the code spans of a line: a run of backticks up to the next run of the
    same length (CommonMark), found in one pass over the runs."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(line)]
    later: dict[int, list[int]] = {}  # run length -> indices of runs, last first
    for index in range(len(runs) - 1, -1, -1):
        later.setdefault(runs[index][1] - runs[index][0], []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = later[end - start]
        while same and same[-1] <= index:
            same.pop()
        if same:
            close = same.pop()
            spans.append((start, runs[close][1]))
            index = close + 1
        else:
            index += 1
    return spans
