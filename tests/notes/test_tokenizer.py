"""Both passes together: where the body starts, where no link is read, and time linear in the
input."""

from __future__ import annotations

import gc
import itertools
import time

import pytest
from hypothesis import given, settings

from tests.helpers.strategies import BODY
from tests.helpers.strategies import settings as fixed
from vaultkit.notes.model import Span
from vaultkit.notes.tokenizer import tokenize


def paths(text: str) -> list[str]:
    return [link.path for link in tokenize(text).links]


def test_first_line_skips_front_matter_lines() -> None:
    text = "---\nx: [[not body]]\n---\n[[body]]\n"
    assert paths(text) == ["not body", "body"]
    assert [lk.path for lk in tokenize(text, first_line=4).links] == ["body"]
    assert tokenize(text, first_line=4).links[0].span.line == 4


def _inside(spans: list[Span], line: int, column: int) -> bool:
    return any((s.line, s.column) <= (line, column) < (s.end_line, s.end_column) for s in spans)


# each text holds '[[X]]' once; whether Obsidian reads it (the parser's links say so)
CONTEXTS = {
    "text": ("see [[X]] here", True),
    "heading": ("# A [[X]]", True),
    "quote": ("> a [[X]]", True),
    "table": ("| a | [[X]] |\n|---|---|", True),
    "percent-comment": ("%% a [[X]] %%", True),  # Obsidian counts links in %% comments
    "after-code-span": ("`a` [[X]]", True),
    "right-after-math": ("$a$[[X]]", True),
    "unclosed-backtick": ("`a [[X]]", True),
    "code-span": ("a `b [[X]] c` d", False),
    "double-backticks": ("``a ` [[X]]``", False),
    "math": ("so $a [[X]]$ b", False),
    "display-math": ("$$\na\n[[X]]\n$$\nafter", False),
    "html-comment": ("a <!-- b [[X]] --> c", False),
    "html-comment-block": ("<!--\n[[X]]\n-->", False),
    "html-block": ("<div>\n[[X]]\n</div>", False),
    "fence": ("```\n[[X]]\n```", False),
    "tilde-fence-unclosed": ("~~~md\na\n\n[[X]]", False),
    "fence-in-list": ("- ```\n  [[X]]\n  ```", False),
    "indented": ("para\n\n    [[X]]", False),
    "indented-second-line": ("\n    a\n    [[X]]", False),
}


@pytest.mark.parametrize("name", list(CONTEXTS))
def test_unread_spans_hold_exactly_the_links_not_read(name: str) -> None:
    text, read = CONTEXTS[name]
    unread: list[Span] = []
    tokens = tokenize(text, unread=unread)
    line = text[: text.index("[[X")].count("\n") + 1
    column = text.index("[[X") - text.rfind("\n", 0, text.index("[[X"))
    assert ([link.path for link in tokens.links] == ["X"]) == read
    assert _inside(unread, line, column) == (not read)


def test_unread_spans_are_positions_of_the_file() -> None:
    text = "---\nx: 1\n---\nsee `[[a]]`\n\n```\n[[b]]\n```\n"
    unread: list[Span] = []
    tokenize(text, 4, unread)
    assert unread == [Span(4, 5, 4, 12), Span(6, 1, 8, 4)]


@settings(max_examples=300, **fixed())
@given(BODY)
def test_no_link_starts_where_nothing_is_read(body: str) -> None:
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    unread: list[Span] = []
    tokens = tokenize(text, unread=unread)
    assert tokens == tokenize(text)  # asking for them changes nothing else
    starts = [(s.line, s.column, s.end_line, s.end_column) for s in unread]
    assert starts == sorted(starts)
    for before, after in itertools.pairwise(unread):
        assert (before.end_line, before.end_column) <= (after.line, after.column)
    for link in tokens.links:
        assert not _inside(unread, link.span.line, link.span.column), link


PATHOLOGICAL = {
    "unclosed-wikilinks": "[[" * 200_000,
    "embed-openers": "![[" * 100_000,
    "bracket-runs": "[" * 200_000 + "x" + "]" * 200_000,
    "open-close": "[[a" * 100_000 + "]]",
    "backticks": "`" * 300_000,
    "backtick-ladder": "".join("`" * k + "a" for k in range(1, 700)),
    "comments": "<!--" * 100_000,
    "dollars": "$" * 300_000,
    "dollar-words": "$a " * 100_000,
    "percent": "%%" * 200_000,
    "md-link-openers": "[a](" * 100_000,
    "md-link-spaces": "[a](b" + " " * 200_000 + "x",
    "hashes": "#" * 300_000,
    "html-openers": "<a x='" * 50_000,
    "carets": "^a " * 100_000,
    "escapes": "\\" * 300_000,
    "lines": "[[x\n" * 100_000,
    "nested-link-texts": "[a " * 100_000 + "](x)" * 100_000,
    "nested-escapes": "[\\[" * 100_000 + "](x)",
    "nested-pairs": "[a [b] " * 100_000 + "](x)",
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_input_is_fast(name: str) -> None:
    start = time.perf_counter()
    tokenize(PATHOLOGICAL[name])
    tokenize(PATHOLOGICAL[name], unread=[])
    assert time.perf_counter() - start < 4.0  # two readings


def _elapsed(text: str, unread: bool = False) -> float:
    """The best of three runs, the garbage collector paused (a collection of what earlier
    tests left must not count as the tokenizer's time)."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            start = time.perf_counter()
            tokenize(text, unread=[] if unread else None)
            best = min(best, time.perf_counter() - start)
    finally:
        if enabled:
            gc.enable()
    return best


@pytest.mark.parametrize("unit", ["[[", "[[a]] `b` $c$ #d ", "| [[a|b]] |\n|-|\n", "`" * 3 + "a"])
def test_time_grows_linearly(unit: str) -> None:
    small = _elapsed(unit * 5_000)
    large = _elapsed(unit * 20_000)
    assert large < max(small, 0.002) * 4 * 2.5  # 4x the input: well under 10x the time


def test_time_grows_linearly_noting_unread_spans() -> None:
    unit = "`a` $b$ <!-- c --> [[d]]\n\n    e\n\n```\nf\n```\n"
    small = _elapsed(unit * 2_000, unread=True)
    large = _elapsed(unit * 8_000, unread=True)
    assert large < max(small, 0.002) * 4 * 2.5
