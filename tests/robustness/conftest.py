from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli import CheckRunner
from vaultkit.cli import main


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
