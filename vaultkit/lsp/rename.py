"""Rename as the ``mv`` and ``rename-heading`` planners do it, returned as a WorkspaceEdit:
on a link or anywhere else in a note, its target (or the note itself) is renamed, every link
that would find another file rewritten, and the file renamed (a ``RenameFile`` operation); on
a heading, the heading and every link to it. ``workspace/willRenameFiles`` gets the link edits
alone (the client renames the files)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping

from lsprotocol import types as lsp

from vaultkit.edit.heading import plan_heading_rename
from vaultkit.edit.linktext import LinkFormat
from vaultkit.edit.move import collisions, file_moves, plan_move
from vaultkit.edit.plan import Plan
from vaultkit.errors import UsageError
from vaultkit.lsp.documents import Documents
from vaultkit.lsp.navigation import heading_at, link_at
from vaultkit.lsp.positions import span_range, split_lines
from vaultkit.lsp.workspace import Workspace
from vaultkit.notes.model import Span
from vaultkit.text import nfc


def target_at(ws: Workspace, path: str, line: int, column: int
              ) -> tuple[str, str, Span | None] | None:
    """What a rename at 1-based ``line``/``column`` renames: ("file", path, the link's target
    span) or ("heading", its text, its span); None for an unresolved link."""
    item = link_at(ws, path, line, column)
    if item is not None:
        if item.target is None:
            return None
        return "file", item.target, item.link.target_span or item.link.span
    note = ws.notes.get(path)
    index = heading_at(note, line) if note is not None else None
    if note is not None and index is not None:
        heading = note.headings[index]
        return "heading", heading.text, heading.span
    return "file", path, None


def prepare(ws: Workspace, docs: Documents, path: str, line: int, column: int
            ) -> lsp.PrepareRenamePlaceholder | None:
    found = target_at(ws, path, line, column)
    if found is None:
        return None
    kind, name, span = found
    lines = docs.lines(path)
    placeholder = name if kind == "heading" else posixpath.basename(name)
    if kind == "file" and placeholder.lower().endswith(".md"):
        placeholder = placeholder[:-3]
    start = lsp.Position(line=line - 1, character=0)
    rng = span_range(lines, span) if span is not None else lsp.Range(start=start, end=start)
    return lsp.PrepareRenamePlaceholder(range=rng, placeholder=placeholder)


def new_path(old: str, new_name: str) -> str:
    """The path ``old`` gets when renamed to ``new_name`` (a name keeps the folder; a path with
    a ``/`` is from the vault root; a note keeps ``.md``)."""
    name = new_name.strip().removeprefix("/")
    if not name:
        raise UsageError("the new name is empty")
    folder = posixpath.dirname(old)
    path = name if "/" in name else posixpath.join(folder, name)
    if old.lower().endswith(".md") and not path.lower().endswith(".md"):
        path += ".md"
    return posixpath.normpath(path)


def rename(  # noqa: PLR0917  (the state, the place and the new name)
    ws: Workspace, docs: Documents, fmt: LinkFormat, path: str, line: int, column: int,
           new_name: str) -> lsp.WorkspaceEdit | None:
    found = target_at(ws, path, line, column)
    if found is None:
        return None
    kind, name, _ = found
    if kind == "heading":
        plan = plan_heading_rename(ws.files, list(ws.notes), _reader(docs), path, name, new_name)
        return workspace_edit(plan, docs, {})
    moved = {name: new_path(name, new_name)}
    return workspace_edit(move_plan(ws, docs, fmt, moved), docs, moved)


def move_plan(ws: Workspace, docs: Documents, fmt: LinkFormat, moved: Mapping[str, str]) -> Plan:
    clash = collisions(ws.files, moved)
    if clash:
        raise UsageError(f"{clash[0]} already exists")
    return plan_move(ws.files, sorted(touched(ws, moved)), _reader(docs), moved, link_format=fmt)


def _names(path: str) -> set[str]:
    name = nfc(posixpath.basename(path)).lower()
    return {name, name[:-3]} if name.endswith(".md") else {name}


def touched(ws: Workspace, moved: Mapping[str, str]) -> set[str]:
    """The notes a move can change a link of (the planner reads only these): the moved notes,
    the notes linking to a moved file, and those with a link that names one by its old or new
    name (a link that may find another file after the move)."""
    names: set[str] = set()
    out = {p for p in moved if p in ws.notes}
    for old, new in moved.items():
        names |= _names(old) | _names(new)
        out |= ws.backlinks.get(old, set())
    for path, note in ws.notes.items():
        if path not in out and any(
            nfc(posixpath.basename(link.path)).lower() in names for link in note.links
        ):
            out.add(path)
    return out


def will_rename(ws: Workspace, docs: Documents, fmt: LinkFormat,
                renames: list[tuple[str, str]]) -> lsp.WorkspaceEdit | None:
    moved: dict[str, str] = {}
    for old, new in renames:
        moved.update(file_moves(ws.files, ws.folders, old, new))
    if not moved:
        return None
    return workspace_edit(move_plan(ws, docs, fmt, moved), docs, {})


def did_rename(ws: Workspace, docs: Documents, fmt: LinkFormat,
               renames: list[tuple[str, str]]) -> lsp.WorkspaceEdit | None:
    """Files the client has renamed already (it reports it afterwards): the link edits that
    keep every link finding them, each in the file where it is now (the server's index still
    knows the old paths)."""
    moved: dict[str, str] = {}
    for old, new in renames:
        moved.update(file_moves(ws.files, ws.folders, old, new))
    moved = {old: new for old, new in moved.items() if old in ws.files}
    if not moved:
        return None
    read_at = _reader(docs)

    def read(path: str) -> bytes | None:
        return read_at(moved.get(path, path))

    plan = plan_move(ws.files, sorted(touched(ws, moved)), read, moved, link_format=fmt)
    return workspace_edit(plan, docs, {}, now=moved)


def _reader(docs: Documents) -> Callable[[str], bytes | None]:
    def read(path: str) -> bytes | None:
        text = docs.text(path)
        return None if text is None else text.encode("utf-8")

    return read


def workspace_edit(plan: Plan, docs: Documents, moved: Mapping[str, str],
                   now: Mapping[str, str] | None = None) -> lsp.WorkspaceEdit:
    """The plan's edits (each note's, in the file before it moves, or where ``now`` says it
    is), then the file renames ``moved``."""
    changes: list[lsp.TextDocumentEdit | lsp.CreateFile | lsp.RenameFile | lsp.DeleteFile] = []
    for path, edits in sorted(plan.change.edits.items()):
        lines = split_lines(plan.sources[path].text)
        where = (now or {}).get(path, path)
        changes.append(lsp.TextDocumentEdit(
            text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=docs.uri(where)),
            edits=[lsp.TextEdit(range=span_range(lines, e.span), new_text=e.new_text)
                   for e in sorted(edits, key=lambda e: e.span)],
        ))
    for old, new in moved.items():
        changes.append(lsp.RenameFile(old_uri=docs.uri(old), new_uri=docs.uri(new)))
    return lsp.WorkspaceEdit(document_changes=changes)
