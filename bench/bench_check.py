"""Benchmark `vaultkit check` against `cat` of the same files; print a Markdown table.

    python bench/bench_check.py                      # 1k, 10k and 50k notes, 5 runs each
    python bench/bench_check.py --sizes 10000 --runs 3
    python bench/bench_check.py --sizes 1000 --obsidiantools

Vaults come from ../shared/genvault.py (seed 1, with its --schema-out schema) and are kept in
--work (default: $TMPDIR/vaultkit-bench) between runs. Times are wall-clock medians of runs
that nothing watches; peak memory comes from one more run of each command, as the largest sum
of PSS (shared pages split between the processes sharing them) over the vaultkit process and
all its children, sampled from /proc every 10 ms (Linux; RSS where PSS is not readable), else
the largest single child from getrusage.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENVAULT = (HERE.parent.parent / "shared" / "genvault.py").resolve()

# Targets on the reference machine (2 cores, `cat` of 10k notes 0.2-0.3 s warm).
REFERENCE_CAT_10K = 0.25
TARGETS = {
    "check": 3.0,
    "schema": 3.5,
    "warm": 0.8,
    "edited": 1.0,
    "version": 0.25,
    "peak_mb": 500.0,
    "growth_50k": 5.5,
}


@dataclass
class Row:
    notes: int
    mb: float
    cat: float = 0.0
    times: dict[str, float] = field(default_factory=dict)
    peak_mb: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated note counts")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "vaultkit-bench")
    parser.add_argument("--obsidiantools", action="store_true", help="also time obsidiantools")
    parser.add_argument("--genvault", type=Path, default=GENVAULT)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.work.mkdir(parents=True, exist_ok=True)

    command = vaultkit_command()
    print(machine_line(), file=sys.stderr)
    probes = [cpu_probe()]
    rows = []
    for notes in sizes:
        vault, schema = generate(args.genvault, args.work, notes)
        row = measure(command, vault, schema, args.work, runs=args.runs)
        if args.obsidiantools:
            row.extra["obsidiantools"] = f"{time_obsidiantools(args.work, vault):.1f}"
        rows.append(row)
        print(f"  {notes} notes done", file=sys.stderr)
    version = median_time([*command, "--version"], args.runs)
    growth = None
    if {10_000, 50_000} <= set(sizes):
        growth = paired_growth(command, args.work, args.runs)
        print("  50k/10k pairs done", file=sys.stderr)
    probes.append(cpu_probe())
    print(render(rows, version, args.runs, args.obsidiantools, growth))
    print(
        f"\nCPU probe (a 10-million-step Python loop, for how fast this shared machine was): "
        f"{probes[0]:.2f} s before, {probes[1]:.2f} s after."
    )
    return 0


def cpu_probe() -> float:
    """Seconds for a fixed pure-Python loop: how fast the (shared) host ran at the moment;
    compare it between runs of this script before comparing their seconds."""
    start = time.perf_counter()
    total = 0
    for step in range(10_000_000):
        total += step
    return time.perf_counter() - start


def paired_growth(command: list[str], work: Path, runs: int) -> float:
    """Median over ``runs`` back-to-back pairs of (50k time / 10k time), no cache.

    The table's two medians are taken minutes apart; on a shared machine the load changes in
    between, so their ratio says more about the neighbours than about vaultkit. A pair run
    back to back sees the same load.
    """
    ratios = []
    for _ in range(runs):
        times = []
        for notes in (10_000, 50_000):
            vault = work / f"vault-{notes}"
            check = [*command, "check", str(vault), "--isolated", "--no-summary", "--no-cache"]
            times.append(median_time(check, 1))
        ratios.append(times[1] / times[0])
    return statistics.median(ratios)


# -- vaults ------------------------------------------------------------------------------------


def generate(genvault: Path, work: Path, notes: int) -> tuple[Path, Path]:
    vault, schema = work / f"vault-{notes}", work / f"vault-{notes}.schema.json"
    done = work / f"vault-{notes}.done"
    if not done.exists():
        shutil.rmtree(vault, ignore_errors=True)
        print(f"  generating {notes} notes in {vault}", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(genvault), "--notes", str(notes), "--out", str(vault),
             "--seed", "1", "--schema-out", str(schema)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        done.touch()
    return vault, schema


def markdown_files(vault: Path) -> list[str]:
    return sorted(str(p) for p in vault.rglob("*.md") if ".obsidian" not in p.parts)


# -- measuring ---------------------------------------------------------------------------------


def vaultkit_command() -> list[str]:
    script = Path(sys.executable).with_name("vaultkit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vaultkit"]


def measure(
    command: list[str], vault: Path, schema: Path, work: Path, *, runs: int
) -> Row:
    files = markdown_files(vault)
    row = Row(len(files), sum(os.path.getsize(f) for f in files) / 1e6)
    cat = ["xargs", "-0", "cat"]
    payload = "\0".join(files).encode()
    timed(lambda: run(cat, stdin=payload))  # warm the page cache
    row.cat = statistics.median(timed(lambda: run(cat, stdin=payload)) for _ in range(runs))

    cache_dir = work / f"cache-{row.notes}"
    shutil.rmtree(cache_dir, ignore_errors=True)
    base = [*command, "check", str(vault), "--isolated", "--no-summary"]
    plain, cached = [*base, "--no-cache"], [*base, "--cache-dir", str(cache_dir)]

    row.times["check"] = median_time(plain, runs)
    row.times["schema"] = median_time([*plain, "--schema", str(schema)], runs)
    peaks = [peak_mb(plain), peak_mb([*plain, "--schema", str(schema)])]
    run(cached)  # fill the cache
    row.times["warm"] = median_time(cached, runs)
    peaks.append(peak_mb(cached))
    victim = Path(files[len(files) // 2])
    original = victim.read_bytes()
    try:
        edits = iter(range(10**6))

        def edit() -> None:
            victim.write_bytes(original + f"\nEdited {next(edits)}.\n".encode())

        row.times["edited"] = median_time(cached, runs, before=edit)
        edit()
        peaks.append(peak_mb(cached))
    finally:
        victim.write_bytes(original)
    row.peak_mb = max(peaks)
    return row


def run(cmd: Sequence[str], stdin: bytes | None = None) -> int:
    done = subprocess.run(
        cmd, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    if done.returncode >= 2:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return done.returncode


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_time(
    cmd: Sequence[str], runs: int, before: Callable[[], None] | None = None
) -> float:
    """Median wall time of ``runs`` runs, nothing else watching (see :func:`peak_mb`)."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        times.append(timed(lambda: run(cmd)))
    return statistics.median(times)


