"""Showing a plan of edits (``mv``, ``rename-heading``): --dry-run, --diff, --json."""

from __future__ import annotations

import json
from collections.abc import Mapping

import click

from vaultkit.edit.diff import unified
from vaultkit.edit.plan import Plan


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
