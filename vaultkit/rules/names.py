"""Name rules: names that collide on macOS/Windows, aliases that collide with names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vaultkit.model import WHOLE_FILE, Finding, Severity
from vaultkit.rules.context import RuleContext
from vaultkit.rules.properties import note_aliases_with_keys, value_span
from vaultkit.rules.registry import RULES, rule
from vaultkit.text import nfc


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


@rule(
    "VK501",
    "duplicate-name",
    Severity.WARNING,
    "Files whose paths differ only by case or Unicode form (they collide on macOS/Windows).",
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
    names: dict[str, list[str]] = {}
    for path in ctx.notes:
        names.setdefault(nfc(_stem(path)).lower(), []).append(path)
    owners: dict[str, list[str]] = {}
    per_note = {path: note_aliases_with_keys(note) for path, note in ctx.notes.items()}
    for path, pairs in per_note.items():
        for alias in {nfc(a).lower() for a, _ in pairs}:
            owners.setdefault(alias, []).append(path)
    for members in owners.values():
        members.sort()  # once per alias: a popular alias must not cost its owners squared
    for path, pairs in per_note.items():
        note = ctx.notes[path]
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


def _first_other(paths: Sequence[str], path: str) -> str | None:
    """The first of ``paths`` that is not ``path`` (each path appears at most once)."""
    for other in paths[:2]:
        if other != path:
            return other
    return None
