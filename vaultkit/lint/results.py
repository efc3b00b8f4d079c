"""A whole run's result as the cache keeps it, under a key of every file's stat record and the
run's options (:func:`vaultkit.lint.engine.check_path`).

A run that leaves a re-check state (:mod:`vaultkit.lint.stored`) keeps only where that state is:
its key, the token of its write and the vault's file count (:class:`StateRef`). The state holds
every finding the run reported, so an unchanged vault is answered from the state, still stored
under that token, without a second copy of tens of thousands of findings (at 50,000 notes
packing that copy cost a run 0.2 s, and reading it back more than reading the state). A run
whose result carries more than the state (each finding's fix, for the formats that print them)
keeps its result whole.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from vaultkit.cache.codec import pack_finding, pack_span, seal, unpack_finding, unpack_span, unseal
from vaultkit.edit.model import Applicability, Fix, TextEdit
from vaultkit.lint.report.result import CheckResult

RESULT_VERSION = 3  # 3: a reference to the state; 2: fixes kept


class StateRef(NamedTuple):
    """Where the findings of a run that left a re-check state are: in that state."""

    key: str  # the state's key
    token: int | None  # the token of the write that stored it
    files: int  # the vault's files


def pack_reference(ref: StateRef) -> bytes:
    return seal((RESULT_VERSION, "state", ref.key, ref.token, ref.files))


def pack_result(result: CheckResult) -> bytes:
    """A whole-run result as stored bytes (its timings are not kept)."""
    findings = tuple(pack_finding(f) for f in result.findings)
    fixes = None
    if result.fixes is not None:
        fixes = tuple(_pack_fix(result.fixes.get(f)) for f in result.findings)
    value = (RESULT_VERSION, findings, dict(result.counts), result.notes, result.files, fixes)
    return seal(value)


def unpack_stored(data: bytes | None) -> CheckResult | StateRef | None:
    """A stored result or reference, or None for anything of another shape (a miss)."""
    value = unseal(data)
    if (
        isinstance(value, tuple)
        and len(value) == 5
        and value[:2] == (RESULT_VERSION, "state")
        and isinstance(value[2], str)
        and isinstance(value[3], int)
        and isinstance(value[4], int)
    ):
        return StateRef(value[2], value[3], value[4])
    return unpack_result(data)


def unpack_result(data: bytes | None) -> CheckResult | None:
    """A stored whole result, or None for anything of another shape (a miss)."""
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
