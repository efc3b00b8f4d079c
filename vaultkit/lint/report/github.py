"""GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vaultkit.notes.model import Severity

if TYPE_CHECKING:
    from vaultkit.lint.report.result import CheckResult

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: CheckResult, show: Callable[[str], str]) -> str:
    out = []
    for f in result.findings:
        s = f.span
        props = ",".join(
            [
                f"file={escape_property(show(f.path))}",
                f"line={s.line}",
                f"col={s.column}",
                f"endLine={s.end_line}",
                f"endColumn={s.end_column}",
                f"title={escape_property(f'{f.code} {f.rule}')}",
            ]
        )
        out.append(f"::{_LEVEL[f.severity]} {props}::{escape_data(f.message)}\n")
    return "".join(out)
