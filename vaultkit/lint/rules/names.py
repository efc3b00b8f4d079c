"""Name rules: names that collide on macOS/Windows, aliases that collide with names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vaultkit.lint.rules.context import RuleContext
from vaultkit.lint.rules.properties import value_span
from vaultkit.lint.rules.registry import RULES, VAULT, rule
from vaultkit.notes.frontmatter import alias_entries
from vaultkit.notes.model import WHOLE_FILE, Finding, Severity
from vaultkit.text import nfc


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


@rule(
    "VK501",
    "duplicate-name",
    Severity.WARNING,
    "Files whose paths differ only by case or Unicode form (they collide on macOS/Windows).",
    scope=VAULT,
)
def duplicate_name(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["duplicate-name"]
    groups: dict[str, list[str]] = {}
    for path in ctx.files:
        groups.setdefault(nfc(path).lower(), []).append(path)
    for members in groups.values():
        if len(members) < 2:
            continue
        for path in sorted(members):
            others = ", ".join(repr(p) for p in sorted(members) if p != path)
            message = (
                f"{path!r} collides with {others} on case-insensitive or "
                "Unicode-normalising systems"
            )
            yield this.finding(path, WHOLE_FILE, message)


@rule(
    "VK502",
    "alias-collision",
    Severity.WARNING,
    "An alias equal (case-insensitively, NFC) to another note's name or alias.",
)
def alias_collision(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["alias-collision"]
    tables = ctx.shape_tables.get("names")
    if tables is None:
        tables = ctx.shape_tables["names"] = _name_tables(ctx)
    names, owners = tables
    for path, note in ctx.notes.items():
        pairs = alias_entries(note.frontmatter.data)
        seen: set[str] = set()
        for alias, key in pairs:
            folded = nfc(alias).lower()
            if folded in seen:
                continue
            seen.add(folded)
            named = _first_other(names.get(folded, ()), path)
            aliased = _first_other(owners.get(folded, ()), path)
            if named is not None:
                message = f"alias {alias!r} is also the name of {named}"
            elif aliased is not None:
                message = f"alias {alias!r} is also an alias of {aliased}"
            else:
                continue
            yield this.finding(path, value_span(note.frontmatter, key), message)


def _name_tables(ctx: RuleContext) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Every note by its folded name, and by each folded alias it claims (paths sorted)."""
    names: dict[str, list[str]] = {}
    owners: dict[str, list[str]] = {}
    for path, facts in ctx.facts.items():
        names.setdefault(nfc(_stem(path)).lower(), []).append(path)
        for alias in facts.alias_names:
            owners.setdefault(alias, []).append(path)
    for members in owners.values():
        members.sort()  # once per alias: a popular alias must not cost its owners squared
    return names, owners


def _first_other(paths: Sequence[str], path: str) -> str | None:
    """The first of ``paths`` that is not ``path`` (each path appears at most once)."""
    for other in paths[:2]:
        if other != path:
            return other
    return None
