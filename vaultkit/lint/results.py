"""A whole run's result as the cache keeps it, for the runs whose result carries more than the
re-check state holds (each finding's fix, for the formats that print them): keyed by every
file's stat record and the run's options (:func:`vaultkit.lint.engine.check_path`). Any other
run of an unchanged vault is answered from the state itself (:meth:`Checker.from_state`).
"""

from __future__ import annotations

from typing import Any

from vaultkit.cache.codec import pack_finding, pack_span, seal, unpack_finding, unpack_span, unseal
from vaultkit.edit.model import Applicability, Fix, TextEdit
from vaultkit.lint.report.result import CheckResult

RESULT_VERSION = 2  # 2: fixes kept


def pack_result(result: CheckResult) -> bytes:
    """A whole-run result as stored bytes (its timings are not kept)."""
    findings = tuple(pack_finding(f) for f in result.findings)
    fixes = None
    if result.fixes is not None:
        fixes = tuple(_pack_fix(result.fixes.get(f)) for f in result.findings)
    value = (RESULT_VERSION, findings, dict(result.counts), result.notes, result.files, fixes)
    return seal(value)


def unpack_result(data: bytes | None) -> CheckResult | None:
    """A stored result, or None for anything of another shape (a miss)."""
    value = unseal(data)
    if not (isinstance(value, tuple) and len(value) == 6 and value[0] == RESULT_VERSION):
        return None
    _, packed, counts, notes, files, packed_fixes = value
    try:
        findings = tuple(unpack_finding(f) for f in packed)
        fixes = None
        if packed_fixes is not None:
            pairs = zip(findings, packed_fixes, strict=True)
            fixes = {f: _unpack_fix(x) for f, x in pairs if x is not None}
    except Exception:  # a value of another shape: a miss
        return None
    if not (isinstance(counts, dict) and isinstance(notes, int) and isinstance(files, int)):
        return None
    return CheckResult(findings, counts, notes, files, {"cached": 1.0}, fixes)


def _pack_fix(fix: Fix | None) -> object:
    if fix is None:
        return None
    edits = tuple((pack_span(e.span), e.new_text) for e in fix.edits)
    return (fix.message, fix.applicability.value, edits)


def _unpack_fix(packed: Any) -> Fix:
    message, applicability, edits = packed
    return Fix(
        message,
        Applicability(applicability),
        tuple(TextEdit(unpack_span(span), text) for span, text in edits),
    )
