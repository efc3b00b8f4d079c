"""Reporters only format: each turns a CheckResult into the text a format prints."""

from __future__ import annotations

from collections.abc import Callable

from vaultkit.lint.report import full, github, json, sarif, text
from vaultkit.lint.report.paths import display_paths
from vaultkit.lint.report.summary import summary_line

Render = Callable[..., str]

REPORTERS: dict[str, Render] = {
    "text": text.render,
    "full": full.render,
    "json": json.render,
    "github": github.render,
    "sarif": sarif.render,
}

__all__ = ["REPORTERS", "display_paths", "summary_line"]
