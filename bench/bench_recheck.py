"""The incremental check from the command line: one change to a vault, then `vaultkit check`.

    python bench/bench_recheck.py --baseline /tmp/old-venv/bin/vaultkit --sizes 10000,50000

Each row makes one kind of change to a benchmark vault (bench_check.py makes them) and times
the next `vaultkit check` with a warm cache, for the current install and, with ``--baseline``,
another one, in alternation, so both see the same load on a shared machine; medians and their
ratio go to a Markdown table. Every change is undone after its row.

- unchanged: nothing changed since the last check;
- edited: one note's text, checked at once (the note is younger than the cache's racy window,
  so it is parsed again next time too);
- settled: one note's text edited, checked 2.5 s later (the common case: the state keeps its
  stat);
- added, deleted, renamed: a note;
- alias: a note's alias edited.

Each run changes another note, so that no run sees a vault an earlier run saw (a cache of whole
results would answer that one from memory), and starts from a vault checked twice since its
last change settled.

Each run's output is compared with ``check --no-cache`` of the same vault once per row: a
faster wrong answer would not count.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import (  # a sibling script, not a package
    GENVAULT,
    generate,
    machine_line,
    markdown_files,
    vaultkit_command,
)

ROWS = ("unchanged", "edited", "settled", "added", "deleted", "renamed", "alias")
SETTLE_S = 2.5  # past the cache's racy window (2 s)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="another vaultkit executable to compare with")
    parser.add_argument("--current", help="the vaultkit executable measured (default: this one)")
    parser.add_argument("--sizes", default="10000,50000", help="comma-separated note counts")
    parser.add_argument("--runs", type=int, default=5, help="runs per row (median)")
    parser.add_argument("--rows", default=",".join(ROWS), help="comma-separated rows")
    parser.add_argument("--work", type=Path, default=Path("/tmp/vaultkit-bench"))
    args = parser.parse_args(argv)
    commands = {"current": [args.current] if args.current else vaultkit_command()}
    if args.baseline:
        commands = {"baseline": [args.baseline], **commands}
    rows = [r.strip() for r in args.rows.split(",") if r.strip()]
    print(machine_line() + f"; medians of {args.runs} alternating runs.\n")
    head = "| notes | change | " + " | ".join(commands) + (" | ratio |" if args.baseline else " |")
    print(head)
    print("|---:|---|" + "---:|" * (len(commands) + (1 if args.baseline else 0)))
    for notes in (int(s) for s in args.sizes.split(",") if s.strip()):
        vault, _ = generate(GENVAULT, args.work, notes)
        for row in rows:
            medians = measure(commands, vault, args.work, notes, row, args.runs)
            cells = " | ".join(f"{medians[name]:.2f} s" for name in commands)
            ratio = f" | {medians['current'] / medians['baseline']:.3f}" if args.baseline else ""
            print(f"| {notes:,} | {row} | {cells}{ratio} |", flush=True)
    return 0


def measure(  # noqa: PLR0917
    commands: dict[str, list[str]], vault: Path, work: Path, notes: int, row: str, runs: int
) -> dict[str, float]:
    def argv(name: str) -> list[str]:
        cache = work / f"recheck-cache-{name}-{notes}"
        return [*commands[name], "check", str(vault), "--isolated", "--no-summary",
                "--cache-dir", str(cache)]  # fmt: skip

    times: dict[str, list[float]] = {name: [] for name in commands}
    files = [Path(p) for p in markdown_files(vault)]
    for turn in range(runs):
        for k, (name, command) in enumerate(commands.items()):
            victim = files[len(files) // 2 + 2 * turn + k]  # another note each run
            other = files[len(files) // 3]
            subprocess.run(argv(name), stdout=subprocess.DEVNULL, check=False)  # settle the cache
            subprocess.run(argv(name), stdout=subprocess.DEVNULL, check=False)
            with change(row, vault, victim, other, f"{name} {turn} {time.time()}"):
                if row == "settled":
                    time.sleep(SETTLE_S)
                began = time.perf_counter()
                out = subprocess.run(argv(name), capture_output=True, check=False).stdout
                times[name].append(time.perf_counter() - began)
                if turn == 0:
                    _same_as_no_cache(command, vault, out, row)
    return {name: statistics.median(values) for name, values in times.items()}


@contextmanager
def change(row: str, vault: Path, victim: Path, other: Path, mark: str) -> Iterator[None]:
    """Make the change ``row`` names; undo it afterwards."""
    original = victim.read_bytes()
    undo: Callable[[], None] = lambda: None  # noqa: E731
    if row in ("edited", "settled"):
        victim.write_bytes(original + f"\nEdited {mark}.\n".encode())
    elif row == "added":
        added = vault / "Added note.md"
        added.write_text(f"A new note linking [[{other.stem}]] ({mark}).\n", encoding="utf-8")
        undo = added.unlink
    elif row == "deleted":
        victim.unlink()
    elif row == "renamed":
        moved = victim.with_name(victim.stem + " renamed.md")
        victim.rename(moved)
        undo = lambda: moved.rename(victim)  # noqa: E731
    elif row == "alias":
        victim.write_text(_with_alias(original.decode("utf-8"), f"Alias {mark.split()[1]}"),
                          encoding="utf-8")
    try:
        yield
    finally:
        if row != "unchanged":
            undo()
            victim.write_bytes(original)
            time.sleep(SETTLE_S)  # the next run starts from a vault whose files all settled


def _with_alias(text: str, alias: str) -> str:
    """``text`` with one more alias (genvault writes aliases as a block list)."""
    if text.startswith("---\n"):
        if "\naliases:\n" in text.split("\n---", 1)[0]:
            return text.replace("\naliases:\n", f"\naliases:\n  - {alias}\n", 1)
        return f"---\naliases:\n  - {alias}\n" + text[4:]
    return f"---\naliases:\n  - {alias}\n---\n" + text


def _same_as_no_cache(command: list[str], vault: Path, out: bytes, row: str) -> None:
    fresh = subprocess.run(
        [*command, "check", str(vault), "--isolated", "--no-summary", "--no-cache"],
        capture_output=True, check=False,
    ).stdout
    if fresh != out:
        print(f"  warning: {' '.join(command)}, {row}: the output differs from --no-cache",
              file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
