"""Text of a source outside its entries, for the readers that find entries by line ranges."""

from __future__ import annotations


def outside_runs(lines: list[str], covered: list[tuple[int, int]]) -> tuple[tuple[int, str], ...]:
    """(first line, text) of each run of lines not in ``covered`` (1-based inclusive ranges).

    Blank lines end a run only when the next run is separated by covered lines; runs are
    trimmed of blank lines.
    """
    inside = [False] * (len(lines) + 2)
    for first, last in covered:
        for number in range(max(first, 1), min(last, len(lines)) + 1):
            inside[number] = True
    runs: list[tuple[int, str]] = []
    current: list[tuple[int, str]] = []

    def flush() -> None:
        while current and not current[-1][1].strip():
            current.pop()
        if current:
            runs.append((current[0][0], "\n".join(t for _, t in current)))
        current.clear()

    for number, text in enumerate(lines, 1):
        if inside[number]:
            flush()
        elif current or text.strip():
            current.append((number, text))
    flush()
    return tuple(runs)


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))
