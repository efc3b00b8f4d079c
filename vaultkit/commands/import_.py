"""``vaultkit import SOURCE... [--into VAULT]``: glossaries into an Obsidian vault."""

from __future__ import annotations

from pathlib import Path

import click

from vaultkit import progress
from vaultkit.errors import ExitCode, UsageError
from vaultkit.importers import FORMATS, import_sources
from vaultkit.importers.pipeline import unified_diff
from vaultkit.importers.summary import summary_lines


@click.command("import")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--into",
    "vault",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="The vault folder [default: vault/ of the project].",
)
@click.option(
    "--format",
    "shape",
    default="auto",
    show_default=True,
    type=click.Choice(FORMATS),
    help="Force the reader for the SOURCE files given.",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--diff", "show_diff", is_flag=True, help="With --dry-run, show a unified diff.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors and the summary.")
def import_(  # noqa: PLR0917 - click passes options positionally
    sources: tuple[Path, ...],
    vault: Path | None,
    shape: str,
    dry_run: bool,
    show_diff: bool,
    quiet: bool,
) -> int:
    """Import glossaries (files, or folders of them or of one term per file) into VAULT.

    One note per concept. With no SOURCE, the sources VAULT was made from are imported again.
    """
    if show_diff and not dry_run:
        raise UsageError("--diff needs --dry-run")
    with progress.shown("vaultkit import: importing", enabled=not quiet):
        report = import_sources(list(sources), vault, shape=shape, dry_run=dry_run)
    for diag in report.diagnostics:
        if diag.level == "error" or (not quiet and diag.level == "warning"):
            click.echo(
                str(diag) if diag.line else f"{diag.file}: {diag.level}: {diag.message}", err=True
            )
    if dry_run or not quiet:
        for change in report.changes:
            note = f"  ({change.message})" if change.message else ""
            shown = f"{vault.as_posix()}/" if vault is not None else ""
            click.echo(f"{change.action:>8} {shown}{change.path}{note}")
            if show_diff and change.action != "conflict":
                click.echo(unified_diff(change), nl=False)
    for line in summary_lines(report):
        click.echo(line)
    return int(ExitCode.FINDINGS) if report.exit_code else int(ExitCode.OK)
