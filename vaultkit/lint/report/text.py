"""`path:line:col: CODE [rule] message`, one finding a line."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.lint.report.result import CheckResult


def _one_line(text: str) -> str:
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def render(result: CheckResult, show: Callable[[str], str]) -> str:
    lines = [
        f"{show(f.path)}:{f.span.line}:{f.span.column}: {f.code} [{f.rule}] {_one_line(f.message)}"
        for f in result.findings
    ]
    return "".join(line + "\n" for line in lines)
