"""Link rules: unresolved links (with hints), missing headings and blocks, ambiguous links."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from vaultkit.lint.rules.context import RuleContext
from vaultkit.lint.rules.registry import RULES, rule
from vaultkit.notes.model import Finding, Link, LinkSyntax, Severity
from vaultkit.notes.resolve import Resolved
from vaultkit.text import nfc

_MAX_NAME = 64  # longer names get no did-you-mean (bounds the index)


def _shown(link: Link) -> str:
    if link.syntax is LinkSyntax.MARKDOWN:
        return link.path
    if link.syntax is LinkSyntax.CANVAS:
        return f"file node {link.path}{link.subpath}"
    if link.syntax is LinkSyntax.REFERENCE:  # the target is in the note's definition
        return f"{link.path}{link.subpath} (reference {link.raw})"
    return f"[[{link.path}{link.subpath}]]"


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


class _Hints:
    """Lookups built once per run for the unresolved-link hints."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        tables = ctx.shape_tables.get("hints")
        if tables is None:
            tables = ctx.shape_tables["hints"] = self._tables(ctx)
        self.attachments: dict[str, list[str]] = tables[0]
        self.stem_paths: dict[str, str] = tables[1]  # folded stem -> stem as written
        self.folders: set[str] = tables[2]  # folders' paths and names, folded
        self._suggested: dict[str, str | None] = {}

    @staticmethod
    def _tables(ctx: RuleContext) -> tuple[dict[str, list[str]], dict[str, str], set[str]]:
        attachments: dict[str, list[str]] = {}
        stem_paths: dict[str, str] = {}  # folded stem -> stem as written
        for path in ctx.files:
            name = path.rsplit("/", 1)[-1]
            folded = nfc(name).lower()
            if folded.endswith(".md"):
                stem_paths.setdefault(folded[:-3], _stem(path))
            elif "." in folded:
                attachments.setdefault(folded.rsplit(".", 1)[0], []).append(path)
        folders = {nfc(f).lower().strip("/") for f in ctx.folders}
        return attachments, stem_paths, folders | {f.rsplit("/", 1)[-1] for f in folders}

    def prepare(self, items: Iterable[Resolved]) -> None:
        """Near-name candidates for every unresolved name at once (a symmetric-deletion join).

        Each name's one-deletion variants are indexed; each note stem's variants are looked up
        there, so the work is linear in the vault's names and nothing else is stored.
        """
        variants: dict[str, list[str]] = {}
        fresh: list[str] = []
        for item in items:
            name = nfc(item.link.path).lower().rsplit("/", 1)[-1]
            if name and len(name) <= _MAX_NAME and name not in self._suggested:
                self._suggested[name] = None
                fresh.append(name)
                for variant in _one_deletion(name):
                    variants.setdefault(variant, []).append(name)
        lengths = {len(v) for v in variants}
        pools: dict[str, set[str]] = {}
        for stem in self.stem_paths:
            if len(stem) not in lengths and len(stem) - 1 not in lengths:
                continue
            for variant in _one_deletion(stem):
                for name in variants.get(variant, ()):
                    pools.setdefault(name, set()).add(stem)
        for name in fresh:
            close = difflib.get_close_matches(name, sorted(pools.get(name, ())), n=1, cutoff=0.8)
            self._suggested[name] = self.stem_paths[close[0]] if close else None

    def hint(self, item: Resolved) -> str:
        link = item.link
        path = link.path
        if link.syntax is LinkSyntax.CANVAS:
            named = self.ctx.index.resolve(path, item.source)
            if named:
                return f"a file node names an exact vault path: did you mean {named[0]}?"
            return "no file at this vault path"
        folded = nfc(path).lower()
        targets = self.ctx.index.alias_targets(path)
        if targets:
            real = _stem(targets[0])
            return f"{path} is an alias of {real}: write [[{real}|{path}]]"
        if path != path.rstrip() and self.ctx.index.first(path.rstrip(), item.source):
            return f"remove the space before '#': [[{path.rstrip()}{link.subpath}]]"
        if "://" in path:
            return "this looks like a URL; write [text](" + path + ") for an external link"
        found = self.attachments.get(folded.rsplit("/", 1)[-1])
        if found:
            return f"an attachment needs its extension: [[{found[0].rsplit('/', 1)[-1]}]]"
        if folded.strip("/") in self.folders:
            return f"{path} is a folder; folders are never link targets"
        guess = self.suggest(folded.rsplit("/", 1)[-1])
        if guess:
            return f"did you mean [[{guess}]]?"
        return ""

    def suggest(self, name: str) -> str | None:
        """A note name within one edit (insert, delete, replace, swap) and difflib ratio >= 0.8."""
        return self._suggested.get(name)


def _one_deletion(word: str) -> set[str]:
    """The word itself and every word one character shorter (a symmetric-deletion index)."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _all_links(ctx: RuleContext) -> Iterator[Resolved]:
    for items in ctx.resolved.values():
        yield from items


@rule(
    "VK101",
    "unresolved-link",
    Severity.ERROR,
    "A link, embed or property link that Obsidian cannot resolve.",
    "The link path matches no file by Obsidian's rules (case-insensitive, exact path, then the "
    "note's folder, then the shortest path). Aliases do not resolve in the app.",
)
def unresolved_link(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["unresolved-link"]
    broken = [item for item in _all_links(ctx) if not item.candidates]
    if not broken:
        return
    hints = _Hints(ctx)
    hints.prepare(broken)
    for item in broken:
        hint = hints.hint(item)
        message = f"unresolved link {_shown(item.link)}" + (f": {hint}" if hint else "")
        yield this.finding(item.source, item.link.span, message)


def _subpath_findings(ctx: RuleContext, kind: str) -> Iterator[Finding]:
    this = RULES[f"missing-{kind}"]
    for item, result in ctx.subpath_failures:
        if result.kind != kind:
            continue
        target = item.target
        message = f"{_shown(item.link)}: {result.message} in {target} (Obsidian opens the note)"
        yield this.finding(item.source, item.link.span, message)


@rule(
    "VK102",
    "missing-heading",
    Severity.WARNING,
    "A link to a heading that the target note does not have.",
    "Headings are compared after Obsidian's stripping of punctuation, case-insensitively; a "
    "chain #A#B walks sub-headings. Obsidian still opens the note.",
)
def missing_heading(ctx: RuleContext) -> Iterable[Finding]:
    return _subpath_findings(ctx, "heading")


@rule(
    "VK103",
    "missing-block",
    Severity.WARNING,
    "A link to a block id (#^id) that the target note does not have.",
)
def missing_block(ctx: RuleContext) -> Iterable[Finding]:
    return _subpath_findings(ctx, "block")


@rule(
    "VK104",
    "ambiguous-link",
    Severity.INFO,
    "A link that matches several files; says which one Obsidian opens.",
)
def ambiguous_link(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["ambiguous-link"]
    for item in _all_links(ctx):
        if len(item.candidates) < 2:
            continue
        others = ", ".join(item.candidates[1:4]) + (" …" if len(item.candidates) > 4 else "")
        message = (
            f"{_shown(item.link)} matches {len(item.candidates)} files; Obsidian opens "
            f"{item.candidates[0]} (also: {others})"
        )
        yield this.finding(item.source, item.link.span, message)
