"""What ``check`` does about fixes: the fix loop, writing or showing what it changed, and
each finding's fix for the reports. Imported only when fixes are asked for, so a plain check
pays nothing for the fix machinery."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultkit.config import CheckConfig, FixConfig
from vaultkit.edit.commit import commit
from vaultkit.edit.diff import unified
from vaultkit.edit.linktext import vault_link_format
from vaultkit.lint.engine import Annotate, check_path
from vaultkit.lint.fixes import FIXES_VERSION, fixes_for, vault_context
from vaultkit.lint.fixes.apply import FixPolicy, FixRun, fix_vault
from vaultkit.lint.report.result import CheckResult

if TYPE_CHECKING:
    from vaultkit.cache.store import SqliteNoteCache


def policy(config: FixConfig, unsafe: bool | None) -> FixPolicy:
    return FixPolicy.of(config, unsafe=unsafe)


def run(
    root: Path, settings: CheckConfig, chosen: FixPolicy, cache: SqliteNoteCache | None
) -> FixRun:
    """The fix loop over the vault, in memory; skipped when no finding could be fixed (the
    first check is usually answered from the cache)."""
    first = check_path(root, settings, cache=cache)
    if not any(chosen.may_fix(f) for f in first.findings):
        return FixRun()
    return fix_vault(root, settings, chosen, cache=cache, link_format=vault_link_format(root))


def write(root: Path, done: FixRun, show: Callable[[str], str], *, listed: bool) -> None:
    """``--fix``: every changed file written at once (all or none), then what was fixed."""
    if done.changed():
        commit(root, done.writes())
    if listed:
        for finding, applied in done.log:
            click.echo(f"fixed {show(finding.path)}:{finding.span.line}:{finding.span.column}: "
                       f"{finding.code} [{finding.rule}] {applied.message}")
    fixes = sum(done.applied.values())
    if fixes:
        click.echo(f"vaultkit: fixed {fixes} findings in {len(done.changed())} files "
                   f"({done.passes} passes)", err=True)


def annotation(
    root: Path, settings: CheckConfig, cache: SqliteNoteCache | None
) -> tuple[str, Annotate]:
    """For :func:`~vaultkit.lint.engine.check_path`: each finding's fix added to a fresh
    result, under a name that keys the stored result by the fixers' version and link format."""
    link_format = vault_link_format(root)

    def with_fixes(found: CheckResult) -> CheckResult:
        ctx = vault_context(root, settings, link_format=link_format, cache=cache)
        return dataclasses.replace(found, fixes=fixes_for(found.findings, ctx))

    return (f"fixes {FIXES_VERSION} {link_format.value}", with_fixes)


def print_diff(run: FixRun, show: Callable[[str], str]) -> int:
    """``--diff``: each changed file's diff on stdout; a count on stderr; 1 when any."""
    changed = run.changed()
    for path, (before, after) in changed.items():
        click.echo(unified(show(path), show(path), before, after), nl=False)
    fixes = sum(run.applied.values())
    if changed:
        click.echo(f"vaultkit: {fixes} fixes would change {len(changed)} files", err=True)
    else:
        click.echo("vaultkit: no fixes to apply", err=True)
    return 1 if changed else 0


def list_fixes(result: CheckResult, show: Callable[[str], str]) -> None:
    """``--show-fixes`` without ``--fix``: the fix each finding has."""
    fixes = result.fixes or {}
    for finding in result.findings:
        found = fixes.get(finding)
        if found is not None:
            click.echo(f"{show(finding.path)}:{finding.span.line}:{finding.span.column}: "
                       f"{finding.code} fix ({found.applicability.value}): {found.message}")
