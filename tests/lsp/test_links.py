"""Document links, end to end: each resolved link of a note is clickable, to its file (and the
line of a heading or block); golden files in tests/cases/lsp/document-links/<note>.txt."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.helpers.golden import check_file
from tests.lsp.conftest import CASES, change, doc, open_note, start, uri

GOLDEN = CASES / "document-links"


def render(vault: Path, found: list[lsp.DocumentLink]) -> str:
    """One line per link: its range (0-based line:character), its target (vault-relative)
    and its tooltip."""
    root = vault.resolve().as_uri() + "/"
    out = []
    for link in found:
        r = link.range
        target = (link.target or "").removeprefix(root)
        out.append(f"{r.start.line}:{r.start.character}-{r.end.line}:{r.end.character}"
                   f" -> {target} ({link.tooltip})")
    return "\n".join(out) + "\n"


async def _links(client: LanguageClient, vault: Path, path: str) -> list[lsp.DocumentLink]:
    found = await client.text_document_document_link_async(lsp.DocumentLinkParams(
        text_document=doc(uri(vault, path))))
    return list(found or [])


@pytest.mark.asyncio
@pytest.mark.parametrize("note", ["Index.md", "Archive/My Note.md"])
async def test_document_links(client: LanguageClient, linkvault: Path, note: str) -> None:
    await start(client, linkvault)
    found = await _links(client, linkvault, note)
    check_file(GOLDEN / (note.replace("/", "__") + ".txt"), render(linkvault, found))


@pytest.mark.asyncio
async def test_links_follow_the_buffer(client: LanguageClient, linkvault: Path) -> None:
    await start(client, linkvault)
    address = open_note(client, linkvault, "Solo.md")
    change(client, address, "# Solo\n\nNow [[Topics/My Note#First]] and [[Gone]].\n", 2)
    found = await _links(client, linkvault, "Solo.md")
    assert render(linkvault, found) == (
        "2:6-2:26 -> Topics/My%20Note.md (Topics/My Note.md#First)\n")


@pytest.mark.asyncio
async def test_no_tooltips_for_a_client_that_does_not_show_them(client: LanguageClient,
                                                                 linkvault: Path) -> None:
    await start(client, linkvault, "neovim")
    found = await _links(client, linkvault, "Index.md")
    assert len(found) == 12 and all(link.tooltip is None for link in found)
