"""What every rule sees: the vault, the link index, the resolved-links table and the facts.

In a full check ``notes`` and ``resolved`` hold every note. When a check with a cache re-checks
only some notes (:mod:`vaultkit.lint.incremental`), they hold just those: ``notes`` still looks up
any note of the vault, and ``facts`` (every note's, kept from the last run) is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from vaultkit.lint.facts import NoteFacts, note_facts
from vaultkit.notes.model import Note, RawFinding
from vaultkit.notes.resolve import LinkIndex, Resolved, SubpathResult, check_subpath, resolve_notes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vaultkit.config import CheckConfig
    from vaultkit.lint.schemas import SchemaSet


@dataclass
class RuleContext:
    notes: Mapping[str, Note]
    files: tuple[str, ...]  # every vault file, vault-relative
    folders: frozenset[str]
    problems: tuple[RawFinding, ...]
    index: LinkIndex
    resolved: Mapping[str, tuple[Resolved, ...]]
    aliases: Mapping[str, tuple[str, ...]]  # note path -> its Obsidian aliases
    line_counts: Mapping[str, int] = field(default_factory=dict)
    orphan_exclude: tuple[str, ...] = ()
    hierarchy_properties: tuple[str, ...] = ("broader", "parent")
    schemas: SchemaSet | None = None
    publish: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    known_facts: Mapping[str, NoteFacts] | None = None  # every note's, from an earlier run

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
        """The context of a check with ``config``: every file indexed (with the notes'
        ``aliases``), the links of ``notes`` resolved."""
        index = LinkIndex(files, aliases)
        return cls(
            notes=notes,
            files=tuple(files),
            folders=folders,
            problems=problems,
            index=index,
            resolved=resolve_notes(notes, index, publish=config.publish),
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
        computed now, the others' from ``known_facts``."""
        hierarchy = frozenset(p.lower() for p in self.hierarchy_properties)
        resolved = self.resolved
        notes = self.notes
        fresh = {
            path: note_facts(path, note, resolved.get(path, ()), notes, hierarchy)
            for path, note in notes.items()
        }
        if self.known_facts is None:
            return fresh
        return {path: fresh.get(path, known) for path, known in self.known_facts.items()}

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

    @cached_property
    def _last_lines(self) -> dict[str, int]:
        return dict(self.line_counts)
