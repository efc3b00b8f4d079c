"""Source sections of a note: the importer's marked text, one block per glossary source.

A section is ``%% vaultkit:begin source=ID hash=H %%``, the lines of that source's text, then
``%% vaultkit:end source=ID %%``; ``H`` is :func:`section_hash` of the text between the markers
as written, so a later import can tell text it wrote from text a person edited. The importer
writes and replaces sections (:mod:`vaultkit.importers.writer`); the glossary reads them
(:mod:`vaultkit.compile.glossary.reader`).

Reading rules: a marker is a whole line (spaces and tabs around it are allowed, and a ``\\r``
before the line break); a section closes at the next end-marker line of its source; a begin
marker that never closes makes no section, and reading goes on after it; a begin marker inside
a section is part of that section's text.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

BEGIN = re.compile(
    r"^[ \t]*%% vaultkit:begin source=([^\s%]+)(?: hash=([0-9a-f]{1,64}))?(?: [^\n%]*)?%%"
    r"[ \t\r]*$",
    re.MULTILINE,
)


class Section(NamedTuple):
    """One closed section of a text; offsets index that text."""

    source: str  # the source id of its markers
    hash: str | None  # the hash its begin marker records (None when it records none)
    start: int  # where the begin marker's line starts
    end: int  # where the end marker's line ends (before its line break)
    inner: str  # the lines between the two marker lines


def section_hash(inner: str) -> str:
    return hashlib.sha256(inner.encode("utf-8")).hexdigest()[:12]


def begin_marker(source: str, inner: str) -> str:
    return f"%% vaultkit:begin source={source} hash={section_hash(inner)} %%"


def end_marker(source: str) -> str:
    return f"%% vaultkit:end source={source} %%"


def section(source: str, inner: str) -> str:
    """A marked section; ``inner`` is stored as it will read back (no trailing blanks), so the
    hash in the begin marker matches on the next import."""
    inner = "\n".join(line.rstrip() for line in inner.split("\n")).rstrip("\n")
    return f"{begin_marker(source, inner)}\n{inner}\n{end_marker(source)}"


def _end_line(source: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*{re.escape(end_marker(source))}[ \t\r]*$", re.MULTILINE)


def find_sections(text: str) -> list[Section]:
    """Every closed section of ``text``, in order."""
    found: list[Section] = []
    pos = 0
    while (begin := BEGIN.search(text, pos)) is not None:
        source = begin.group(1)
        close = _end_line(source).search(text, begin.end())
        if close is None:
            pos = begin.end()
            continue
        first = begin.end() + 1
        inner = text[first : max(first, close.start() - 1)]
        found.append(Section(source, begin.group(2), begin.start(), close.end(), inner))
        pos = close.end()
    return found


def marked_sources(text: str) -> set[str]:
    """The source ids of every begin marker in ``text``, closed or not."""
    return {match.group(1) for match in BEGIN.finditer(text)}
