"""Time importing a plain two-column glossary table of 1k, 4k and 16k rows (a script).

    python bench/bench_import_rows.py [--sizes 1000 4000 16000]

Each row is ``| **Term** | a sentence-long definition |`` with invented words, the shape that
was once taken for scraped text; the import must stay linear in the number of entries. Prints
per size: seconds to read the source (parse only) and for the whole import into a fresh vault.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vaultkit.importers import import_sources, read

_SYLLABLES = ["bel", "gor", "zan", "dra", "lo", "nix", "sen", "mi", "mu", "tar", "quen", "flo"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def table(rows: int, seed: int = 7) -> str:
    """A glossary table of ``rows`` distinct invented terms."""
    rng = random.Random(seed)
    seen: set[str] = set()
    lines = ["| Item | Notes |", "|---|---|"]
    while len(seen) < rows:
        term = f"{word(rng)} {word(rng)}"
        if term.casefold() in seen:
            continue
        seen.add(term.casefold())
        lines.append(
            f"| **{term}** | A kind of fruit that grows on trees, often eaten with "
            f"{word(rng)}; see also {word(rng)}. |"
        )
    return "\n".join(lines) + "\n"


def time_import(rows: int) -> tuple[float, float, int]:
    text = table(rows)
    started = time.perf_counter()
    result = read(text, "big.md")
    parsed = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pyproject.toml").write_text("", encoding="utf-8")
        source = root / "big.md"
        source.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        report = import_sources([source], root / "vault", root=root)
        total = time.perf_counter() - started
    assert len(result.entries) == rows == report.sources[0].entries
    return parsed, total, report.concepts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    args = parser.parse_args()
    print(f"{'rows':>7} {'read s':>8} {'import s':>9} {'µs/row':>8}")
    for rows in args.sizes:
        parsed, total, _ = time_import(rows)
        print(f"{rows:>7} {parsed:>8.2f} {total:>9.2f} {total / rows * 1e6:>8.0f}")


if __name__ == "__main__":
    main()
