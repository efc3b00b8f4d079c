"""Completion inside wikilinks: notes and aliases, headings, block ids; none where Obsidian
would read no link."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.lsp.conftest import change, diagnostics_for, doc, open_note, position, start, uri
from vaultkit.lsp.completion import link_context, score


def test_link_context() -> None:
    assert link_context("see [[Al", 8) == link_context("see [[Al", 8)
    found = link_context("see [[Al", 8)
    assert found is not None and (found.target, found.anchor, found.start) == ("Al", None, 6)
    heading = link_context("![[Alpha#In", 11)
    assert heading is not None and heading.embed and (heading.target, heading.anchor) == (
        "Alpha", "In")
    block = link_context("[[Beta#^b", 9)
    assert block is not None and block.block and (block.anchor, block.start) == ("b", 8)
    assert link_context("[[Done]] and", 12) is None
    assert link_context("[[A|shown", 9) is None
    assert found.opened == 4 and block.opened == 0


def test_score_ranks_prefix_then_word_then_substring_then_letters() -> None:
    names = ["Replan", "Plan", "My Plan", "Pxlxaxn"]
    ranked = sorted(names, key=lambda n: -(score(n, "plan") or 0))
    assert ranked == ["Plan", "My Plan", "Replan", "Pxlxaxn"]
    assert score("Alpha", "zz") is None


async def _complete(client: LanguageClient, vault: Path, typed: str) -> lsp.CompletionList:
    await start(client, vault)
    address = open_note(client, vault, "Stray.md")
    await diagnostics_for(client, [address])
    text = (vault / "Stray.md").read_text(encoding="utf-8") + typed
    change(client, address, text, 2)
    line = text.count("\n")
    character = len(typed.rsplit("\n", 1)[-1].encode("utf-16-le")) // 2
    result = await client.text_document_completion_async(lsp.CompletionParams(
        text_document=doc(address), position=position(line, character)))
    assert isinstance(result, lsp.CompletionList)
    return result


@pytest.mark.asyncio
async def test_notes_by_name_and_alias(client: LanguageClient, vault: Path) -> None:
    result = await _complete(client, vault, "🙂 [[St")
    labels = [item.label for item in result.items]
    assert labels[:2] == ["Stray", "Start"]  # a note first, then an alias as good (Home's)
    start_item = result.items[1]
    assert start_item.text_edit is not None
    assert start_item.text_edit.new_text == "Home|Start"
    rng = start_item.text_edit.range  # type: ignore[union-attr]
    assert (rng.start.character, rng.end.character) == (5, 7)  # after '🙂 [[' in UTF-16


@pytest.mark.asyncio
async def test_a_note_in_a_folder_gets_its_shortest_link(client: LanguageClient,
                                                        vault: Path) -> None:
    result = await _complete(client, vault, "[[pla")
    inserted = {i.detail: i.text_edit.new_text for i in result.items if i.label == "Plan"
                and i.text_edit is not None}
    # two notes are named Plan: "shortest" writes a bare name only when it is unique
    assert inserted == {"Archive/Plan.md": "Archive/Plan", "Projects/Plan.md": "Projects/Plan"}
    result = await _complete(client, vault, "[[Bet")
    inserted = {i.detail: i.text_edit.new_text for i in result.items if i.text_edit is not None}
    assert inserted == {"Beta.md": "Beta", "Projects/Beta.md": "Projects/Beta"}


@pytest.mark.asyncio
async def test_headings_and_blocks(client: LanguageClient, vault: Path) -> None:
    result = await _complete(client, vault, "[[Alpha#")
    assert [i.label for i in result.items] == ["Intro", "Details"]  # in the note's order
    result = await client.text_document_completion_async(lsp.CompletionParams(
        text_document=doc((vault / "Home.md").resolve().as_uri()), position=position(0, 0)))
    assert result is None or not getattr(result, "items", None)


@pytest.mark.asyncio
async def test_block_ids(client: LanguageClient, vault: Path) -> None:
    result = await _complete(client, vault, "[[Beta#^")
    assert [i.label for i in result.items] == ["blk"]


# typed at the end of a note, the cursor at '‸': whether Obsidian would read the link there
# (the tokenizer's word: links in %% comments count; in code, math, HTML comments they do not)
PLACES = {
    "text": ("[[Al‸", True),
    "after-a-code-span": ("`code` [[Al‸", True),
    "right-after-a-code-span": ("`code`[[Al‸", True),
    "unclosed-backtick": ("`code [[Al‸", True),
    "percent-comment": ("%% [[Al‸ %%", True),
    "markdown-after-text": ("see `x` [a](Al‸", True),
    "code-span": ("`see [[Al‸`", False),
    "fence": ("```\n[[Al‸\n```", False),
    "unclosed-fence": ("~~~\nx\n\n[[Al‸", False),
    "indented": ("\n\n    [[Al‸", False),
    "math": ("$x [[Al‸$", False),
    "display-math": ("$$\n[[Al‸\n$$", False),
    "html-comment": ("<!-- [[Al‸ -->", False),
    "html-block": ("<div>\n[[Al‸\n</div>", False),
    "markdown-in-code": ("`[a](Al‸`", False),
    "markdown-in-fence": ("```\n[a](Al‸\n```", False),
}


@pytest.mark.asyncio
async def test_nothing_offered_where_no_link_is_read(client: LanguageClient, vault: Path
                                                     ) -> None:
    await start(client, vault)
    address = open_note(client, vault, "Stray.md")
    await diagnostics_for(client, [address])
    note = (vault / "Stray.md").read_text(encoding="utf-8")
    got = {}
    for version, (name, (typed, _)) in enumerate(PLACES.items(), start=2):
        before, after = typed.split("‸")
        change(client, address, note + before + after, version)
        lines = (note + before).split("\n")
        result = await client.text_document_completion_async(lsp.CompletionParams(
            text_document=doc(address),
            position=position(len(lines) - 1, len(lines[-1]))))
        items = result.items if isinstance(result, lsp.CompletionList) else []
        got[name] = any(item.label in ("Alpha", "Alpha.md") for item in items)
    assert got == {name: offered for name, (_, offered) in PLACES.items()}


@pytest.mark.asyncio
async def test_a_quoted_property_and_a_note_not_open(client: LanguageClient, vault: Path
                                                     ) -> None:
    (vault / "Code.md").write_text("---\nup: \"[[Al\"\n---\nsee `[[Al` and [[Al\n",
                                   encoding="utf-8")
    await start(client, vault)
    address = uri(vault, "Code.md")  # not opened: read from its file

    async def labels(line: int, character: int) -> list[str]:
        result = await client.text_document_completion_async(lsp.CompletionParams(
            text_document=doc(address), position=position(line, character)))
        return [i.label for i in result.items] if isinstance(result, lsp.CompletionList) else []

    assert "Alpha" in await labels(1, 9)  # up: "[[Al
    assert "Alpha" not in await labels(3, 9)  # see `[[Al
    assert "Alpha" in await labels(3, 20)  # and [[Al
