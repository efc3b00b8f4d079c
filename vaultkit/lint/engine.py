"""The check: vault -> link index -> resolved links -> rules -> graded, filtered findings.

One :class:`Checker` per configuration runs a check either way, and each way returns the result
and the state a later re-check starts from: :meth:`Checker.full` over a loaded :class:`Vault`,
:meth:`Checker.recheck` from the state a previous check left (:mod:`vaultkit.lint.incremental`;
it raises :class:`FullCheckNeeded` when it cannot give the full check's findings).
:func:`check_path` loads the vault, and with a cache chooses: the stored result of an identical
earlier run, a re-check, or a full check. Everything here calls down; nothing below calls back.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.config import CheckConfig
from vaultkit.errors import UsageError
from vaultkit.lint import incremental
from vaultkit.lint.incremental import FullCheckNeeded
from vaultkit.lint.report.result import CheckResult
from vaultkit.lint.results import pack_result, unpack_result
from vaultkit.lint.rules import RuleContext
from vaultkit.lint.rules.files import other_problems
from vaultkit.lint.runner import run_rules
from vaultkit.lint.schemas import SchemaSet
from vaultkit.lint.selection import active_rules
from vaultkit.lint.state import CheckState, capture, ordered_merge, state_key
from vaultkit.lint.stored import load_state, save_state
from vaultkit.lint.suppress import Suppressions, apply, note_suppressions
from vaultkit.notes.linked import link_vault
from vaultkit.notes.model import Finding, RawFinding, Severity
from vaultkit.notes.scan import VaultScan, is_canvas_name, scan_vault
from vaultkit.notes.vault import Vault, load_vault

if TYPE_CHECKING:
    from vaultkit.cache.store import SqliteNoteCache

__all__ = [
    "Checker", "FullCheckNeeded", "build_context", "check_path", "recheck_state_key", "run_check",
]

_FINDINGS, _RULE = attrgetter("findings"), attrgetter("rule")  # of a NoteHead, of a Finding
ALWAYS_REPORTED = frozenset({"unresolved-link"})  # a deletion elsewhere breaks links in any note
STATES_KEPT = 2  # incremental states per vault: one per configuration in use, most recent first


def compile_schemas(config: CheckConfig) -> SchemaSet | None:
    """Every configured schema, compiled once; a bad schema file raises ConfigError."""
    m = config.schema
    return SchemaSet(m) if (m.override or m.default or m.by_type or m.by_path) else None


def build_context(
    vault: Vault, config: CheckConfig, schemas: SchemaSet | None = None
) -> RuleContext:
    """The rules' context over every note of ``vault`` (linked as every command links it)."""
    return RuleContext.of_linked(
        link_vault(vault, publish=config.publish),
        config,
        compile_schemas(config) if schemas is None else schemas,
    )


