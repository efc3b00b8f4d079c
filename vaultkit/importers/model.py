"""Immutable records of the importer: entries read from a glossary and diagnostics about them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ImportMessage:
    """A message about a source line: ``file:line: level: message``."""

    file: str
    line: int
    level: str  # "warning" | "error" | "info"
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.level}: {self.message}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One glossary entry exactly as a source states it.

    ``definition`` is Markdown, verbatim from the source (plain-text sources are escaped so
    that they render as written). ``extras`` are labelled parts such as examples or pros/cons,
    kept in source order as (label, markdown) pairs.
    """

    term: str
    definition: str
    line: int
    end_line: int
    category: str = ""
    aliases: tuple[str, ...] = ()
    expansion: str = ""
    see_also: tuple[str, ...] = ()
    extras: tuple[tuple[str, str], ...] = ()
    kind: str = "term"  # "term" | "acronym" (a row of an acronym table)
    stated: tuple[str, ...] = ()  # names the definition gives ("also called X")


@dataclass(frozen=True, slots=True)
class Unplaced:
    """Text that looked like an entry but could not become one; kept, never dropped."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What one format module read from one source."""

    format: str
    title: str = ""
    entries: tuple[Entry, ...] = ()
    diagnostics: tuple[ImportMessage, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    intro: str = ""  # the glossary's own introduction (page furniture), used for its title
    # text of the source that belongs to no entry (title, intro, notes between tables), with its
    # first line: kept verbatim in the source's note so the import drops no word
    furniture: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A row of the sources manifest."""

    id: str
    title: str
    file: str  # relative to the project root, POSIX
    format: str
    url: str = ""  # where the source is published (resolves its relative links)
