from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vaultkit.cli import main

CheckRunner = Callable[..., tuple[int, list[dict[str, Any]], str]]


@pytest.fixture
def run_check(capsys: pytest.CaptureFixture[str]) -> CheckRunner:
    """Run `vaultkit check VAULT --format json --isolated`.

    Returns (exit code, diagnostics, stderr).
    """

    def run(vault: Path, *extra: str) -> tuple[int, list[dict[str, Any]], str]:
        code = main(["check", str(vault), "--format", "json", "--isolated", *extra])
        out, err = capsys.readouterr()
        diagnostics = json.loads(out)["diagnostics"] if out.strip() else []
        return code, diagnostics, err

    return run


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_bytes(data.encode("utf-8"))
    return path


def by_rule(diagnostics: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [d for d in diagnostics if d["rule"] == rule]
