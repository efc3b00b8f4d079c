"""The server: pygls wiring of the workspace state and the features.

``initialize`` is answered at once; the vault is indexed on a thread (with ``$/progress`` when
the client can show it). Until the index is ready, requests get empty answers and changes are
only remembered. Diagnostics are pushed for open notes: a change re-checks that note after a
short quiet period (:data:`DEBOUNCE`), and re-publishes the other open notes it affects; a
save (or a file changed on disk) also re-runs the vault-scoped rules after
:data:`VAULT_DEBOUNCE`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from vaultkit import __version__
from vaultkit.config import load_config
from vaultkit.edit.linktext import LinkFormat, vault_link_format
from vaultkit.errors import VaultkitError
from vaultkit.lint.selection import validate_rules
from vaultkit.lsp import actions, completion, navigation, rename
from vaultkit.lsp.diagnostics import diagnostics
from vaultkit.lsp.documents import Documents
from vaultkit.lsp.positions import point, split_lines
from vaultkit.lsp.workspace import Workspace

DEBOUNCE = 0.01  # s after the last change before a note is re-checked (a burst: once)
VAULT_DEBOUNCE = 0.3  # s after a save before the vault-scoped rules run again
F = TypeVar("F", bound=Callable[..., Any])


class Positioned(Protocol):
    """A request's params with a document and a position in it."""

    @property
    def text_document(self) -> lsp.TextDocumentIdentifier: ...

    @property
    def position(self) -> lsp.Position: ...


class VaultServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "vaultkit", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full
        )
        self.ws: Workspace | None = None
        self.docs = Documents(Path.cwd().resolve(), self._buffer)
        self.fmt = LinkFormat.SHORTEST
        self.dirty: set[str] = set()
        self.affected: set[str] = set()
        self.timer: asyncio.TimerHandle | None = None
        self.vault_timer: asyncio.TimerHandle | None = None
        self.open: dict[str, str] = {}  # vault path -> uri of the open notes
        self.early: set[str] = set()  # uris opened before the index (and its root) was ready
        self.planned: set[tuple[str, str]] = set()  # renames answered in willRenameFiles
        self.options: dict[str, Any] = {}
        self.use_cache = True
        self.index_seconds = 0.0

    def _buffer(self, path: str) -> str | None:
        uri = self.open.get(path)
        if uri is None:
            return None
        return self.workspace.get_text_document(uri).source

    # ---- indexing ----------------------------------------------------------------------------

    def start_indexing(self, root: Path) -> None:
        loop = asyncio.get_running_loop()
        token = "vaultkit-index"
        caps = self.client_capabilities.window
        progress = bool(caps and caps.work_done_progress)
        if progress:
            self.work_done_progress.create(token)
            self.work_done_progress.begin(token, lsp.WorkDoneProgressBegin(
                title="vaultkit", message="indexing the vault", cancellable=False))

        def work() -> None:
            began = time.perf_counter()
            try:
                loaded = load_config(root)
                if loaded.source is not None:  # as `vaultkit check` reads it
                    validate_rules(loaded.config, str(loaded.source))
                for warning in loaded.warnings:
                    loop.call_soon_threadsafe(self.window_show_message, lsp.ShowMessageParams(
                        type=lsp.MessageType.Warning, message=f"vaultkit: {warning}"))
                vault = (loaded.vault or root).resolve()
                cache = None
                if self.use_cache:
                    from vaultkit.cache.store import open_cache  # noqa: PLC0415

                    cache = open_cache(vault)
                ws = Workspace.load(vault, loaded.config, cache=cache)
                fmt = vault_link_format(vault)
            except (VaultkitError, OSError) as exc:
                loop.call_soon_threadsafe(self._failed, str(exc), token if progress else None)
                return
            except Exception as exc:  # a bug: say so rather than index forever
                message = f"internal error while indexing: {type(exc).__name__}: {exc}"
                loop.call_soon_threadsafe(self._failed, message, token if progress else None)
                return
            self.index_seconds = time.perf_counter() - began
            loop.call_soon_threadsafe(self._ready, ws, fmt, token if progress else None)

        threading.Thread(target=work, name="vaultkit-index", daemon=True).start()

    def _failed(self, message: str, token: str | None) -> None:
        if token is not None:
            self.work_done_progress.end(token, lsp.WorkDoneProgressEnd(message=message))
        self.window_show_message(lsp.ShowMessageParams(
            type=lsp.MessageType.Error, message=f"vaultkit: {message}"))

    def _ready(self, ws: Workspace, fmt: LinkFormat, token: str | None) -> None:
        self.docs = Documents(ws.root, self._buffer)
        for uri in sorted(self.early):
            path = self.docs.path(uri)
            if path is not None and path.lower().endswith(".md"):
                self.open[path] = uri
        self.early.clear()
        self.ws, self.fmt = ws, fmt
        for path in self.open:
            self.affected |= ws.update(path, self._buffer(path) or "")
        self.publish(set(self.open))
        if token is not None:
            self.work_done_progress.end(token, lsp.WorkDoneProgressEnd(
                message=f"{len(ws.notes)} notes indexed in {self.index_seconds:.1f} s"))

    # ---- diagnostics -------------------------------------------------------------------------

    def changed(self, path: str) -> None:
        self.dirty.add(path)
        if self.ws is None:
            return
        if self.timer is not None:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(
            self.options.get("debounce", DEBOUNCE), self.flush)

    def flush(self) -> None:
        self.timer = None
        ws = self.ws
        if ws is None:
            return
        dirty, self.dirty = self.dirty, set()
        for path in dirty:
            text = self._buffer(path)
            if text is None:
                text = self.docs.text(path)
            if text is not None:
                self.affected |= ws.update(path, text)
        others = self.affected - dirty
        self.affected = set()
        self.publish((dirty | others) & set(self.open))

    def save(self) -> None:
        if self.vault_timer is not None:
            self.vault_timer.cancel()
        self.vault_timer = asyncio.get_running_loop().call_later(
            self.options.get("vault_debounce", VAULT_DEBOUNCE), self.vault_rules)

    def vault_rules(self) -> None:
        self.vault_timer = None
        if self.ws is not None:
            self.publish(self.ws.recheck_vault() & set(self.open))

    def publish(self, paths: set[str]) -> None:
        ws = self.ws
        if ws is None:
            return
        for path in sorted(paths):
            uri = self.open.get(path)
            if uri is None:
                continue
            doc = self.workspace.get_text_document(uri)
            found = diagnostics(ws.findings(path), split_lines(doc.source))
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=uri, diagnostics=found, version=doc.version))

    # ---- requests ----------------------------------------------------------------------------

    def at(self, params: Positioned) -> tuple[Workspace, str, int, int] | None:
        """The state, the note and the 1-based line and column of a position (None: the
        index is not ready, or the file is not a note of the vault)."""
        ws = self.ws
        path = self.docs.path(params.text_document.uri)
        if ws is None or path is None or path not in ws.notes:
            return None
        if path in self.dirty:
            self.flush()  # answer about the text the client sees
        line, column = point(self.docs.lines(path), params.position)
        return ws, path, line, column


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


def _root(ls: VaultServer) -> Path:
    folders = ls.workspace.folders
    for folder in folders.values():
        fs = to_fs_path(folder.uri)
        if fs is not None:
            return Path(fs)
    if ls.workspace.root_path:
        return Path(ls.workspace.root_path)
    return Path.cwd()


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
                lsp.CompletionOptions(trigger_characters=["[", "#", "^", "|"]))
def complete(ls: VaultServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    found = ls.at(params)
    if found is None:
        return lsp.CompletionList(is_incomplete=True, items=[])
    ws, path, _, _ = found
    lines = ls.docs.lines(path)
    line = lines[params.position.line] if params.position.line < len(lines) else ""
    _, column = point(lines, params.position)
    return completion.complete(ws, path, line, params.position.line, column - 1, ls.fmt)


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
