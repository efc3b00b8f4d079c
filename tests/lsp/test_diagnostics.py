"""Pulled diagnostics (``textDocument/diagnostic``), end to end: the same as pushed ones and as
``vaultkit check``; ``unchanged`` for an unchanged note; a refresh asked for when other notes
change; every file's at once (``workspace/diagnostic``), closed notes too. A client that cannot
be asked to refresh gets them pushed, never both."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient, client_capabilities

from tests.lsp.conftest import (
    NOTES,
    change,
    check_json,
    doc,
    open_note,
    start,
    uri,
    wait_for,
)
from vaultkit.lsp.diagnostics import report


def test_report_is_unchanged_only_for_the_same_diagnostics() -> None:
    at = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=1))
    one = [lsp.Diagnostic(range=at, message="m", code="VK101")]
    full = report(one, None)
    assert isinstance(full, lsp.RelatedFullDocumentDiagnosticReport) and full.result_id
    same = report(list(one), full.result_id)
    assert isinstance(same, lsp.RelatedUnchangedDocumentDiagnosticReport)
    moved = [lsp.Diagnostic(range=lsp.Range(start=at.start, end=at.start), message="m",
                            code="VK101")]
    assert isinstance(report(moved, full.result_id), lsp.RelatedFullDocumentDiagnosticReport)


def _pulling(refresh: bool = True) -> lsp.ClientCapabilities:
    """Neovim's capabilities (it pulls), able to be asked to refresh when ``refresh``."""
    caps = client_capabilities("neovim")
    assert caps.text_document is not None and caps.text_document.diagnostic is not None
    assert caps.workspace is not None
    caps.workspace.diagnostics = lsp.DiagnosticWorkspaceClientCapabilities(
        refresh_support=refresh)
    return caps


async def _pull(client: LanguageClient, address: str, previous: str | None = None
                ) -> lsp.DocumentDiagnosticReport:
    return await client.text_document_diagnostic_async(lsp.DocumentDiagnosticParams(
        text_document=doc(address), previous_result_id=previous))


@pytest.mark.asyncio
async def test_pulled_diagnostics_equal_check_json(client: LanguageClient, vault: Path) -> None:
    result = await start(client, vault, capabilities=_pulling())
    provider = result.capabilities.diagnostic_provider
    assert isinstance(provider, lsp.DiagnosticOptions) and provider.inter_file_dependencies
    got = []
    for path in NOTES:
        address = open_note(client, vault, path)
        pulled = await _pull(client, address)
        assert isinstance(pulled, lsp.RelatedFullDocumentDiagnosticReport)
        got += [(path, d.range.start.line, d.range.start.character, d.range.end.line,
                 d.range.end.character, str(d.code), d.severity, d.message)
                for d in pulled.items]
    assert sorted(got) == check_json(vault)
    assert client.diagnostics == {}  # nothing pushed as well


@pytest.mark.asyncio
async def test_unchanged_until_the_note_changes(client: LanguageClient, vault: Path) -> None:
    await start(client, vault, capabilities=_pulling())
    home = open_note(client, vault, "Home.md")
    first = await _pull(client, home)
    assert isinstance(first, lsp.RelatedFullDocumentDiagnosticReport)
    again = await _pull(client, home, first.result_id)
    assert isinstance(again, lsp.RelatedUnchangedDocumentDiagnosticReport)
    assert again.result_id == first.result_id
    text = (vault / "Home.md").read_text(encoding="utf-8")
    change(client, home, text.replace("[[Missing]]", "[[Beta]]"), 2)  # pulled at once
    fixed = await _pull(client, home, first.result_id)
    assert isinstance(fixed, lsp.RelatedFullDocumentDiagnosticReport)
    assert len(fixed.items) == len(first.items) - 1 and fixed.result_id != first.result_id


@pytest.mark.asyncio
async def test_a_change_elsewhere_asks_for_a_refresh(client: LanguageClient,
                                                     vault: Path) -> None:
    await start(client, vault, capabilities=_pulling())
    home, alpha = open_note(client, vault, "Home.md"), open_note(client, vault, "Alpha.md")
    before = await _pull(client, home)
    assert isinstance(before, lsp.RelatedFullDocumentDiagnosticReport)
    await _pull(client, alpha)
    count = client.diagnostic_refresh_count  # pytest-lsp counts the server's requests
    text = (vault / "Alpha.md").read_text(encoding="utf-8")
    change(client, alpha, text.replace("# Intro", "# Introduction"), 2)
    await wait_for(lambda: client.diagnostic_refresh_count > count)
    after = await _pull(client, home, before.result_id)
    assert isinstance(after, lsp.RelatedFullDocumentDiagnosticReport)
    missing = [d for d in after.items if d.code == "VK102"]
    assert len(missing) == 2  # [[Alpha#Nope]] and now [[Alpha#Intro]]
    assert client.diagnostics == {}  # refreshed, not pushed


@pytest.mark.asyncio
async def test_a_pull_before_the_index_is_ready_is_refreshed(client: LanguageClient,
                                                             vault: Path) -> None:
    await start(client, vault, capabilities=_pulling(), wait=False)
    home = uri(vault, "Home.md")  # pulled, not opened: nothing else would refresh it
    early = await _pull(client, home)
    assert isinstance(early, lsp.RelatedFullDocumentDiagnosticReport)
    await wait_for(lambda: client.diagnostic_refresh_count > 0)  # ready: pull again
    ready = await _pull(client, home, early.result_id)
    assert isinstance(ready, lsp.RelatedFullDocumentDiagnosticReport)
    assert any(d.code == "VK101" for d in ready.items)


