"""End to end: ``vaultkit lsp`` driven by a real client over stdio."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.lsp.conftest import (
    NOTES,
    change,
    check_json,
    codes,
    diagnostics_for,
    doc,
    open_note,
    start,
    uri,
    wait_for,
)


@pytest.mark.asyncio
async def test_initialize_answers_and_the_index_reports_progress(
    client: LanguageClient, vault: Path
) -> None:
    result = await start(client, vault)
    assert result.capabilities.completion_provider is not None
    kinds = [type(v).__name__ for v in client.progress_reports["vaultkit-index"]]
    assert kinds == ["WorkDoneProgressBegin", "WorkDoneProgressEnd"]


@pytest.mark.asyncio
async def test_diagnostics_equal_check_json(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    addresses = {open_note(client, vault, p): p for p in NOTES}
    await diagnostics_for(client, addresses)
    got = sorted(
        (addresses[a], d.range.start.line, d.range.start.character, d.range.end.line,
         d.range.end.character, str(d.code), d.severity, d.message)
        for a, diags in client.diagnostics.items() for d in diags
    )
    assert got == check_json(vault)
    assert len(got) == 14 and {d[6] for d in got} == {1, 2, 3}  # every severity


@pytest.mark.asyncio
async def test_a_change_is_diagnosed_and_a_burst_ends_on_its_last_text(
    client: LanguageClient, vault: Path
) -> None:
    await start(client, vault)
    home = open_note(client, vault, "Home.md")
    await diagnostics_for(client, [home])
    assert (8, "VK101") in codes(client, home)  # [[Missing]]
    text = (vault / "Home.md").read_text(encoding="utf-8")
    for version in range(2, 32):  # a burst: each text breaks a different link
        change(client, home, text.replace("[[Missing]]", f"[[Gone {version}]]"), version)
    fixed = text.replace("[[Missing]]", "[[Beta]]")
    change(client, home, fixed, 40)
    await wait_for(lambda: (8, "VK101") not in codes(client, home))
    await asyncio.sleep(0.2)  # nothing later (an older text) may come back
    assert (8, "VK101") not in codes(client, home)
    assert (9, "VK101") in codes(client, home)  # [[Ghost]] is still broken


@pytest.mark.asyncio
async def test_a_renamed_heading_republishes_the_notes_linking_to_it(
    client: LanguageClient, vault: Path
) -> None:
    await start(client, vault)
    home, alpha = open_note(client, vault, "Home.md"), open_note(client, vault, "Alpha.md")
    await diagnostics_for(client, [home, alpha])
    assert codes(client, home).count((7, "VK102")) == 1  # only [[Alpha#Nope]]
    text = (vault / "Alpha.md").read_text(encoding="utf-8")
    change(client, alpha, text.replace("# Intro", "# Introduction"), 2)
    await wait_for(lambda: codes(client, home).count((7, "VK102")) == 2)


@pytest.mark.asyncio
async def test_files_created_and_deleted_on_disk(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    home = open_note(client, vault, "Home.md")
    await diagnostics_for(client, [home])
    (vault / "Missing.md").write_text("# Missing\n", encoding="utf-8")
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=uri(vault, "Missing.md"), type=lsp.FileChangeType.Created)]))
    await wait_for(lambda: (8, "VK101") not in codes(client, home))
    (vault / "Alpha.md").unlink()
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=uri(vault, "Alpha.md"), type=lsp.FileChangeType.Deleted)]))
    await wait_for(lambda: codes(client, home).count((7, "VK101")) == 3)  # [[Alpha...]] x3


@pytest.mark.asyncio
async def test_a_save_refreshes_the_vault_rules(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    home, stray = open_note(client, vault, "Home.md"), open_note(client, vault, "Stray.md")
    await diagnostics_for(client, [home, stray])
    assert (0, "VK301") in codes(client, stray)
    text = (vault / "Home.md").read_text(encoding="utf-8") + "\n[[Stray]]\n"
    change(client, home, text, 2)
    (vault / "Home.md").write_text(text, encoding="utf-8")
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=doc(home)))
    await wait_for(lambda: (0, "VK301") not in codes(client, stray))


@pytest.mark.asyncio
@pytest.mark.parametrize("profile", ["neovim", "emacs"])
async def test_notes_opened_while_indexing_are_diagnosed_when_ready(
    client: LanguageClient, vault: Path, profile: str
) -> None:
    await start(client, vault, profile, wait=False)
    home = open_note(client, vault, "Home.md")
    await diagnostics_for(client, [home])
    assert (8, "VK101") in codes(client, home)


@pytest.mark.asyncio
async def test_file_events_are_asked_for(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)  # VS Code's profile registers watchers dynamically
    registered: list[lsp.Registration] = client.registered  # type: ignore[attr-defined]
    await wait_for(lambda: registered)
    assert [r.method for r in registered] == [lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES]


@pytest.mark.asyncio
async def test_a_bad_configuration_is_reported_not_hung_on(client: LanguageClient,
                                                           vault: Path) -> None:
    (vault / "vaultkit.toml").write_text('select = ["no-such-rule"]\n', encoding="utf-8")
    await start(client, vault)  # the progress ends (with the reason)
    await wait_for(lambda: client.messages)
    assert "no-such-rule" in client.messages[0].message
    assert client.messages[0].type == lsp.MessageType.Error


@pytest.mark.asyncio
async def test_no_cache_when_asked(client: LanguageClient, vault: Path) -> None:
    import os

    cache_dir = Path(os.environ["VAULTKIT_CACHE_DIR"])
    await start(client, vault, cache=False)
    home = open_note(client, vault, "Home.md")
    await diagnostics_for(client, [home])
    assert list(cache_dir.iterdir()) == []
