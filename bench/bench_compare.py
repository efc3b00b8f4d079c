"""Compare two vaultkit installs on the benchmark vaults, runs interleaved; print a Markdown table.

    python bench/bench_compare.py --baseline /tmp/old-venv/bin/vaultkit
    python bench/bench_compare.py --baseline OLD --current NEW --sizes 10000 --runs 7

Each measurement of bench_check.py (check without cache, with the genvault schema, cache warm
and unchanged, cache warm with one note edited, ``--version``) is taken for both installs in
alternation (baseline, current, baseline, ...), so both see the same load on a shared machine;
the table gives both medians and their ratio. Peak memory comes from one more run of each.
Use it to show that a change of code (a restructure) kept the speed it had.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import (  # a sibling script, not a package
    GENVAULT,
    cpu_probe,
    generate,
    machine_line,
    markdown_files,
    peak_mb,
    run,
    timed,
    vaultkit_command,
)

COLUMNS = ("check", "schema", "warm", "edited", "version")
LABELS = {
    "check": "check, no cache",
    "schema": "with schema",
    "warm": "cache warm, unchanged",
    "edited": "cache warm, 1 note edited",
    "version": "`vaultkit --version`",
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="the vaultkit executable to compare to")
    parser.add_argument("--current", help="the vaultkit executable measured (default: this one)")
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated note counts")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/vaultkit-bench"))
    args = parser.parse_args(argv)
    commands = {
        "baseline": [args.baseline],
        "current": [args.current] if args.current else vaultkit_command(),
    }
    args.work.mkdir(parents=True, exist_ok=True)
    print(machine_line(), file=sys.stderr)
    probes = [cpu_probe()]
    table: dict[tuple[int, str], dict[str, float]] = {}
    for notes in (int(s) for s in args.sizes.split(",") if s.strip()):
        vault, schema = generate(GENVAULT, args.work, notes)
        table.update(measure(commands, vault, schema, args.work, notes=notes, runs=args.runs))
        print(f"  {notes} notes done", file=sys.stderr)
    probes.append(cpu_probe())
    print(render(table, args.runs, probes))
    return 0


def alternate(
    commands: dict[str, list[str]],
    argv: Callable[[list[str]], list[str]],
    runs: int,
    before: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Median wall time per install, runs taken in alternation."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            if before is not None:
                before(name)
            times[name].append(timed(lambda command=command: run(argv(command))))
    return {name: statistics.median(values) for name, values in times.items()}


def measure(
    commands: dict[str, list[str]], vault: Path, schema: Path, work: Path, *, notes: int, runs: int
) -> dict[tuple[int, str], dict[str, float]]:
    out: dict[tuple[int, str], dict[str, float]] = {}
    caches = {name: work / f"compare-cache-{name}-{notes}" for name in commands}
    for folder in caches.values():
        shutil.rmtree(folder, ignore_errors=True)

    def plain(extra: Sequence[str] = ()) -> Callable[[list[str]], list[str]]:
        flags = ["--isolated", "--no-summary", "--no-cache", *extra]
        return lambda c: [*c, "check", str(vault), *flags]

    def cached(name: str) -> list[str]:
        return [*commands[name], "check", str(vault), "--isolated", "--no-summary",
                "--cache-dir", str(caches[name])]  # fmt: skip

    out[(notes, "check")] = alternate(commands, plain(), runs)
    out[(notes, "schema")] = alternate(commands, plain(["--schema", str(schema)]), runs)
    for name in commands:
        run(cached(name))  # fill each cache
    by_command = {tuple(c): name for name, c in commands.items()}
    out[(notes, "warm")] = alternate(commands, lambda c: cached(by_command[tuple(c)]), runs)
    victim = Path(markdown_files(vault)[notes // 2])
    original = victim.read_bytes()
    counter = iter(range(10**6))
    try:
        out[(notes, "edited")] = alternate(
            commands,
            lambda c: cached(by_command[tuple(c)]),
            runs,
            before=lambda _: victim.write_bytes(original + f"\nEdited {next(counter)}.\n".encode()),
        )
    finally:
        victim.write_bytes(original)
    out[(notes, "version")] = alternate(commands, lambda c: [*c, "--version"], runs)
    out[(notes, "peak MB")] = {name: peak_mb(plain()(c)) for name, c in commands.items()}
    return out


def render(table: dict[tuple[int, str], dict[str, float]], runs: int, probes: list[float]) -> str:
    lines = [
        machine_line() + f"; medians of {runs} alternating runs.",
        "",
        "| notes | measurement | baseline | current | current / baseline |",
        "|---:|---|---:|---:|---:|",
    ]
    for (notes, key), values in table.items():
        base, now = values["baseline"], values["current"]
        unit = "" if key == "peak MB" else " s"
        lines.append(
            f"| {notes:,} | {LABELS.get(key, key)} | {base:.2f}{unit} | {now:.2f}{unit} | "
            f"{now / base:.3f} |"
        )
    lines += ["", f"CPU probe: {probes[0]:.2f} s before, {probes[1]:.2f} s after."]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
