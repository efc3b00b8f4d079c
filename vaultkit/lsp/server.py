"""The server: pygls wiring of the session (:mod:`vaultkit.lsp.session`) to the features."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from vaultkit.errors import VaultkitError
from vaultkit.lsp import actions, completion, destinations, links, navigation, rename
from vaultkit.lsp.positions import point
from vaultkit.lsp.session import VaultServer

F = TypeVar("F", bound=Callable[..., Any])
server = VaultServer()


def guard(default: Callable[[], object]) -> Callable[[F], F]:
    """Answer ``default()`` instead of an error when a handler fails on bad input (the
    reason is shown to the user)."""

    def wrap(func: F) -> F:
        def handler(ls: VaultServer, params: Any) -> Any:
            try:
                return func(ls, params)
            except VaultkitError as exc:
                ls.window_show_message(lsp.ShowMessageParams(
                    type=lsp.MessageType.Warning, message=f"vaultkit: {exc}"))
                return default()

        handler.__name__ = func.__name__
        return cast(F, handler)

    return wrap


@server.feature(lsp.INITIALIZED)
def initialized(ls: VaultServer, params: lsp.InitializedParams) -> None:
    root = _root(ls)
    options = ls.options
    if options.get("cache") is False:
        ls.use_cache = False
    ls.start_indexing(root)
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace is not None else None
    if watched is not None and watched.dynamic_registration:
        # clients send file events only for the globs a server registers
        ls.client_register_capability(lsp.RegistrationParams(registrations=[lsp.Registration(
            id="vaultkit-watch", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=lsp.DidChangeWatchedFilesRegistrationOptions(
                watchers=[lsp.FileSystemWatcher(glob_pattern="**/*")]),
        )]))


@server.feature(lsp.INITIALIZE)
def initialize(ls: VaultServer, params: lsp.InitializeParams) -> None:
    given = params.initialization_options
    if isinstance(given, dict):
        ls.options = dict(given)
    if pulls(params.capabilities):
        # registered before pygls computes the capabilities: only such a client is told
        ls.pull = True
        ls.feature(lsp.TEXT_DOCUMENT_DIAGNOSTIC, lsp.DiagnosticOptions(
            identifier="vaultkit", inter_file_dependencies=True, workspace_diagnostics=True,
        ))(pull_diagnostics)
        ls.feature(lsp.WORKSPACE_DIAGNOSTIC)(workspace_diagnostics)


def pulls(caps: lsp.ClientCapabilities) -> bool:
    """Whether the client pulls diagnostics and can be asked to pull again: a note's
    diagnostics change with other notes, so without ``workspace/diagnostic/refresh`` pulled
    ones would go stale (such a client, Neovim 0.10 and 0.11 say, gets them pushed, and is
    not told the server could be pulled from: it would show both)."""
    text, workspace = caps.text_document, caps.workspace
    if text is None or text.diagnostic is None or workspace is None:
        return False
    return bool(workspace.diagnostics is not None and workspace.diagnostics.refresh_support)


def pull_diagnostics(ls: VaultServer, params: lsp.DocumentDiagnosticParams
                     ) -> lsp.DocumentDiagnosticReport:
    return ls.pulled(params.text_document.uri, params.previous_result_id)


def workspace_diagnostics(ls: VaultServer, params: lsp.WorkspaceDiagnosticParams
                          ) -> lsp.WorkspaceDiagnosticReport:
    return ls.pulled_workspace(params.previous_result_ids)


def _root(ls: VaultServer) -> Path:
    folders = ls.workspace.folders
    for folder in folders.values():
        fs = to_fs_path(folder.uri)
        if fs is not None:
            return Path(fs)
    if ls.workspace.root_path:
        return Path(ls.workspace.root_path)
    return Path.cwd()


@server.feature(lsp.SHUTDOWN)
async def shutdown(ls: VaultServer, params: None) -> None:
    await ls.settle()  # the cache a cold start writes once ready, for the next start


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: VaultServer, params: lsp.DidOpenTextDocumentParams) -> None:
    if ls.ws is None:
        ls.early.add(params.text_document.uri)
        return
    path = ls.docs.path(params.text_document.uri)
    if path is None or not path.lower().endswith(".md"):
        return
    ls.open[path] = params.text_document.uri
    ls.changed(path)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: VaultServer, params: lsp.DidChangeTextDocumentParams) -> None:
    path = ls.docs.path(params.text_document.uri)
    if path is not None and path in ls.open:
        ls.changed(path)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: VaultServer, params: lsp.DidSaveTextDocumentParams) -> None:
    path = ls.docs.path(params.text_document.uri)
    if path is not None and path in ls.open:
        ls.changed(path)
        ls.save()


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: VaultServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.early.discard(params.text_document.uri)
    path = ls.docs.path(params.text_document.uri)
    if path is None or ls.open.pop(path, None) is None:
        return
    if not ls.pull:  # a client that pulls forgets a closed note's diagnostics itself
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=params.text_document.uri, diagnostics=[]))
    if ls.ws is not None and path in ls.ws.notes:
        ls.changed(path)  # back to the file on disk


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched(ls: VaultServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    ws = ls.ws
    if ws is None:
        return
    deleted: list[str] = []
    created: dict[str, str | None] = {}
    for event in params.changes:
        path = ls.docs.path(event.uri)
        if path is None or ws.ignored(path):
            continue
        if event.type == lsp.FileChangeType.Deleted:
            deleted.append(path)
            created.pop(path, None)
        elif event.type == lsp.FileChangeType.Created:
            created[path] = ls._buffer(path)
        elif path in ws.notes and path not in ls.open:
            ls.dirty.add(path)
    ls.affected |= ws.deleted_all(p for p in deleted if not (ws.root / p).exists())
    ls.affected |= ws.created_all(created)
    ls.flush()
    ls.save()


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                lsp.CompletionOptions(trigger_characters=["[", "(", "#", "^", "|"]))
def complete(ls: VaultServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    found = ls.at(params)
    if found is None:
        return lsp.CompletionList(is_incomplete=True, items=[])
    ws, path, _, _ = found
    lines = ls.docs.lines(path)
    line = lines[params.position.line] if params.position.line < len(lines) else ""
    _, column = point(lines, params.position)
    where = (ws, path, line, params.position.line, column - 1, ls.fmt)
    wiki = completion.complete(*where)
    return wiki if wiki is not None else destinations.complete(*where)


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_LINK)
def document_link(ls: VaultServer, params: lsp.DocumentLinkParams) -> list[lsp.DocumentLink]:
    path = ls.docs.path(params.text_document.uri)
    if ls.ws is None or path is None:
        return []
    if path in ls.dirty:
        ls.flush()
    text = ls.client_capabilities.text_document
    given = text.document_link if text is not None else None
    tooltips = bool(given is not None and given.tooltip_support)
    return links.document_links(ls.ws, ls.docs, path, tooltips=tooltips)


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: VaultServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    found = ls.at(params)
    return None if found is None else navigation.definition(found[0], ls.docs, *found[1:])


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
def references(ls: VaultServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
    found = ls.at(params)
    return [] if found is None else navigation.references(found[0], ls.docs, *found[1:])


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: VaultServer, params: lsp.HoverParams) -> lsp.Hover | None:
    found = ls.at(params)
    return None if found is None else navigation.hover(found[0], ls.docs, *found[1:])


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: VaultServer, params: lsp.DocumentSymbolParams
                    ) -> list[lsp.DocumentSymbol]:
    path = ls.docs.path(params.text_document.uri)
    if ls.ws is None or path is None:
        return []
    if path in ls.dirty:
        ls.flush()
    return navigation.document_symbols(ls.ws, ls.docs, path)


@server.feature(lsp.WORKSPACE_SYMBOL)
def workspace_symbol(ls: VaultServer, params: lsp.WorkspaceSymbolParams
                     ) -> list[lsp.WorkspaceSymbol]:
    if ls.ws is None:
        return []
    return navigation.workspace_symbols(ls.ws, ls.docs, params.query)


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=[
    lsp.CodeActionKind.QuickFix, actions.FIX_ALL]))
@guard(list)
def code_action(ls: VaultServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    path = ls.docs.path(params.text_document.uri)
    if ls.ws is None or path is None or path not in ls.ws.notes:
        return []
    if path in ls.dirty:
        ls.flush()
    return actions.code_actions(ls.ws, ls.docs, ls.fmt, path, params.range,
                                params.context.only)


@server.command(actions.FIX_ALL_COMMAND)
def fix_all_command(ls: VaultServer, *args: Any) -> dict[str, int]:
    """``vaultkit.fixAll`` [uri]: apply the safe fixes of a note (a URI, or an object with a
    ``uri``), or of every open note when none is given (a key binding, Helix's
    ``:lsp-workspace-command``), through ``workspace/applyEdit``. Answers how many findings
    were fixed in how many notes."""
    ws = ls.ws
    if ws is None:
        return {"fixed": 0, "notes": 0}
    given = [a.get("uri") if isinstance(a, dict) else a for a in args]
    paths = [ls.docs.path(u) for u in given if isinstance(u, str)] if given else list(ls.open)
    if ls.dirty:
        ls.flush()
    try:
        edit, fixed = actions.fix_all(ws, ls.docs, ls.fmt, [p for p in paths if p is not None])
    except VaultkitError as exc:  # as guard() answers for the code actions
        ls.window_show_message(lsp.ShowMessageParams(
            type=lsp.MessageType.Warning, message=f"vaultkit: {exc}"))
        return {"fixed": 0, "notes": 0}
    if edit is not None:
        ls.workspace_apply_edit(lsp.ApplyWorkspaceEditParams(
            edit=edit, label="vaultkit: fix all safe findings"))
    return {"fixed": fixed, "notes": len(edit.changes or {}) if edit is not None else 0}


@server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: VaultServer, params: lsp.PrepareRenameParams
                   ) -> lsp.PrepareRenamePlaceholder | None:
    found = ls.at(params)
    return None if found is None else rename.prepare(found[0], ls.docs, *found[1:])


@server.feature(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameOptions(prepare_provider=True))
@guard(lambda: None)
def rename_symbol(ls: VaultServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    found = ls.at(params)
    if found is None:
        return None
    return rename.rename(found[0], ls.docs, ls.fmt, *found[1:], params.new_name)


_MARKDOWN = lsp.FileOperationRegistrationOptions(filters=[
    lsp.FileOperationFilter(pattern=lsp.FileOperationPattern(glob="**/*")),
])


@server.feature(lsp.WORKSPACE_WILL_RENAME_FILES, _MARKDOWN)
@guard(lambda: None)
def will_rename(ls: VaultServer, params: lsp.RenameFilesParams) -> lsp.WorkspaceEdit | None:
    if ls.ws is None:
        return None
    renames = _renames(ls, params)
    ls.planned.update(renames)
    return rename.will_rename(ls.ws, ls.docs, ls.fmt, renames)


def _renames(ls: VaultServer, params: lsp.RenameFilesParams) -> list[tuple[str, str]]:
    pairs = [(ls.docs.path(f.old_uri), ls.docs.path(f.new_uri)) for f in params.files]
    return [(old, new) for old, new in pairs if old is not None and new is not None]


@server.feature(lsp.WORKSPACE_DID_RENAME_FILES, _MARKDOWN)
@guard(lambda: None)
def did_rename(ls: VaultServer, params: lsp.RenameFilesParams) -> None:
    """A rename the client made (and did not ask about first): the links are fixed with
    ``workspace/applyEdit``, and the index follows the files."""
    ws = ls.ws
    if ws is None:
        return
    renames = [pair for pair in _renames(ls, params) if pair not in ls.planned]
    ls.planned.difference_update(_renames(ls, params))
    if ls.dirty:
        ls.flush()
    edit = rename.did_rename(ws, ls.docs, ls.fmt, renames) if renames else None
    for old, new in _renames(ls, params):
        ls.affected |= ws.deleted(old)
        folder = ws.root / new
        found = sorted(folder.rglob("*")) if folder.is_dir() else [folder]
        for item in found:
            if item.is_file():
                ls.affected |= ws.created(item.relative_to(ws.root).as_posix())
    if edit is not None:
        ls.workspace_apply_edit(lsp.ApplyWorkspaceEditParams(
            edit=edit, label="vaultkit: keep the links to the renamed files"))
    ls.flush()
    ls.save()


def serve() -> None:
    """Speak LSP on stdin and stdout until the client exits."""
    server.start_io()