def peak_mb(cmd: Sequence[str]) -> float:
    """Peak memory (MB) of one more run of ``cmd``, not timed: reading smaps_rollup every 10 ms
    walks the page tables of the process, which slowed a 50,000-note check by 30% (10,000
    notes: 9%), so memory and time are never measured in the same run."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))
            stop.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode >= 2:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()}")
    single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB, one process
    return max(peak[0], single if not peak[0] else 0) / 1024


def tree_rss_kb(pid: int) -> int:
    """Memory of the process and its children: PSS where Linux gives it (a page shared by a
    forked child counts once, split between the two), else the plain RSS sum."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += _process_kb(current)
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def _process_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        return next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        status = Path(f"/proc/{pid}/status").read_text()
        return next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")), 0
        )


# -- obsidiantools -----------------------------------------------------------------------------


def time_obsidiantools(work: Path, vault: Path) -> float:
    venv = work / "obsidiantools-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "obsidiantools"], check=True)
    script = (
        "import pathlib, sys, obsidiantools.api as otools;"
        "v = otools.Vault(pathlib.Path(sys.argv[1])).connect().gather();"
        "print(len(v.nonexistent_notes))"
    )
    return timed(lambda: subprocess.run([str(python), "-c", script, str(vault)], check=True))


# -- the table ---------------------------------------------------------------------------------


def machine_line() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"Machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}"
    )


def render(
    rows: list[Row],
    version: float,
    runs: int,
    otools: bool,
    growth: float | None = None,
) -> str:
    lines = [
        machine_line() + f"; medians of {runs} runs.",
        "",
        "| notes | MB of text | `cat` (s) | check, no cache (s) | ratio to cat | with schema (s) "
        "| cache warm, unchanged (s) | cache warm, 1 note edited (s) "
        "| peak memory, all processes (MB, PSS) |"
        + (" obsidiantools (s) |" if otools else ""),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if otools else ""),
    ]
    for r in rows:
        t = r.times
        lines.append(
            f"| {r.notes:,} | {r.mb:.1f} | {r.cat:.2f} | {t['check']:.2f} | "
            f"{t['check'] / r.cat:.1f}x | {t['schema']:.2f} | {t['warm']:.2f} | "
            f"{t['edited']:.2f} | {r.peak_mb:.0f} |"
            + (f" {r.extra.get('obsidiantools', '')} |" if otools else "")
        )
    lines += ["", f"`vaultkit --version`: {version:.3f} s (target <= {TARGETS['version']} s)."]
    lines += ["", *verdicts(rows, version, growth)]
    return "\n".join(lines)


def verdicts(rows: list[Row], version: float, paired: float | None = None) -> list[str]:
    by_size = {r.notes: r for r in rows}
    out = []
    ten = by_size.get(10_000)
    if ten is not None:
        scale = max(1.0, ten.cat / REFERENCE_CAT_10K)
        out.append(f"Targets at 10,000 notes (time targets x{scale:.2f}, from this machine's cat):")
        for key, label in (
            ("check", "no cache"),
            ("schema", "with schema"),
            ("warm", "cache warm, unchanged"),
            ("edited", "cache warm, one note edited"),
        ):
            goal, got = TARGETS[key] * scale, ten.times[key]
            out.append(f"- {label}: {got:.2f} s vs <= {goal:.2f} s: {ok(got <= goal)}")
        out.append(f"- peak memory: {ten.peak_mb:.0f} MB vs <= 500 MB: {ok(ten.peak_mb <= 500)}")
        fifty = by_size.get(50_000)
        if fifty is not None:
            growth = fifty.times["check"] / ten.times["check"]
            if paired is None:
                out.append(f"- 50k / 10k time: {growth:.2f}x vs <= 5.5x: {ok(growth <= 5.5)}")
            else:
                out.append(
                    f"- 50k / 10k time, median of back-to-back pairs: {paired:.2f}x vs <= 5.5x: "
                    f"{ok(paired <= 5.5)} (ratio of the table's medians: {growth:.2f}x)"
                )
    out.append(f"- `vaultkit --version`: {version:.3f} s vs <= 0.25 s: {ok(version <= 0.25)}")
    return out


def ok(passed: bool) -> str:
    return "met" if passed else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
