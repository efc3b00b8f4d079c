"""The check pipeline: vault -> link index -> resolved links -> rules -> graded, filtered findings.

``run_check`` is pure over a loaded :class:`Vault` (reading a file again only for the rare
note that has a line-level ``vaultkit-ignore`` comment); ``check_path`` loads the vault first.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from vaultkit.config import CheckConfig, active_rules
from vaultkit.errors import UsageError
from vaultkit.frontmatter import obsidian_aliases
from vaultkit.model import Finding, Note, Severity
from vaultkit.report.result import CheckResult
from vaultkit.resolve import LinkIndex, resolve_notes
from vaultkit.rules import RULES, RuleContext
from vaultkit.rules.files import other_problems
from vaultkit.schemas import SchemaSet
from vaultkit.suppress import Suppressions, apply, suppressions_for
from vaultkit.vault import Vault, gc_paused, load_vault

ALWAYS_REPORTED = frozenset({"unresolved-link"})  # a deletion elsewhere breaks links in any note


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
    aliases = note_aliases(vault.notes)
    index = LinkIndex((f.path for f in vault.files), aliases)
    resolved = resolve_notes(vault.notes, index, publish=config.publish)
    if schemas is None:
        schemas = compile_schemas(config)
    return RuleContext(
        notes=vault.notes,
        files=tuple(f.path for f in vault.files),
        folders=vault.folders,
        problems=vault.problems,
        index=index,
        resolved=resolved,
        aliases=aliases,
        orphan_exclude=config.orphan_exclude,
        hierarchy_properties=config.hierarchy_properties,
        schemas=schemas,
        publish=config.publish,
    )


def run_check(
    vault: Vault, config: CheckConfig, *, schemas: SchemaSet | None = None
) -> CheckResult:
    """Check a loaded vault (``schemas``: already compiled from ``config``, if at hand)."""
    # many long-lived small objects and no reference cycles to free: the cyclic GC only costs
    with gc_paused():
        return _run_check(vault, config, schemas)


def _run_check(vault: Vault, config: CheckConfig, schemas: SchemaSet | None) -> CheckResult:
    timings: dict[str, float] = {}
    start = time.perf_counter()
    ctx = build_context(vault, config, schemas)
    timings["resolve"] = time.perf_counter() - start
    graded = active_rules(config)
    raw: list[Finding] = []
    for name, severity in graded.items():
        entry = RULES[name]
        if entry.func is None:
            continue
        began = time.perf_counter()
        raw.extend(_grade(entry.func(ctx), severity))
        timings[f"rule:{name}"] = time.perf_counter() - began
    raw.extend(
        dataclasses.replace(f, severity=graded[f.rule])
        for f in other_problems(ctx)
        if f.rule in graded
    )
    began = time.perf_counter()
    findings = _suppress(raw, vault)
    if config.only_paths is not None:
        findings = [
            f for f in findings if f.path in config.only_paths or f.rule in ALWAYS_REPORTED
        ]
    findings.sort(key=Finding.sort_key)
    timings["filter"] = time.perf_counter() - began
    counts = Counter(f.rule for f in findings)
    return CheckResult(tuple(findings), dict(counts), len(vault.notes), len(vault.files), timings)


def _grade(findings: Iterable[Finding], severity: Severity) -> list[Finding]:
    return [f if f.severity is severity else dataclasses.replace(f, severity=severity)
            for f in findings]


def _suppress(findings: list[Finding], vault: Vault) -> list[Finding]:
    table: dict[str, Suppressions] = {}
    for path, note in vault.notes.items():
        if not note.comments:
            continue

        def read(path: str = path) -> list[str]:
            return _lines(vault.root / path)

        found = suppressions_for(note, read)
        if found is not None:
            table[path] = found
    return apply(findings, table) if table else findings


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def check_path(root: Path, options: CheckConfig, **load: Any) -> CheckResult:
    """Load the vault at ``root`` (honouring ``ignore-globs``) and check it."""
    if not root.exists():
        raise UsageError(f"vault folder not found: {root}")
    if not root.is_dir():
        raise UsageError(f"vault path is a file, not a folder: {root}")
    schemas = compile_schemas(options)  # a bad schema fails before the vault is read
    vault = load_vault(root, ignore=options.ignore_globs, **load)
    return run_check(vault, options, schemas=schemas)
