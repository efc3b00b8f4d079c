"""Concept merging: the duplicate ladder of glossary-model.md §A12 over all sources' entries.

1. entries whose preferred forms share a canonical key are one concept;
2. a stated alias or expansion that is another concept's term joins them, when the two share
   no source (within one source, two entries are two concepts: the author listed both);
3. singular/plural spellings, used only as lookups, join the same way and are reported;
4. near matches (difflib ratio >= 0.8, or a qualified term next to its bare form) are only
   reported, never merged.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from vaultkit.importers.labels import (
    Labels,
    canonical_key,
    plural_variants,
    split_term,
    tag_for,
)
from vaultkit.importers.model import Entry, ImportMessage


@dataclass(frozen=True, slots=True)
class Member:
    """One entry of one source, with the labels its term splits into."""

    source: str  # source id
    file: str  # source file as shown in messages
    order: int  # position of the source in the import
    entry: Entry
    labels: Labels

    @property
    def title_key(self) -> str:
        return canonical_key(self.labels.title)

    def alt_keys(self) -> list[str]:
        names = [self.entry.term, *self.labels.aliases, *self.entry.aliases, *self.entry.stated]
        if self.entry.expansion:
            names.append(self.entry.expansion)
        keys = [canonical_key(n) for n in names]
        return [k for k in dict.fromkeys(keys) if k and k != self.title_key]


@dataclass(slots=True)
class Concept:
    """One concept: one note. ``members`` are in source order, then line order."""

    title: str
    members: list[Member]
    aliases: list[str] = field(default_factory=list)
    expansion: str = ""
    tags: list[str] = field(default_factory=list)
    name: str = ""  # note file name (without .md), assigned by the pipeline

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(m.source for m in self.members))

    @property
    def key(self) -> str:
        return canonical_key(self.title)


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def make_members(source: str, file: str, order: int, entries: list[Entry]) -> list[Member]:
    return [Member(source, file, order, e, split_term(e.term)) for e in entries]


def merge(members: list[Member]) -> tuple[list[Concept], list[ImportMessage]]:
    """Group members into concepts; diagnostics report merges and near matches."""
    notes: list[ImportMessage] = []
    union = _Union(len(members))
    by_title: dict[str, int] = {}
    for index, member in enumerate(members):
        key = member.title_key
        if key in by_title:
            first = members[by_title[key]]
            kinds = {first.entry.kind, member.entry.kind}
            if first.source == member.source and "acronym" not in kinds:
                notes.append(
                    _diag(
                        member,
                        f'"{member.entry.term}" appears again in this source '
                        f"(line {first.entry.line}); both definitions are kept in one "
                        "note",
                    )
                )
            union.union(by_title[key], index)
        else:
            by_title[key] = index

    def sources_of(root: int) -> set[str]:
        return {m.source for i, m in enumerate(members) if union.find(i) == root}

    def join(index: int, other: int, why: str) -> None:
        a, b = union.find(index), union.find(other)
        if a == b:
            return
        shared = sources_of(a) & sources_of(b)
        member, target = members[index], members[other]
        pair = (
            f'"{member.entry.term}" and "{target.entry.term}" ({target.file}:{target.entry.line})'
        )
        if shared:
            notes.append(
                _diag(
                    member,
                    f"{pair}: {why}, but both already have a definition from "
                    f"{', '.join(sorted(shared))}; kept apart",
                )
            )
            return
        notes.append(
            ImportMessage(
                member.file, member.entry.line, "info", f"{pair}: {why}; merged into one note"
            )
        )
        union.union(a, b)

    for index, member in enumerate(members):
        for key in member.alt_keys():
            other = by_title.get(key)
            if other is not None:
                join(index, other, f'the name "{key}" given for the first is the second')
    by_alias: dict[str, int] = {}
    for index, member in enumerate(members):
        for key in member.alt_keys():
            if key in by_title:
                continue
            if key in by_alias:
                join(index, by_alias[key], f'both are given the name "{key}"')
            else:
                by_alias[key] = index
    for index, member in enumerate(members):
        for variant in plural_variants(member.title_key):
            other = by_title.get(variant)
            if other is not None:
                join(index, other, "singular and plural of one term")
    groups: dict[int, list[Member]] = {}
    for index, member in enumerate(members):
        groups.setdefault(union.find(index), []).append(member)
    concepts = [_concept(group) for _, group in sorted(groups.items())]
    titles = {c.key: c for c in concepts}
    owners: dict[str, Concept] = {}
    for concept in concepts:  # an alias that names another note would be ambiguous
        clash = [
            a
            for a in concept.aliases
            if titles.get(canonical_key(a), concept) is not concept
            or owners.setdefault(canonical_key(a), concept) is not concept
        ]
        for alias in clash:
            concept.aliases.remove(alias)
            member = concept.members[0]
            notes.append(
                ImportMessage(
                    member.file,
                    member.entry.line,
                    "info",
                    f'alias "{alias}" of "{concept.title}" names another note; '
                    "not used as an alias",
                )
            )
    notes.extend(near_matches(concepts))
    return concepts, notes


def _diag(member: Member, message: str) -> ImportMessage:
    return ImportMessage(member.file, member.entry.line, "warning", message)


def _concept(group: list[Member]) -> Concept:
    group = sorted(group, key=lambda m: (m.order, m.entry.line))
    head = group[0]
    concept = Concept(head.labels.title, group)
    title_key = canonical_key(concept.title)
    seen = {title_key}
    for member in group:
        names = [*member.labels.aliases, *member.entry.aliases, *member.entry.stated]
        if canonical_key(member.labels.title) != title_key:
            names.insert(0, member.labels.title)
        expansion = member.labels.expansion or member.entry.expansion
        if expansion:
            names.append(expansion)
            concept.expansion = concept.expansion or expansion
        for name in names:
            key = canonical_key(name)
            if key and key not in seen:
                seen.add(key)
                concept.aliases.append(name)
        tag = tag_for(member.entry.category) if member.entry.category else ""
        if tag and tag not in concept.tags:
            concept.tags.append(tag)
    return concept


def near_matches(concepts: list[Concept]) -> list[ImportMessage]:
    """Warnings for concepts of different sources whose names are close but not merged."""
    out: list[ImportMessage] = []
    rows = sorted(
        ((c.key, frozenset(c.sources), c) for c in concepts),
        key=lambda row: (len(row[0]), row[0]),
    )
    bases: dict[str, list[tuple[Concept, Member]]] = {}
    for concept in concepts:
        for member in concept.members:
            if member.labels.base:
                bases.setdefault(canonical_key(member.labels.base), []).append((concept, member))
    by_key = {c.key: c for c in concepts}
    for base, pairs in bases.items():
        bare = by_key.get(base)
        for concept, member in pairs:
            if bare is not None and bare is not concept:
                out.append(
                    ImportMessage(
                        member.file,
                        member.entry.line,
                        "warning",
                        f'"{member.entry.term}" and "{bare.title}" may name the same '
                        "thing in different senses; kept as separate notes",
                    )
                )
    for pos, (key, sources, concept) in enumerate(rows):
        matcher = difflib.SequenceMatcher(None, "", key, autojunk=False)  # key is cached as b
        for other_key, other_sources, other in rows[pos + 1 :]:
            if len(other_key) * 0.8 > len(key) * 1.25 or len(key) < 4:
                break
            if sources & other_sources:  # one source lists both: the author kept them apart
                continue
            matcher.set_seq1(other_key)
            if (
                matcher.real_quick_ratio() >= 0.8
                and matcher.quick_ratio() >= 0.8
                and matcher.ratio() >= 0.8
            ):
                member = other.members[0]
                out.append(
                    ImportMessage(
                        member.file,
                        member.entry.line,
                        "warning",
                        f'"{other.title}" is close to "{concept.title}" '
                        f"({concept.members[0].file}:{concept.members[0].entry.line});"
                        " not merged",
                    )
                )
    return out
