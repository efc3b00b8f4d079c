"""The vault as the server holds it: indexed once (from the note cache when warm), then kept
current note by note.

:meth:`Workspace.load` does what a full ``vaultkit check`` does (the same context, rules,
grades and suppressions) and keeps every note's findings. After that, an edited note is parsed
again, its links resolved again and the note-scoped rules (:mod:`vaultkit.lint.rules.registry`)
run over it alone, every other note only looked up; the vault-scoped rules (orphan, cycles,
duplicate names) run over every note's facts when asked (:meth:`Workspace.recheck_vault`, on
save). A file created, deleted or renamed changes the vault's shape: the link index is built
again and the links that name a changed file resolved again (no file is read but the changed
ones). With the note cache, a start begins from the re-check state ``vaultkit check`` keeps.
Nothing here knows about LSP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.config import CheckConfig
from vaultkit.lint import incremental
from vaultkit.lint.engine import (
    STATES_KEPT,
    Checker,
    FullCheckNeeded,
    recheck_state_key,
    vault_suppressions,
)
from vaultkit.lint.facts import NoteFacts, facts_of
from vaultkit.lint.rules import RULES, RuleContext
from vaultkit.lint.rules.files import other_problems
from vaultkit.lint.rules.registry import NOTE
from vaultkit.lint.runner import run_rules
from vaultkit.lint.state import capture
from vaultkit.lint.stored import load_state, save_state
from vaultkit.lint.suppress import Suppressions, apply, suppressions_for
from vaultkit.notes.linked import LinkedVault, link_vault, note_aliases
from vaultkit.notes.model import Finding, Note, RawFinding, Severity, Span
from vaultkit.notes.note import parse_note
from vaultkit.notes.reader import read_text
from vaultkit.notes.resolve import LinkIndex, Resolved, resolve_notes
from vaultkit.notes.scan import VaultFile, is_markdown_name, scan_vault
from vaultkit.notes.vault import Vault, load_vault
from vaultkit.text import nfc

if TYPE_CHECKING:
    from vaultkit.cache.store import SqliteNoteCache


class Later:
    """The note cache as a cold start uses it: hits are read at once, and what is to be stored
    (the parsed notes, then the re-check state) is kept to be written by :meth:`run`, once the
    index is ready: at 10,000 notes writing them takes a tenth of the start, and no answer
    needs it. What it keeps is never changed afterwards, so ``run`` may go on another thread."""

    def __init__(self, cache: SqliteNoteCache) -> None:
        self.cache = cache
        self.notes: list[tuple[VaultFile, Note | RawFinding]] = []
        self.after: list[Callable[[], None]] = []

    def lookup(self, files: Sequence[VaultFile]) -> dict[str, Note | RawFinding]:
        return self.cache.lookup(files)

    def store(self, results: Sequence[tuple[VaultFile, Note | RawFinding]]) -> None:
        self.notes.extend(results)

    def then(self, step: Callable[[], None]) -> None:
        self.after.append(step)

    def run(self) -> None:
        """Write what was kept (once; the cache never raises)."""
        notes, self.notes = self.notes, []
        steps, self.after = self.after, []
        if notes:
            self.cache.store(notes)
        for step in steps:
            step()


class Lookup(Mapping[str, Note]):
    """Every note looked up, only ``checked`` iterated: what a note rule sees of the vault
    when it re-checks some notes (as :mod:`vaultkit.lint.incremental` gives it)."""

    def __init__(self, checked: Mapping[str, Note], every: Mapping[str, Note]) -> None:
        self.checked, self.every = checked, every

    def __getitem__(self, path: str) -> Note:
        found = self.checked.get(path)
        return found if found is not None else self.every[path]

    def __contains__(self, path: object) -> bool:
        return path in self.checked or path in self.every

    def __iter__(self) -> Iterator[str]:
        return iter(self.checked)

    def __len__(self) -> int:
        return len(self.checked)


def _anchors(note: Note | None) -> tuple[object, ...]:
    """What links into a note can see of it: its headings and block ids."""
    if note is None:
        return ()
    return (tuple(h.text for h in note.headings), tuple(b.id for b in note.blocks))


@dataclass
class Workspace:
    root: Path
    config: CheckConfig
    checker: Checker
    files: list[str]
    folders: frozenset[str]
    problems: tuple[RawFinding, ...]
    notes: dict[str, Note]
    aliases: dict[str, tuple[str, ...]]
    index: LinkIndex
    resolved: dict[str, tuple[Resolved, ...]]
    facts: dict[str, NoteFacts]
    note_findings: dict[str, list[Finding]]  # note-scoped rules' graded findings, by note
    vault_findings: dict[str, list[Finding]]  # vault-scoped rules' and problems', by file
    suppressions: dict[str, Suppressions]
    backlinks: dict[str, set[str]] = field(default_factory=dict)  # file -> notes linking to it
    shape_tables: dict[str, Any] = field(default_factory=dict)  # see RuleContext.shape_tables
    stale: set[str] = field(default_factory=set)  # notes to re-check before their findings
    unread: dict[str, list[Span]] = field(default_factory=dict)  # see update
    persist: Callable[[], None] | None = None  # writes the cache a cold start left to write

    # ---- loading ------------------------------------------------------------------------------

    @classmethod
    def load(
        cls, root: Path, config: CheckConfig, *, cache: SqliteNoteCache | None = None,
        jobs: int | None = None,
    ) -> Workspace:
        """Index and check the vault at ``root`` as ``vaultkit check`` does (``jobs``: processes
        parsing the notes the cache misses, started afresh: the caller may run threads; the
        rules run here). With a cache, the findings start from the re-check state an earlier
        ``vaultkit check`` or server left (only what changed since is checked again), and the
        state is kept for the next start."""
        checker = Checker.of(config, jobs=1)
        scan = scan_vault(root, config.ignore_globs)
        key = recheck_state_key(root, config, cache) if cache is not None else ""
        if cache is not None:
            state = load_state(cache, key)
            if state is not None:
                try:
                    job = incremental.plan_recheck(state, scan, config, cache)
                    ctx = job.context(checker.schemas)
                    run, kept = job.rules(ctx, checker.graded)
                    done = job.finish(ctx, [*run_rules(ctx, run, {}, jobs=1), *kept])
                except FullCheckNeeded:
                    pass
                else:
                    if done.rechecked:
                        save_state(cache, key, done.state, keep=STATES_KEPT)
                    raw = [*done.raw, *_graded_problems(ctx, checker.graded)]
                    facts = {path: d.facts for path, d in done.state.details.items()}
                    vault = load_vault(root, ignore=config.ignore_globs, cache=cache, jobs=jobs,
                                       scan=scan, spawn=True)
                    return cls._made(config, checker, vault, facts, raw, done.suppressions)
        later = Later(cache) if cache is not None else None
        vault = load_vault(root, ignore=config.ignore_globs, cache=later, jobs=jobs, scan=scan,
                           spawn=True)
        linked = link_vault(vault, publish=config.publish)
        ctx = RuleContext.of_linked(linked, config, checker.schemas)
        facts = dict(ctx.facts)
        raw = run_rules(ctx, checker.graded, {}, jobs=1)
        table = vault_suppressions(vault)
        if cache is not None and later is not None:
            racy_after = cache.opened_ns - cache.racy_window_ns
            state = capture(scan, ctx, facts=facts, raw=raw, suppressions=table,
                                        racy_after=racy_after)
            later.then(lambda: save_state(cache, key, state, keep=STATES_KEPT))
        raw.extend(_graded_problems(ctx, checker.graded))
        ws = cls._made(config, checker, vault, facts, raw, table, linked)
        ws.persist = later.run if later is not None else None
        return ws

    @classmethod
    def _made(  # noqa: PLR0917
        cls,
        config: CheckConfig,
        checker: Checker,
        vault: Vault,
        facts: dict[str, NoteFacts],
        raw: Iterable[Finding],
        suppressions: dict[str, Suppressions],
        linked: LinkedVault | None = None,
    ) -> Workspace:
        if linked is None:
            linked = link_vault(vault, publish=config.publish)
        by_note: dict[str, list[Finding]] = {}
        by_file: dict[str, list[Finding]] = {}
        for finding in raw:
            table = by_note if _note_scoped(finding) else by_file
            table.setdefault(finding.path, []).append(finding)
        ws = cls(
            root=vault.root,
            config=config,
            checker=checker,
            files=[f.path for f in vault.files],
            folders=vault.folders,
            problems=vault.problems,
            notes=dict(vault.notes),
            aliases=dict(linked.aliases),
            index=linked.index,
            resolved=dict(linked.resolved),
            facts=facts,
            note_findings=by_note,
            vault_findings=by_file,
            suppressions=suppressions,
        )
        for path, items in ws.resolved.items():
            ws._link(path, items)
        return ws

    # ---- findings -----------------------------------------------------------------------------

    def findings(self, path: str) -> list[Finding]:
        """The findings of ``path`` as ``vaultkit check`` reports them, sorted."""
        if path in self.stale:
            self.recheck([path])
        found = [*self.note_findings.get(path, ()), *self.vault_findings.get(path, ())]
        found = apply(found, self.suppressions) if path in self.suppressions else found
        found.sort(key=Finding.sort_key)
        return found

    def all_findings(self) -> list[Finding]:
        found = self.findings_by_file().values()
        return sorted((f for items in found for f in items), key=Finding.sort_key)

    def findings_by_file(self) -> dict[str, list[Finding]]:
        """The findings of every file that has some, as :meth:`findings` gives them."""
        self.recheck(list(self.stale))
        paths = set(self.note_findings) | set(self.vault_findings)
        return {p: items for p in paths if (items := self.findings(p))}

    # ---- changes ------------------------------------------------------------------------------

    def update(self, path: str, text: str) -> set[str]:
        """Take ``text`` as the note at ``path`` (an open note's buffer, or the file as saved)
        and re-check it; returns the other notes whose findings may have changed with it
        (each re-checked when its findings are next asked for). Where the text reads no link
        (code, math, HTML comments) is kept in :attr:`unread`, from the same reading."""
        unread: list[Span] = []
        note = parse_note(path, text, unread)
        self.unread[path] = unread
        old = self.notes.get(path)
        affected: set[str] = set()
        if path not in self.notes and path not in self.files:
            self.files.append(path)
            self.folders = self.folders | _ancestors(path)
            self._reshape([path])
            affected |= set(self.notes)
        self.notes[path] = note
        aliases = note_aliases({path: note}).get(path, ())
        if aliases != self.aliases.get(path, ()):
            if aliases:
                self.aliases[path] = aliases
            else:
                self.aliases.pop(path, None)
            self.index = LinkIndex(self.files, self.aliases)
            self.shape_tables.clear()
            if self.config.publish:
                self._resolve_all()
            affected |= set(self.notes)  # alias-collision and hints read every alias
        if _anchors(old) != _anchors(note):
            affected |= self.backlinks.get(path, set())
        found = suppressions_for(note, lambda: text.replace("\r\n", "\n").split("\n"))
        if found is None:
            self.suppressions.pop(path, None)
        else:
            self.suppressions[path] = found
        self.recheck([path])
        affected.discard(path)
        self.stale |= affected
        return affected

    def recheck(self, paths: Iterable[str]) -> None:
        """Run the note-scoped rules again over ``paths`` (their links resolved again)."""
        checked = {p: self.notes[p] for p in paths if p in self.notes}
        self.stale.difference_update(paths)
        if not checked:
            return
        fresh = resolve_notes(checked, self.index, publish=self.config.publish)
        for path, items in fresh.items():
            self._unlink(path)
            self.resolved[path] = items
            self._link(path, items)
        self.facts.update(facts_of(checked, fresh, self.config.hierarchy_properties))
        ctx = self._context(checked, fresh)
        graded = {n: s for n, s in self.checker.graded.items() if RULES[n].scope == NOTE}
        for path in checked:
            self.note_findings[path] = []
        for finding in run_rules(ctx, graded, {}, jobs=1):
            self.note_findings.setdefault(finding.path, []).append(finding)

    def recheck_vault(self) -> set[str]:
        """Run the vault-scoped rules over every note's facts; returns the files whose
        findings changed."""
        ctx = self._context({}, {})
        graded = {n: s for n, s in self.checker.graded.items() if RULES[n].scope != NOTE}
        by_file: dict[str, list[Finding]] = {}
        raw = run_rules(ctx, graded, {}, jobs=1)
        raw.extend(_graded_problems(ctx, self.checker.graded))
        for finding in raw:
            by_file.setdefault(finding.path, []).append(finding)
        changed = {
            p for p in set(by_file) | set(self.vault_findings)
            if sorted(by_file.get(p, ()), key=Finding.sort_key)
            != sorted(self.vault_findings.get(p, ()), key=Finding.sort_key)
        }
        self.vault_findings = by_file
        return changed

    def created(self, path: str, text: str | None = None) -> set[str]:
        """A file appeared on disk (``text``: its text, read from disk if not given)."""
        return self.created_all({path: text})

    def created_all(self, found: Mapping[str, str | None]) -> set[str]:
        """Files that appeared on disk (by path, their text or None to read it), indexed
        together (one new index for a burst, as a checkout makes)."""
        affected: set[str] = set()
        fresh: dict[str, str] = {}
        added = False
        for path, given in found.items():
            text = given
            if self.ignored(path) or path in self.notes or path in self.files:
                if text is not None and path in self.notes:
                    affected |= self.update(path, text)
                continue
            self.files.append(path)
            self.folders = self.folders | _ancestors(path)
            added = True
            if is_markdown_name(path):
                if text is None:
                    read = read_text(self.root / path, path)
                    text = read if isinstance(read, str) else ""
                self.notes[path] = parse_note(path, text)
                fresh[path] = text
        if not added:
            return affected
        self._reshape(found)
        for path, text in fresh.items():
            self.update(path, text)
        affected |= set(self.notes) - set(fresh)
        self.stale |= affected
        return affected

    def deleted(self, path: str) -> set[str]:
        """A file (or a folder: every file under it) left the disk."""
        return self.deleted_all([path])

    def deleted_all(self, paths: Iterable[str]) -> set[str]:
        """Files or folders (every file under them) that left the disk, indexed together."""
        gone: set[str] = set()
        for path in paths:
            prefix = path.rstrip("/") + "/"
            gone |= {p for p in self.files if p == path or p.startswith(prefix)}
            self.folders = frozenset(
                f for f in self.folders if f != path and not f.startswith(prefix))
        if not gone:
            return set()
        self.files = [p for p in self.files if p not in gone]
        for p in gone:
            self._unlink(p)
            for table in (self.notes, self.resolved, self.facts, self.note_findings,
                          self.vault_findings, self.suppressions, self.aliases, self.unread):
                table.pop(p, None)
        self._reshape(gone)
        self.stale |= set(self.notes)
        return set(self.notes)

    def ignored(self, path: str) -> bool:
        parts = path.split("/")
        if any(part.startswith(".") for part in parts):
            return True
        globs = self.config.ignore_globs
        return any(fnmatchcase(path, g) or fnmatchcase(path + "/", g) for g in globs)

    # ---- helpers ------------------------------------------------------------------------------

    def _reshape(self, changed: Iterable[str]) -> None:
        """Files ``changed`` (appeared or left): index the vault again and re-check the notes
        whose links now find other files. Only a link whose last segment names a changed file
        can find another one (the index looks files up by name), so only the notes with such
        a link are resolved again."""
        self.index = LinkIndex(self.files, self.aliases)
        self.shape_tables.clear()
        names: set[str] = set()
        for path in changed:
            name = _fold_name(path)
            names |= {name, name[:-3]} if name.endswith(".md") else {name}
        self._resolve_all(names)

    def _resolve_all(self, names: set[str] | None = None) -> None:
        """Resolve the notes' links again (with ``names``, only the notes with a link whose
        last segment is one of them) and re-check those whose links now find other files."""
        notes: Mapping[str, Note] = self.notes
        if names is not None:
            notes = {p: note for p, note in self.notes.items()
                     if any(_fold_name(link.path) in names for link in note.links)}
        fresh = resolve_notes(notes, self.index, publish=self.config.publish)
        moved = [p for p, items in fresh.items()
                 if [i.target for i in items] != [i.target for i in self.resolved.get(p, ())]]
        self.recheck(moved)

    def _context(
        self, checked: Mapping[str, Note], resolved: Mapping[str, tuple[Resolved, ...]]
    ) -> RuleContext:
        config = self.config
        return RuleContext(
            notes=Lookup(checked, self.notes),
            files=tuple(self.files),
            folders=self.folders,
            problems=self.problems,
            index=self.index,
            resolved=resolved,
            aliases=self.aliases,
            orphan_exclude=config.orphan_exclude,
            hierarchy_properties=config.hierarchy_properties,
            schemas=self.checker.schemas,
            publish=config.publish,
            known_facts=self.facts,
            shape_tables=self.shape_tables,
        )

    def _link(self, path: str, items: Iterable[Resolved]) -> None:
        for item in items:
            if item.target is not None:
                self.backlinks.setdefault(item.target, set()).add(path)

    def _unlink(self, path: str) -> None:
        for item in self.resolved.get(path, ()):
            if item.target is not None:
                self.backlinks.get(item.target, set()).discard(path)


def _fold_name(path: str) -> str:
    """The last segment of a path as the link index compares names."""
    return nfc(path.rsplit("/", 1)[-1]).lower()


def _ancestors(path: str) -> set[str]:
    parts = path.split("/")[:-1]
    return {"/".join(parts[: k + 1]) for k in range(len(parts))}


def _note_scoped(finding: Finding) -> bool:
    entry = RULES.get(finding.rule)
    return entry is not None and entry.scope == NOTE


def _graded_problems(ctx: RuleContext, graded: Mapping[str, Severity]) -> Iterator[Finding]:
    """Scanner problems filed under another rule, graded as the engine grades them."""
    for f in other_problems(ctx.problems):
        if f.rule in graded:
            yield f._replace(severity=graded[f.rule])
