"""Findings as LSP diagnostics: the same code, severity and message as ``vaultkit check``;
a pulled report (of one note, or of every file for ``workspace/diagnostic``) names its content
(``resultId``) so an unchanged one is answered in a word."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from lsprotocol import types as lsp

from vaultkit.lsp.positions import span_range
from vaultkit.notes.model import Finding, Severity

SOURCE = "vaultkit"
SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


def diagnostic(finding: Finding, lines: list[str]) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=span_range(lines, finding.span),
        message=finding.message,
        severity=SEVERITY[finding.severity],
        code=finding.code,
        source=SOURCE,
        data={"rule": finding.rule, "span": list(finding.span)},
    )


def diagnostics(findings: Iterable[Finding], lines: list[str]) -> list[lsp.Diagnostic]:
    return [diagnostic(f, lines) for f in findings]


def result_id(found: list[lsp.Diagnostic]) -> str:
    """A name for exactly these diagnostics (the same list, the same name)."""
    return hashlib.blake2b(repr(found).encode("utf-8"), digest_size=8).hexdigest()


def report(found: list[lsp.Diagnostic], previous: str | None) -> lsp.DocumentDiagnosticReport:
    """The answer to a pull: ``unchanged`` when ``previous`` names these diagnostics."""
    name = result_id(found)
    if previous == name:
        return lsp.RelatedUnchangedDocumentDiagnosticReport(result_id=name)
    return lsp.RelatedFullDocumentDiagnosticReport(items=found, result_id=name)


def workspace_item(
    uri: str, found: list[lsp.Diagnostic], name: str, previous: str | None, version: int | None
) -> lsp.WorkspaceDocumentDiagnosticReport:
    """One file's part of a ``workspace/diagnostic`` answer: ``unchanged`` when ``previous``
    is ``name``, the name of ``found``."""
    if previous == name:
        return lsp.WorkspaceUnchangedDocumentDiagnosticReport(
            uri=uri, result_id=name, version=version)
    return lsp.WorkspaceFullDocumentDiagnosticReport(
        uri=uri, items=found, result_id=name, version=version)


def rule_of(diag: lsp.Diagnostic) -> tuple[str, tuple[int, int, int, int]] | None:
    """The rule and 1-based span a diagnostic of this server carries (None: another's)."""
    data = diag.data
    if diag.source != SOURCE or not isinstance(data, dict):
        return None
    rule, span = data.get("rule"), data.get("span")
    if not isinstance(rule, str) or not isinstance(span, list) or len(span) != 4:
        return None
    return rule, (int(span[0]), int(span[1]), int(span[2]), int(span[3]))
