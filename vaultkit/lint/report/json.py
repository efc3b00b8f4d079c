"""`{"diagnostics": [...], "summary": {...}}` for machines."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vaultkit.edit.model import Fix
from vaultkit.notes.model import Finding, Severity

if TYPE_CHECKING:
    from vaultkit.lint.report.result import CheckResult


def fix_record(fix: Fix) -> dict[str, Any]:
    """A fix as ruff's JSON writes one: applicability, message, edits with 1-based positions."""
    return {
        "applicability": fix.applicability.value,
        "message": fix.message,
        "edits": [
            {
                "content": edit.new_text,
                "location": {"line": edit.span.line, "column": edit.span.column},
                "end_location": {"line": edit.span.end_line, "column": edit.span.end_column},
            }
            for edit in fix.edits
        ],
    }


def diagnostic(
    f: Finding, show: Callable[[str], str], fix: Fix | None = None, *, with_fix: bool = False
) -> dict[str, Any]:
    found: dict[str, Any] = {
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
    if with_fix:
        found["fix"] = None if fix is None else fix_record(fix)
    return found


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
    fixes = result.fixes
    document = {
        "diagnostics": [
            diagnostic(f, show, fixes.get(f), with_fix=True) if fixes is not None
            else diagnostic(f, show)
            for f in result.findings
        ],
        "summary": summary(result),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
