from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx

from vaultkit.compile.export.graph import dot_quote, render_graph, vault_graph
from vaultkit.config import CheckConfig
from vaultkit.notes.linked import load_linked

CASE = Path(__file__).parents[2] / "cases" / "build" / "basic" / "vault"


def _graph() -> nx.MultiDiGraph:
    return vault_graph(load_linked(CASE, CheckConfig()))


def test_graphml_round_trips_with_string_attributes(tmp_path: Path) -> None:
    graph = _graph()
    path = tmp_path / "g.graphml"
    path.write_text(render_graph(graph, "graphml"), encoding="utf-8")
    back = nx.read_graphml(path)
    assert back.nodes["DreamBooth.md"]["sources"] == "Ategnatos Glossary;Other Glossary"
    assert back.nodes["LoRA.md"]["tags"] == "models"
    assert {d["kind"] for _, _, d in back.edges(data=True)} == {"link", "embed", "property"}
    assert back.number_of_edges() == graph.number_of_edges()


def test_json_is_node_link_and_deterministic() -> None:
    first = render_graph(_graph(), "json")
    assert first == render_graph(_graph(), "json")
    data = json.loads(first)
    assert data["directed"] and data["multigraph"]
    assert [n["id"] for n in data["nodes"]] == sorted(n["id"] for n in data["nodes"])


def test_dot_quotes_everything() -> None:
    assert dot_quote('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'
    text = render_graph(_graph(), "dot")
    assert text.startswith("digraph vault {\n") and text.endswith("}\n")
    quoted = r'"(?:[^"\\]|\\.)*"'
    edge = re.compile(rf'^  {quoted} -> {quoted} \[kind="(link|embed|property)"\];$')
    node = re.compile(r'^  "(?:[^"\\]|\\.)*" \[(?:\w+="(?:[^"\\]|\\.)*"(?:, )?)+\];$')
    body = text.strip().split("\n")[1:-1]
    assert body and all(edge.match(line) or node.match(line) for line in body)


def test_unresolved_links_are_not_nodes() -> None:
    graph = _graph()
    assert "Missing Term" not in graph and "Missing Term.md" not in graph
    assert graph.nodes["attachments/diagram.png"]["kind"] == "attachment"
