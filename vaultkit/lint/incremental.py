"""Re-check only what an edit can change, from the state the previous check left in the cache.

A check with a cache stores a :class:`CheckState` beside the parsed notes: every file path,
and for every note its stat key, its facts (:mod:`vaultkit.lint.facts`), what other notes see of it
(its aliases, a digest of its headings and block ids), the notes it links to with a subpath,
its suppressions and the findings of the note-scoped rules about it (rule scopes:
:mod:`vaultkit.lint.rules.registry`). The next check with the same configuration calls
a re-check:

- When the vault's shape is the same (the same file paths, folders and unreadable files) and no
  changed note changed its aliases, the changed notes are parsed again and re-checked, together
  with every note that links with a subpath to a changed note whose headings or block ids
  changed; every other note's findings are reused, and the vault rules run over all notes'
  facts (one changed note of 10,000: 0.6 s against 2.6 s for a full check, most of it Python's
  start-up and the state's loading and storing).
- Anything else (a file added, deleted or renamed, an alias edited, a file that became
  unreadable or readable, more than :data:`MOST_CHANGED` of the notes to re-check, anything
  unexpected while loading a note) raises :class:`FullCheckNeeded`, the one way a re-check
  fails, and the engine runs a full check, which stores a fresh state.

The engine drives a re-check step by step, calling down into this module:
:func:`plan_recheck` (what changed, parsed again; which notes to re-check), :meth:`Recheck.context`
(the rules' context), then the rules, then :meth:`Recheck.finish` (every finding and the new
state). States are stored with :func:`pack_state` / :func:`unpack_state` through
:mod:`vaultkit.cache.codec`.

A stat key is trusted as the note cache trusts it (see :mod:`vaultkit.cache`): a note written
within the racy window of the run is stored without one, so the next run parses it again.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from vaultkit.cache.codec import Packed, pack, pack_finding, seal, unpack, unpack_finding, unseal
from vaultkit.config import CheckConfig
from vaultkit.lint.facts import NoteFacts, alias_names, pack_facts, unpack_facts
from vaultkit.lint.rules import RULES, RuleContext
from vaultkit.lint.rules.registry import NOTE
from vaultkit.lint.suppress import Suppressions, note_suppressions
from vaultkit.notes.frontmatter import obsidian_aliases
from vaultkit.notes.model import Finding, Note, RawFinding
from vaultkit.notes.resolve import Resolved
from vaultkit.notes.scan import VaultFile, VaultScan, is_canvas_name
from vaultkit.notes.vault import parse_files

if TYPE_CHECKING:
    from vaultkit.cache.store import SqliteNoteCache
    from vaultkit.lint.schemas import SchemaSet

STATE_VERSION = 2  # 2: facts computed with the context, stored through the codec
MOST_CHANGED = 0.2  # of the notes; re-checking more than this costs about a full check

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


class NoteState(NamedTuple):
    stat: Stat | None  # None: written too recently to be told apart from its next version
    facts: NoteFacts
    aliases: tuple[str, ...]  # as Obsidian reads them (the link index)
    anchors: str  # digest of its headings and block ids: what a #subpath link sees
    subpath_targets: tuple[str, ...]  # notes it links to with a #heading or #^block
    suppressions: Suppressions | None
    findings: tuple[Finding, ...]  # by the note-scoped rules, graded, before suppression
    packed: tuple[object, ...] | None = None  # the stored row this was read from, if unchanged


@dataclasses.dataclass(frozen=True)
class CheckState:
    paths: tuple[str, ...]  # every vault file, in scan order
    folders: tuple[str, ...]  # sorted
    scan_problems: tuple[RawFinding, ...]  # as the scan reported them
    problems: tuple[RawFinding, ...]  # the scan's and the parser's, as the rules saw them
    unparsed: Mapping[str, Stat | None]  # notes and canvases that did not parse into a Note
    notes: Mapping[str, NoteState]  # notes and canvases, in the vault's order


@dataclasses.dataclass(frozen=True)
class Rechecked:
    raw: list[Finding]  # every finding, graded, before suppression
    suppressions: dict[str, Suppressions]
    state: CheckState
    notes: int
    rechecked: int


class FullCheckNeeded(Exception):
    """A re-check cannot give the full check's findings: run a full check (the reason is the
    message)."""


def state_key(tag: str, config: CheckConfig, root: Path, schema_stats: Sequence[str]) -> str:
    """The key of the state a check with ``config`` leaves (the FILES it reports on aside)."""
    digest = hashlib.blake2b(f"{tag}\0{STATE_VERSION}".encode(), digest_size=16)
    options = repr(_without_files(config))
    for item in (options, str(root.resolve()), *schema_stats):
        digest.update(b"\1" + item.encode("utf-8", "surrogatepass"))
    return "state:" + digest.hexdigest()


def _without_files(config: CheckConfig) -> CheckConfig:
    return dataclasses.replace(config, only_paths=None)


def stat_of(f: VaultFile, racy_after: int) -> Stat | None:
    """The stat key to store for ``f``: None when it was written after ``racy_after``."""
    if max(f.ctime_ns, f.mtime_ns) >= racy_after:
        return None
    return (f.size, f.mtime_ns, f.ctime_ns, f.ino)


def anchor_digest(note: Note) -> str:
    """What links with a subpath see of a note: heading levels and texts, block ids."""
    digest = hashlib.blake2b(digest_size=12)
    for heading in note.headings:  # length-prefixed: no two lists of headings read the same
        text = heading.text
        digest.update(f"h{heading.level}:{len(text)}:{text}".encode("utf-8", "surrogatepass"))
    for block in note.blocks:
        digest.update(f"b{len(block.id)}:{block.id}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def subpath_targets(items: Sequence[Resolved], notes: Mapping[str, object]) -> tuple[str, ...]:
    """The notes these links reach with a #heading or #^block subpath (each once)."""
    found: dict[str, None] = {}
    for item in items:
        if item.link.subpath and item.target is not None and item.target in notes:
            found[item.target] = None
    return tuple(found)


