"""The one-line summary: counts per severity and per rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultkit.notes.model import Severity

if TYPE_CHECKING:
    from vaultkit.lint.report.result import CheckResult


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 or word == "info" else "s")


def summary_line(result: CheckResult) -> str:
    notes = _plural(result.notes, "note")
    if not result.findings:
        return f"vaultkit: no problems found in {notes}"
    parts = [
        _plural(result.count(Severity.ERROR), "error"),
        _plural(result.count(Severity.WARNING), "warning"),
        _plural(result.count(Severity.INFO), "info"),
    ]
    rules = ", ".join(f"{rule} {n}" for rule, n in sorted(result.counts.items()))
    return f"vaultkit: {', '.join(parts)} in {notes} ({rules})"