@pytest.mark.asyncio
async def test_a_client_that_cannot_refresh_gets_them_pushed(client: LanguageClient,
                                                            vault: Path) -> None:
    result = await start(client, vault, capabilities=_pulling(refresh=False))
    assert result.capabilities.diagnostic_provider is None  # else it would show both
    home = open_note(client, vault, "Home.md")
    await wait_for(lambda: uri(vault, "Home.md") in client.diagnostics)
    assert any(d.code == "VK101" for d in client.diagnostics[home])


async def _pull_all(client: LanguageClient, held: dict[str, str] | None = None
                    ) -> dict[str, lsp.WorkspaceDocumentDiagnosticReport]:
    found = await client.workspace_diagnostic_async(lsp.WorkspaceDiagnosticParams(
        previous_result_ids=[lsp.PreviousResultId(uri=u, value=v)
                             for u, v in (held or {}).items()]))
    assert isinstance(found, lsp.WorkspaceDiagnosticReport)
    return {item.uri: item for item in found.items}


def _seen(vault: Path, reports: dict[str, lsp.WorkspaceDocumentDiagnosticReport]) -> list:
    """The diagnostics of full reports as :func:`check_json` lists findings."""
    got = []
    for address, item in reports.items():
        assert isinstance(item, lsp.WorkspaceFullDocumentDiagnosticReport)
        path = Path(address.removeprefix("file://")).relative_to(vault.resolve()).as_posix()
        got += [(path, d.range.start.line, d.range.start.character, d.range.end.line,
                 d.range.end.character, str(d.code), d.severity, d.message)
                for d in item.items]
    return sorted(got)


@pytest.mark.asyncio
async def test_workspace_diagnostics(client: LanguageClient, vault: Path) -> None:
    result = await start(client, vault, capabilities=_pulling())
    provider = result.capabilities.diagnostic_provider
    assert isinstance(provider, lsp.DiagnosticOptions) and provider.workspace_diagnostics
    first = await _pull_all(client)  # no note open: every file with findings
    assert _seen(vault, first) == check_json(vault)
    assert len(first) == 6 and all(item.result_id for item in first.values())
    held = {address: str(item.result_id) for address, item in first.items()}
    again = await _pull_all(client, held)
    assert {a: (type(i), i.result_id) for a, i in again.items()} == {
        a: (lsp.WorkspaceUnchangedDocumentDiagnosticReport, v) for a, v in held.items()}

    home, plan = uri(vault, "Home.md"), uri(vault, "Projects/Plan.md")
    text = (vault / "Home.md").read_text(encoding="utf-8")
    (vault / "Home.md").write_text(text.replace("[[Missing]]", "[[Beta]]"), encoding="utf-8")
    text = (vault / "Projects/Plan.md").read_text(encoding="utf-8")
    (vault / "Projects/Plan.md").write_text(text.replace("[[Also nowhere]]", "Nothing"),
                                            encoding="utf-8")
    count = client.diagnostic_refresh_count
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=address, type=lsp.FileChangeType.Changed)
        for address in (home, plan)]))
    await wait_for(lambda: client.diagnostic_refresh_count > count)  # closed: ask again
    after = await _pull_all(client, held)
    changed = {a for a, i in after.items()
               if isinstance(i, lsp.WorkspaceFullDocumentDiagnosticReport)}
    assert changed == {home, plan}
    assert not after[plan].items and after[plan].result_id != held[plan]  # none now
    assert after[home].result_id != held[home]
    edited, now = ("Home.md", "Projects/Plan.md"), check_json(vault)
    assert _seen(vault, {a: after[a] for a in changed}) == [f for f in now if f[0] in edited]
    kept = {a: first[a] for a in after if a not in changed}  # unchanged: as first reported
    assert _seen(vault, kept) == [f for f in now if f[0] not in edited]


@pytest.mark.asyncio
async def test_workspace_diagnostics_before_the_index_is_ready(client: LanguageClient,
                                                               vault: Path) -> None:
    await start(client, vault, capabilities=_pulling(), wait=False)
    early = await _pull_all(client)  # an answer, not an error
    assert early == {}
    await wait_for(lambda: client.diagnostic_refresh_count > 0)  # ready: pull again
    assert len(await _pull_all(client)) == 6


@pytest.mark.asyncio
async def test_workspace_diagnostics_of_an_open_note_are_its_buffer(client: LanguageClient,
                                                                    vault: Path) -> None:
    await start(client, vault, capabilities=_pulling())
    home = open_note(client, vault, "Home.md")
    text = (vault / "Home.md").read_text(encoding="utf-8")
    change(client, home, text.replace("[[Missing]]", "[[Beta]]"), 2)  # not saved
    item = (await _pull_all(client))[home]
    assert isinstance(item, lsp.WorkspaceFullDocumentDiagnosticReport) and item.version == 2
    assert not any("Missing" in d.message for d in item.items)
    pulled = await _pull(client, home)  # the same name as the note's own pull
    assert isinstance(pulled, lsp.RelatedFullDocumentDiagnosticReport)
    assert pulled.result_id == item.result_id
    # the same findings, but an emoji before one: its range moves (UTF-16), its report too
    text = text.replace("[[Missing]]", "[[Beta]]").replace("then [[Ghost]]", "th🙂n [[Ghost]]")
    change(client, home, text, 3)
    again = (await _pull_all(client, {home: str(item.result_id)}))[home]
    assert isinstance(again, lsp.WorkspaceFullDocumentDiagnosticReport)
    def ghost(found: lsp.WorkspaceFullDocumentDiagnosticReport) -> int:
        return next(d.range.start.character for d in found.items if "Ghost" in d.message)

    assert ghost(again) == ghost(item) + 1
