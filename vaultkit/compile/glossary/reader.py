"""Read a vault's term and source notes into glossary records (the vault contract).

A term note has ``type: term``; each source section of its body
(:mod:`vaultkit.notes.sections`) is that source's definition (minus the section's ``## ``
heading line). Source notes have ``type: source`` and ``source_id``.
Links in definitions are resolved as Obsidian resolves them
(:class:`~vaultkit.notes.resolve.LinkIndex`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from vaultkit.compile.glossary.records import Definition, DefLink, GlossaryData, Source, Term
from vaultkit.compile.normalize.note import strip_trailing_spaces
from vaultkit.lines import LineTable
from vaultkit.notes.frontmatter import obsidian_aliases
from vaultkit.notes.model import Heading, Link, LinkKind, LinkSyntax, Note
from vaultkit.notes.note import parse_note
from vaultkit.notes.resolve import LinkIndex
from vaultkit.notes.sections import find_sections


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def sections(body: str) -> list[tuple[str, str, str]]:
    """(source id, heading title, section text without its heading) for each source section."""
    found: list[tuple[str, str, str]] = []
    for marked in find_sections(body):
        content = marked.inner.split("\n")
        title = ""
        for number, text in enumerate(content):
            if text.strip():
                if text.startswith("## "):
                    title = text[3:].strip()
                    content = content[number + 1 :]
                break
        found.append((marked.source, title, "\n".join(content).strip("\n")))
    return found


def _bold_headings(text: str, headings: tuple[Heading, ...]) -> str:
    """Definitions' own headings become bold paragraphs, so GLOSSARY.md has only its headings."""
    lines = text.split("\n")
    drop: set[int] = set()
    for heading in headings:
        number = heading.span.line - 2  # the parsed text had one extra leading line
        if not 0 <= number < len(lines):
            continue
        label = heading.text.strip().strip("#").strip()
        atx = lines[number].lstrip(" ").startswith("#")
        lines[number] = f"**{label}**" if label else ""
        underline = lines[number + 1].strip() if number + 1 < len(lines) else ""
        if not atx and underline and set(underline) <= {"=", "-"}:  # setext: drop the underline
            drop.add(number + 1)
    return "\n".join(line for number, line in enumerate(lines) if number not in drop)


def _container_prefix(line: str) -> int:
    """Length of the block-quote / list-marker prefix of ``line`` (0 when there is none)."""
    at, end, inside = 0, len(line), False
    while at < end:
        while at < end and line[at] in " \t":
            at += 1
        if at < end and line[at] == ">":
            at, inside = at + 1, True
            continue
        if at + 1 < end and line[at] in "-*+" and line[at + 1] in " \t":
            at, inside = at + 2, True
            continue
        digits = at
        while digits < end and digits - at < 9 and line[digits].isdigit():
            digits += 1
        if at < digits < end - 1 and line[digits] in ".)" and line[digits + 1] in " \t":
            at, inside = digits + 2, True
            continue
        break
    return at if inside else 0


def _bold_nested_headings(text: str) -> str:
    """ATX headings inside quotes and list items (GitHub anchors those too) become bold."""
    if "#" not in text:
        return text
    lines = text.split("\n")
    fence = ""
    for number, line in enumerate(lines):
        prefix = _container_prefix(line)
        rest = line[prefix:].lstrip(" \t") if prefix else line.lstrip(" ")
        if rest.startswith(("```", "~~~")):
            fence = "" if fence and rest.startswith(fence) else (fence or rest[:3])
            continue
        if fence or not prefix:
            continue
        hashes = len(rest) - len(rest.lstrip("#"))
        if 1 <= hashes <= 6 and (len(rest) == hashes or rest[hashes] in " \t"):
            label = rest[hashes:].strip().rstrip("#").strip()
            lines[number] = line[:prefix] + (f"**{label}**" if label else "")
    return "\n".join(lines)


def _surface(link: Link) -> str:
    if link.display is not None and link.display.strip():
        return link.display.strip()
    if link.path:
        return link.path
    return link.subpath.lstrip("#")


_SEE_ALSO = re.compile(r"^\*\*See also:?\*\*:?[ \t]")


def _without_see_also(
    text: str, note: Note, source_path: str, index: LinkIndex, related: set[str]
) -> tuple[str, set[str]]:
    """The text without its 'See also' lines whose every item links a related term (the
    glossary prints those once, in its own 'See also' line); and the targets linked by the
    'See also' lines that stay (items that are plain text keep their line)."""
    lines = text.split("\n")
    by_line: dict[int, list[Link]] = {}
    for link in note.links:
        by_line.setdefault(link.span.line - 2, []).append(link)
    drop: set[int] = set()
    kept: set[str] = set()
    for number, line in enumerate(lines):
        if not _SEE_ALSO.match(line):
            continue
        found = sorted(by_line.get(number, []), key=lambda link: link.span.column)
        targets = [index.first(link.path, source_path) for link in found]
        rest = line
        for link in reversed(found):  # cut the links out, right to left
            rest = rest[: link.span.column - 1] + rest[link.span.end_column - 1 :]
        rest = _SEE_ALSO.sub("", rest).replace(",", "").strip()
        if found and not rest and all(t is not None and t in related for t in targets):
            drop.add(number)
            if number > 0 and not lines[number - 1].strip():
                drop.add(number - 1)
        else:
            kept.update(t for t in targets if t is not None)
    if not drop:
        return text, kept
    return "\n".join(line for n, line in enumerate(lines) if n not in drop).strip("\n"), kept