def is_note_scoped(finding: Finding) -> bool:
    entry = RULES.get(finding.rule)
    return entry is not None and entry.scope == NOTE


# ---- capturing a full check -----------------------------------------------------------------


def capture(
    scan: VaultScan,
    ctx: RuleContext,
    *,
    facts: Mapping[str, NoteFacts],
    raw: Sequence[Finding],
    suppressions: Mapping[str, Suppressions],
    racy_after: int,
) -> CheckState:
    """The state a full check of ``ctx`` (of the vault ``scan`` found) leaves for the next run:
    ``facts`` are every note's, ``raw`` the check's graded findings before suppression."""
    by_note: dict[str, list[Finding]] = {}
    for finding in raw:
        if is_note_scoped(finding):
            by_note.setdefault(finding.path, []).append(finding)
    notes: dict[str, NoteState] = {}
    unparsed: dict[str, Stat | None] = {}
    for f in scan.files:
        if not f.has_links:
            continue
        note = ctx.notes.get(f.path)
        if note is None:
            unparsed[f.path] = stat_of(f, racy_after)
            continue
        notes[f.path] = NoteState(
            stat_of(f, racy_after),
            facts[f.path],
            ctx.aliases.get(f.path, ()),
            anchor_digest(note),
            subpath_targets(ctx.resolved.get(f.path, ()), ctx.notes),
            suppressions.get(f.path),
            tuple(by_note.get(f.path, ())),
        )
    return CheckState(
        tuple(f.path for f in scan.files),
        tuple(sorted(scan.folders)),
        tuple(scan.problems),
        tuple(ctx.problems),
        unparsed,
        notes,
    )


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
    """The re-check of the vault ``scan`` describes since ``state``: the changed notes parsed
    again, the notes to re-check chosen; raises :class:`FullCheckNeeded`."""
    changed = _changed(state, scan)
    limit = max(20, int(len(state.notes) * MOST_CHANGED))
    if len(changed) > limit:
        raise FullCheckNeeded(f"{len(changed)} notes changed")
    job = Recheck(state, scan, config, cache)
    job.parse(changed)
    job.add_dependents(limit)
    return job


