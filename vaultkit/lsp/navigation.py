"""Go to definition, references (backlinks: links, embeds, property links), hover (the first
lines of the target or its section), document symbols (headings) and workspace symbols (notes,
aliases, headings)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from lsprotocol import types as lsp

from vaultkit.lsp.documents import Documents
from vaultkit.lsp.positions import contains, span_range
from vaultkit.lsp.workspace import Workspace
from vaultkit.notes.model import Heading, Note
from vaultkit.notes.resolve import Resolved, find_heading_chain, subpath_segments
from vaultkit.text import heading_key

HOVER_LINES = 12
SYMBOLS_LIMIT = 200


def link_at(ws: Workspace, path: str, line: int, column: int) -> Resolved | None:
    """The resolved link of note ``path`` under 1-based ``line``/``column``."""
    for item in ws.resolved.get(path, ()):
        if contains(item.link.span, line, column):
            return item
    return None


def heading_at(note: Note, line: int) -> int | None:
    for index, heading in enumerate(note.headings):
        if heading.span.line == line:
            return index
    return None


def anchor_line(note: Note, subpath: str) -> int:
    """The line ``subpath`` points to in ``note`` (1 when it has none or it is missing)."""
    segments = subpath_segments(subpath)
    if not segments:
        return 1
    if segments[0].startswith("^"):
        wanted = segments[0][1:].strip().lower()
        for block in reversed(note.blocks):
            if block.id == wanted:
                return block.span.line
        return 1
    index = find_heading_chain(note, segments)
    return note.headings[index].span.line if index is not None else 1


def _line_range(line: int) -> lsp.Range:
    start = lsp.Position(line=max(line - 1, 0), character=0)
    return lsp.Range(start=start, end=start)


def definition(ws: Workspace, docs: Documents, path: str, line: int, column: int
               ) -> lsp.Location | None:
    item = link_at(ws, path, line, column)
    if item is None or item.target is None:
        return None
    note = ws.notes.get(item.target)
    at = anchor_line(note, item.link.subpath) if note is not None else 1
    return lsp.Location(uri=docs.uri(item.target), range=_line_range(at))


def references(ws: Workspace, docs: Documents, path: str, line: int, column: int
               ) -> list[lsp.Location]:
    """On a link: every link to its target (and subpath); on a heading: every link to it;
    elsewhere: every link to the note."""
    target, heading = path, None
    item = link_at(ws, path, line, column)
    note = ws.notes.get(path)
    if item is not None:
        if item.target is None:
            return []
        target = item.target
        found = ws.notes.get(target)
        if found is not None and item.link.subpath and not item.link.subpath.startswith("#^"):
            heading = find_heading_chain(found, subpath_segments(item.link.subpath))
    elif note is not None:
        heading = heading_at(note, line)
    out = []
    for source, link in _links_to(ws, target, heading):
        lines = docs.lines(source)
        out.append(lsp.Location(uri=docs.uri(source), range=span_range(lines, link.link.span)))
    return out


def _links_to(ws: Workspace, target: str, heading: int | None) -> Iterator[tuple[str, Resolved]]:
    note = ws.notes.get(target)
    for source in sorted(ws.backlinks.get(target, ())):
        for item in ws.resolved.get(source, ()):
            if item.target != target:
                continue
            if heading is not None:
                subpath = item.link.subpath
                if note is None or not subpath or subpath.startswith("#^"):
                    continue
                if find_heading_chain(note, subpath_segments(subpath)) != heading:
                    continue
            yield source, item


def hover(ws: Workspace, docs: Documents, path: str, line: int, column: int) -> lsp.Hover | None:
    item = link_at(ws, path, line, column)
    if item is None:
        return None
    if item.target is None:
        text = f"unresolved: `{item.link.path}`"
    else:
        text = f"**{item.target}**\n\n" + preview(ws, docs, item.target, item.link.subpath)
    lines = docs.lines(path)
    return lsp.Hover(
        contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text),
        range=span_range(lines, item.link.span),
    )


def preview(ws: Workspace, docs: Documents, target: str, subpath: str) -> str:
    """The first lines of ``target`` (its body) or of the section ``subpath`` names."""
    note = ws.notes.get(target)
    if note is None:
        return ""
    lines = docs.lines(target)
    start = anchor_line(note, subpath) if subpath else note.frontmatter.body_line
    shown = lines[start - 1 : start - 1 + HOVER_LINES]
    return "\n".join(shown).strip()


def document_symbols(ws: Workspace, docs: Documents, path: str) -> list[lsp.DocumentSymbol]:
    """The note's headings, nested by level."""
    note = ws.notes.get(path)
    if note is None:
        return []
    lines = docs.lines(path)
    roots: list[lsp.DocumentSymbol] = []
    stack: list[tuple[Heading, list[lsp.DocumentSymbol]]] = []
    for heading in note.headings:
        rng = span_range(lines, heading.span)
        children: list[lsp.DocumentSymbol] = []
        symbol = lsp.DocumentSymbol(
            name=heading.text or "(empty heading)", kind=lsp.SymbolKind.String,
            range=rng, selection_range=rng, children=children,
        )
        while stack and stack[-1][0].level >= heading.level:
            stack.pop()
        (stack[-1][1] if stack else roots).append(symbol)
        stack.append((heading, children))
    return roots


def workspace_symbols(ws: Workspace, docs: Documents, query: str
                      ) -> list[lsp.WorkspaceSymbol]:
    """Notes, aliases and headings whose name holds ``query`` (case-insensitive)."""
    want = heading_key(query) if query else ""
    out: list[lsp.WorkspaceSymbol] = []

    def add(name: str, kind: lsp.SymbolKind, path: str, line: int, container: str) -> bool:
        out.append(lsp.WorkspaceSymbol(
            name=name, kind=kind, container_name=container,
            location=lsp.Location(uri=docs.uri(path), range=_line_range(line)),
        ))
        return len(out) >= SYMBOLS_LIMIT

    for path, note in ws.notes.items():
        stem = posixpath.basename(path)[:-3]
        if want in heading_key(stem) and add(stem, lsp.SymbolKind.File, path, 1, path):
            return out
        for alias in ws.aliases.get(path, ()):
            if want in heading_key(alias) and add(alias, lsp.SymbolKind.Key, path, 1, path):
                return out
        for h in note.headings:
            if want in heading_key(h.text) and add(h.text, lsp.SymbolKind.String, path,
                                                   h.span.line, path):
                return out
    return out
