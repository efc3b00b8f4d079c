"""`vaultkit links [VAULT]`: Obsidian's resolvedLinks / unresolvedLinks."""

from __future__ import annotations

import json
from pathlib import Path

import click

from vaultkit.commands.options import load_for, resolve_vault
from vaultkit.compile.export.links import links_as_text, links_table
from vaultkit.notes.linked import load_linked


@click.command()
@click.argument("vault", required=False, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["json", "text"]), default="json",
              show_default=True)
@click.option("--publish", is_flag=True, help="Resolve aliases as Obsidian Publish does.")
@click.option("--config", type=click.Path(path_type=Path), help="Read only this config file.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
def links(
    vault: Path | None, output_format: str, publish: bool, config: Path | None, isolated: bool
) -> int:
    """Print every note's resolved and unresolved links (Obsidian's metadata cache shape)."""
    loaded = load_for(vault, config, isolated)
    root = resolve_vault(vault, loaded)
    linked = load_linked(root, loaded.config, publish=publish)
    sources = [f.path for f in linked.vault.files if f.has_links]  # notes and canvases
    table = links_table(sources, linked.resolved)
    if output_format == "json":
        click.echo(json.dumps(table, ensure_ascii=False, indent=2))
    else:
        click.echo(links_as_text(table), nl=False)
    return 0
