"""Front-matter rules: invalid YAML, schema, and the Obsidian property findings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from vaultkit.lint.rules.context import RuleContext
from vaultkit.lint.rules.registry import RULES, rule
from vaultkit.notes.model import Finding, FrontMatter, Severity, Span
from vaultkit.notes.scan import is_canvas_name

_DEPRECATED = {"tag": "tags", "alias": "aliases", "cssclass": "cssclasses"}
_TAGS = re.compile(r"^tags$", re.IGNORECASE)


def value_span(fm: FrontMatter, key: str) -> Span:
    """Where a dotted key's value is written; its key, then its parents, then the opening fence."""
    probe = key
    while probe:
        span = fm.value_spans.get(probe) or fm.key_spans.get(probe)
        if span is not None:
            return span
        probe = probe.rpartition(".")[0]
    return Span(1, 1, 1, 4)


def key_span(fm: FrontMatter, key: str) -> Span:
    return fm.key_spans.get(key) or value_span(fm, key)


@rule(
    "VK201",
    "invalid-yaml",
    Severity.ERROR,
    "Front matter that does not parse to a mapping (Obsidian then ignores every property).",
)
def invalid_yaml(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["invalid-yaml"]
    for path, note in ctx.notes.items():
        problem = note.frontmatter.problem
        if problem is not None:
            yield this.finding(path, problem.span, problem.message)


@rule(
    "VK202",
    "schema",
    Severity.ERROR,
    "Front matter that does not match the JSON Schema chosen for the note.",
    "Schemas are chosen per note by `[tool.vaultkit.schema]` (by-path, by-type, default) or "
    "`--schema FILE`. A note without front matter is validated as an empty mapping.",
)
def schema(ctx: RuleContext) -> Iterable[Finding]:
    if ctx.schemas is None:
        return
    this = RULES["schema"]
    for path, note in ctx.notes.items():
        if note.frontmatter.problem is not None or is_canvas_name(path):
            continue  # a canvas has no properties to validate
        for error in ctx.schemas.validate(path, note.properties):
            span = Span(1, 1, 1, 4) if error.at_fence else (
                key_span(note.frontmatter, error.key) if error.on_key
                else value_span(note.frontmatter, error.key)
            )
            yield this.finding(path, span, error.message)


@rule(
    "VK601",
    "deprecated-property",
    Severity.WARNING,
    "`tag`, `alias` or `cssclass`: Obsidian 1.9+ ignores these keys.",
)
def deprecated_property(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["deprecated-property"]
    for path, note in ctx.notes.items():
        for key in note.properties:
            new = _DEPRECATED.get(str(key).lower())
            if new:
                yield this.finding(
                    path,
                    key_span(note.frontmatter, str(key)),
                    f"'{key}' is ignored by Obsidian 1.9+: rename it to '{new}'",
                )


def _tag_problem(value: Any) -> str | None:
    if isinstance(value, str):
        if not value.strip():
            return None
        if any(ch.isspace() for ch in value.strip()):
            return f"tag {value!r} contains a space: Obsidian drops it (write a list, one tag each)"
        return None
    if value is None:
        return None
    return f"tag {value!r} is not a string: Obsidian drops it (quote it)"


@rule(
    "VK602",
    "ignored-tag",
    Severity.WARNING,
    "A `tags` value Obsidian silently drops (spaces, e.g. `tags: a, b`, or numbers).",
)
def ignored_tag(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["ignored-tag"]
    for path, note in ctx.notes.items():
        fm = note.frontmatter
        for key, value in note.properties.items():
            if not _TAGS.match(str(key)):
                continue
            items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            for i, item in items:
                message = _tag_problem(item)
                if message:
                    dotted = str(key) if i is None else f"{key}.{i}"
                    yield this.finding(path, value_span(fm, dotted), message)


def _nested_link(value: Any) -> str | None:
    """`[[X]]` unquoted in YAML is the nested list [['X']]: return 'X'."""
    if (
        isinstance(value, list)
        and len(value) == 1
        and isinstance(value[0], list)
        and len(value[0]) == 1
        and isinstance(value[0][0], (str, int, float))
    ):
        return str(value[0][0])
    return None


def _walk(value: Any, key: str) -> Iterator[tuple[str, Any]]:
    yield key, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{key}.{k}")
    elif isinstance(value, list) and _nested_link(value) is None:
        for i, v in enumerate(value):
            yield from _walk(v, f"{key}.{i}")


@rule(
    "VK603",
    "unquoted-property-link",
    Severity.WARNING,
    "`key: [[X]]` without quotes: YAML reads a nested list, so it is not a link.",
)
def unquoted_property_link(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["unquoted-property-link"]
    for path, note in ctx.notes.items():
        for top, value in note.properties.items():
            for dotted, item in _walk(value, str(top)):
                target = _nested_link(item)
                if target is not None:
                    yield this.finding(
                        path,
                        value_span(note.frontmatter, dotted),
                        f"unquoted link [[{target}]] in '{dotted}' is a YAML nested list, "
                        f'not a link: write "[[{target}]]"',
                    )
