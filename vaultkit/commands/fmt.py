"""`vaultkit fmt [VAULT] [--check] [--diff]`: the build's normalization, in place."""

from __future__ import annotations

from pathlib import Path

import click

from vaultkit.commands.options import load_for, resolve_vault
from vaultkit.compile.inplace import format_vault


@click.command()
@click.argument("vault", required=False, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if any note would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Write nothing; print a unified diff.")
@click.option("--config", type=click.Path(path_type=Path),
              help="Read this configuration file only.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
def fmt(
    vault: Path | None, check_only: bool, show_diff: bool, config: Path | None, isolated: bool
) -> int:
    """Normalize VAULT's notes in place (front-matter order, lists, links, whitespace)."""
    loaded = load_for(vault, config, isolated)
    root = resolve_vault(vault, loaded)
    write = not (check_only or show_diff)
    report = format_vault(root, loaded.config, write=write)
    for problem in report.problems:
        click.echo(f"vaultkit: warning: {problem}", err=True)
    if show_diff:
        click.echo(report.diff, nl=False)
    if write:
        click.echo(f"{len(report.changed)} of {report.notes} notes reformatted", err=True)
        return 0
    for path in report.changed:
        if check_only:
            click.echo(f"would reformat {path}")
    if report.changed:
        click.echo(f"{len(report.changed)} of {report.notes} notes would be reformatted", err=True)
        return 1
    return 0
