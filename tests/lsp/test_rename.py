"""Rename through the ``mv`` and ``rename-heading`` planners, as golden WorkspaceEdits
(``tests/cases/lsp/rename/<case>.json``; VAULTKIT_UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from lsprotocol.converters import get_converter
from pytest_lsp import LanguageClient

from tests.helpers.golden import check_file
from tests.lsp.conftest import CASES, doc, position, start, uri, wait_for
from vaultkit.lsp.rename import new_path


def _golden(name: str, vault: Path, edit: lsp.WorkspaceEdit | None) -> None:
    assert edit is not None
    data = json.dumps(get_converter().unstructure(edit), indent=2, ensure_ascii=False)
    data = data.replace(vault.resolve().as_uri() + "/", "vault:///")
    check_file(CASES / "rename" / f"{name}.json", data + "\n")


async def _rename(  # noqa: PLR0917
    client: LanguageClient, vault: Path, path: str, line: int, character: int, new: str
) -> lsp.WorkspaceEdit | None:
    return await client.text_document_rename_async(lsp.RenameParams(
        text_document=doc(uri(vault, path)), position=position(line, character), new_name=new))


def test_new_path() -> None:
    assert new_path("Projects/Plan.md", "Road map") == "Projects/Road map.md"
    assert new_path("Projects/Plan.md", "Archive/Plan") == "Archive/Plan.md"
    assert new_path("img/a.png", "b.png") == "img/b.png"


@pytest.mark.asyncio
async def test_rename_a_note_from_a_link(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    prepared = await client.text_document_prepare_rename_async(lsp.PrepareRenameParams(
        text_document=doc(uri(vault, "Home.md")), position=position(7, 7)))
    assert isinstance(prepared, lsp.PrepareRenamePlaceholder)
    assert prepared.placeholder == "Alpha"
    assert prepared.range == lsp.Range(start=position(7, 6), end=position(7, 11))
    _golden("note-from-link", vault, await _rename(client, vault, "Home.md", 7, 7, "Alpha Prime"))


@pytest.mark.asyncio
async def test_rename_a_heading(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    _golden("heading", vault, await _rename(client, vault, "Alpha.md", 5, 4, "More Details"))


@pytest.mark.asyncio
async def test_rename_refused_when_the_name_is_taken(client: LanguageClient,
                                                    vault: Path) -> None:
    await start(client, vault)
    assert await _rename(client, vault, "Home.md", 7, 7, "beta") is None
    assert any("already exists" in m.message for m in client.messages)


@pytest.mark.asyncio
async def test_will_rename_files(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    edit = await client.workspace_will_rename_files_async(lsp.RenameFilesParams(files=[
        lsp.FileRename(old_uri=uri(vault, "Projects/Plan.md"),
                       new_uri=(vault / "Later" / "Plan.md").resolve().as_uri()),
    ]))
    _golden("will-rename-files", vault, edit)


@pytest.mark.asyncio
async def test_did_rename_files_applies_the_link_edits(client: LanguageClient,
                                                       vault: Path) -> None:
    """An editor that renames first and tells afterwards: the server sends the edits, in
    the files where they are now, then follows the rename in its index."""
    await start(client, vault)
    (vault / "Projects").rename(vault / "Later")
    client.workspace_did_rename_files(lsp.RenameFilesParams(files=[lsp.FileRename(
        old_uri=uri(vault, "Projects"), new_uri=(vault / "Later").resolve().as_uri())]))
    applied: list[lsp.WorkspaceEdit] = client.applied  # type: ignore[attr-defined]
    await wait_for(lambda: applied)
    _golden("did-rename-folder", vault, applied[0])
    # the index knows the new paths: the moved note's [[Plan]] finds its moved neighbour
    found = await client.text_document_definition_async(lsp.DefinitionParams(
        text_document=doc(uri(vault, "Later/Beta.md")), position=position(0, 18)))
    assert isinstance(found, lsp.Location) and found.uri == uri(vault, "Later/Plan.md")
    symbols = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="plan"))
    assert sorted(s.container_name or "" for s in symbols or []) == [
        "Archive/Plan.md", "Later/Plan.md", "Later/Plan.md"]  # the note and its heading


@pytest.mark.parametrize(("old", "new"), [
    ("Alpha.md", "Alpha Prime.md"), ("Projects/Plan.md", "Plan.md"),
    ("Beta.md", "Later/Beta.md"), ("Stray.md", "Projects/Home.md"), ("Home.md", "Start.md"),
    ("Stray.md", "Missing.md"), ("Projects/Plan.md", "Later/Plan.md"),
])
def test_the_notes_read_for_a_move_give_the_whole_vault_plan(vault: Path, old: str,
                                                             new: str) -> None:
    from vaultkit.config import CheckConfig
    from vaultkit.edit.linktext import LinkFormat
    from vaultkit.edit.move import plan_move
    from vaultkit.lsp.documents import Documents
    from vaultkit.lsp.rename import move_plan, touched
    from vaultkit.lsp.workspace import Workspace

    ws = Workspace.load(vault.resolve(), CheckConfig())
    docs = Documents(vault.resolve(), lambda path: None)
    moved = {old: new}
    whole = plan_move(ws.files, list(ws.notes), lambda p: (vault / p).read_bytes(), moved)
    planned = move_plan(ws, docs, LinkFormat.SHORTEST, moved)
    assert (planned.change, planned.newly_resolved) == (whole.change, whole.newly_resolved)
    assert touched(ws, moved) < set(ws.notes) or not whole.change.edits