@dataclass(frozen=True)
class Checker:
    """A check with one configuration: its compiled schemas and graded rules."""

    config: CheckConfig
    schemas: SchemaSet | None
    graded: Mapping[str, Severity]
    jobs: int | None = None  # processes for parsing and rules; None: one per core

    @classmethod
    def of(cls, config: CheckConfig, *, jobs: int | None = None) -> Checker:
        """A bad schema file raises ConfigError here, before any vault is read."""
        return cls(config, compile_schemas(config), active_rules(config), jobs)

    def full(
        self, vault: Vault, *, scan: VaultScan | None = None, racy_after: int = 0
    ) -> tuple[CheckResult, CheckState | None]:
        """Check every note of ``vault``. With ``scan`` (the scan it was loaded from) also the
        state for a later re-check (files written after ``racy_after`` get no stat key)."""
        timings: dict[str, float] = {}
        start = time.perf_counter()
        ctx = build_context(vault, self.config, self.schemas)
        timings["resolve"] = time.perf_counter() - start
        # the state needs every note's facts: asked for here, before the rules' fork, so they
        # are made once (with no state to keep, the process running the rules that read them
        # makes them)
        kept = (scan, ctx.facts) if scan is not None else None
        raw = run_rules(ctx, self.graded, timings, jobs=self.jobs)
        table = vault_suppressions(vault)
        state = None
        if kept is not None:
            scanned, facts = kept
            state = capture(
                scanned, ctx, facts=facts, raw=raw, suppressions=table, racy_after=racy_after
            )
        raw.extend(self._problem_findings(ctx.problems))
        result = self._finish(
            raw, table, notes=len(vault.notes), files=len(vault.files), timings=timings
        )
        return result, state

    def recheck(
        self, state: CheckState, scan: VaultScan, cache: SqliteNoteCache
    ) -> tuple[CheckResult, CheckState]:
        """Check the vault ``scan`` describes by re-checking only what changed since
        ``state``; raises FullCheckNeeded when that cannot give the full check's findings."""
        timings: dict[str, float] = {}
        began = time.perf_counter()
        job = incremental.plan_recheck(state, scan, self.config, cache)
        if job.unchanged:  # the state's findings are the vault's
            return self._unchanged(state, len(scan.files), cache), state
        timings["parse"] = time.perf_counter() - began
        ctx = job.context(self.schemas)
        run, kept = job.rules(ctx, self.graded)
        found = run_rules(ctx, run, timings, jobs=1)
        done = job.finish(ctx, [*found, *kept])
        others = [*done.vault_raw, *self._problem_findings(ctx.problems)]
        timings["recheck"] = time.perf_counter() - began
        timings["rechecked"] = float(done.rechecked)
        result = self._finish(
            ordered_merge(done.notes_raw, others), done.suppressions, notes=done.notes,
            files=len(scan.files), timings=timings, ordered=True,
        )
        return result, done.state

    def from_state(self, state: CheckState, files: int) -> CheckResult:
        """The result of the check that left ``state`` (of a vault of ``files`` files), made
        again from it: every note's findings, the vault rules' and the problems'."""
        heads = state.heads
        ordered = list(chain.from_iterable(map(_FINDINGS, heads.values())))  # in report order
        others = [*state.vault_findings, *self._problem_findings(state.problems)]
        table = {p: h.suppressions for p, h in heads.items() if h.suppressions is not None}
        canvases = [p for p in heads if is_canvas_name(p)]
        result = self._finish(
            ordered_merge(ordered, others), table, notes=len(heads) - len(canvases),
            files=files, timings={}, ordered=True,
        )
        return dataclasses.replace(result, timings={"cached": 1.0})

    def _unchanged(self, state: CheckState, files: int, cache: SqliteNoteCache) -> CheckResult:
        """The result of the vault ``state`` describes, which did not change: the first such
        run makes it from the state and keeps it whole, under the token of the state's write
        (a later write is another state), for the next ones to read back at once."""
        if state.origin is None:
            return self.from_state(state, files)
        only = self.config.only_paths
        narrowed = "" if only is None else hashlib.blake2b(
            "\0".join(sorted(only)).encode("utf-8", "surrogatepass"), digest_size=8
        ).hexdigest()
        key = f"unchanged:{state.origin}:{narrowed}"
        kept = unpack_result(cache.lookup_result(key))
        if kept is not None:
            return kept
        result = self.from_state(state, files)
        cache.store_result(key, pack_result(result), keep=STATES_KEPT)  # one per state kept
        return result

    def _problem_findings(self, problems: Sequence[RawFinding]) -> Iterator[Finding]:
        graded = self.graded
        for f in other_problems(problems):
            if f.rule in graded:
                yield f._replace(severity=graded[f.rule])

    def _finish(
        self,
        raw: list[Finding],
        table: dict[str, Suppressions],
        *,
        notes: int,
        files: int,
        timings: dict[str, float],
        ordered: bool = False,
    ) -> CheckResult:
        """Suppress, narrow to FILES, sort (unless ``ordered``: in report order already) and
        count."""
        began = time.perf_counter()
        findings = apply(raw, table) if table else raw
        only = self.config.only_paths
        if only is not None:
            findings = [f for f in findings if f.path in only or f.rule in ALWAYS_REPORTED]
        if not ordered:
            findings.sort(key=Finding.sort_key)
        timings["filter"] = time.perf_counter() - began
        counts = Counter(map(_RULE, findings))
        return CheckResult(tuple(findings), dict(counts), notes, files, timings)


def run_check(
    vault: Vault,
    config: CheckConfig,
    *,
    schemas: SchemaSet | None = None,
    jobs: int | None = None,
) -> CheckResult:
    """Check a loaded vault (``schemas``: already compiled from ``config``, if at hand;
    ``jobs``: processes for the rules, default one per core)."""
    if schemas is None:
        checker = Checker.of(config, jobs=jobs)
    else:
        checker = Checker(config, schemas, active_rules(config), jobs)
    return checker.full(vault)[0]


