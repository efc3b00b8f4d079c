"""`vaultkit graph` through vaultkit.cli.main."""

from __future__ import annotations

import json
from collections import Counter
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


@pytest.mark.parametrize("output_format", ["graphml", "dot"])
def test_file_output(
    output_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"g.{output_format}"
    assert main(["graph", str(CASE), "--format", output_format, "-o", str(out), "--isolated"]) == 0
    assert out.read_text(encoding="utf-8").strip()
    capsys.readouterr()


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(CASE), "--format", "svg"]) == 2
    capsys.readouterr()


ALIASED = {
    "vaultkit.toml": 'ignore-globs = ["Templates/**"]\n',
    "vault/A.md": '---\nrelated: "[[Dee]]"\n---\n# H\n[[Bee]] [[b]] ![[img.png]] [[#H]] [[gone]]\n',
    "vault/B.md": "---\naliases: [Bee, Buzz]\n---\n[[Buzz]] [[a]] [[Sub/D]]\n",
    "vault/Sub/D.md": "---\naliases: Dee\n---\n[[Dee]] [[Bee]]\n",
    "vault/img.png": "png",
    "vault/Templates/T.md": "[[A]] [[Bee]]\n",
}


@pytest.mark.parametrize("publish", [[], ["--publish"]], ids=["app", "publish"])
def test_graph_and_links_agree_on_every_resolved_edge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], publish: list[str]
) -> None:
    for rel, text in ALIASED.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    vault = str(tmp_path / "vault")
    assert main(["links", vault, "--format", "json", *publish]) == 0
    table = json.loads(capsys.readouterr().out)["resolvedLinks"]
    assert main(["graph", vault, "--format", "json", *publish]) == 0
    graph = json.loads(capsys.readouterr().out)
    edges = Counter((e["source"], e["target"]) for e in graph["links"])
    assert edges == Counter({(s, t): n for s, targets in table.items() for t, n in targets.items()})
    # the aliases resolve under --publish only (and the ignored template is in neither)
    alias_edges = edges[("A.md", "B.md")], edges[("A.md", "Sub/D.md")], edges[("Sub/D.md", "B.md")]
    assert alias_edges == ((2, 1, 1) if publish else (1, 0, 0))
    assert "Templates/T.md" not in table and not [e for e in edges if "Templates/T.md" in e]