def _changed(state: CheckState, scan: VaultScan) -> list[VaultFile]:
    """The notes whose stat key changed (FullCheckNeeded when the vault's shape changed)."""
    if (
        len(scan.files) != len(state.paths)
        or any(f.path != p for f, p in zip(scan.files, state.paths, strict=True))
        or tuple(sorted(scan.folders)) != state.folders
        or tuple(scan.problems) != state.scan_problems
    ):
        raise FullCheckNeeded("the vault's files or folders changed")
    changed: list[VaultFile] = []
    for f in scan.files:
        if not f.has_links:
            continue
        old = state.notes.get(f.path)
        stat = (f.size, f.mtime_ns, f.ctime_ns, f.ino)
        if old is None:
            if f.path not in state.unparsed or state.unparsed[f.path] != stat:
                raise FullCheckNeeded(f"{f.path} may have become readable")
        elif old.stat != stat:
            changed.append(f)
    return changed


class Recheck:
    """One re-check: the changed notes, the notes re-checked with them, the new state."""

    def __init__(
        self, state: CheckState, scan: VaultScan, config: CheckConfig, cache: SqliteNoteCache
    ) -> None:
        self.state = state
        self.config = config
        self.cache = cache
        self.folders = scan.folders
        self.by_path = {f.path: f for f in scan.files}
        self.fresh: dict[str, Note] = {}  # changed notes, parsed again
        self.checked: dict[str, Note] = {}  # the notes to re-check, in the vault's order

    def parse(self, changed: list[VaultFile]) -> None:
        """Parse the changed notes (FullCheckNeeded if one no longer parses or changed its
        aliases)."""
        parsed = parse_files(changed, jobs=None if len(changed) > 300 else 1)
        self.cache.store(list(zip(changed, parsed, strict=True)))
        for f, note in zip(changed, parsed, strict=True):
            if isinstance(note, RawFinding):
                raise FullCheckNeeded(f"{f.path} became unreadable")
            old = self.state.notes[f.path]
            aliases = tuple(obsidian_aliases(note.frontmatter.data))
            names = frozenset(alias_names(note))
            if aliases != old.aliases or names != old.facts.alias_names:
                raise FullCheckNeeded(f"{f.path} changed its aliases")  # links anywhere may move
            self.fresh[f.path] = note

    def add_dependents(self, limit: int) -> None:
        """Add the notes whose subpath links reach a changed note whose headings or block ids
        changed (FullCheckNeeded if that makes more than ``limit`` notes)."""
        notes = self.state.notes
        moved = {p for p, note in self.fresh.items() if anchor_digest(note) != notes[p].anchors}
        dependents = [
            p
            for p, ns in notes.items()
            if moved and p not in self.fresh and not moved.isdisjoint(ns.subpath_targets)
        ]
        if len(self.fresh) + len(dependents) > limit:
            raise FullCheckNeeded(f"{len(self.fresh) + len(dependents)} notes to re-check")
        loaded = self._load([self.by_path[p] for p in dependents])
        self.checked = {
            p: self.fresh[p] if p in self.fresh else loaded[p]
            for p in notes
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
        view = NoteView(self.checked, state.notes, lambda p: self._load([self.by_path[p]])[p])
        return RuleContext.build(
            self.config,
            schemas,
            notes=view,
            files=state.paths,
            folders=self.folders,
            problems=state.problems,
            aliases={p: ns.aliases for p, ns in state.notes.items() if ns.aliases},
            known_facts={p: ns.facts for p, ns in state.notes.items()},
        )

    def finish(self, ctx: RuleContext, found: Iterable[Finding]) -> Rechecked:
        """Every finding of the vault, given the rules' graded findings ``found`` over
        ``ctx``: the re-checked notes' new ones, every other note's kept ones."""
        state, fresh = self.state, self.fresh
        facts, resolved = ctx.facts, ctx.resolved
        by_note: dict[str, list[Finding]] = {p: [] for p in self.checked}
        raw: list[Finding] = []
        for finding in found:
            if not is_note_scoped(finding):
                raw.append(finding)
            elif finding.path in by_note:
                by_note[finding.path].append(finding)
            else:
                raise FullCheckNeeded(f"a note rule reported on {finding.path}, not re-checked")
        racy_after = self.cache.opened_ns - self.cache.racy_window_ns
        notes: dict[str, NoteState] = {}
        table: dict[str, Suppressions] = {}
        for path, old in state.notes.items():
            ns = old
            note = fresh.get(path)
            if note is not None:
                f = self.by_path[path]
                ns = NoteState(
                    stat_of(f, racy_after),
                    facts[path],
                    old.aliases,
                    anchor_digest(note),
                    subpath_targets(resolved[path], ctx.notes),
                    note_suppressions(note, Path(f.abspath)),
                    tuple(by_note[path]),
                )
            elif path in by_note:
                ns = old._replace(findings=tuple(by_note[path]), packed=None)
            notes[path] = ns
            raw.extend(ns.findings)
            if ns.suppressions is not None:
                table[path] = ns.suppressions
        new_state = dataclasses.replace(state, notes=notes)
        markdown = sum(1 for path in notes if not is_canvas_name(path))  # as a full check counts
        return Rechecked(raw, table, new_state, markdown, len(self.checked))


# ---- storage ----------------------------------------------------------------------------------
# A state is stored as one sealed value (vaultkit.cache.codec: marshal behind a CRC-32): loading
# 10,000 notes' rows this way takes a few hundredths of a second, where a pickle with a type check
# of every value took 0.2 s. The check value makes a damaged or truncated state a miss, so the
# rows need no value-by-value check; the unpacking below still turns any shape it does not
# expect into a miss. A note whose row is unchanged keeps its packed row, so storing the next
# state packs only the re-checked notes.


def pack_state(state: CheckState) -> bytes:
    """The bytes to store for ``state``."""
    rows = tuple(
        ns.packed if ns.packed is not None else _pack_row(path, ns)
        for path, ns in state.notes.items()
    )
    return seal(
        (
            STATE_VERSION,
            state.paths,
            state.folders,
            tuple(pack(p) for p in state.scan_problems),
            tuple(pack(p) for p in state.problems),
            tuple(state.unparsed.items()),
            rows,
        )
    )


def _pack_row(path: str, ns: NoteState) -> tuple[object, ...]:
    return (
        path,
        ns.stat,
        pack_facts(ns.facts),
        ns.aliases,
        ns.anchors,
        ns.subpath_targets,
        None if ns.suppressions is None else ns.suppressions.pack(),
        tuple(pack_finding(f) for f in ns.findings),
    )


def unpack_state(data: bytes | None) -> CheckState | None:
    """The state stored as ``data``, or None for anything else (damaged, foreign, older)."""
    value = unseal(data)
    if not isinstance(value, tuple) or len(value) != 7 or value[0] != STATE_VERSION:
        return None
    try:
        return _unpack_state(value)
    except Exception:  # a value of another shape is a miss, never an error
        return None


def _unpack_state(value: tuple[Any, ...]) -> CheckState:
    _, paths, folders, scan_problems, problems, unparsed, rows = value
    notes: dict[str, NoteState] = {}
    for row in rows:
        path, stat, facts, aliases, anchors, targets, suppressions, findings = row
        notes[path] = NoteState(
            stat,
            unpack_facts(facts),
            aliases,
            anchors,
            targets,
            None if suppressions is None else Suppressions.unpack(suppressions),
            tuple([unpack_finding(f) for f in findings]),
            row,
        )
    return CheckState(
        paths,
        folders,
        tuple(_problem(p) for p in scan_problems),
        tuple(_problem(p) for p in problems),
        dict(unparsed),
        notes,
    )


def _problem(value: Packed) -> RawFinding:
    result = unpack(value)
    if not isinstance(result, RawFinding):
        raise TypeError("expected a problem")
    return result
