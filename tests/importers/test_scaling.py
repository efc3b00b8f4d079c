"""Reading a glossary stays linear in its number of entries (the plain table of the issue)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from vaultkit.importers import read

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
