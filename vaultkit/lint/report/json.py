"""`{"diagnostics": [...], "summary": {...}}` for machines."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vaultkit.notes.model import Finding, Severity

if TYPE_CHECKING:
    from vaultkit.lint.report.result import CheckResult


def diagnostic(f: Finding, show: Callable[[str], str]) -> dict[str, Any]:
    return {
        "code": f.code,
        "rule": f.rule,
        "severity": f.severity.value,
        "path": show(f.path),
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "message": f.message,
    }


def summary(result: CheckResult) -> dict[str, Any]:
    return {
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "info": result.count(Severity.INFO),
        "by_rule": dict(sorted(result.counts.items())),
        "notes": result.notes,
        "files": result.files,
    }


def render(result: CheckResult, show: Callable[[str], str]) -> str:
    document = {
        "diagnostics": [diagnostic(f, show) for f in result.findings],
        "summary": summary(result),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
