"""Reading a glossary stays linear in its number of entries (the plain table of the issue)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from vaultkit.importers import read
from vaultkit.importers.shapes.crossrefs import resolve_links

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_import_rows import table


def _elapsed(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        result = read(text, "big.md")
        best = min(best, time.perf_counter() - started)
    assert result.format == "md-table"
    return best


def test_a_16000_row_table_imports_every_row() -> None:
    result = read(table(16_000), "big.md")
    assert len(result.entries) == 16_000


def test_reading_time_grows_linearly() -> None:
    small = _elapsed(table(1_000))
    large = _elapsed(table(8_000))
    assert large < max(small, 0.01) * 8 * 2.5  # 8x the rows: well under 64x the time


@pytest.mark.parametrize(
    "text",
    [
        "\n" * 200_000 + "x\n",  # the dialect markers once crossed blank lines
        "*[A]:" + " " * 100_000 + "x\n*[B]: b\n",
        "- **T:** [a](#b) " + "`" * 50_000 + " `x` " * 10_000 + "\n- **U:** u\n",
        "### " + "(`" * 50_000 + "\n\ntext\n",
        "<dl>" + "<dt>x" * 20_000 + "</dl>\n",
        "T::\n" * 50_000,
    ],
    ids=["newlines", "abbr-spaces", "backticks", "heading-parens", "html-dt", "asciidoc"],
)
def test_pathological_shapes_read_quickly(text: str) -> None:
    started = time.perf_counter()
    resolve_links(read(text, "g.md"), "g.md")  # links are settled after reading
    assert time.perf_counter() - started < 5
