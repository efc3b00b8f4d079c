"""Code actions: fixes as quick fixes, the safe ones all at once, "Create note"."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.lsp.conftest import diagnostics_for, open_note, position, start
from vaultkit.edit.text import apply_edits
from vaultkit.lsp.positions import point, split_lines


def _apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """Apply LSP edits to ``text`` (by converting back through character columns)."""
    from vaultkit.edit.model import TextEdit
    from vaultkit.notes.model import Span

    lines = split_lines(text)
    return apply_edits(text, [
        TextEdit(Span(*point(lines, e.range.start), *point(lines, e.range.end)), e.new_text)
        for e in edits
    ])


async def _actions(client: LanguageClient, address: str, line: int,
                   only: list[str] | None = None) -> list[lsp.CodeAction]:
    found = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=address),
        range=lsp.Range(start=position(line, 0), end=position(line, 0)),
        context=lsp.CodeActionContext(diagnostics=client.diagnostics.get(address, []),
                                      only=only),
    ))
    return [a for a in found or [] if isinstance(a, lsp.CodeAction)]


@pytest.mark.asyncio
async def test_quick_fixes_under_the_cursor(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    home = open_note(client, vault, "Home.md")
    await diagnostics_for(client, [home])
    found = await _actions(client, home, 2, only=[lsp.CodeActionKind.QuickFix])
    assert [a.title for a in found] == ["Quote the link (VK603)"]
    assert found[0].kind == lsp.CodeActionKind.QuickFix and found[0].is_preferred
    edit = found[0].edit
    assert edit is not None and edit.changes is not None
    text = (vault / "Home.md").read_text(encoding="utf-8")
    assert 'related: "[[Beta]]"\n' in _apply(text, list(edit.changes[home]))
    stray = open_note(client, vault, "Stray.md")
    await diagnostics_for(client, [stray])
    near = await _actions(client, stray, 4, only=[lsp.CodeActionKind.QuickFix])
    assert [a.title for a in near] == [
        "Link to Alpha.md (a near name) (VK101) (unsafe)", "Create note alp_ha.md"]
    assert not near[0].is_preferred


@pytest.mark.asyncio
async def test_fix_all_applies_the_safe_fixes_only(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    alpha = open_note(client, vault, "Alpha.md")
    home = open_note(client, vault, "Home.md")
    await diagnostics_for(client, [alpha, home])
    found = await _actions(client, home, 0, only=["source.fixAll.vaultkit"])
    assert [a.kind for a in found] == ["source.fixAll.vaultkit"]
    assert found[0].edit is not None and found[0].edit.changes is not None
    text = (vault / "Home.md").read_text(encoding="utf-8")
    fixed = _apply(text, list(found[0].edit.changes[home]))
    assert 'related: "[[Beta]]"' in fixed and "tags: old" in fixed
    assert found[0].title == "Fix all safe vaultkit findings (2)"
    stray = open_note(client, vault, "Stray.md")
    await diagnostics_for(client, [stray])
    assert await _actions(client, stray, 0, only=["source.fixAll.vaultkit"]) == []  # unsafe only


@pytest.mark.asyncio
async def test_create_note_for_an_unresolved_link(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    home = open_note(client, vault, "Home.md")
    await diagnostics_for(client, [home])
    found = await _actions(client, home, 8, only=[lsp.CodeActionKind.QuickFix])
    assert [a.title for a in found] == ["Create note Missing.md"]
    assert found[0].edit is not None
    assert list(found[0].edit.document_changes or ()) == [lsp.CreateFile(
        uri=(vault / "Missing.md").resolve().as_uri(),
        options=lsp.CreateFileOptions(ignore_if_exists=True))]


@pytest.mark.asyncio
async def test_fix_all_command(client: LanguageClient, vault: Path) -> None:
    """``vaultkit.fixAll`` applies what the fix-all action holds, for one note or for every
    open one, through ``workspace/applyEdit``."""
    result = await start(client, vault)
    assert result.capabilities.execute_command_provider is not None
    assert "vaultkit.fixAll" in result.capabilities.execute_command_provider.commands
    home, stray = open_note(client, vault, "Home.md"), open_note(client, vault, "Stray.md")
    alpha = open_note(client, vault, "Alpha.md")
    await diagnostics_for(client, [home, stray, alpha])
    action = (await _actions(client, home, 0, only=["source.fixAll.vaultkit"]))[0].edit
    assert action is not None and action.changes is not None
    applied: list[lsp.WorkspaceEdit] = client.applied  # type: ignore[attr-defined]
    answer = await client.workspace_execute_command_async(lsp.ExecuteCommandParams(
        command="vaultkit.fixAll", arguments=[{"uri": home}]))
    assert answer == {"fixed": 2, "notes": 1}
    assert applied[-1].changes == {home: action.changes[home]}
    every = await client.workspace_execute_command_async(lsp.ExecuteCommandParams(
        command="vaultkit.fixAll", arguments=[]))
    assert set(applied[-1].changes or {}) == {home, alpha}  # Stray's fixes are unsafe
    assert every == {"fixed": 3, "notes": 2}
