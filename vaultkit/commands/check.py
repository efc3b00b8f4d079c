"""`vaultkit check [VAULT] [FILES...]`: lint a vault exactly as Obsidian resolves it."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from vaultkit import progress
from vaultkit.cache.store import open_cache
from vaultkit.commands.options import load_for, resolve_vault, rule_options
from vaultkit.config import CheckConfig
from vaultkit.edit.commit import commit
from vaultkit.edit.diff import unified
from vaultkit.edit.linktext import vault_link_format
from vaultkit.errors import UsageError
from vaultkit.lint.engine import check_path
from vaultkit.lint.fixes import FIXES_VERSION, fixes_for, vault_context
from vaultkit.lint.fixes.apply import FixPolicy, FixRun, fix_vault
from vaultkit.lint.report import REPORTERS, display_paths, summary_line
from vaultkit.lint.report.result import CheckResult
from vaultkit.lint.selection import validate_rules


@click.command()
@click.argument("vault", required=False, type=click.Path(path_type=Path))
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(sorted(REPORTERS)), default=None,
    help="Output format [default: `output-format` of the configuration, else text].",
)
@click.option("--statistics", is_flag=True,
              help="Print how many findings each rule reported instead of the findings.")
@rule_options
@click.option("--schema", type=click.Path(path_type=Path), help="Validate every note against FILE.")
@click.option("--no-summary", is_flag=True, help="Do not print the summary line.")
@click.option("--no-cache", is_flag=True, help="Parse every note again; touch no cache on disk.")
@click.option("--cache-dir", type=click.Path(path_type=Path), help="Keep the note cache in DIR.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place; report what is left.")
@click.option(
    "--unsafe-fixes/--no-unsafe-fixes", default=None,
    help="Also apply (or show) the unsafe fixes. Default: the config's unsafe-fixes.",
)
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the fixes as a unified diff; write nothing; exit 1 if there is one.")
@click.option("--show-fixes", is_flag=True,
              help="List the fixes applied (with --fix) or each finding's fix.")
def check(  # noqa: PLR0917  (click passes options positionally)
    vault: Path | None,
    files: tuple[Path, ...],
    output_format: str,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    severity: tuple[str, ...],
    publish: bool,
    config: Path | None,
    isolated: bool,
    schema: Path | None,
    no_summary: bool,
    no_cache: bool,
    cache_dir: Path | None,
    statistics: bool,
    fix: bool,
    unsafe_fixes: bool | None,
    show_diff: bool,
    show_fixes: bool,
) -> int:
    """Check VAULT (default: the configured vault, else the current folder).

    FILES narrow which findings are reported (the whole vault is always checked); broken
    links are reported wherever they are.
    """
    loaded = load_for(vault, config, isolated)
    root = resolve_vault(vault, loaded)
    output_format = output_format or loaded.output_format or "text"
    settings = _apply_cli(loaded.config, select, extend_select, ignore, severity, publish, schema)
    if files:
        settings = dataclasses.replace(settings, only_paths=_vault_relative(root, files))
    cache = open_cache(root, cache_dir=cache_dir, enabled=not no_cache)
    show = display_paths(root)
    policy = FixPolicy.of(loaded.fix, unsafe=unsafe_fixes)
    if fix or show_diff:
        if fix and show_diff:
            raise UsageError("--diff shows the fixes without applying them: not with --fix")
        with progress.shown(f"vaultkit check: fixing {root}"):
            first = check_path(root, settings, cache=cache)  # usually answered from the cache
            run = FixRun()
            if any(policy.may_fix(f) for f in first.findings):
                run = fix_vault(
                    root, settings, policy, cache=cache, link_format=vault_link_format(root)
                )
        if show_diff:
            return _print_diff(run, show)
        if run.changed():
            commit(root, run.writes())
        _report_fixed(run, show, listed=show_fixes)
    annotate = None
    if show_fixes or statistics or output_format in ("json", "sarif", "full"):
        link_format = vault_link_format(root)

        def with_fixes(found: CheckResult) -> CheckResult:
            ctx = vault_context(root, settings, link_format=link_format, cache=cache)
            return dataclasses.replace(found, fixes=fixes_for(found.findings, ctx))

        annotate = (f"fixes {FIXES_VERSION} {link_format.value}", with_fixes)
    with progress.shown(f"vaultkit check: checking {root}"):
        result = check_path(root, settings, cache=cache, annotate=annotate)
    if result.notes == 0 and not result.findings:
        click.echo(f"vaultkit: no notes found in {root} (empty vault)", err=True)
        if output_format in ("json", "sarif"):
            click.echo(_render(output_format, statistics, result, show, root, policy), nl=False)
        return 0
    # full output paints only when use_color says so, and never prints a control character
    # of a note: click must not strip its colors from piped output under FORCE_COLOR
    keep_colors = True if output_format == "full" else None
    out = _render(output_format, statistics, result, show, root, policy)
    click.echo(out, nl=False, color=keep_colors)
    if show_fixes and output_format == "text" and not statistics:
        _list_fixes(result, show)
    if not no_summary:
        click.echo(summary_line(result), err=output_format not in ("text", "full"))
    return result.exit_code


def _render(  # noqa: PLR0917
    output_format: str, statistics: bool, result: CheckResult, show: Callable[[str], str],
    root: Path, policy: FixPolicy,
) -> str:
    """What stdout gets: the statistics table (JSON for ``json``), or the findings; a fix
    counts as fixable when ``policy`` (--unsafe-fixes, fixable, unfixable) lets --fix apply it."""
    # imported here: a check that prints neither pays nothing for them
    from vaultkit.lint.report.color import Palette, use_color  # noqa: PLC0415
    from vaultkit.lint.report.full import fix_help  # noqa: PLC0415
    from vaultkit.lint.report.source import line_reader  # noqa: PLC0415
    from vaultkit.lint.report.statistics import (  # noqa: PLC0415
        render_json,
        render_text,
        rule_statistics,
    )

    fixes = result.fixes or {}
    if statistics:
        rows = rule_statistics(
            result.findings, fixable=lambda f: f in fixes and policy.allows(f, fixes[f])
        )
        return render_json(rows) if output_format == "json" else render_text(rows)
    if output_format == "full":
        colored = use_color(os.environ, sys.stdout is not None and sys.stdout.isatty())
        return REPORTERS["full"](
            result, show, lines=line_reader(root), palette=Palette(colored),
            fix_message=lambda f: fix_help(fixes.get(f)),
        )
    return REPORTERS[output_format](result, show)


def _print_diff(run: FixRun, show: Callable[[str], str]) -> int:
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


def _report_fixed(run: FixRun, show: Callable[[str], str], *, listed: bool) -> None:
    if listed:
        for finding, applied in run.log:
            click.echo(f"fixed {show(finding.path)}:{finding.span.line}:{finding.span.column}: "
                       f"{finding.code} [{finding.rule}] {applied.message}")
    fixes = sum(run.applied.values())
    if fixes:
        click.echo(f"vaultkit: fixed {fixes} findings in {len(run.changed())} files "
                   f"({run.passes} passes)", err=True)


def _list_fixes(result: CheckResult, show: Callable[[str], str]) -> None:
    """``--show-fixes`` without ``--fix``: the fix each finding has."""
    fixes = result.fixes or {}
    for finding in result.findings:
        found = fixes.get(finding)
        if found is not None:
            click.echo(f"{show(finding.path)}:{finding.span.line}:{finding.span.column}: "
                       f"{finding.code} fix ({found.applicability.value}): {found.message}")


def _apply_cli(  # noqa: PLR0917
    base: CheckConfig,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    severity: tuple[str, ...],
    publish: bool,
    schema: Path | None,
) -> CheckConfig:
    grades = dict(base.severity)
    for item in severity:
        rule, sep, level = item.partition("=")
        if not sep or level.strip() not in ("error", "warning", "info", "off"):
            raise UsageError(f"--severity takes RULE=error|warning|info|off, not {item!r}")
        grades[rule.strip()] = level.strip()
    settings = dataclasses.replace(
        base,
        select=_split(select) if select else base.select,
        extend_select=(*base.extend_select, *_split(extend_select)),
        ignore=(*base.ignore, *_split(ignore)),
        severity=grades,
        publish=publish or base.publish,
    )
    if schema is not None:
        settings = dataclasses.replace(
            settings, schema=dataclasses.replace(settings.schema, override=schema.absolute())
        )
    validate_rules(settings, "command line")  # ConfigError: exit 2
    return settings


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for v in values for part in v.split(",") if part.strip())


def _vault_relative(root: Path, files: tuple[Path, ...]) -> frozenset[str]:
    base = root.resolve()
    out = set()
    for item in files:
        full = item.absolute()
        try:
            out.add(full.relative_to(base).as_posix())
        except ValueError:
            try:
                out.add(full.resolve().relative_to(base).as_posix())
            except ValueError:
                continue  # outside the vault: nothing of it is reported
    return frozenset(out)
