"""Benchmark vault loading (a script, not a test).

    python bench/bench_parse.py /tmp/v10k [--repeat 3]

Prints one table: `cat` of every .md file (warm cache) as the floor, the per-phase split of a
serial parse (read / front matter / body tokens / records), serial and parallel `load_vault` in
fresh processes (wall time, CPU of the main process and of its workers, peak memory), and the
effect of the cyclic GC. On a busy machine read the CPU columns: with 2 free cores the wall time
of jobs=2 is about max(main CPU, workers CPU).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from vaultkit.notes import vault as vault_mod
from vaultkit.notes.frontmatter import parse_frontmatter, property_links
from vaultkit.notes.note import normalize_breaks, parse_note
from vaultkit.notes.reader import read_text
from vaultkit.notes.scan import scan_vault
from vaultkit.notes.tokenizer import tokenize
from vaultkit.parallel import cli_gc_policy


def _cat(root: Path) -> float:
    notes = [str(f.abspath) for f in scan_vault(root).files if f.is_markdown]
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for i in range(0, len(notes), 2000):
            subprocess.run(["cat", *notes[i : i + 2000]], stdout=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def _phases(root: Path) -> dict[str, float]:
    gc.disable()
    try:
        clock = time.perf_counter
        t0 = clock()
        files = [f for f in scan_vault(root).files if f.is_markdown]
        t1 = clock()
        texts = [read_text(f.abspath, f.path) for f in files]
        t2 = clock()
        fms = [parse_frontmatter(t) for t in texts if isinstance(t, str)]
        t3 = clock()
        bodies = [
            tokenize(normalize_breaks(t), fm.body_line)
            for t, fm in zip([t for t in texts if isinstance(t, str)], fms, strict=True)
        ]
        t4 = clock()
        links = [property_links(fm) for fm in fms]
        t5 = clock()
        del bodies, links
        notes = [
            parse_note(f.path, t) for f, t in zip(files, texts, strict=True) if isinstance(t, str)
        ]
        t6 = clock()
        del notes
    finally:
        gc.enable()
    return {
        "scan": t1 - t0,
        "read": t2 - t1,
        "front matter": t3 - t2,
        "body tokens": t4 - t3,
        "property links": t5 - t4,
        "parse_note (fm+body+records)": t6 - t5,
    }


def _child(root: str, jobs: int, gc_mode: str) -> None:
    policy = cli_gc_policy() if gc_mode == "paused" else nullcontext()
    start = time.perf_counter()
    cpu = time.process_time()
    with policy:
        loaded = vault_mod.load_vault(Path(root), jobs=jobs)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": cpu,
                "child_cpu": kids.ru_utime + kids.ru_stime,
                "rss_mb": own.ru_maxrss / 1024,
                "child_rss_mb": kids.ru_maxrss / 1024,
                "notes": len(loaded.notes),
                "links": sum(len(n.links) for n in loaded.notes.values()),
            }
        )
    )


def _run_child(root: Path, jobs: int, gc_mode: str, repeat: int) -> dict[str, float]:
    best: dict[str, float] | None = None
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, str(root), "--child", str(jobs), "--gc", gc_mode],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(out.stdout)
        if best is None or result["wall"] < best["wall"]:
            best = result
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("vault", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--gc", default="paused", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(str(args.vault), args.child, args.gc)
        return
    root = args.vault
    size = sum(f.size for f in scan_vault(root).files if f.is_markdown)
    print(f"vault {root}: {size / 1e6:.1f} MB of notes, {os.cpu_count()} CPUs")
    print(
        f"load average before: {os.getloadavg()[0]:.1f} (other work on the machine inflates wall)"
    )
    print(f"{'measure':44} {'wall s':>8} {'cpu s':>8} {'workers':>8} {'peak MB':>8}")
    print(f"{'cat of every .md (warm)':44} {_cat(root):8.2f}")
    for name, seconds in _phases(root).items():
        print(f"{'serial phase: ' + name:44} {seconds:8.2f}")
    for jobs, gc_mode in ((1, "paused"), (1, "on"), (2, "paused"), (2, "on")):
        r = _run_child(root, jobs, gc_mode, args.repeat)
        label = f"load_vault jobs={jobs} gc={gc_mode} ({r['notes']:.0f} notes)"
        peak = max(r["rss_mb"], r["child_rss_mb"])
        print(f"{label:44} {r['wall']:8.2f} {r['cpu']:8.2f} {r['child_cpu']:8.2f} {peak:8.0f}")


if __name__ == "__main__":
    main()
