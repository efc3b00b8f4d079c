"""`vaultkit glossary [VAULT] [-o FILE] [--check]`: the one merged GLOSSARY.md."""

from __future__ import annotations

from pathlib import Path

import click

from vaultkit.commands.options import load_for, resolve_vault
from vaultkit.compile.glossary.compiler import (
    GLOSSARY_NAME,
    check_fresh,
    glossary_for_vault,
    origin_for,
    write_glossary,
)
from vaultkit.compile.glossary.render import FLAVORS
from vaultkit.notes.linked import load_linked


@click.command()
@click.argument("vault", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write (default: GLOSSARY.md beside the configuration file, "
                   "else in the current folder).")
@click.option("--flavor", type=click.Choice(FLAVORS), default="github", show_default=True,
              help="github: [text](#anchor) links; obsidian: [[#Term]] links, for a copy "
                   "kept inside the vault.")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if the file differs from what would be generated.")
@click.option("--force", is_flag=True, help="Replace a file vaultkit did not generate.")
@click.option("--config", type=click.Path(path_type=Path),
              help="Read this configuration file only.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
def glossary(  # noqa: PLR0917  (click passes options positionally)
    vault: Path | None,
    output: Path | None,
    flavor: str,
    check_only: bool,
    force: bool,
    config: Path | None,
    isolated: bool,
) -> int:
    """Compile VAULT's term notes into one GLOSSARY.md."""
    loaded = load_for(vault, config, isolated)
    root = resolve_vault(vault, loaded)
    if output is None:
        base = loaded.source.parent if loaded.source is not None else Path.cwd()
        output = base / GLOSSARY_NAME
    text = glossary_for_vault(
        load_linked(root, loaded.config), flavor=flavor, origin=origin_for(root, output)
    )
    if check_only:
        state = check_fresh(output, text)
        if not state.fresh:
            click.echo(f"vaultkit: {state.reason}", err=True)
            return 1
        click.echo(f"{output} is up to date.", err=True)
        return 0
    write_glossary(output, text, force=force)
    click.echo(f"wrote {output}", err=True)
    return 0
