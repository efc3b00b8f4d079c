"""Reporters only format: each turns a CheckResult into the text a format prints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vaultkit.lint.report import github, json, sarif, text
from vaultkit.lint.report.paths import display_paths
from vaultkit.lint.report.summary import summary_line

Render = Callable[..., str]


def _full(*args: Any, **kwargs: Any) -> str:
    """`full` (imported when used: it costs a few milliseconds that a warm check should not)."""
    from vaultkit.lint.report import full  # noqa: PLC0415

    return full.render(*args, **kwargs)


REPORTERS: dict[str, Render] = {
    "text": text.render,
    "full": _full,
    "json": json.render,
    "github": github.render,
    "sarif": sarif.render,
}

__all__ = ["REPORTERS", "display_paths", "summary_line"]
