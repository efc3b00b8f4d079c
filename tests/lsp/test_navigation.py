"""Definition, references, hover and symbols, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.lsp.conftest import doc, position, start, uri


def _where(vault: Path, locations: list[lsp.Location]) -> list[tuple[str, int, int]]:
    root = vault.resolve().as_uri() + "/"
    return sorted((loc.uri.removeprefix(root), loc.range.start.line, loc.range.start.character)
                  for loc in locations)


async def _definition(client: LanguageClient, vault: Path, path: str, line: int,
                      character: int) -> list[tuple[str, int, int]]:
    found = await client.text_document_definition_async(lsp.DefinitionParams(
        text_document=doc(uri(vault, path)), position=position(line, character)))
    if found is None:
        return []
    return _where(vault, [found] if isinstance(found, lsp.Location) else found)  # type: ignore[list-item]


@pytest.mark.asyncio
async def test_definition_of_a_note_a_heading_and_a_block(client: LanguageClient,
                                                          vault: Path) -> None:
    await start(client, vault)
    assert await _definition(client, vault, "Home.md", 7, 6) == [("Alpha.md", 0, 0)]
    assert await _definition(client, vault, "Beta.md", 7, 10) == [("Alpha.md", 5, 0)]
    assert await _definition(client, vault, "Home.md", 10, 12) == [("Beta.md", 3, 0)]
    assert await _definition(client, vault, "Home.md", 8, 8) == []  # unresolved
    assert await _definition(client, vault, "Home.md", 7, 1) == []  # not on a link


@pytest.mark.asyncio
async def test_references_are_backlinks_with_property_links(client: LanguageClient,
                                                            vault: Path) -> None:
    await start(client, vault)

    async def refs(path: str, line: int, character: int) -> list[tuple[str, int, int]]:
        found = await client.text_document_references_async(lsp.ReferenceParams(
            text_document=doc(uri(vault, path)), position=position(line, character),
            context=lsp.ReferenceContext(include_declaration=False)))
        return _where(vault, found or [])

    to_alpha = [("Beta.md", 7, 6), ("Home.md", 7, 4), ("Home.md", 7, 18), ("Home.md", 7, 43)]
    assert await refs("Alpha.md", 2, 0) == to_alpha
    assert await refs("Home.md", 7, 6) == to_alpha  # from a link: its target's
    assert await refs("Alpha.md", 5, 3) == [("Beta.md", 7, 6)]  # the heading 'Details'
    assert await refs("Home.md", 6, 0) == [("Alpha.md", 11, 8), ("Archive/Plan.md", 0, 22),
                                           ("Beta.md", 1, 4), ("Projects/Beta.md", 0, 28)]


@pytest.mark.asyncio
async def test_hover_shows_the_section(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    found = await client.text_document_hover_async(lsp.HoverParams(
        text_document=doc(uri(vault, "Beta.md")), position=position(7, 10)))
    assert found is not None and isinstance(found.contents, lsp.MarkupContent)
    assert found.contents.value.startswith("**Alpha.md**\n\n## Details\n")
    assert "Alpha text" not in found.contents.value
    assert found.range == lsp.Range(start=position(7, 6), end=position(7, 23))


@pytest.mark.asyncio
async def test_symbols(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    found = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(
        text_document=doc(uri(vault, "Alpha.md"))))
    assert found is not None
    tree = [(s.name, [c.name for c in s.children or []]) for s in found]  # type: ignore[union-attr]
    assert tree == [("Intro", ["Details"])]
    everywhere = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="plan"))
    assert everywhere is not None
    assert sorted((s.name, s.container_name, s.kind) for s in everywhere) == [
        ("Plan", "Archive/Plan.md", lsp.SymbolKind.File),
        ("Plan", "Projects/Plan.md", lsp.SymbolKind.File),
        ("Plan 🚀", "Projects/Plan.md", lsp.SymbolKind.String)]
