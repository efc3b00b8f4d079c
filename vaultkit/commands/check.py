"""`vaultkit check [VAULT] [FILES...]`: lint a vault exactly as Obsidian resolves it."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultkit import progress
from vaultkit.cache.store import open_cache
from vaultkit.commands.options import load_for, resolve_vault, rule_options
from vaultkit.config import CheckConfig
from vaultkit.errors import UsageError
from vaultkit.lint.engine import check_path
from vaultkit.lint.report import REPORTERS, display_paths, summary_line
from vaultkit.lint.report.result import CheckResult

if TYPE_CHECKING:
    from vaultkit.lint.fixes.apply import FixPolicy
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
    if fix and show_diff:
        raise UsageError("--diff shows the fixes without applying them: not with --fix")
    annotate = None
    policy = None
    reported = show_fixes or statistics or output_format in ("json", "sarif", "full")
    if fix or show_diff or reported:
        from vaultkit.commands import fixing  # noqa: PLC0415  (a plain check pays nothing)

        policy = fixing.policy(loaded.fix, unsafe_fixes)
        if fix or show_diff:
            with progress.shown(f"vaultkit check: fixing {root}"):
                run = fixing.run(root, settings, policy, cache)
            if show_diff:
                return fixing.print_diff(run, show)
            fixing.write(root, run, show, listed=show_fixes)
        if reported:  # each finding left is reported with its fix
            annotate = fixing.annotation(root, settings, cache)
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
        fixing.list_fixes(result, show)
    if not no_summary:
        click.echo(summary_line(result), err=output_format not in ("text", "full"))
    return result.exit_code


def _render(  # noqa: PLR0917
    output_format: str, statistics: bool, result: CheckResult, show: Callable[[str], str],
    root: Path, policy: FixPolicy | None,
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
            result.findings,
            fixable=lambda f: f in fixes and policy is not None and policy.allows(f, fixes[f]),
        )
        return render_json(rows) if output_format == "json" else render_text(rows)
    if output_format == "full":
        colored = use_color(os.environ, sys.stdout is not None and sys.stdout.isatty())
        return REPORTERS["full"](
            result, show, lines=line_reader(root), palette=Palette(colored),
            fix_message=lambda f: fix_help(fixes.get(f)),
        )
    return REPORTERS[output_format](result, show)


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
