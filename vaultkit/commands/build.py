"""`vaultkit build [VAULT] --out DIR`: the normalized vault and its glossary in DIR."""

from __future__ import annotations

import time
from pathlib import Path

import click

from vaultkit import progress
from vaultkit.commands.options import load_for, resolve_vault
from vaultkit.compile.build import build as run_build


@click.command()
@click.argument("vault", required=False, type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, metavar="DIR", type=click.Path(path_type=Path),
              help="Output folder (outside the vault).")
@click.option("--force", is_flag=True,
              help="Write into a non-empty folder that is not a previous build, and over "
                   "files changed there since the last build.")
@click.option("--config", type=click.Path(path_type=Path),
              help="Read this configuration file only.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
def build(
    vault: Path | None, out: Path, force: bool, config: Path | None, isolated: bool
) -> int:
    """Write VAULT normalized to DIR, with the merged glossary as DIR/GLOSSARY.md."""
    loaded = load_for(vault, config, isolated)
    root = resolve_vault(vault, loaded)
    started = time.perf_counter()
    with progress.shown(f"vaultkit build: building {out}"):
        result = run_build(root, out, loaded.config, force=force)
    for problem in result.problems:
        click.echo(f"vaultkit: warning: {problem}", err=True)
    click.echo(
        f"built {out}: notes {result.notes} ({result.changed} normalized), other files "
        f"{result.copied}, GLOSSARY.md concepts {result.terms}; files written {result.written}, "
        f"removed {result.removed}; {time.perf_counter() - started:.2f}s",
        err=True,
    )
    return 0
