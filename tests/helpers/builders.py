"""Tiny builders of parser records, so engine tests do not depend on the parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultkit.config import CheckConfig
from vaultkit.lint.rules import RuleContext
from vaultkit.lint.schemas import SchemaSet
from vaultkit.notes.model import (
    Block,
    Comment,
    FrontMatter,
    Heading,
    Link,
    LinkKind,
    LinkSyntax,
    Note,
    NoteFinding,
    RawFinding,
    Span,
)
from vaultkit.notes.resolve import LinkIndex, resolve_notes


def link(
    target: str,
    line: int = 1,
    kind: LinkKind = LinkKind.LINK,
    key: str | None = None,
    column: int = 1,
) -> Link:
    path, sep, rest = target.partition("#")
    syntax = LinkSyntax.PROPERTY if kind is LinkKind.PROPERTY else LinkSyntax.WIKI
    raw = ("!" if kind is LinkKind.EMBED else "") + f"[[{target}]]"
    span = Span(line, column, line, column + len(raw))
    return Link(kind, syntax, path, sep + rest, None, span, raw, key)


def embed(target: str, line: int = 1) -> Link:
    return link(target, line, LinkKind.EMBED)


def heading(text: str, level: int, line: int) -> Heading:
    return Heading(level, text, Span(line, 1, line, level + 2 + len(text)))


def note(
    path: str,
    *links: Link,
    headings: tuple[Heading, ...] = (),
    blocks: tuple[tuple[str, int], ...] = (),
    data: dict[str, Any] | None = None,
    spans: dict[str, Span] | None = None,
    key_spans: dict[str, Span] | None = None,
    comments: tuple[Comment, ...] = (),
    findings: tuple[NoteFinding, ...] = (),
    problem: Any = None,
) -> Note:
    fm = FrontMatter(
        present=data is not None,
        data=data,
        problem=problem,
        value_spans=spans or {},
        key_spans=key_spans or {},
    )
    return Note(
        path,
        fm,
        links=links,
        headings=headings,
        blocks=tuple(Block(b, Span(line, 1, line, 10)) for b, line in blocks),
        comments=comments,
        findings=findings,
    )


def aliases_of(notes: list[Note]) -> dict[str, tuple[str, ...]]:
    out = {}
    for n in notes:
        value = (n.frontmatter.data or {}).get("aliases")
        if isinstance(value, list):
            out[n.path] = tuple(v for v in value if isinstance(v, str))
        elif isinstance(value, str):
            out[n.path] = (value,)
    return out


def context(
    notes: list[Note],
    files: tuple[str, ...] = (),
    *,
    folders: frozenset[str] = frozenset(),
    problems: tuple[RawFinding, ...] = (),
    schemas: SchemaSet | None = None,
    publish: bool = False,
    hierarchy: tuple[str, ...] = ("broader", "parent"),
    orphan_exclude: tuple[str, ...] = (),
) -> RuleContext:
    by_path = {n.path: n for n in notes}
    all_files = tuple(by_path) + files
    aliases = aliases_of(notes)
    index = LinkIndex(all_files, aliases)
    return RuleContext(
        notes=by_path,
        files=all_files,
        folders=folders,
        problems=problems,
        index=index,
        resolved=resolve_notes(by_path, index, publish=publish),
        aliases=aliases,
        schemas=schemas,
        publish=publish,
        hierarchy_properties=hierarchy,
        orphan_exclude=orphan_exclude,
    )


@dataclass
class FakeFile:
    path: str


@dataclass
class FakeVault:
    """The fields of vaultkit.notes.vault.Vault that run_check reads."""

    root: Path
    notes: dict[str, Note]
    files: tuple[FakeFile, ...]
    folders: frozenset[str] = frozenset()
    problems: tuple[RawFinding, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    canvases: dict[str, Note] = field(default_factory=dict)

    @property
    def linking(self) -> dict[str, Note]:
        return {**self.notes, **self.canvases}


def fake_vault(notes: list[Note], files: tuple[str, ...] = (), root: Path = Path("/v")) -> Any:
    by_path = {n.path: n for n in notes}
    return FakeVault(root, by_path, tuple(FakeFile(p) for p in (*by_path, *files)))


def run(rule: str, ctx: RuleContext) -> list[tuple[str, int, str]]:
    """(path, line, message) of one rule's findings."""
    from vaultkit.lint.rules import RULES

    func = RULES[rule].func
    assert func is not None
    return [(f.path, f.span.line, f.message) for f in func(ctx)]


ALL_DEFAULTS = CheckConfig()
