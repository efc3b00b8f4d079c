"""Read a vault's term and source notes into glossary records (the vault contract).

A term note has ``type: term``; each source section of its body
(:mod:`vaultkit.notes.sections`) is that source's definition (minus the section's ``## ``
heading line). Source notes have ``type: source`` and ``source_id``.
Links in definitions are resolved as Obsidian resolves them
(:class:`~vaultkit.notes.resolve.LinkIndex`).
"""

from __future__ import annotations

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


def definition_of(
    source_id: str, title: str, text: str, source_path: str, index: LinkIndex
) -> Definition:
    note = parse_note(source_path, "\n" + text)
    flat = strip_trailing_spaces(_bold_nested_headings(_bold_headings(text, note.headings)))
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
    return Definition(source_id, title, text, tuple(links))


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
        definitions = []
        for source_id, heading, section in sections(body):
            source = sources.get(source_id)
            title = source.title if source else (heading or source_id)
            definitions.append(definition_of(source_id, title, section, path, index))
        related = tuple(
            (_surface(link), index.first(link.path, path))
            for link in note.links
            if link.kind is LinkKind.PROPERTY and (link.key or "").split(".")[0] == "related"
        )
        terms.append(
            Term(
                path=path,
                title=_text(data.get("title")) or path.rsplit("/", 1)[-1].removesuffix(".md"),
                aliases=tuple(obsidian_aliases(data)),
                expansion=_text(data.get("expansion")),
                definitions=tuple(definitions),
                related=related,
            )
        )
    return GlossaryData(tuple(terms), tuple(sources.values()), origin)
