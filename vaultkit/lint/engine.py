"""The check pipeline: vault -> link index -> resolved links -> rules -> graded, filtered findings.

``run_check`` is pure over a loaded :class:`Vault` (reading a file again only for the rare
note that has a line-level ``vaultkit-ignore`` comment); ``check_path`` loads the vault first.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.config import CheckConfig
from vaultkit.errors import UsageError
from vaultkit.lint import incremental
from vaultkit.lint.report.result import CheckResult
from vaultkit.lint.rules import RuleContext
from vaultkit.lint.rules.files import other_problems
from vaultkit.lint.runner import run_rules
from vaultkit.lint.schemas import SchemaSet
from vaultkit.lint.selection import active_rules
from vaultkit.lint.suppress import Suppressions, apply, note_suppressions
from vaultkit.notes.frontmatter import obsidian_aliases
from vaultkit.notes.model import Finding, Note, Severity
from vaultkit.notes.scan import VaultScan, scan_vault
from vaultkit.notes.vault import Vault, load_vault

if TYPE_CHECKING:
    from vaultkit.cache.store import SqliteNoteCache

ALWAYS_REPORTED = frozenset({"unresolved-link"})  # a deletion elsewhere breaks links in any note
STATES_KEPT = 2  # incremental states per vault: one per configuration in use, most recent first


def note_aliases(notes: Mapping[str, Note]) -> dict[str, tuple[str, ...]]:
    """Each note's aliases exactly as Obsidian reads them."""
    out: dict[str, tuple[str, ...]] = {}
    for path, note in notes.items():
        data = note.frontmatter.data
        # cheap guard first: most notes' keys are checked without calling the parser's matcher
        if data and any(isinstance(k, str) and k.lower() == "aliases" for k in data):
            found = tuple(obsidian_aliases(data))
            if found:
                out[path] = found
    return out


def compile_schemas(config: CheckConfig) -> SchemaSet | None:
    """Every configured schema, compiled once; a bad schema file raises ConfigError."""
    m = config.schema
    return SchemaSet(m) if (m.override or m.default or m.by_type or m.by_path) else None


def build_context(
    vault: Vault, config: CheckConfig, schemas: SchemaSet | None = None
) -> RuleContext:
    return RuleContext.build(
        config,
        compile_schemas(config) if schemas is None else schemas,
        notes=vault.notes,
        files=[f.path for f in vault.files],
        folders=vault.folders,
        problems=vault.problems,
        aliases=note_aliases(vault.notes),
    )


def run_check(
    vault: Vault,
    config: CheckConfig,
    *,
    schemas: SchemaSet | None = None,
    jobs: int | None = None,
) -> CheckResult:
    """Check a loaded vault (``schemas``: already compiled from ``config``, if at hand;
    ``jobs``: processes for the rules, default one per core)."""
    return _full_check(vault, config, schemas, jobs)


def _full_check(
    vault: Vault,
    config: CheckConfig,
    schemas: SchemaSet | None,
    jobs: int | None,
    keep: Callable[[RuleContext, list[Finding], dict[str, Suppressions]], None] | None = None,
) -> CheckResult:
    """The check of every note; ``keep`` is shown the context, the rules' graded findings
    (before suppression) and the suppressions, to keep a state for the next run."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    ctx = build_context(vault, config, schemas)
    timings["resolve"] = time.perf_counter() - start
    graded = active_rules(config)
    if keep is not None:
        ctx.facts  # noqa: B018 - made once here, before the rules' fork, as the state needs them
    raw = run_rules(ctx, graded, timings, jobs=jobs)
    table = vault_suppressions(vault)
    if keep is not None:
        keep(ctx, raw, table)
    raw.extend(_problem_findings(ctx, graded))
    return _finish(
        raw, table, config, notes=len(vault.notes), files=len(vault.files), timings=timings
    )


def _problem_findings(ctx: RuleContext, graded: Mapping[str, Severity]) -> Iterator[Finding]:
    for f in other_problems(ctx):
        if f.rule in graded:
            yield dataclasses.replace(f, severity=graded[f.rule])


def _finish(
    raw: list[Finding],
    table: dict[str, Suppressions],
    config: CheckConfig,
    *,
    notes: int,
    files: int,
    timings: dict[str, float],
) -> CheckResult:
    """Suppress, narrow to FILES, sort and count."""
    began = time.perf_counter()
    findings = apply(raw, table) if table else raw
    if config.only_paths is not None:
        findings = [f for f in findings if f.path in config.only_paths or f.rule in ALWAYS_REPORTED]
    findings.sort(key=Finding.sort_key)
    timings["filter"] = time.perf_counter() - began
    counts = Counter(f.rule for f in findings)
    return CheckResult(tuple(findings), dict(counts), notes, files, timings)


def vault_suppressions(vault: Vault) -> dict[str, Suppressions]:
    """Each note's ``vaultkit-ignore`` suppressions (notes without any left out)."""
    table: dict[str, Suppressions] = {}
    for path, note in vault.notes.items():
        if note.comments:
            found = note_suppressions(note, vault.root / path)
            if found is not None:
                table[path] = found
    return table