_ALSO = re.compile(r"^\*\*Also:?\*\*:?[ \t]+(.+)$")


def _without_known_names(text: str, names: set[str]) -> str:
    """The text without its '**Also:** a, b' lines that name only what the glossary already
    prints in the term's own 'Also:' line (``names``: casefolded title and aliases)."""
    lines = text.split("\n")
    drop: set[int] = set()
    for number, line in enumerate(lines):
        match = _ALSO.match(line)
        items = [i.strip().casefold() for i in match.group(1).split(",")] if match else []
        if items and all(item in names for item in items):
            drop.add(number)
            if number > 0 and not lines[number - 1].strip():
                drop.add(number - 1)
    return "\n".join(line for n, line in enumerate(lines) if n not in drop).strip("\n")


def definition_of(  # noqa: PLR0917 - the section and what it needs to resolve links
    source_id: str,
    title: str,
    text: str,
    source_path: str,
    index: LinkIndex,
    related: set[str] | None = None,
) -> tuple[Definition, set[str]]:
    """The definition of one source section, and the targets its kept 'See also' lines link."""
    note = parse_note(source_path, "\n" + text)
    flat = strip_trailing_spaces(_bold_nested_headings(_bold_headings(text, note.headings)))
    kept: set[str] = set()
    if "See also" in flat:
        note = parse_note(source_path, "\n" + flat) if flat != text else note
        flat, kept = _without_see_also(flat, note, source_path, index, related or set())
    if flat != text:
        text = flat
        note = parse_note(source_path, "\n" + text)
    starts = LineTable("\n" + text).starts
    links = []
    for link in note.links:
        if link.syntax is LinkSyntax.PROPERTY:
            continue
        start = starts[link.span.line - 1] + link.span.column - 2
        end = starts[link.span.end_line - 1] + link.span.end_column - 2
        target = index.first(link.path, source_path)
        links.append(DefLink(start, end, target, _surface(link), link.kind is LinkKind.EMBED))
    return Definition(source_id, title, text, tuple(links)), kept


def read_glossary(
    notes: Mapping[str, Note], texts: Mapping[str, str], index: LinkIndex, origin: str = "vault/"
) -> GlossaryData:
    """Every term and source of the vault as records (``texts``: path -> note text)."""
    sources: dict[str, Source] = {}
    for path, note in notes.items():
        data = note.properties
        if data.get("type") != "source":
            continue
        source_id = _text(data.get("source_id")) or path.rsplit("/", 1)[-1].removesuffix(".md")
        title = _text(data.get("title")) or path.rsplit("/", 1)[-1].removesuffix(".md")
        sources[source_id] = Source(
            source_id, title, _text(data.get("format")) or "", _text(data.get("file")) or ""
        )
    terms = []
    for path, note in sorted(notes.items()):
        data = note.properties
        if data.get("type") != "term":
            continue
        text = texts.get(path, "")
        body = text[note.frontmatter.body_offset :]
        related = tuple(
            (_surface(link), index.first(link.path, path))
            for link in note.links
            if link.kind is LinkKind.PROPERTY and (link.key or "").split(".")[0] == "related"
        )
        targets = {target for _, target in related if target is not None}
        definitions = []
        shown: set[str] = set()  # related terms a definition's own 'See also' line keeps
        title_text = _text(data.get("title")) or path.rsplit("/", 1)[-1].removesuffix(".md")
        aliases = tuple(obsidian_aliases(data))
        names = {" ".join(n.split()).casefold() for n in (title_text, *aliases)}
        for source_id, heading, raw in sections(body):
            section = _without_known_names(raw, names) if "**Also" in raw else raw
            source = sources.get(source_id)
            title = source.title if source else (heading or source_id)
            definition, kept = definition_of(source_id, title, section, path, index, targets)
            definitions.append(definition)
            shown |= kept
        related = tuple(item for item in related if item[1] is None or item[1] not in shown)
        terms.append(
            Term(
                path=path,
                title=title_text,
                aliases=aliases,
                expansion=_text(data.get("expansion")),
                definitions=tuple(definitions),
                related=related,
            )
        )
    return GlossaryData(tuple(terms), tuple(sources.values()), origin)
