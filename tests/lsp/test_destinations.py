"""Completion of Markdown link destinations, end to end. Each line of
tests/cases/lsp/destinations/typed.txt is typed at the end of a note; expected.txt holds what
the server offers for each (add a line, run with VAULTKIT_UPDATE_GOLDEN=1, read the diff)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.helpers.golden import check_file
from tests.lsp.conftest import CASES, change, diagnostics_for, doc, open_note, position, start
from vaultkit.lsp.destinations import destination_context

GOLDEN = CASES / "destinations"


def test_destination_context() -> None:
    found = destination_context("see [a](My%20No", 15)
    assert found is not None and (found.path, found.anchor, found.start) == ("My No", None, 8)
    assert not found.angle and not found.embed
    angle = destination_context("![a](<My No", 11)
    assert angle is not None and angle.angle and angle.embed and angle.path == "My No"
    assert angle.start == 6
    heading = destination_context("[a](N.md#Part%20t", 17)
    assert heading is not None and (heading.path, heading.anchor, heading.start) == (
        "N.md", "Part t", 9)
    block = destination_context("[a](N.md#^b", 11)
    assert block is not None and block.block and (block.anchor, block.start) == ("b", 10)
    assert destination_context("[a](done.md) and", 16) is None
    assert destination_context("[a](two words", 13) is None
    assert destination_context("f(x) and g](", 12) is None  # no '[' before the ']('
    assert destination_context("[a](<done.md> x", 15) is None
    assert destination_context("[[Note]](2F", 11) is None  # a wikilink, then text
    nested = destination_context("[a [b]](c", 9)  # brackets nest in a link's text
    assert nested is not None and nested.path == "c"


async def _session(client: LanguageClient, vault: Path) -> tuple[str, str]:
    await start(client, vault)
    address = open_note(client, vault, "Solo.md")
    await diagnostics_for(client, [address])
    return address, (vault / "Solo.md").read_text(encoding="utf-8")


async def _complete(client: LanguageClient, address: str, text: str, version: int
                    ) -> lsp.CompletionList | None:
    change(client, address, text, version)
    lines = text.split("\n")
    character = len(lines[-1].encode("utf-16-le")) // 2
    found = await client.text_document_completion_async(lsp.CompletionParams(
        text_document=doc(address), position=position(len(lines) - 1, character)))
    assert found is None or isinstance(found, lsp.CompletionList)
    return found


def render(typed: str, found: lsp.CompletionList | None) -> str:
    out = [f"## {typed}"]
    if found is None:
        return out[0] + "\nnone\n"
    out.append(f"incomplete: {found.is_incomplete}")
    for item in found.items:
        edit = item.text_edit
        assert isinstance(edit, lsp.TextEdit)
        r = edit.range
        out.append(f"{item.label} | {edit.new_text} | {r.start.character}-{r.end.character}"
                   f" | {item.detail}")
    return "\n".join(out) + "\n"


@pytest.mark.asyncio
async def test_destinations(client: LanguageClient, linkvault: Path) -> None:
    address, body = await _session(client, linkvault)
    cases = (GOLDEN / "typed.txt").read_text(encoding="utf-8").splitlines()
    out = []
    for version, typed in enumerate(cases, start=2):
        out.append(render(typed, await _complete(client, address, body + typed, version)))
    check_file(GOLDEN / "expected.txt", "\n".join(out))


@pytest.mark.asyncio
async def test_what_is_offered_is_what_resolves(client: LanguageClient,
                                                linkvault: Path) -> None:
    """Every path and heading offered, written into the note, is a link to that file and
    heading: no new diagnostic."""
    address, body = await _session(client, linkvault)
    found = await _complete(client, address, body + "See [a](", 2)
    assert found is not None and found.items
    offered = [(i.detail, i.text_edit.new_text) for i in found.items
               if isinstance(i.text_edit, lsp.TextEdit)]
    found = await _complete(client, address, body + "See [a](Topics/My%20Note.md#", 3)
    assert found is not None
    headings = [i.text_edit.new_text for i in found.items if isinstance(i.text_edit, lsp.TextEdit)]
    assert len(headings) == 3
    lines = [f"[x]({text})" for _, text in offered]
    lines += [f"[x](Topics/My%20Note.md#{h})" for h in headings]
    change(client, address, body + "\n".join(lines) + "\n", 4)
    await diagnostics_for(client, [address])
    client.diagnostics.pop(address)
    await diagnostics_for(client, [address])
    assert [d.message for d in client.diagnostics[address]] == []


@pytest.mark.asyncio
async def test_not_in_front_matter(client: LanguageClient, linkvault: Path) -> None:
    """Obsidian reads no Markdown link in a property value; a wikilink there it does."""
    address, body = await _session(client, linkvault)

    async def at_end_of_line_1(text: str, version: int) -> lsp.CompletionList | None:
        change(client, address, text, version)
        character = len(text.split("\n")[1])
        found = await client.text_document_completion_async(lsp.CompletionParams(
            text_document=doc(address), position=position(1, character)))
        assert found is None or isinstance(found, lsp.CompletionList)
        return found

    assert await at_end_of_line_1('---\nup: "[a](So\n---\n' + body, 2) is None
    wiki = await at_end_of_line_1('---\nup: "[[So\n---\n' + body, 3)
    assert wiki is not None and [i.label for i in wiki.items][:1] == ["Solo"]
    body_link = await at_end_of_line_1('no front matter\n[a](So\n', 4)
    assert body_link is not None and [i.label for i in body_link.items] == ["Solo.md"]
