"""What every rule sees: the vault, the link index, the resolved-links table and the facts.

In a full check ``notes`` and ``resolved`` hold every note. When a check with a cache re-checks
only some notes (:mod:`vaultkit.lint.incremental`), they hold just those: ``notes`` still looks up
any note of the vault, and ``facts`` holds every note's (the others' ``known_facts``, kept
from the last run). The facts are made on first use, by the process that runs the first rule
that reads them (the runner forks: the rules that read them run beside the others); a caller
that needs them for itself asks for them before the rules run, so they are made once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from vaultkit.lint.facts import NoteFacts, facts_of
from vaultkit.notes.model import Note, RawFinding
from vaultkit.notes.resolve import LinkIndex, Resolved, SubpathResult, check_subpath, resolve_notes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vaultkit.config import CheckConfig
    from vaultkit.lint.schemas import SchemaSet
    from vaultkit.notes.linked import LinkedVault


class Overlay(Mapping[str, NoteFacts]):
    """``known`` with the facts ``fresh`` holds in place of its own (its keys, in its order):
    a known note's facts are only looked up when a rule asks for them."""

    def __init__(self, fresh: Mapping[str, NoteFacts], known: Mapping[str, NoteFacts]) -> None:
        self._fresh = fresh
        self._known = known

    def __getitem__(self, path: str) -> NoteFacts:
        found = self._fresh.get(path)
        return found if found is not None and path in self._known else self._known[path]

    def __contains__(self, path: object) -> bool:
        return path in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._known)

    def __len__(self) -> int:
        return len(self._known)


@dataclass
class RuleContext:
    notes: Mapping[str, Note]
    files: tuple[str, ...]  # every vault file, vault-relative
    folders: frozenset[str]
    problems: tuple[RawFinding, ...]
    index: LinkIndex
    resolved: Mapping[str, tuple[Resolved, ...]]
    aliases: Mapping[str, tuple[str, ...]]  # note path -> its Obsidian aliases
    orphan_exclude: tuple[str, ...] = ()
    hierarchy_properties: tuple[str, ...] = ("broader", "parent")
    schemas: SchemaSet | None = None
    publish: bool = False
    known_facts: Mapping[str, NoteFacts] | None = None  # every note's, from an earlier run
    # tables a rule builds from the vault's shape alone (its files, folders and every note's
    # aliases), by name: a caller re-checking a few notes of an unchanged shape again and again
    # (the language server) passes the same dict each time; by default each context has its own
    shape_tables: dict[str, Any] = field(default_factory=dict)
    _last_lines: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def of_linked(
        cls, linked: LinkedVault, config: CheckConfig, schemas: SchemaSet | None
    ) -> RuleContext:
        """The context of a full check with ``config`` of a linked vault."""
        vault = linked.vault
        return cls(
            notes=vault.linking,  # notes and canvases: the rules check the links of both
            files=tuple(f.path for f in vault.files),
            folders=vault.folders,
            problems=vault.problems,
            index=linked.index,
            resolved=linked.resolved,
            aliases=linked.aliases,
            orphan_exclude=config.orphan_exclude,
            hierarchy_properties=config.hierarchy_properties,
            schemas=schemas,
            publish=linked.publish,
        )

    @classmethod
    def build(
        cls,
        config: CheckConfig,
        schemas: SchemaSet | None,
        *,
        notes: Mapping[str, Note],
        files: Sequence[str],
        folders: frozenset[str],
        problems: tuple[RawFinding, ...],
        aliases: Mapping[str, tuple[str, ...]],
        known_facts: Mapping[str, NoteFacts] | None = None,
    ) -> RuleContext:
        """The context of a re-check with ``config``: every file indexed (with every note's
        ``aliases``), the links of ``notes`` (the notes re-checked) resolved; the facts of every
        other note come from ``known_facts``."""
        index = LinkIndex(files, aliases)
        resolved = resolve_notes(notes, index, publish=config.publish)
        return cls(
            notes=notes,
            files=tuple(files),
            folders=folders,
            problems=problems,
            index=index,
            resolved=resolved,
            aliases=aliases,
            orphan_exclude=config.orphan_exclude,
            hierarchy_properties=config.hierarchy_properties,
            schemas=schemas,
            publish=config.publish,
            known_facts=known_facts,
        )

    @cached_property
    def facts(self) -> Mapping[str, NoteFacts]:
        """Every note's facts (by path, in the vault's order): those of the notes in ``notes``
        made now, the others' from ``known_facts``."""
        fresh = facts_of(self.notes, self.resolved, self.hierarchy_properties)
        if self.known_facts is None:
            return fresh
        return Overlay(fresh, self.known_facts)

    @cached_property
    def subpath_failures(self) -> list[tuple[Resolved, SubpathResult]]:
        """Links whose note exists but whose heading/block subpath does not (.md targets only)."""
        failures = []
        seen: dict[tuple[str, str], SubpathResult] = {}
        for items in self.resolved.values():
            for item in items:
                target = item.target
                subpath = item.link.subpath
                if target is None or not subpath or not target.lower().endswith(".md"):
                    continue
                note = self.notes.get(target)
                if note is None:
                    continue
                result = seen.get((target, subpath))
                if result is None:
                    result = seen[(target, subpath)] = check_subpath(note, subpath)
                if not result.ok:
                    failures.append((item, result))
        return failures

    @cached_property
    def incoming(self) -> frozenset[str]:
        """Every file that another note links to, embeds or property-links to."""
        return frozenset().union(*(facts.targets for facts in self.facts.values()))

    def last_line(self, path: str) -> int:
        """The last line anything of the note sits on (the end of a whole-note embed)."""
        known = self._last_lines.get(path)
        if known is None:
            note = self.notes[path]
            ends = [link.span.end_line for link in note.links]
            ends += [h.span.end_line for h in note.headings]
            ends += [b.span.end_line for b in note.blocks]
            known = max(ends, default=1)
            self._last_lines[path] = known
        return known
