"""`vaultkit build` through vaultkit.cli.main."""

from __future__ import annotations

import json
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


def test_the_built_glossary_is_no_orphan_of_its_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The glossary is the build's entry point: nothing links to it, and `check` of the build
    says nothing about that; a note of the build that nothing links to is still an orphan."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "LoRA.md").write_text(
        "---\ntitle: LoRA\ntype: term\n---\nLow-rank adaptation. See [[DreamBooth]].\n",
        encoding="utf-8",
    )
    (vault / "DreamBooth.md").write_text(
        "---\ntitle: DreamBooth\ntype: term\n---\nFine-tuning. See [[LoRA]].\n", encoding="utf-8"
    )
    (vault / "Lonely.md").write_text("Nothing links here.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(vault), "--out", str(out), "--isolated"]) == 0
    capsys.readouterr()
    main(["check", str(out), "--isolated", "--no-cache", "--format", "json"])
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    orphans = sorted(Path(d["path"]).name for d in found if d["rule"] == "orphan")
    assert orphans == ["Lonely.md"]