def check_path(
    root: Path,
    options: CheckConfig,
    *,
    cache: SqliteNoteCache | None = None,
    jobs: int | None = None,
) -> CheckResult:
    """Load the vault at ``root`` (honouring ``ignore-globs``) and check it.

    With a cache: a vault in which nothing changed since a previous identical check is answered
    from that check's stored findings (keyed by every file's stat record, the configuration and
    the schema files); a vault in which a few notes changed re-checks what those changes can
    affect (:mod:`vaultkit.lint.incremental`); otherwise parsed notes are reused file by file.
    """
    if not root.exists():
        raise UsageError(f"vault folder not found: {root}")
    if not root.is_dir():
        raise UsageError(f"vault path is a file, not a folder: {root}")
    schemas = compile_schemas(options)  # a bad schema fails before the vault is read
    if cache is None:
        return run_check(
            load_vault(root, ignore=options.ignore_globs, jobs=jobs),
            options,
            schemas=schemas,
            jobs=jobs,
        )
    return _cached_check(root, options, schemas, cache, jobs)


def _cached_check(
    root: Path,
    options: CheckConfig,
    schemas: SchemaSet | None,
    cache: SqliteNoteCache,
    jobs: int | None,
) -> CheckResult:
    scanned = scan_vault(root, options.ignore_globs)  # one scan serves the keys and the load
    schema_stats = [f"{p}:{_stat_line(p)}" for p in sorted(options.schema.files(), key=str)]
    key = _result_key(root, options, cache, scanned, schema_stats)
    hit = _result_from(cache.lookup_result(key)) if key is not None else None
    if hit is not None:
        return hit
    skey = incremental.state_key(cache.results_tag, options, root, schema_stats)
    state = incremental.unpack_state(cache.lookup_result(skey))
    result: CheckResult | None = None
    new_state: incremental.CheckState | None = None
    if state is not None:
        result, new_state = _recheck(state, scanned, options, schemas, cache)
    if result is None:
        vault = load_vault(root, ignore=options.ignore_globs, cache=cache, jobs=jobs, scan=scanned)
        racy_after = cache.opened_ns - cache.racy_window_ns
        kept: list[incremental.CheckState] = []

        def keep(ctx: RuleContext, raw: list[Finding], table: dict[str, Suppressions]) -> None:
            kept.append(incremental.capture(scanned, ctx, raw, table, racy_after))

        result = _full_check(vault, options, schemas, jobs, keep)
        new_state = kept[0]
    assert new_state is not None
    cache.store_result(skey, incremental.pack_state(new_state), keep=STATES_KEPT)
    if key is not None:
        cache.store_result(key, (result.findings, dict(result.counts), result.notes, result.files))
    return result


def _recheck(
    state: incremental.CheckState,
    scanned: VaultScan,
    options: CheckConfig,
    schemas: SchemaSet | None,
    cache: SqliteNoteCache,
) -> tuple[CheckResult | None, incremental.CheckState | None]:
    timings: dict[str, float] = {}
    graded = active_rules(options)

    problems: list[Finding] = []

    def rules(ctx: RuleContext) -> list[Finding]:
        problems.extend(_problem_findings(ctx, graded))
        return run_rules(ctx, graded, timings, jobs=1)

    done = incremental.recheck(
        state, scanned, options, run_rules=rules, schemas=schemas, cache=cache, timings=timings
    )
    if done is None:
        return None, None
    done.raw.extend(problems)
    timings["rechecked"] = float(done.rechecked)
    result = _finish(
        done.raw, done.suppressions, options, notes=done.notes, files=len(scanned.files),
        timings=timings,
    )
    return result, done.state


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


def _result_from(value: object) -> CheckResult | None:
    """A stored result, if it has exactly the shape we store (anything else is a miss)."""
    if not (isinstance(value, tuple) and len(value) == 4):
        return None
    findings, counts, notes, files = value
    if not (
        isinstance(findings, tuple)
        and all(isinstance(f, Finding) for f in findings)
        and isinstance(counts, dict)
        and isinstance(notes, int)
        and isinstance(files, int)
    ):
        return None
    return CheckResult(findings, counts, notes, files, {"cached": 1.0})
