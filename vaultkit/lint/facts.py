"""Compact per-note facts: what the whole-vault rules read about each note.

A vault rule (orphans, cycles) needs a few things from every note, never the whole note: the
files it links to, its embeds of notes, its hierarchy links and the aliases it claims. Those
facts are small enough to keep between runs, so a check with a cache re-runs the vault rules
over all notes without loading all notes (see :mod:`vaultkit.lint.incremental`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from vaultkit.cache.codec import pack_span, unpack_span
from vaultkit.notes.frontmatter import obsidian_aliases
from vaultkit.notes.model import LinkKind, Note, Span
from vaultkit.notes.resolve import Resolved
from vaultkit.text import nfc


class EmbedFact(NamedTuple):
    """An embed of a note (possibly of itself): what it shows and where it is written."""

    target: str
    subpath: str
    span: Span


class HierarchyFact(NamedTuple):
    """A link in a hierarchy property (e.g. ``broader``) to an existing file."""

    target: str
    span: Span


class NoteFacts(NamedTuple):
    targets: tuple[str, ...]  # files it links to, embeds or property-links (each once, in
    # link order), itself excluded
    embeds: tuple[EmbedFact, ...]  # embeds of notes, in source order
    hierarchy: tuple[HierarchyFact, ...]  # in source order
    alias_names: frozenset[str]  # its aliases as alias-collision compares them (NFC, lower)


def note_facts(
    path: str,
    note: Note,
    items: Iterable[Resolved],
    notes: Collection[str],
    hierarchy_properties: Collection[str],
) -> NoteFacts:
    """The facts of the note at ``path`` from its resolved links; ``notes``: every note path,
    ``hierarchy_properties``: the configured property names, lower-cased."""
    targets: dict[str, None] = {}  # ordered: the cycle a rule prints follows link order
    embeds: list[EmbedFact] = []
    hierarchy: list[HierarchyFact] = []
    for item in items:
        target = item.target
        if target is None:
            continue
        if target != path:
            targets[target] = None
        link = item.link
        kind = link.kind
        if kind is LinkKind.LINK:
            continue
        if kind is LinkKind.EMBED:
            if target in notes:
                embeds.append(EmbedFact(target, link.subpath, link.span))
        elif link.key and link.key.split(".", 1)[0].lower() in hierarchy_properties:
            hierarchy.append(HierarchyFact(target, link.span))
    return NoteFacts(tuple(targets), tuple(embeds), tuple(hierarchy), frozenset(alias_names(note)))


def facts_of(
    notes: Mapping[str, Note],
    resolved: Mapping[str, Sequence[Resolved]],
    hierarchy_properties: Iterable[str],
) -> dict[str, NoteFacts]:
    """The facts of every note of ``notes`` (by path, in their order)."""
    hierarchy = frozenset(p.lower() for p in hierarchy_properties)
    return {
        path: note_facts(path, note, resolved.get(path, ()), notes, hierarchy)
        for path, note in notes.items()
    }


def alias_names(note: Note) -> list[str]:
    """The note's aliases, NFC and lower-cased, as alias-collision compares them."""
    return [nfc(alias).lower() for alias in obsidian_aliases(note.frontmatter.data)]


def pack_facts(facts: NoteFacts) -> tuple[object, ...]:
    """Plain values (tuples, strings, ints) for storage."""
    return (
        tuple(facts.targets),
        tuple((e.target, e.subpath, pack_span(e.span)) for e in facts.embeds),
        tuple((h.target, pack_span(h.span)) for h in facts.hierarchy),
        tuple(facts.alias_names),
    )


_NO_NAMES: frozenset[str] = frozenset()


def unpack_facts(packed: tuple[Any, ...]) -> NoteFacts:
    """The inverse of :func:`pack_facts` (stored states are checked by their CRC)."""
    targets, embeds, hierarchy, names = packed
    return NoteFacts(
        targets,
        tuple([EmbedFact(t, s, unpack_span(at)) for t, s, at in embeds]) if embeds else (),
        tuple([HierarchyFact(t, unpack_span(at)) for t, at in hierarchy]) if hierarchy else (),
        frozenset(names) if names else _NO_NAMES,
    )
