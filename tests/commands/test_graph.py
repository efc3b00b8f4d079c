"""`vaultkit graph` through vaultkit.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vaultkit.cli import main

CASE = Path(__file__).parents[1] / "cases" / "build" / "basic" / "vault"


def test_json_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(CASE), "--format", "json", "--isolated"]) == 0
    data = json.loads(capsys.readouterr().out)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["LoRA.md"]["title"] == "LoRA" and nodes["LoRA.md"]["tags"] == ["models"]
    assert nodes["LoRA.md"]["sources"] == ["Ategnatos Glossary"]  # the resolved note's title
    kinds = {(e["source"], e["target"], e["kind"]) for e in data["links"]}
    assert ("LoRA.md", "DreamBooth.md", "property") in kinds
    assert ("DreamBooth.md", "attachments/diagram.png", "embed") in kinds


@pytest.mark.parametrize("fmt", ["graphml", "dot"])
def test_file_output(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"g.{fmt}"
    assert main(["graph", str(CASE), "--format", fmt, "-o", str(out), "--isolated"]) == 0
    assert out.read_text(encoding="utf-8").strip()
    capsys.readouterr()


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(CASE), "--format", "svg"]) == 2
    capsys.readouterr()
