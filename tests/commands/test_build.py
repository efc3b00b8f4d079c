"""`vaultkit build` through vaultkit.cli.main."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultkit.cli import main

CASE = Path(__file__).parents[1] / "cases" / "build" / "basic"


def test_build_writes_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", str(CASE / "vault"), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "notes 5 (4 normalized)" in err and "concepts 2" in err
    assert (out / "GLOSSARY.md").read_bytes() == (CASE / "expected" / "GLOSSARY.md").read_bytes()


def test_build_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(CASE / "vault"), "--out", str(CASE / "vault")]) == 2
    assert "inside it" in capsys.readouterr().err
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "x").write_text("x", encoding="utf-8")
    assert main(["build", str(CASE / "vault"), "--out", str(foreign)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["build", str(CASE / "vault")]) == 2  # --out is required
    assert main(["build", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
