"""`vaultkit graph [VAULT] --format graphml|json|dot [-o FILE]`: export the link graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vaultkit.commands.options import load_for, resolve_vault
from vaultkit.compile.export.graph import FORMATS, render_graph, vault_graph
from vaultkit.fsutil import atomic_write_text
from vaultkit.notes.linked import load_linked


@click.command()
@click.argument("vault", required=False, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="graphml",
              show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to FILE (default: standard output).")
@click.option("--publish", is_flag=True, help="Resolve aliases as Obsidian Publish does.")
@click.option("--config", type=click.Path(path_type=Path),
              help="Read this configuration file only.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
def graph(  # noqa: PLR0917  (click passes options positionally)
    vault: Path | None,
    output_format: str,
    output: Path | None,
    publish: bool,
    config: Path | None,
    isolated: bool,
) -> int:
    """Export VAULT's link graph: nodes with title, tags, sources; edges with kind."""
    loaded = load_for(vault, config, isolated)
    root = resolve_vault(vault, loaded)
    linked = load_linked(root, loaded.config, publish=publish)
    text = render_graph(vault_graph(linked), output_format)
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(output, text)
        click.echo(f"wrote {output}", err=True)
    return 0
