"""Before the index is ready every request gets an empty answer, never an error (the
handlers called directly on a server that has not indexed yet)."""

from __future__ import annotations

from lsprotocol import types as lsp

from vaultkit.lsp import server as srv

DOC = lsp.TextDocumentIdentifier(uri="file:///nowhere/Note.md")
AT = lsp.Position(line=0, character=2)


def test_requests_before_the_index_is_ready() -> None:
    ls = srv.VaultServer()
    assert ls.ws is None
    found = srv.complete(ls, lsp.CompletionParams(text_document=DOC, position=AT))
    assert found is not None and found.items == [] and found.is_incomplete
    assert srv.definition(ls, lsp.DefinitionParams(text_document=DOC, position=AT)) is None
    assert srv.references(ls, lsp.ReferenceParams(
        text_document=DOC, position=AT,
        context=lsp.ReferenceContext(include_declaration=False))) == []
    assert srv.hover(ls, lsp.HoverParams(text_document=DOC, position=AT)) is None
    assert srv.document_symbol(ls, lsp.DocumentSymbolParams(text_document=DOC)) == []
    assert srv.workspace_symbol(ls, lsp.WorkspaceSymbolParams(query="x")) == []
    assert srv.code_action(ls, lsp.CodeActionParams(
        text_document=DOC, range=lsp.Range(start=AT, end=AT),
        context=lsp.CodeActionContext(diagnostics=[]))) == []
    assert srv.rename_symbol(ls, lsp.RenameParams(
        text_document=DOC, position=AT, new_name="y")) is None
    assert srv.will_rename(ls, lsp.RenameFilesParams(files=[])) is None
    assert srv.document_link(ls, lsp.DocumentLinkParams(text_document=DOC)) == []
    pulled = srv.pull_diagnostics(ls, lsp.DocumentDiagnosticParams(text_document=DOC))
    assert isinstance(pulled, lsp.RelatedFullDocumentDiagnosticReport) and pulled.items == []


def test_a_shutdown_waits_for_the_indexing_thread_to_write_the_cache() -> None:
    import asyncio
    import threading
    import time

    ls = srv.VaultServer()
    asyncio.run(srv.shutdown(ls, None))  # nothing indexing: answered at once
    written: list[bool] = []
    ls.indexer = threading.Thread(target=lambda: (time.sleep(0.3), written.append(True)))
    ls.indexer.start()
    asyncio.run(srv.shutdown(ls, None))
    assert written == [True]
