"""The notes an import generates: term notes, source notes, unplaced notes (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from vaultkit.importers.labels import canonical_key, split_term
from vaultkit.importers.linker import AutoLinker, Lookup, link_text, rewrite_wikilinks
from vaultkit.importers.merge import Concept, Member
from vaultkit.importers.model import ImportMessage, SourceInfo, Unplaced
from vaultkit.importers.render import SOURCE_KEYS, TERM_KEYS, field_block, separate_label_lines


@dataclass(frozen=True, slots=True)
class PlannedNote:
    """One note to write: vault-relative path, managed front matter, sections by source id."""

    path: str
    title: str
    fm: dict[str, object]
    order: tuple[str, ...]
    sections: dict[str, str]
    concept: Concept | None = None


def _fence(text: str) -> str:
    runs = [len(m.group(0)) for m in re.finditer(r"`{3,}", text)]
    return "`" * max(3, *(r + 1 for r in runs)) if runs else "```"


def term_notes(
    concepts: list[Concept],
    sources: dict[str, SourceInfo],
    source_names: dict[str, str],
    diagnostics: list[ImportMessage],
) -> list[PlannedNote]:
    lookup = Lookup.build(concepts)
    linker = AutoLinker.build(concepts)
    notes: list[PlannedNote] = []
    for concept in concepts:
        related: list[str] = []
        sections: dict[str, str] = {}
        by_source: dict[str, list[Member]] = {}
        for member in concept.members:
            by_source.setdefault(member.source, []).append(member)
        for source_id, members in by_source.items():
            info = sources[source_id]
            parts = [f"## {info.title}"]
            for member in members:
                body = _member_body(member, concept, members, lookup, linker, related, diagnostics)
                if body:
                    parts.extend(["", body])
            sections[source_id] = "\n".join(parts)
        fm: dict[str, object] = {
            "title": concept.title,
            "type": "term",
            "aliases": concept.aliases,
            "expansion": concept.expansion,
            "tags": concept.tags,
            "sources": [f"[[{source_names[s]}]]" for s in concept.sources],
            "related": [f"[[{name}]]" for name in dict.fromkeys(related)],
        }
        notes.append(
            PlannedNote(f"{concept.name}.md", concept.title, fm, TERM_KEYS, sections, concept)
        )
    return notes


def _member_body(  # noqa: PLR0917 - one call site, all context
    member: Member,
    concept: Concept,
    members: list[Member],
    lookup: Lookup,
    linker: AutoLinker,
    related: list[str],
    diagnostics: list[ImportMessage],
) -> str:
    entry = member.entry

    def report(message: str) -> None:
        diagnostics.append(ImportMessage(member.file, entry.line, "warning", message))

    linked: set[int] = set()
    names_shown = _shown_names(concept)
    only_names = not entry.extras and not entry.see_also and not entry.aliases
    if entry.kind == "acronym" and only_names and canonical_key(entry.definition) in names_shown:
        return ""  # the row only gives the full form, which the note already shows
    if entry.kind == "acronym" and any(m.entry.kind != "acronym" for m in members):
        return f"**Full form:** {entry.definition}"
    blocks: list[str] = []
    if not {canonical_key(entry.term), canonical_key(split_term(entry.term).title)} & names_shown:
        blocks.append(f"**{entry.term}**")  # the source's own name, shown nowhere else
    text = rewrite_wikilinks(separate_label_lines(entry.definition), lookup, report, linked)
    blocks.append(linker.link(text, concept, linked))
    for label, raw in entry.extras:
        value = rewrite_wikilinks(separate_label_lines(raw), lookup, report, linked)
        blocks.append(field_block(label, linker.link(value, concept, linked)))
    if entry.aliases:
        blocks.append("**Also:** " + ", ".join(entry.aliases))
    if entry.see_also:
        shown: list[str] = []
        for name in entry.see_also:
            target = lookup.resolve(name)
            if target is None:
                report(f'see-also "{name}" names no term; kept as plain text')
                shown.append(name)
            elif target is concept:
                shown.append(name)
            else:
                related.append(target.name)
                shown.append(link_text(target.name, name))
        blocks.append("**See also:** " + ", ".join(shown))
    return "\n\n".join(b for b in blocks if b.strip())


def _shown_names(concept: Concept) -> set[str]:
    """Keys of the names a note already shows: its title, aliases and expansion."""
    names = [concept.title, *concept.aliases, concept.expansion]
    return {canonical_key(n) for n in names if n}


def source_note(
    info: SourceInfo,
    name: str,
    concepts_in_order: list[Concept],
    furniture: tuple[tuple[int, str], ...] = (),
    unplaced: str = "",
) -> PlannedNote:
    """The note of one source: what it is, a link to every note it contributes to, and the
    source's own text that belongs to no entry (kept verbatim, inert inside fences)."""
    fm: dict[str, object] = {
        "title": info.title,
        "type": "source",
        "source_id": info.id,
        "file": info.file,
        "format": info.format,
        "terms": len(concepts_in_order),
    }
    lines = ["## Terms", ""]  # the file's name (often numbered or hashed) is in `file:` only
    for concept in concepts_in_order:
        term = next(m.entry.term for m in concept.members if m.source == info.id)
        lines.append(f"- {link_text(concept.name, term)}")
    if unplaced:  # the note of entries that could not be imported, so it is no orphan
        lines.extend(["", f"Entries that could not be imported: [[{unplaced}]]"])
    if furniture:
        lines.extend(["", "## Text outside its entries"])
        for line, text in furniture:
            fence = _fence(text)
            lines.extend(["", f"From line {line}:", "", fence, text, fence])
    return PlannedNote(
        f"Sources/{name}.md", info.title, fm, SOURCE_KEYS, {info.id: "\n".join(lines)}
    )


def unplaced_note(
    info: SourceInfo, name: str, source_name: str, items: list[Unplaced]
) -> PlannedNote:
    fm: dict[str, object] = {
        "title": f"Unplaced from {info.title}",
        "type": "unplaced",
        "sources": [f"[[{source_name}]]"],
    }
    lines = [f"## Entries of {info.file} that could not be imported"]
    for item in items:
        fence = _fence(item.text)
        lines.extend(
            ["", f"- `{info.file}:{item.line}`: {item.reason}", "", fence, item.text, fence]
        )
    return PlannedNote(
        f"_unplaced/{name}.md",
        f"Unplaced from {info.title}",
        fm,
        ("title", "type", "sources"),
        {info.id: "\n".join(lines)},
    )
