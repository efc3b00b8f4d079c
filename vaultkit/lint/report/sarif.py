"""SARIF 2.1.0: rule metadata from the registry, results with stable partial fingerprints.

The fingerprint hashes the rule, the vault path, the message and the finding's rank among
identical ones, not its line, so it survives runs and line moves.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from vaultkit import __version__
from vaultkit.edit.model import Fix
from vaultkit.lint.rules import all_rules
from vaultkit.notes.model import Finding, Severity

if TYPE_CHECKING:
    from vaultkit.lint.report.result import CheckResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    if PurePosixPath(path).is_absolute():
        return "file://" + quote(path)
    return quote(path)


def _rules() -> list[dict[str, Any]]:
    return [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.description},
            "defaultConfiguration": {"level": _LEVEL[r.severity], "enabled": r.enabled},
        }
        for r in all_rules()
    ]


def _fix(fix: Fix, uri: str) -> dict[str, Any]:
    """A SARIF fix: one artifact change holding the fix's replacements."""
    return {
        "description": {"text": f"{fix.message} ({fix.applicability.value} fix)"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": uri},
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": e.span.line,
                            "startColumn": e.span.column,
                            "endLine": e.span.end_line,
                            "endColumn": e.span.end_column,
                        },
                        "insertedContent": {"text": e.new_text},
                    }
                    for e in fix.edits
                ],
            }
        ],
    }


def _fingerprint(f: Finding, rank: int) -> str:
    digest = hashlib.sha256(f"{f.code}\0{f.path}\0{f.message}\0{rank}".encode()).hexdigest()
    return digest[:32]


def render(result: CheckResult, show: Callable[[str], str]) -> str:
    rules = _rules()
    index = {r["id"]: i for i, r in enumerate(rules)}
    seen: Counter[tuple[str, str, str]] = Counter()
    results = []
    for f in result.findings:
        key = (f.code, f.path, f.message)
        seen[key] += 1
        s = f.span
        results.append(
            {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(show(f.path))},
                            "region": {
                                "startLine": s.line,
                                "startColumn": s.column,
                                "endLine": max(s.end_line, s.line),
                                "endColumn": max(s.end_column, 1),
                            },
                        }
                    }
                ],
                "partialFingerprints": {"vaultkitFinding/v1": _fingerprint(f, seen[key])},
            }
        )
        fix = result.fixes.get(f) if result.fixes is not None else None
        if fix is not None:
            results[-1]["fixes"] = [_fix(fix, _uri(show(f.path)))]
    document = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "vaultkit",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
