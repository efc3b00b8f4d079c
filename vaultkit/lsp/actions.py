"""Code actions: each fix of the findings under the cursor as a quick fix (unsafe ones marked
"(unsafe)"), ``source.fixAll.vaultkit`` for the safe ones, and "Create note" for an
unresolved link. Fixes come from the same fixers as ``vaultkit check --fix``. The command
:data:`FIX_ALL_COMMAND` applies the safe fixes of some notes at once (:func:`fix_all`)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping

from lsprotocol import types as lsp

from vaultkit.edit.linktext import LinkFormat
from vaultkit.edit.model import Applicability, Fix, TextEdit
from vaultkit.edit.source import Source
from vaultkit.edit.text import without_overlaps
from vaultkit.lint.fixes import fixes_for
from vaultkit.lint.fixes.context import FixContext
from vaultkit.lsp.documents import Documents
from vaultkit.lsp.positions import span_range, split_lines
from vaultkit.lsp.workspace import Workspace
from vaultkit.notes.model import Finding, Span

FIX_ALL = "source.fixAll.vaultkit"
FIX_ALL_COMMAND = "vaultkit.fixAll"


def fix_context(ws: Workspace, docs: Documents, fmt: LinkFormat, path: str) -> FixContext:
    """The fixers' context over the server's state (the open note's buffer as its text)."""
    ctx = FixContext(
        ws.root,
        tuple(ws.files),
        ws.notes.get,
        lambda: ws.aliases,
        fmt,
        ws.config.publish,
    )
    text = docs.buffer(path)
    if text is not None:
        ctx.sources[path] = Source(path, text.encode("utf-8"), text)
    return ctx


def _overlaps(span: Span, line: int, end_line: int) -> bool:
    return span.line - 1 <= end_line and span.end_line - 1 >= line


def code_actions(  # noqa: PLR0917  (the state, the place, what the client asks for)
    ws: Workspace, docs: Documents, fmt: LinkFormat, path: str, rng: lsp.Range,
    only: Iterable[str] | None = None,
) -> list[lsp.CodeAction]:
    wanted = set(only) if only else None
    findings = ws.findings(path)
    text = docs.text(path) or ""
    lines = split_lines(text)
    uri = docs.uri(path)
    out: list[lsp.CodeAction] = []
    fixes = fixes_for(findings, fix_context(ws, docs, fmt, path))
    if wanted is None or lsp.CodeActionKind.QuickFix in wanted:
        for finding in findings:
            if not _overlaps(finding.span, rng.start.line, rng.end.line):
                continue
            fix = fixes.get(finding)
            if fix is not None and fix.applicability is not Applicability.DISPLAY:
                out.append(_quickfix(finding, fix, uri, lines))
            if finding.rule == "unresolved-link":
                created = _create_note(ws, docs, path, finding)
                if created is not None:
                    out.append(created)
    if wanted is None or any(FIX_ALL.startswith(k) or k == FIX_ALL for k in wanted):
        count, edits = _safe(text, fixes)
        if edits:
            out.append(lsp.CodeAction(
                title=f"Fix all safe vaultkit findings ({count})",
                kind=FIX_ALL,
                edit=_edit(uri, lines, edits),
            ))
    return out


def _safe(text: str, fixes: Mapping[Finding, Fix]) -> tuple[int, list[TextEdit]]:
    """The safe fixes that do not overlap (as ``check --fix`` picks them): how many, and
    their edits."""
    safe = [x for x in fixes.values() if x.applicability is Applicability.SAFE]
    chosen = without_overlaps(text, [x.edits for x in safe])
    return len(chosen), [e for k in chosen for e in safe[k].edits]


def fix_all(ws: Workspace, docs: Documents, fmt: LinkFormat, paths: Iterable[str]
            ) -> tuple[lsp.WorkspaceEdit | None, int]:
    """One edit with the safe fixes of every note of ``paths`` (None: nothing to fix) and
    how many findings it fixes."""
    changes: dict[str, list[lsp.TextEdit]] = {}
    fixed = 0
    for path in sorted(set(paths)):
        if path not in ws.notes:
            continue
        text = docs.text(path) or ""
        count, edits = _safe(text, fixes_for(ws.findings(path), fix_context(ws, docs, fmt, path)))
        if edits:
            lines = split_lines(text)
            changes[docs.uri(path)] = [
                lsp.TextEdit(range=span_range(lines, e.span), new_text=e.new_text) for e in edits]
            fixed += count
    return (lsp.WorkspaceEdit(changes=changes) if changes else None), fixed


def _quickfix(finding: Finding, fix: Fix, uri: str, lines: list[str]) -> lsp.CodeAction:
    unsafe = fix.applicability is Applicability.UNSAFE
    return lsp.CodeAction(
        title=f"{fix.message} ({finding.code})" + (" (unsafe)" if unsafe else ""),
        kind=lsp.CodeActionKind.QuickFix,
        is_preferred=not unsafe,
        edit=_edit(uri, lines, fix.edits),
    )


def _edit(uri: str, lines: list[str], edits: Iterable[TextEdit]) -> lsp.WorkspaceEdit:
    return lsp.WorkspaceEdit(changes={uri: [
        lsp.TextEdit(range=span_range(lines, e.span), new_text=e.new_text) for e in edits
    ]})


def _create_note(ws: Workspace, docs: Documents, path: str, finding: Finding
                 ) -> lsp.CodeAction | None:
    """Create the note an unresolved wikilink names (its path from the vault root, as
    Obsidian's default new-note location does)."""
    for item in ws.resolved.get(path, ()):
        if item.link.span != finding.span or item.target is not None:
            continue
        name = item.link.path.removeprefix("/")
        if not name or name.startswith("../"):
            return None
        new = posixpath.normpath(name if posixpath.splitext(name)[1] else name + ".md")
        if new.startswith("../") or new in ws.files:
            return None
        return lsp.CodeAction(
            title=f"Create note {new}",
            kind=lsp.CodeActionKind.QuickFix,
            edit=lsp.WorkspaceEdit(document_changes=[
                lsp.CreateFile(uri=docs.uri(new), options=lsp.CreateFileOptions(
                    ignore_if_exists=True)),
            ]),
        )
    return None
