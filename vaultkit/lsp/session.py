"""The server's state: the workspace, the open notes, and the diagnostics loop.

``initialize`` is answered at once; the vault is indexed on a thread (with ``$/progress`` when
the client can show it). Until the index is ready, requests get empty answers and changes are
only remembered. Diagnostics are pushed for open notes (or, for a client that pulls them and
can be asked to refresh, pulled, note by note and for the whole vault): a change re-checks that
note after a short quiet period (:data:`DEBOUNCE`), and re-publishes the other open notes it
affects (a client that pulls is asked to pull again); a save (or a file changed on disk) also
re-runs the vault-scoped rules after :data:`VAULT_DEBOUNCE`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from vaultkit import __version__
from vaultkit.config import load_config
from vaultkit.edit.linktext import LinkFormat, vault_link_format
from vaultkit.errors import VaultkitError
from vaultkit.lint.selection import validate_rules
from vaultkit.lsp.diagnostics import diagnostics, report, result_id, workspace_item
from vaultkit.lsp.documents import Documents
from vaultkit.lsp.positions import point, split_lines
from vaultkit.lsp.workspace import Workspace
from vaultkit.notes.model import Finding, Note
from vaultkit.parallel import keep_running

DEBOUNCE = 0.01  # s after the last change before a note is re-checked (a burst: once)
VAULT_DEBOUNCE = 0.3  # s after a save before the vault-scoped rules run again
PERSIST_TIMEOUT = 30.0  # s a shutdown waits for the cache of a cold start to be written


class Named(NamedTuple):
    """A file's part of the last workspace report, and what it was made from."""

    note: Note | None  # the reading of the note it was made from (None: not a note)
    found: tuple[Finding, ...]
    uri: str
    items: list[lsp.Diagnostic]
    name: str  # its result id


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
        self.pull = False  # the client pulls diagnostics (and can be asked to pull again)
        self.named: dict[str, Named] = {}  # the last workspace report, by file
        self.indexer: threading.Thread | None = None

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
            try:
                index()
            finally:  # the collector off while indexing (the command line's policy), then on
                keep_running()

        def index() -> None:
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
            if ws.persist is not None:  # the cache for the next start, once this one is ready
                ws.persist()

        self.indexer = threading.Thread(target=work, name="vaultkit-index", daemon=True)
        self.indexer.start()

    async def settle(self, timeout: float = PERSIST_TIMEOUT) -> None:
        """Wait (at most ``timeout`` seconds) for the indexing thread to end: after a cold start
        it writes the cache for the next one once the index is ready, and a shutdown right
        after would leave the next start cold."""
        indexer = self.indexer
        end = time.monotonic() + timeout
        while indexer is not None and indexer.is_alive() and time.monotonic() < end:
            await asyncio.sleep(0.02)

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
        if self.pull:  # what was pulled before now had an empty answer
            self.workspace_diagnostic_refresh(None)
        else:
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
        if self.pull:  # it pulls again the open notes it changed; the others need a refresh
            self.publish(others | {p for p in dirty if p not in self.open})
        else:
            self.publish(dirty | others)

    def save(self) -> None:
        if self.vault_timer is not None:
            self.vault_timer.cancel()
        self.vault_timer = asyncio.get_running_loop().call_later(
            self.options.get("vault_debounce", VAULT_DEBOUNCE), self.vault_rules)

    def vault_rules(self) -> None:
        self.vault_timer = None
        if self.ws is not None:
            self.publish(self.ws.recheck_vault())

    def publish(self, paths: set[str]) -> None:
        """The findings of ``paths`` may have changed: send those of the open ones (a client
        that pulls is asked to pull again, its workspace report holding the closed ones)."""
        ws = self.ws
        if ws is None:
            return
        if self.pull:
            if paths:
                self.workspace_diagnostic_refresh(None)
            return
        for path in sorted(paths):
            uri = self.open.get(path)
            if uri is None:
                continue
            doc = self.workspace.get_text_document(uri)
            found = diagnostics(ws.findings(path), split_lines(doc.source))
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=uri, diagnostics=found, version=doc.version))

    def pulled(self, uri: str, previous: str | None) -> lsp.DocumentDiagnosticReport:
        """The diagnostics of ``uri`` for ``textDocument/diagnostic`` (``unchanged`` when
        they are those of ``previous``)."""
        ws = self.ws
        path = self.docs.path(uri)
        if ws is None or path is None:  # asked again (a refresh) once the index is ready
            return lsp.RelatedFullDocumentDiagnosticReport(items=[])
        if path in self.dirty:
            self.flush()
        return report(diagnostics(ws.findings(path), self.docs.lines(path)), previous)

    def pulled_workspace(self, previous: Sequence[lsp.PreviousResultId]
                         ) -> lsp.WorkspaceDiagnosticReport:
        """Every file's diagnostics for ``workspace/diagnostic``: a report for each file with
        findings (``unchanged`` when ``previous`` names its diagnostics), and an empty one for
        a file whose diagnostics the client holds and that has none now. Before the index is
        ready: no reports (the client is asked to pull again once it is)."""
        ws = self.ws
        if ws is None:
            return lsp.WorkspaceDiagnosticReport(items=[])
        if self.dirty:
            self.flush()
        known = {entry.uri: path for path, entry in self.named.items()}  # no URI parsed again
        known.update((uri, path) for path, uri in self.open.items())
        held: dict[str, tuple[str, str]] = {}  # path -> the client's URI, its result id
        for given in previous:
            path = known.get(given.uri) or self.docs.path(given.uri)
            if path is not None:
                held[path] = (given.uri, given.value)
        self.named = {path: self._named(ws.notes.get(path), path, found)
                      for path, found in ws.findings_by_file().items()}
        items = []
        for path in sorted(set(self.named) | set(held)):
            entry = self.named.get(path)
            address, value = held.get(path, ("", None))
            opened = self.open.get(path)
            version = self.workspace.get_text_document(opened).version if opened else None
            if entry is None:  # no finding now
                items.append(workspace_item(opened or address, [], result_id([]), value,
                                            version))
            else:
                items.append(workspace_item(opened or entry.uri, entry.items, entry.name,
                                            value, version))
        return lsp.WorkspaceDiagnosticReport(items=items)

    def _named(self, note: Note | None, path: str, found: list[Finding]) -> Named:
        """The diagnostics of ``found`` and their name, made again only when the note was read
        again or its findings changed (a client may pull every few seconds)."""
        key = tuple(found)
        last = self.named.get(path)
        if last is not None and last.note is note and last.found == key:
            return last
        items = diagnostics(found, self.docs.lines(path))
        uri = last.uri if last is not None else self.docs.uri(path)
        return Named(note, key, uri, items, result_id(items))

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
