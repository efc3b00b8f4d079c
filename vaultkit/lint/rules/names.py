"""Name rules: names that collide on macOS/Windows, aliases that collide with names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vaultkit.lint.rules.context import RuleContext
from vaultkit.lint.rules.properties import value_span
from vaultkit.lint.rules.registry import RULES, VAULT, rule
from vaultkit.notes.frontmatter import alias_entries
from vaultkit.notes.model import WHOLE_FILE, Finding, Severity
from vaultkit.text import nfc


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
    for path, note in ctx.notes.items():
        pairs = alias_entries(note.frontmatter.data)
        seen: set[str] = set()
        for alias, key in pairs:
            folded = nfc(alias).lower()
            if folded in seen:
                continue
            seen.add(folded)
            named = _first_other(_named(ctx, folded), path)
            aliased = _first_other(sorted(set(ctx.index.alias_targets(alias))), path)
            if named is not None:
                message = f"alias {alias!r} is also the name of {named}"
            elif aliased is not None:
                message = f"alias {alias!r} is also an alias of {aliased}"
            else:
                continue
            yield this.finding(path, value_span(note.frontmatter, key), message)


def _named(ctx: RuleContext, folded: str) -> list[str]:
    """The notes and canvases whose name (a note's without ``.md``), folded, is ``folded``, in
    the vault's order: looked up in the link index, which knows every file by its name."""
    notes = ctx.notes
    found = [p for p in ctx.index.named(folded + ".md") if p in notes]
    other = [
        p for p in ctx.index.named(folded) if p in notes and not p.lower().endswith(".md")
    ]
    if found and other:  # a note and a canvas of one name
        both = {*found, *other}
        return [p for p in ctx.files if p in both]
    return found or other


def _first_other(paths: Sequence[str], path: str) -> str | None:
    """The first of ``paths`` that is not ``path`` (each path appears at most once)."""
    for other in paths[:2]:
        if other != path:
            return other
    return None
