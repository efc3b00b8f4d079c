"""Both passes together: where the body starts, and time linear in the input."""

from __future__ import annotations

import gc
import time

import pytest

from vaultkit.notes.tokenizer import tokenize


def paths(text: str) -> list[str]:
    return [link.path for link in tokenize(text).links]


def test_first_line_skips_front_matter_lines() -> None:
    text = "---\nx: [[not body]]\n---\n[[body]]\n"
    assert paths(text) == ["not body", "body"]
    assert [lk.path for lk in tokenize(text, first_line=4).links] == ["body"]
    assert tokenize(text, first_line=4).links[0].span.line == 4


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
    assert time.perf_counter() - start < 2.0


def _elapsed(text: str) -> float:
    """The best of three runs, the garbage collector paused (a collection of what earlier
    tests left must not count as the tokenizer's time)."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            start = time.perf_counter()
            tokenize(text)
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
