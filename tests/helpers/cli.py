"""Running `vaultkit check` in a test: the runner's type, writing files, picking findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

CheckRunner = Callable[..., tuple[int, list[dict[str, Any]], str]]
"""The ``run_check`` fixture: ``(vault, *extra) -> (exit code, diagnostics, stderr)``."""


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_bytes(data.encode("utf-8"))
    return path


def by_rule(diagnostics: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [d for d in diagnostics if d["rule"] == rule]
