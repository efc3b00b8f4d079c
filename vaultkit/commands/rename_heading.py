"""`vaultkit rename-heading NOTE OLD NEW`: rename a heading and every link to it."""

from __future__ import annotations

from pathlib import Path

import click

from vaultkit.commands.plans import note_reader, plan_options, scanned_vault, show_plan, vault_path
from vaultkit.edit.commit import commit
from vaultkit.edit.heading import plan_heading_rename
from vaultkit.errors import UsageError


@click.command("rename-heading")
@click.argument("note", type=click.Path(path_type=Path))
@click.argument("old")
@click.argument("new")
@plan_options
def rename_heading(  # noqa: PLR0917  (click passes options positionally)
    note: Path,
    old: str,
    new: str,
    vault_dir: Path | None,
    dry_run: bool,
    show_diff: bool,
    as_json: bool,
    config: Path | None,
    isolated: bool,
) -> int:
    """Rename heading OLD of NOTE to NEW and rewrite every [[NOTE#OLD]] link (also in
    properties and heading chains), as Obsidian's "Rename heading" does."""
    root, scan = scanned_vault(vault_dir, config, isolated)
    rel = vault_path(root, note, "NOTE")
    notes = [f.path for f in scan.files if f.is_markdown]
    if rel not in notes:
        raise UsageError(f"{note}: not a note of the vault {root}")

    plan = plan_heading_rename(
        (f.path for f in scan.files), notes, note_reader(root), rel, old, new
    )
    if show_plan(plan, {}, dry_run=dry_run, diff=show_diff, as_json=as_json):
        return 0
    texts = plan.texts()
    commit(root, {p: plan.sources[p].write(after) for p, (_, after) in texts.items()})
    links = len(plan.rewrites) - 1
    click.echo(f"vaultkit: renamed the heading in {rel}; updated {links} "
               f"link{'' if links == 1 else 's'}", err=True)
    return 0
