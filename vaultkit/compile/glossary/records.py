"""The records the glossary renderer works from: concepts, their definitions, their sources.

Built from a vault by :mod:`.reader`; rendered by :mod:`.render`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DefLink:
    """A link inside a definition: ``text[start:end]`` is the whole token."""

    start: int
    end: int
    target: str | None  # vault path it resolves to (None: unresolved)
    surface: str  # what a reader sees: display text, else the link path
    embed: bool = False


@dataclass(frozen=True, slots=True)
class Definition:
    source_id: str
    source_title: str
    text: str  # Markdown: the source section minus its '## ' line; its own headings made bold
    links: tuple[DefLink, ...] = ()


@dataclass(frozen=True, slots=True)
class Term:
    path: str  # vault-relative note path (its identity)
    title: str
    aliases: tuple[str, ...] = ()
    expansion: str | None = None
    definitions: tuple[Definition, ...] = ()
    related: tuple[tuple[str, str | None], ...] = ()  # (surface, resolved vault path or None)


@dataclass(frozen=True, slots=True)
class Source:
    source_id: str
    title: str
    format: str = ""
    file: str = ""


@dataclass(frozen=True, slots=True)
class GlossaryData:
    terms: tuple[Term, ...]
    sources: tuple[Source, ...]
    origin: str = "vault/"  # shown in the generated-file note
