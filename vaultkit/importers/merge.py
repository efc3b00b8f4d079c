"""Concept merging: the duplicate ladder of glossary-model.md §A12 over all sources' entries.

1. entries whose preferred forms share a canonical key are one concept, except the senses one
   source keeps apart (two entries of one name under different categories: each is a concept,
   qualified by its category, and the other sources' entries join the closest sense) and the
   senses different sources give it (definitions that share next to nothing: sensesplit);
   spelling variants that differ only by spaces, hyphens or a trailing ``()`` join too;
2. a stated alias or expansion that is another concept's term joins them, when no source
   defines both names (within one source, two entries are two concepts: the author listed
   both) and their definitions are not different senses;
3. singular/plural spellings, used only as lookups, join the same way and are reported;
4. near matches (difflib ratio >= 0.8, or a qualified term next to its bare form) are only
   reported, never merged.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field

from vaultkit.importers.labels import (
    Labels,
    canonical_key,
    expansion_name,
    loose_key,
    names_a_part,
    plural_variants,
    split_term,
    tag_for,
)
from vaultkit.importers.model import Entry, ImportMessage
from vaultkit.importers.sensesplit import LazyJudge


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
        keys = [canonical_key(n) for n in names if not names_a_part(self.labels.title, n)]
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
    sense: str = ""  # the qualifier of one sense of a name with several: title is "name (sense)"

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
    judge = LazyJudge(members)
    by_title, senses = _title_groups(members, union, notes, judge)

    def sources_of(root: int) -> set[str]:
        return {m.source for i, m in enumerate(members) if union.find(i) == root}

    # the sources that define a name, in any of its senses: one that defines two names gave
    # two concepts, even when its entry of one name is another sense (ladder stage 2)
    name_sources: dict[str, set[str]] = {}
    for member in members:
        name_sources.setdefault(member.title_key, set()).add(member.source)

    def defining(root: int) -> set[str]:
        keys = {m.title_key for i, m in enumerate(members) if union.find(i) == root}
        return set().union(*(name_sources[k] for k in keys))

    def apart(a: int, b: int) -> bool:
        one = [i for i in range(len(members)) if union.find(i) == a]
        two = [i for i in range(len(members)) if union.find(i) == b]
        return judge.get().kept_apart(one, two)

    def join(index: int, other: int, why: str) -> None:
        a, b = union.find(index), union.find(other)
        if a == b:
            return
        shared = (defining(a) & sources_of(b)) | (sources_of(a) & defining(b))
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
        if apart(a, b):
            notes.append(
                _diag(member, f"{pair}: {why}, but their definitions are different senses; "
                      "kept apart")
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
    by_loose: dict[str, int] = {}
    for index, member in enumerate(members):
        if member.title_key not in by_title:  # a name with several senses joins nothing
            continue
        loose = loose_key(member.title_key)
        first = by_loose.setdefault(loose, index)
        if (
            loose
            and first != index
            and members[first].title_key != member.title_key
            and not _acronym_and_phrase(members[first].labels.title, member.labels.title)
        ):
            join(index, first, "spellings of one name (spaces, hyphens or '()' aside)")
    for index, member in enumerate(members):
        for variant in plural_variants(member.title_key):
            other = by_title.get(variant)
            if other is not None:
                join(index, other, "singular and plural of one term")
    groups: dict[int, list[Member]] = {}
    for index, member in enumerate(members):
        groups.setdefault(union.find(index), []).append(member)
    sense_of_root = {union.find(index): label for index, label in senses.items()}
    concepts = []
    for root, group in sorted(groups.items()):
        concept = _concept(group)
        sense = sense_of_root.get(root, "")
        if sense:
            concept.title = f"{concept.title} ({sense})"
            concept.sense = sense
        concepts.append(concept)
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


_STOP = frozenset(
    [
        "that", "this", "with", "from", "into", "than", "then", "them", "they", "their", "there",
        "these", "those", "what", "when", "where", "which", "while", "your", "about", "also",
        "each", "other", "some", "such", "more", "most", "only", "just", "like", "used", "uses",
        "using", "make", "makes", "made", "does",
    ]
)


def _words(member: Member) -> set[str]:
    """Content words (first five letters) of an entry's definition and category."""
    text = f"{member.entry.category} {member.entry.definition}".casefold()
    return {w[:5] for w in re.findall(r"[^\W\d_]{4,}", text) if w not in _STOP}


def _title_groups(
    members: list[Member], union: _Union, notes: list[ImportMessage], judge: LazyJudge
) -> tuple[dict[str, int], dict[int, str]]:
    """Union the members sharing a title key; returns the keys with one sense (key -> first
    member) and, for the senses a source keeps apart, the first member of each -> its label."""
    groups: dict[str, list[int]] = {}
    for index, member in enumerate(members):
        groups.setdefault(member.title_key, []).append(index)
    by_title: dict[str, int] = {}
    senses: dict[int, str] = {}
    for key, indices in groups.items():
        seeds = _sense_seeds(members, indices)
        if not seeds and _apart_senses(members, indices, judge, (union, senses), notes):
            continue
        if not seeds:
            by_title[key] = indices[0]
            for index in indices[1:]:
                _report_repeat(members, indices[0], index, notes)
                union.union(indices[0], index)
            continue
        words = {seed: _words(members[seed]) for seed in seeds}
        for seed in seeds:
            senses[seed] = members[seed].entry.category
        for index in indices:
            if index in seeds:
                continue
            member = members[index]
            same = [s for s in seeds if members[s].entry.category == member.entry.category]
            if same and members[same[0]].source == member.source:
                closest = same[0]
            else:
                mine = _words(member)
                closest = max(seeds, key=lambda s: (len(words[s] & mine), -seeds.index(s)))
            notes.append(
                ImportMessage(
                    member.file,
                    member.entry.line,
                    "info",
                    f'"{member.entry.term}" has several senses in '
                    f"{members[seeds[0]].file}; joined the sense "
                    f'"{members[closest].entry.category}" (closest definition)',
                )
            )
            union.union(closest, index)
    return by_title, senses