def vault_suppressions(vault: Vault) -> dict[str, Suppressions]:
    """Each note's ``vaultkit-ignore`` suppressions (notes without any left out)."""
    table: dict[str, Suppressions] = {}
    for path, note in vault.notes.items():
        if note.comments:
            found = note_suppressions(note, vault.root / path)
            if found is not None:
                table[path] = found
    return table


Annotate = Callable[[CheckResult], CheckResult]


def check_path(
    root: Path,
    options: CheckConfig,
    *,
    cache: SqliteNoteCache | None = None,
    jobs: int | None = None,
    annotate: tuple[str, Annotate] | None = None,
) -> CheckResult:
    """Load the vault at ``root`` (honouring ``ignore-globs``) and check it.

    With a cache: a check starts from the state the previous check with this configuration
    left (:mod:`vaultkit.lint.stored`). A vault in which no note, folder or unreadable file
    changed since is answered from that state's findings; a vault in which a few notes changed
    re-checks what those changes can affect (:mod:`vaultkit.lint.incremental`); otherwise
    parsed notes are reused file by file.

    ``annotate`` (a name for the key, and a function) adds to a fresh result what the caller
    wants with it (each finding's fix); that result is kept whole (:mod:`vaultkit.lint.results`,
    keyed by every file's stat record, the configuration and the schema files), so an
    unchanged vault is answered with it.
    """
    if not root.exists():
        raise UsageError(f"vault folder not found: {root}")
    if not root.is_dir():
        raise UsageError(f"vault path is a file, not a folder: {root}")
    checker = Checker.of(options, jobs=jobs)  # a bad schema fails before the vault is read
    add = annotate[1] if annotate is not None else None
    if cache is None:
        result = checker.full(load_vault(root, ignore=options.ignore_globs, jobs=jobs))[0]
        return add(result) if add is not None else result
    scanned = scan_vault(root, options.ignore_globs)  # one scan serves the keys and the load
    schema_stats = [f"{p}:{_stat_line(p)}" for p in sorted(options.schema.files(), key=str)]
    key = None
    if annotate is not None:  # what it adds is not in the state: its result is kept whole
        extra = [*schema_stats, "annotated:" + annotate[0]]
        key = _result_key(root, options, cache, scanned, extra)
        hit = unpack_result(cache.lookup_result(key)) if key is not None else None
        if hit is not None:
            return hit
    skey = state_key(cache.results_tag, options, root, schema_stats)
    state = load_state(cache, skey)
    result, new_state = _check_with_state(checker, root, scanned, cache, state)
    if new_state is not state:
        save_state(cache, skey, new_state, keep=STATES_KEPT)
    if add is not None:
        result = add(result)
        if key is not None:
            cache.store_result(key, pack_result(result))
    return result


def recheck_state_key(root: Path, options: CheckConfig, cache: SqliteNoteCache) -> str:
    """The key under which :func:`check_path` keeps its re-check state for ``options`` (the
    language server starts from it too)."""
    schema_stats = [f"{p}:{_stat_line(p)}" for p in sorted(options.schema.files(), key=str)]
    return state_key(cache.results_tag, options, root, schema_stats)


def _check_with_state(
    checker: Checker,
    root: Path,
    scanned: VaultScan,
    cache: SqliteNoteCache,
    state: CheckState | None,
) -> tuple[CheckResult, CheckState]:
    """A re-check from ``state`` if there is one and it can be done, else a full check."""
    if state is not None:
        try:
            return checker.recheck(state, scanned, cache)
        except FullCheckNeeded:
            pass
    vault = load_vault(
        root, ignore=checker.config.ignore_globs, cache=cache, jobs=checker.jobs, scan=scanned
    )
    racy_after = cache.opened_ns - cache.racy_window_ns
    result, new_state = checker.full(vault, scan=scanned, racy_after=racy_after)
    assert new_state is not None  # a scan was given
    return result, new_state


def _result_key(
    root: Path,
    options: CheckConfig,
    cache: SqliteNoteCache,
    scanned: VaultScan,
    schema_files: list[str],
) -> str | None:
    return cache.vault_key(
        scanned.files,
        repr(options),
        str(root.resolve()),
        *sorted(scanned.folders),
        *schema_files,
        *(f"{p.path}:{p.message}" for p in scanned.problems),
    )


def _stat_line(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return "missing"
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
