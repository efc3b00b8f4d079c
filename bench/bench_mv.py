"""Time `vaultkit mv` of one note with about 100 backlinks in the benchmark vault.

    python bench/bench_mv.py [--notes 10000] [--runs 5]

Each run moves the note back and forth in a copy of the vault (the real command, a subprocess)
and, in the same run, times `cat` of every note, so the ratio does not depend on the machine's
load. Prints medians.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vaultkit.notes.linked import link_vault
from vaultkit.notes.vault import load_vault

BENCH = Path(tempfile.gettempdir()) / "vaultkit-bench"


def _vault(notes: int) -> Path:
    path = BENCH / f"vault-{notes}"
    if not path.is_dir():
        sys.exit(f"{path} missing: run bench/bench_check.py --sizes {notes} first")
    return path


def _note_with_backlinks(root: Path, wanted: int) -> tuple[str, int]:
    linked = link_vault(load_vault(root))
    counts: dict[str, set[str]] = {}
    for source, items in linked.resolved.items():
        for item in items:
            if item.target and item.target.endswith(".md") and item.target != source:
                counts.setdefault(item.target, set()).add(source)
    path = min(counts, key=lambda p: (abs(len(counts[p]) - wanted), p))
    return path, len(counts[path])


def _time(command: list[str], cwd: Path) -> float:
    began = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "vault"
        shutil.copytree(_vault(args.notes), root, ignore=shutil.ignore_patterns(".vaultkit*"))
        note, backlinks = _note_with_backlinks(root, 100)
        moved = f"Moved/{Path(note).stem} renamed.md"  # a new name: every backlink is rewritten
        common = ["--isolated", "--cache-dir", folder]
        vk = [sys.executable, "-m", "vaultkit", "mv", *common]
        warm = [sys.executable, "-m", "vaultkit", "check", ".", *common]
        subprocess.run(warm, cwd=root, check=False, capture_output=True)  # a warm cache
        mv_times, cat_times = [], []
        for i in range(args.runs):
            old, new = (note, moved) if i % 2 == 0 else (moved, note)
            mv_times.append(_time([*vk, old, new], root))
            cat_all = "find . -name '*.md' -print0 | xargs -0 cat > /dev/null"
            cat_times.append(_time(["sh", "-c", cat_all], root))
        mv_median, cat_median = statistics.median(mv_times), statistics.median(cat_times)
        print(f"{args.notes} notes; {note} has {backlinks} backlinking notes")
        print(f"vaultkit mv: median {mv_median:.3f} s over {args.runs} runs")
        print(f"cat of every note: median {cat_median:.3f} s; ratio {mv_median / cat_median:.1f}x")


if __name__ == "__main__":
    main()