def _apart_senses(
    members: list[Member],
    indices: list[int],
    judge: LazyJudge,
    out: tuple[_Union, dict[int, str]],
    notes: list[ImportMessage],
) -> bool:
    """Entries of one name from several sources that are different senses (sensesplit):
    record each sense's first entry with its qualifier; False when they are one concept."""
    found = judge.split(indices)
    union, senses = out
    for sense, qualifier, message in found:
        senses[sense[0]] = qualifier
        for index in sense[1:]:
            _report_repeat(members, sense[0], index, notes)
            union.union(sense[0], index)
        notes.append(message)
    return bool(found)


def _sense_seeds(members: list[Member], indices: list[int]) -> list[int]:
    """The entries of one source that give one name under different categories with
    different definitions: the senses that source keeps apart ([] when there are none)."""
    by_source: dict[str, list[int]] = {}
    for index in indices:
        if members[index].entry.kind != "acronym":
            by_source.setdefault(members[index].source, []).append(index)
    for found in by_source.values():
        seeds: list[int] = []
        for index in found:
            entry = members[index].entry
            if entry.category and all(
                members[s].entry.category != entry.category
                and canonical_key(members[s].entry.definition) != canonical_key(entry.definition)
                for s in seeds
            ):
                seeds.append(index)
        if len(seeds) > 1:
            return seeds
    return []


def _report_repeat(
    members: list[Member], first_index: int, index: int, notes: list[ImportMessage]
) -> None:
    first, member = members[first_index], members[index]
    kinds = {first.entry.kind, member.entry.kind}
    if first.source == member.source and "acronym" not in kinds:
        notes.append(
            _diag(
                member,
                f'"{member.entry.term}" appears again in this source '
                f"(line {first.entry.line}); both definitions are kept in one note",
            )
        )


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
        expansion = expansion_name(member.labels.expansion or member.entry.expansion)
        if expansion:
            names.append(expansion)
            if canonical_key(member.labels.title) == title_key:  # the exact acronym's only
                concept.expansion = concept.expansion or expansion
        for name in names:
            key = canonical_key(name)
            if names_a_part(concept.title, name) or _restates(name, title_key):
                continue
            if key and key not in seen:
                seen.add(key)
                concept.aliases.append(name)
        tag = tag_for(member.entry.category) if member.entry.category else ""
        if tag and tag not in concept.tags:
            concept.tags.append(tag)
    return concept


def _acronym_and_phrase(a: str, b: str) -> bool:
    """'TOPP' and 'Top-p': an all-capitals short form is not a spelling of a written-out one."""

    def acronym(text: str) -> bool:
        return text.isupper() and not any(c in text for c in " -")

    def phrase(text: str) -> bool:
        return any(c in text for c in " -") and not text.isupper()

    return (acronym(a) and phrase(b)) or (acronym(b) and phrase(a))


def _restates(name: str, title_key: str) -> bool:
    """'CFG scale (classifier-free guidance)' for the title 'CFG scale': the written form."""
    return "(" in name and canonical_key(split_term(name).title) == title_key


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
    for pos, later in _close_pairs(rows):
        key, concept = rows[pos][0], rows[pos][2]
        other = rows[later][2]
        matcher = difflib.SequenceMatcher(None, rows[later][0], key, autojunk=False)
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


def _close_pairs(rows: list[tuple[str, frozenset[str], Concept]]) -> list[tuple[int, int]]:
    """Pairs of rows (by position in ``rows``, sorted by key length) that no one source lists
    both of, whose keys are of a length a ratio of 0.8 allows (the longer at most 1.5625 times
    the shorter, the shorter at least 4 long), in the order the rows come.

    Rows are grouped by their set of sources first, so a glossary's own entries are never
    paired with each other: one source of 16,000 entries costs nothing here."""
    groups: dict[frozenset[str], list[int]] = {}
    for pos, (_, sources, _) in enumerate(rows):
        groups.setdefault(sources, []).append(pos)
    lengths = {sources: [len(rows[p][0]) for p in members] for sources, members in groups.items()}
    found: list[tuple[int, int]] = []
    keys = list(groups)
    for i, one in enumerate(keys):
        for two in keys[i + 1 :]:
            if one & two:
                continue
            for a, b in ((one, two), (two, one)):
                found.extend(_window(rows, groups[a], groups[b], lengths[b]))
    found.sort()
    return found


def _window(
    rows: list[tuple[str, frozenset[str], Concept]],
    shorter: list[int],
    longer: list[int],
    longer_lengths: list[int],
) -> list[tuple[int, int]]:
    """(p, q) with p from ``shorter`` and q from ``longer`` coming after p, within the length
    window of p."""
    out: list[tuple[int, int]] = []
    for p in shorter:
        size = len(rows[p][0])
        if size < 4:
            continue
        start = bisect.bisect_left(longer_lengths, size)
        end = bisect.bisect_right(longer_lengths, size * 1.25 / 0.8)
        out.extend((p, q) for q in longer[start:end] if q > p)
    return out
