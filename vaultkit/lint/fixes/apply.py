"""The fix loop (ruff's model): check, apply the fixes that do not overlap, check again, until
nothing changes. All of it in memory; the caller writes the result at once, or shows it.

A pass re-parses only the notes it changed and re-checks the vault in memory. A file whose
fixes would make its front matter stop parsing (or the parser fail) keeps only the fixes that
do not. The same text twice for one file, or still changing after :data:`MAX_PASSES`, is a bug
in a fixer: the loop stops with :class:`FixLoopError` and nothing is written.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.config import CheckConfig, FixConfig
from vaultkit.edit.commit import FileWrite
from vaultkit.edit.linktext import LinkFormat
from vaultkit.edit.model import Applicability, Fix
from vaultkit.edit.source import Source
from vaultkit.edit.text import apply_edits, without_overlaps
from vaultkit.errors import ConfigError, ExitCode, VaultkitError
from vaultkit.lint.engine import Checker
from vaultkit.lint.fixes.context import FixContext
from vaultkit.lint.fixes.registry import FIXERS, fixes_for
from vaultkit.lint.rules.registry import RULES
from vaultkit.notes.linked import note_aliases
from vaultkit.notes.model import Finding, Note
from vaultkit.notes.note import parse_note
from vaultkit.notes.vault import Vault, load_vault

if TYPE_CHECKING:
    from vaultkit.cache.store import SqliteNoteCache

MAX_PASSES = 10


class FixLoopError(VaultkitError):
    """The fixes did not settle: a fixer bug. Nothing was written."""

    exit_code = ExitCode.INTERNAL


@dataclass(frozen=True)
class FixPolicy:
    """Which fixes may be applied: by safety and by rule (names or codes)."""

    unsafe: bool = False
    fixable: frozenset[str] | None = None
    unfixable: frozenset[str] = frozenset()

    @classmethod
    def of(cls, config: FixConfig, *, unsafe: bool | None = None) -> FixPolicy:
        """The policy of the configuration (``unsafe``: the command line's say); a rule name
        or code that no rule has stops with a ConfigError."""
        known = {key for rule in RULES.values() for key in (rule.name, rule.code)}
        for key in (*(config.fixable or ()), *config.unfixable):
            if key not in known:
                raise ConfigError(f"fixable/unfixable: no rule is named {key!r}")
        return cls(
            unsafe=config.unsafe_fixes if unsafe is None else unsafe,
            fixable=None if config.fixable is None else frozenset(config.fixable),
            unfixable=frozenset(config.unfixable),
        )

    def may_fix(self, finding: Finding) -> bool:
        """Could a fix of ``finding`` be allowed (its rule has a fixer and is not excluded)?"""
        if finding.rule not in FIXERS:
            return False
        keys = {finding.rule, finding.code}
        if self.fixable is not None and not keys & self.fixable:
            return False
        return not keys & self.unfixable

    def allows(self, finding: Finding, fix: Fix) -> bool:
        if fix.applicability is Applicability.DISPLAY:
            return False
        if fix.applicability is Applicability.UNSAFE and not self.unsafe:
            return False
        return self.may_fix(finding)


def fixable_rules() -> set[str]:
    """Names and codes of every rule that has a fixer."""
    return {key for name in FIXERS for key in (name, RULES[name].code)}


@dataclass
class FixRun:
    """What a run of the loop changed: the original and final text of each changed file."""

    originals: dict[str, Source] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    applied: Counter[str] = field(default_factory=Counter)  # fixes applied, per rule name
    log: list[tuple[Finding, Fix]] = field(default_factory=list)
    passes: int = 0

    def changed(self) -> dict[str, tuple[str, str]]:
        """path -> (text before, text after), for every file that differs."""
        return {
            path: (self.originals[path].text, text)
            for path, text in sorted(self.texts.items())
            if text != self.originals[path].text
        }

    def writes(self) -> dict[str, FileWrite]:
        return {path: self.originals[path].write(new) for path, (_, new) in self.changed().items()}


def fix_vault(
    root: Path,
    config: CheckConfig,
    policy: FixPolicy,
    *,
    cache: SqliteNoteCache | None = None,
    link_format: LinkFormat = LinkFormat.SHORTEST,
    jobs: int | None = None,
) -> FixRun:
    """Apply every fix ``policy`` allows, in passes, to the vault at ``root``, in memory."""
    vault = load_vault(root, ignore=config.ignore_globs, cache=cache, jobs=jobs)
    checker = Checker.of(config, jobs=jobs)
    run = FixRun()
    seen: dict[str, set[int]] = {}
    for _ in range(MAX_PASSES):
        run.passes += 1
        result, _state = checker.full(vault)
        ctx = FixContext(
            root,
            tuple(f.path for f in vault.files),
            vault.notes.get,
            functools.partial(note_aliases, vault.notes),
            link_format,
            config.publish,
            {p: dataclasses.replace(run.originals[p], text=t) for p, t in run.texts.items()},
        )
        wanted = [f for f in result.findings if f.rule in FIXERS]
        allowed = [(f, x) for f, x in fixes_for(wanted, ctx).items() if policy.allows(f, x)]
        for path in sorted(ctx.sources):
            run.originals.setdefault(path, ctx.sources[path])
        edited = _apply_pass(allowed, ctx, vault.notes, run)
        if not edited:
            return run
        for path, text in edited.items():
            if hash(text) in seen.setdefault(path, set()):
                raise FixLoopError(f"{path}: the fixes undo each other (a vaultkit bug)")
            seen[path].add(hash(text))
            run.texts[path] = text
        vault = _with_notes(vault, {p: parse_note(p, t) for p, t in edited.items()})
    raise FixLoopError(f"the fixes did not settle after {MAX_PASSES} passes (a vaultkit bug)")


def _apply_pass(
    allowed: list[tuple[Finding, Fix]],
    ctx: FixContext,
    notes: Mapping[str, Note],
    run: FixRun,
) -> dict[str, str]:
    """Apply one pass of fixes to each file's current text; the files that changed."""
    by_path: dict[str, list[tuple[Finding, Fix]]] = {}
    for finding, fix in allowed:
        by_path.setdefault(finding.path, []).append((finding, fix))
    edited: dict[str, str] = {}
    for path, items in sorted(by_path.items()):
        text = ctx.source(path).text
        chosen = [items[i] for i in without_overlaps(text, [fix.edits for _, fix in items])]
        new = _valid_text(path, text, chosen, notes.get(path), run)
        if new != text:
            edited[path] = new
    return edited


def _valid_text(
    path: str, text: str, chosen: list[tuple[Finding, Fix]], old: Note | None, run: FixRun
) -> str:
    """``text`` with the chosen fixes, all together if the result parses as well as before,
    else each one that does on its own."""
    def breaks(candidate: str) -> bool:
        return _newly_invalid(old, parse_note(path, candidate))

    together = apply_edits(text, [e for _, fix in chosen for e in fix.edits])
    kept = chosen
    if breaks(together):
        kept = []
        for item in chosen:
            attempt = apply_edits(text, [e for _, fix in (*kept, item) for e in fix.edits])
            if not breaks(attempt):
                kept.append(item)
        together = apply_edits(text, [e for _, fix in kept for e in fix.edits])
    for finding, fix in kept:
        run.applied[finding.rule] += 1
        run.log.append((finding, fix))
    return together


_PARSE_RULES = ("invalid-yaml", "parser-error")


def _newly_invalid(old: Note | None, new: Note) -> bool:
    def problems(note: Note | None) -> int:
        if note is None:
            return 0
        bad = sum(1 for f in note.findings if f.rule in _PARSE_RULES)
        return bad + (note.frontmatter.problem is not None)

    return problems(new) > problems(old)


def _with_notes(vault: Vault, changed: Mapping[str, Note]) -> Vault:
    return dataclasses.replace(vault, notes={**vault.notes, **changed})


