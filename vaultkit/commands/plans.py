"""What ``mv`` and ``rename-heading`` share: their options, the vault they work on, paths typed
in it, reading notes, showing a plan (--dry-run, --diff, --json)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import click

from vaultkit.commands.options import load_for, resolve_vault
from vaultkit.edit.diff import unified
from vaultkit.edit.plan import Plan
from vaultkit.edit.source import read_bytes
from vaultkit.errors import ChangeRefused, UsageError
from vaultkit.notes.scan import VaultScan, scan_vault

F = TypeVar("F", bound=Callable[..., object])


def plan_options(func: F) -> F:
    """--vault/--dry-run/--diff/--json/--config/--isolated."""
    decorators = [
        click.option("--vault", "vault_dir", type=click.Path(path_type=Path),
                     help="The vault (default: the configured vault, else the current folder)."),
        click.option("--dry-run", is_flag=True, help="Print the plan; change nothing."),
        click.option("--diff", "show_diff", is_flag=True,
                     help="Print the plan as a diff; change nothing."),
        click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON."),
        click.option("--config", type=click.Path(path_type=Path),
                     help="Read only this config file."),
        click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
    ]
    for decorate in reversed(decorators):
        func = decorate(func)
    return func


def scanned_vault(
    vault_dir: Path | None, config: Path | None, isolated: bool
) -> tuple[Path, VaultScan]:
    """The vault the options name, and its scan (the configuration's ignore globs applied)."""
    loaded = load_for(vault_dir, config, isolated)
    root = resolve_vault(vault_dir, loaded)
    return root, scan_vault(root, loaded.config.ignore_globs)


def vault_path(root: Path, typed: Path, what: str) -> str:
    """``typed`` (relative to the current folder, or absolute) as a vault-relative path."""
    full = Path(os.path.abspath(typed))
    base = Path(os.path.abspath(root))
    try:
        rel = full.relative_to(base)
    except ValueError:
        try:
            rel = full.resolve().relative_to(base.resolve())
        except ValueError:
            raise UsageError(f"{what} {typed} is outside the vault {root}") from None
    if not rel.parts:
        raise UsageError(f"{what} {typed} is the vault itself")
    return rel.as_posix()



def note_reader(root: Path) -> Callable[[str], bytes | None]:
    """A note's bytes by vault path; None for one that cannot be read (Obsidian sees no links
    in it either)."""

    def read(path: str) -> bytes | None:
        try:
            return read_bytes(root, path)
        except ChangeRefused:
            return None

    return read


def show_plan(
    plan: Plan, moved: Mapping[str, str], *, dry_run: bool, diff: bool, as_json: bool
) -> bool:
    """Print ``plan`` as asked; True when it was only to be shown (nothing is written)."""
    if as_json:
        click.echo(json.dumps(_as_json(plan), ensure_ascii=False, indent=2))
    elif diff:
        _print_diff(plan, moved)
    elif dry_run:
        _print_plan(plan)
    return dry_run or diff or as_json


def _as_json(plan: Plan) -> dict[str, object]:
    return {
        "moves": [{"old": m.old, "new": m.new} for m in plan.change.moves],
        "edits": [
            {"path": r.path, "line": r.span.line, "column": r.span.column,
             "end_line": r.span.end_line, "end_column": r.span.end_column,
             "old": r.old, "new": r.new}
            for r in plan.rewrites
        ],
        "newly_resolved": [
            {"path": p, "line": s.line, "column": s.column, "target": t}
            for p, s, t in plan.newly_resolved
        ],
    }


def _print_plan(plan: Plan) -> None:
    for move in plan.change.moves:
        click.echo(f"move {move.old} -> {move.new}")
    for r in plan.rewrites:
        click.echo(f"edit {r.path}:{r.span.line}:{r.span.column}: {r.old!r} -> {r.new!r}")
    for path, span, target in plan.newly_resolved:
        click.echo(f"info {path}:{span.line}:{span.column}: an unresolved link will now find "
                   f"{target}")


def _print_diff(plan: Plan, moved: Mapping[str, str]) -> None:
    texts = plan.texts()
    for path, (before, after) in texts.items():
        click.echo(unified(path, moved.get(path, path), before, after), nl=False)
    for move in plan.change.moves:
        if move.old not in texts:
            click.echo(unified(move.old, move.new, "", ""), nl=False)
