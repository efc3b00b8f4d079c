"""The result of a check: what every reporter formats."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from vaultkit.edit.model import Fix
from vaultkit.notes.model import Finding, Severity


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    counts: Mapping[str, int]  # rule name -> findings reported
    notes: int
    files: int
    timings: Mapping[str, float] = field(default_factory=dict)
    fixes: Mapping[Finding, Fix] | None = None  # each finding's fix, when they were asked for

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def exit_code(self) -> int:
        return 1 if self.count(Severity.ERROR) else 0
