"""`vaultkit glossary` through vaultkit.cli.main."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vaultkit.cli import main

CASE = Path(__file__).parents[1] / "cases" / "glossary" / "basic"


def project(tmp_path: Path) -> Path:
    shutil.copytree(CASE / "vault", tmp_path / "vault")
    (tmp_path / "vaultkit.toml").write_text('vault = "vault"\n', encoding="utf-8")
    return tmp_path


def test_default_output_is_beside_the_config_and_check_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    monkeypatch.chdir(root / "vault")
    assert main(["glossary"]) == 0
    written = (root / "GLOSSARY.md").read_text(encoding="utf-8")
    assert written == (CASE / "GLOSSARY.md").read_text(encoding="utf-8")
    assert main(["glossary", "--check"]) == 0
    capsys.readouterr()


def test_check_fails_on_a_stale_or_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    out = root / "G.md"
    assert main(["glossary", str(root / "vault"), "-o", str(out), "--check"]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["glossary", str(root / "vault"), "-o", str(out)]) == 0
    assert main(["glossary", str(root / "vault"), "-o", str(out), "--check"]) == 0
    (root / "vault" / "LoRA.md").write_text(
        (root / "vault" / "LoRA.md").read_text(encoding="utf-8").replace("small", "tiny"),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["glossary", str(root / "vault"), "-o", str(out), "--check"]) == 1
    assert "stale" in capsys.readouterr().err


def test_obsidian_flavor_and_refusing_a_hand_written_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    out = root / "GLOSSARY.md"
    out.write_text("# Hand written\n", encoding="utf-8")
    assert main(["glossary", str(root / "vault"), "-o", str(out)]) == 2
    assert main(["glossary", str(root / "vault"), "-o", str(out), "--flavor", "obsidian",
                 "--force"]) == 0
    assert out.read_text(encoding="utf-8") == (CASE / "GLOSSARY.obsidian.md").read_text(
        encoding="utf-8"
    )
    assert main(["glossary", str(root / "vault"), "--flavor", "html"]) == 2
    capsys.readouterr()
