"""Re-check only what a change can change, from the state the previous check left in the cache.

A check with a cache stores a :class:`~vaultkit.lint.state.CheckState` beside the parsed notes
(:mod:`vaultkit.lint.state`): every file path, and for every note its stat key, its facts
(:mod:`vaultkit.lint.facts`), what other notes see of it (its aliases, a digest of its headings
and block ids), the notes it links to with a subpath, the names its links use, its broken links,
its suppressions and the findings of the note-scoped rules about it (rule scopes:
:mod:`vaultkit.lint.rules.registry`). The next check with the same configuration calls a
re-check. The changed and added notes are parsed, and re-checked together with every note the
change can speak about:

- a note that links with a subpath to a changed note whose headings or block ids changed;
- a note with a link whose name is the name of a file added or removed, or an alias given or
  taken (it may now find another file, or none, or get another hint);
- a note whose alias is the name of a note added or removed, or an alias given or taken (the
  alias may collide anew);
- a note with a broken link whose hint may read differently: a file of a near name, or a folder
  of its name, came or went.

Every other note's findings are reused and removed notes' dropped. The vault rules run over
all notes' facts, unless nothing they read changed (:meth:`Recheck.rules`): then their stored
findings are kept too. Anything else (a file that became unreadable or readable, more than
:data:`MOST_CHANGED` of the notes to re-check, anything unexpected while loading a note) raises
:class:`FullCheckNeeded`, the one way a re-check fails, and the engine runs a full check, which
stores a fresh state.

The engine drives a re-check step by step, calling down into this module:
:func:`plan_recheck` (what changed: :mod:`vaultkit.lint.changes`, parsed again; which notes to
re-check), :meth:`Recheck.context`
(the rules' context), then the rules, then :meth:`Recheck.finish` (every finding and the new
state).

A stat key is trusted as the note cache trusts it (see :mod:`vaultkit.cache`): a note written
within the racy window of the run is stored without one, so the next run parses it again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.config import CheckConfig
from vaultkit.lint.changes import Shape, changes_since
from vaultkit.lint.facts import NoteFacts, alias_names
from vaultkit.lint.rules import RULES, RuleContext
from vaultkit.lint.rules.registry import VAULT
from vaultkit.lint.state import (
    CheckState,
    FullCheckNeeded,
    NoteDetail,
    NoteHead,
    anchor_digest,
    file_keys,
    fold,
    in_report_order,
    is_note_scoped,
    names_any,
    stat_of,
    subpath_targets,
    unresolved_paths,
)
from vaultkit.lint.statkeys import Stat
from vaultkit.lint.stored import every_detail, with_details
from vaultkit.lint.suppress import Suppressions, note_suppressions
from vaultkit.notes.frontmatter import obsidian_aliases
from vaultkit.notes.model import Finding, Note, RawFinding, Severity
from vaultkit.notes.scan import VaultFile, VaultScan, is_canvas_name
from vaultkit.notes.vault import parse_files

if TYPE_CHECKING:
    from vaultkit.cache.store import SqliteNoteCache
    from vaultkit.lint.schemas import SchemaSet

_NO_FACTS = NoteFacts((), (), (), frozenset())  # an added note's, until it is checked
MOST_CHANGED = 0.2  # of the notes; re-checking more than this costs about a full check


@dataclasses.dataclass(frozen=True)
class Rechecked:
    # every finding, graded, before suppression: the notes' (by note in the vault's order,
    # each note's in report order: see NoteHead.findings), then the vault rules'
    notes_raw: list[Finding]
    vault_raw: list[Finding]
    suppressions: dict[str, Suppressions]
    state: CheckState
    notes: int
    rechecked: int

    @property
    def raw(self) -> list[Finding]:
        return [*self.vault_raw, *self.notes_raw]


# ---- re-checking ------------------------------------------------------------------------------


class NoteView(Mapping[str, Note]):
    """The notes being re-checked (iteration, ``len``) over a vault whose every note can be
    looked up (``[]``, ``get``, ``in``): other notes are loaded on first use."""

    def __init__(
        self, checked: dict[str, Note], every: Mapping[str, object], load: Callable[[str], Note]
    ) -> None:
        self._checked = checked
        self._every = every
        self._load = load
        self._loaded: dict[str, Note] = {}

    def __getitem__(self, path: str) -> Note:
        note = self._checked.get(path)
        if note is None:
            note = self._loaded.get(path)
        if note is None:
            if path not in self._every:
                raise KeyError(path)
            note = self._loaded[path] = self._load(path)
        return note

    def __contains__(self, path: object) -> bool:
        return path in self._every

    def __iter__(self) -> Iterator[str]:
        return iter(self._checked)

    def __len__(self) -> int:
        return len(self._checked)


def plan_recheck(
    state: CheckState, scan: VaultScan, config: CheckConfig, cache: SqliteNoteCache
) -> Recheck:
    """The re-check of the vault ``scan`` describes since ``state``: the changed and added
    notes parsed, the notes to re-check chosen; raises :class:`FullCheckNeeded`."""
    shape = changes_since(state, scan)
    if shape.unchanged:
        return Recheck(state, scan, config, cache, shape)
    limit = max(20, int(len(state.heads) * MOST_CHANGED))
    if len(shape.changed) + len(shape.added) > limit:
        raise FullCheckNeeded(f"{len(shape.changed) + len(shape.added)} notes changed")
    job = Recheck(state, scan, config, cache, shape)
    job.parse([*shape.changed, *shape.added])
    job.add_dependents(limit)
    return job


class Recheck:
    """One re-check: the changed notes, the notes re-checked with them, the new state."""

    def __init__(
        self,
        state: CheckState,
        scan: VaultScan,
        config: CheckConfig,
        cache: SqliteNoteCache,
        shape: Shape,
    ) -> None:
        self.state = state
        self.config = config
        self.cache = cache
        self.shape = shape
        self.paths = shape.paths
        self.folders = scan.folders
        self.by_path = shape.notes
        removed = shape.removed
        self.heads = (  # the kept notes' heads
            {p: h for p, h in state.heads.items() if p not in removed} if removed else state.heads
        )
        self.details = state.details  # every stored note's details, read on first use
        # the notes now (those that did not parse last time aside), in scan order
        self.every: Mapping[str, object] = shape.notes
        if state.unparsed:
            added = {f.path for f in shape.added}
            self.every = {p: f for p, f in shape.notes.items() if p in self.heads or p in added}
        self.fresh: dict[str, Note] = {}  # changed and added notes, parsed
        self.aliases: dict[str, tuple[str, ...]] = {}  # the fresh notes' aliases
        self.checked: dict[str, Note] = {}  # the notes to re-check, in the vault's order

    @property
    def unchanged(self) -> bool:
        return self.shape.unchanged

    def parse(self, changed: list[VaultFile]) -> None:
        """Parse the changed and added notes (FullCheckNeeded if one does not parse)."""
        parsed = parse_files(changed, jobs=None if len(changed) > 300 else 1)
        self.cache.store(list(zip(changed, parsed, strict=True)))
        for f, note in zip(changed, parsed, strict=True):
            if isinstance(note, RawFinding):
                raise FullCheckNeeded(f"{f.path} is unreadable")
            self.fresh[f.path] = note
            self.aliases[f.path] = tuple(obsidian_aliases(note.frontmatter.data))

    def _touched_names(self) -> tuple[set[str], set[str], set[str]]:
        """What other notes may have read differently: names a link may use to find a file
        added or removed (or an alias given or taken), note names and aliases an alias may
        collide with, and the stems of files added or removed (near names in hints)."""
        shape, heads, details = self.shape, self.state.heads, self.details
        link: set[str] = set()
        stems: set[str] = set()
        for path in shape.added_paths | shape.removed:
            keys = file_keys(path)
            link |= keys
            stems |= keys
        claimed: set[str] = set(stems)
        for path, note in self.fresh.items():
            old = heads.get(path)
            before = {fold(a) for a in old.aliases} if old else set()
            now = {fold(a) for a in self.aliases[path]}
            names_before = set(details[path].facts.alias_names) if old else set()
            changed = (before ^ now) | (names_before ^ set(alias_names(note)))
            if changed and self.config.publish:  # Publish resolves bare aliases: any link
                raise FullCheckNeeded(f"{path} changed its aliases")  # may find another note
            link |= changed
            claimed |= changed
        for path in shape.removed:
            gone = heads.get(path)
            if gone is not None:
                aliases = {fold(a) for a in gone.aliases} | set(details[path].facts.alias_names)
                if aliases and self.config.publish:
                    raise FullCheckNeeded(f"{path}, which had aliases, is gone")
                link |= aliases
                claimed |= aliases
        for folder in shape.folders:
            link |= {fold(folder), fold(folder).rsplit("/", 1)[-1]}
        return link, claimed, stems

    def add_dependents(self, limit: int) -> None:
        """Add the notes what changed can speak about: those whose subpath links reach a changed
        note whose headings or block ids changed, those with a link that may find another
        file now, whose alias may collide anew, or whose broken link's hint may change
        (FullCheckNeeded if that makes more than ``limit`` notes)."""
        heads, details = self.heads, self.details
        moved = {
            p for p, note in self.fresh.items()
            if p not in heads or anchor_digest(note) != details[p].anchors
        } | set(self.shape.removed)
        link, claimed, stems = self._touched_names()
        publish = heads if self.config.publish else None  # links may name a note by an alias
        near = {v for stem in stems for v in one_deletion(stem)} - {""}
        folders = {fold(f) for f in self.shape.folders}
        folders |= {f.rsplit("/", 1)[-1] for f in folders}
        dependents = []
        if moved or link or claimed or near or folders:  # else no other note's detail is read
            dependents = [
                p
                for p, detail in every_detail(details)
                if p in heads and p not in self.fresh and _speaks_of(
                    detail, p, moved, link, claimed, near, folders, publish
                )
            ]
        if len(self.fresh) + len(dependents) > limit:
            raise FullCheckNeeded(f"{len(self.fresh) + len(dependents)} notes to re-check")
        loaded = self._load([self.by_path[p] for p in dependents])
        self.checked = {
            p: self.fresh[p] if p in self.fresh else loaded[p]
            for p in self.every
            if p in self.fresh or p in loaded
        }

    def _load(self, files: Sequence[VaultFile]) -> dict[str, Note]:
        """Unchanged notes, from the note cache or parsed again."""
        found = self.cache.lookup_some(files)
        missing = [f for f in files if f.path not in found]
        found.update((f.path, r) for f, r in zip(missing, parse_files(missing, 1), strict=True))
        notes: dict[str, Note] = {}
        for path, result in found.items():
            if isinstance(result, RawFinding):
                raise FullCheckNeeded(path)  # it changed after the scan
            notes[path] = result
        return notes

    def context(self, schemas: SchemaSet | None) -> RuleContext:
        """The rules' context: the notes to re-check, every other note looked up on demand,
        every note's facts (the re-checked notes' computed again)."""
        state = self.state
        view = NoteView(self.checked, self.every, lambda p: self._load([self.by_path[p]])[p])
        aliases = {p: head.aliases for p, head in self.heads.items() if head.aliases}
        reorder = bool(self.shape.added)  # the heads are in the last scan's order
        for path, found in self.aliases.items():
            if found:
                reorder = reorder or path not in aliases
                aliases[path] = found
            else:
                aliases.pop(path, None)
        ordered = {p: aliases[p] for p in self.every if p in aliases} if reorder else aliases
        return RuleContext.build(
            self.config,
            schemas,
            notes=view,
            files=self.paths,
            folders=self.folders,
            problems=state.problems,
            aliases=ordered,
            known_facts=KnownFacts(self.every, self.heads, self.details),
        )

    def rules(
        self, ctx: RuleContext, graded: Mapping[str, Severity]
    ) -> tuple[dict[str, Severity], list[Finding]]:
        """The graded rules to run over ``ctx``, and the findings kept from the state of the
        vault rules whose input did not change: the vault's shape, every note's facts and the
        content of the notes the rule reads (see :mod:`vaultkit.lint.rules.registry`)."""
        shape = self.shape
        if shape.added_paths or shape.removed or shape.folders:
            return dict(graded), []
        facts = ctx.facts
        for path in self.checked:
            if path not in self.heads or self.details[path].facts != facts[path]:
                return dict(graded), []
        run: dict[str, Severity] = {}
        reused: set[str] = set()
        for name, severity in graded.items():
            entry = RULES[name]
            reads = entry.reads
            if entry.scope != VAULT or (reads and any(reads(facts[p]) for p in self.fresh)):
                run[name] = severity
            else:
                reused.add(name)
        return run, [f for f in self.state.vault_findings if f.rule in reused]

    def finish(self, ctx: RuleContext, found: Iterable[Finding]) -> Rechecked:
        """Every finding of the vault, given the rules' graded findings ``found`` over
        ``ctx``: the re-checked notes' new ones, every other note's kept ones."""
        state, fresh = self.state, self.fresh
        facts, resolved = ctx.facts, ctx.resolved
        by_note: dict[str, list[Finding]] = {p: [] for p in self.checked}
        vault_raw: list[Finding] = []
        for finding in found:
            if not is_note_scoped(finding):
                vault_raw.append(finding)
            elif finding.path in by_note:
                by_note[finding.path].append(finding)
            else:
                raise FullCheckNeeded(f"a note rule reported on {finding.path}, not re-checked")
        vault = tuple(vault_raw)
        raw: list[Finding] = []
        racy_after = self.cache.opened_ns - self.cache.racy_window_ns
        heads: dict[str, NoteHead] = {}
        changed: dict[str, NoteDetail] = {}
        stats: dict[str, Stat | None] = {}
        table: dict[str, Suppressions] = {}
        kept = self.heads
        for path in self.every:
            note = fresh.get(path)
            if note is not None:
                f = self.by_path[path]
                stats[path] = stat_of(f, racy_after)
                head = NoteHead(
                    self.aliases[path],
                    note_suppressions(note, Path(f.abspath)),
                    in_report_order(by_note[path]),
                )
                changed[path] = NoteDetail(
                    facts[path],
                    anchor_digest(note),
                    subpath_targets(resolved[path], ctx.notes),
                    unresolved_paths(resolved[path]),
                )
            elif path in by_note:
                head = kept[path]._replace(findings=in_report_order(by_note[path]), packed=None)
                changed[path] = NoteDetail(
                    facts[path],
                    self.details[path].anchors,
                    subpath_targets(resolved[path], ctx.notes),
                    unresolved_paths(resolved[path]),
                )
            else:
                head = kept[path]
            heads[path] = head
            raw.extend(head.findings)
            if head.suppressions is not None:
                table[path] = head.suppressions
        folders = tuple(sorted(self.folders))
        dropped = frozenset(p for p in self.shape.removed if p in state.heads) | state.dropped
        new_state = dataclasses.replace(
            state, paths=self.paths, folders=folders, heads=heads,
            stats=state.stats.updated(list(heads), stats),
            details=with_details(self.details, heads, changed), vault_findings=vault,
            dropped=dropped,
        )
        markdown = sum(1 for path in heads if not is_canvas_name(path))  # as a full check counts
        return Rechecked(raw, vault_raw, table, new_state, markdown, len(self.checked))


class KnownFacts(Mapping[str, NoteFacts]):
    """The facts of the notes ``every`` holds, in its order: a kept note's from its stored
    detail (read on first use), an added note's none until it is checked."""

    def __init__(
        self,
        every: Mapping[str, object],
        kept: Mapping[str, object],
        details: Mapping[str, NoteDetail],
    ) -> None:
        self._every = every
        self._kept = kept
        self._details = details

    def __getitem__(self, path: str) -> NoteFacts:
        if path not in self._every:
            raise KeyError(path)
        return self._details[path].facts if path in self._kept else _NO_FACTS

    def __contains__(self, path: object) -> bool:
        return path in self._every

    def __iter__(self) -> Iterator[str]:
        return iter(self._every)

    def __len__(self) -> int:
        return len(self._every)


def _speaks_of(  # noqa: PLR0917
    detail: NoteDetail,
    path: str,
    moved: set[str],
    link: set[str],
    claimed: set[str],
    near: set[str],
    folders: set[str],
    publish: Mapping[str, NoteHead] | None,
) -> bool:
    """May what changed speak about the note at ``path`` (its detail ``detail``)?"""
    return bool(
        (moved and not moved.isdisjoint(detail.subpath_targets))
        or (link and names_any(link, path, detail, publish))
        or (claimed and not claimed.isdisjoint(detail.facts.alias_names))
        or (detail.unresolved and _hint_may_change(detail.unresolved, near, folders))
    )


def one_deletion(word: str) -> set[str]:
    """The word and every word one character shorter: two words within one edit (insert,
    delete, replace, swap) share one of these (the unresolved-link hint's own join)."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _hint_may_change(unresolved: tuple[str, ...], near: set[str], folders: set[str]) -> bool:
    """Could the hint of one of these broken links read differently now (a file of a near name
    or a folder of its name came or went)?"""
    for path in unresolved:
        last = path.rsplit("/", 1)[-1]
        if near and not near.isdisjoint(one_deletion(last)):
            return True
        if folders and (path.strip("/") in folders or last in folders):
            return True
    return False
