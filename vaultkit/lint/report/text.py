"""`path:line:col: CODE [rule] message`, one finding a line."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.lint.report.result import CheckResult


def render(result: CheckResult, show: Callable[[str], str]) -> str:
    lines = []
    last: str | None = None
    shown = ""
    for f in result.findings:
        path, span, message = f.path, f.span, f.message
        if path != last:  # findings come by path: each path is shown once
            last, shown = path, show(path)
        if "\n" in message or "\r" in message:
            message = " ".join(message.splitlines())
        lines.append(f"{shown}:{span.line}:{span.column}: {f.code} [{f.rule}] {message}\n")
    return "".join(lines)
