"""`vaultkit mv OLD NEW`: move a note, attachment or folder and keep every link working."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import click

from vaultkit.cache.store import SqliteNoteCache, open_cache
from vaultkit.commands.plans import note_reader, plan_options, scanned_vault, show_plan, vault_path
from vaultkit.edit.commit import commit
from vaultkit.edit.linktext import vault_link_format
from vaultkit.edit.model import FileMove
from vaultkit.edit.move import collisions, file_moves, parse_text, plan_move
from vaultkit.edit.source import Source
from vaultkit.errors import UsageError
from vaultkit.notes.model import Note
from vaultkit.notes.scan import VaultFile


@click.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@plan_options
@click.option("--no-cache", is_flag=True, help="Parse the notes again; touch no cache on disk.")
@click.option("--cache-dir", type=click.Path(path_type=Path), help="The note cache's folder.")
def mv(  # noqa: PLR0917  (click passes options positionally)
    old: Path,
    new: Path,
    vault_dir: Path | None,
    dry_run: bool,
    show_diff: bool,
    as_json: bool,
    config: Path | None,
    isolated: bool,
    no_cache: bool,
    cache_dir: Path | None,
) -> int:
    """Move OLD to NEW (a file or a folder; NEW may be an existing folder to move into) and
    rewrite exactly the links whose target would change, as Obsidian does."""
    root, scan = scanned_vault(vault_dir, config, isolated)
    paths = [f.path for f in scan.files]
    source_rel = vault_path(root, old, "OLD")
    if source_rel not in set(paths) and source_rel not in scan.folders:
        raise UsageError(f"{old}: not a file or folder of the vault {root}")
    target_rel = _target(root, new, source_rel)
    moved = file_moves(paths, scan.folders, source_rel, target_rel)
    clash = collisions(paths, moved)
    if clash:
        raise UsageError(
            f"{clash[0]} differs only in case or Unicode form from a file already in the vault; "
            "Obsidian could not tell them apart, so nothing was moved"
        )
    disk = (FileMove(source_rel, target_rel),)

    notes = [f.path for f in scan.files if f.has_links]  # notes and canvases
    cache = open_cache(root, cache_dir=cache_dir, enabled=not no_cache)
    plan = plan_move(
        paths, notes, note_reader(root), moved, link_format=vault_link_format(root), disk=disk,
        parse_many=functools.partial(_parse_cached, cache, {f.path: f for f in scan.files}),
    )
    if show_plan(plan, moved, dry_run=dry_run, diff=show_diff, as_json=as_json):
        return 0
    texts = plan.texts()
    commit(root, {p: plan.sources[p].write(after) for p, (_, after) in texts.items()}, disk)
    links = len({(r.path, r.link) for r in plan.rewrites})
    click.echo(f"vaultkit: moved {source_rel} to {target_rel}; updated {_count(links, 'link')} "
               f"in {_count(len(texts), 'file')}", err=True)
    return 0


def _parse_cached(
    cache: SqliteNoteCache | None, files: Mapping[str, VaultFile], sources: Mapping[str, Source]
) -> dict[str, Note]:
    """The notes of ``sources``, from the cache where it holds the very bytes read."""
    records = [files[p] for p in sources if p in files and files[p].size == len(sources[p].raw)]
    found = cache.lookup_some(records) if cache is not None and records else {}
    out: dict[str, Note] = {}
    for path, source in sources.items():
        hit = found.get(path)
        out[path] = hit if isinstance(hit, Note) else parse_text(path, source.text)
    return out


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _target(root: Path, typed: Path, source: str) -> str:
    target = vault_path(root, typed, "NEW")
    if (root / target).is_dir():
        target = f"{target}/{source.rsplit('/', 1)[-1]}"
    if target == source:
        raise UsageError(f"{source} is already there")
    if target.startswith(source + "/"):
        raise UsageError(f"cannot move {source} into itself ({target})")
    if (root / target).exists() and target.lower() != source.lower():
        raise UsageError(f"{target} already exists; nothing was moved")
    if any(part.startswith(".") for part in target.split("/")):
        raise UsageError(f"{target}: a dot-folder is not part of the vault")
    return target
