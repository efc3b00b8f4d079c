"""Golden cases for canvases: `vaultkit links --format json` and `vaultkit check` over the vaults
in tests/cases/canvas/<case>/vault (expected: ``links.json`` and ``check.txt`` next to it;
VAULTKIT_UPDATE_GOLDEN=1 rewrites them). Adding a case is adding a folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.golden import check_file
from vaultkit.cli import main

CASES = Path(__file__).parents[1] / "cases" / "canvas"
FOLDERS = sorted(p for p in CASES.iterdir() if (p / "vault").is_dir())


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    out, _ = capsys.readouterr()
    return code, out


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_links_json(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    code, out = _run(["links", "vault", "--isolated", "--format", "json"], capsys)
    assert code == 0
    check_file(folder / "links.json", out)


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_check(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    code, out = _run(["check", "vault", "--isolated", "--no-cache"], capsys)
    check_file(folder / "check.txt", out)
    errors = re.search(r"vaultkit: (\d+) errors?", out)
    assert code == (1 if errors and int(errors.group(1)) else 0)
