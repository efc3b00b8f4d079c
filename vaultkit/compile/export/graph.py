"""``vaultkit graph``: the link graph as GraphML, JSON (node-link) or Graphviz DOT.

Nodes carry ``title``, ``tags`` and ``sources`` (strings, lists joined by ``;`` in GraphML and
DOT, lists in JSON) and ``kind`` (note | attachment | missing); edges carry ``kind``
(link | embed | property). Unresolved link targets are not nodes.

:func:`build_graph` makes the networkx MultiDiGraph: vault-relative paths as nodes, one edge
per resolved link, embed or property link (``[[#H]]`` a self-edge, as in Obsidian's
resolvedLinks). The lint rules do not use it: they read compact facts (vaultkit.lint.facts).
"""

from __future__ import annotations

import inspect
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from vaultkit.notes.frontmatter import obsidian_tags
from vaultkit.notes.linked import LinkedVault
from vaultkit.notes.model import Note
from vaultkit.notes.resolve import Resolved

FORMATS = ("graphml", "json", "dot")


def build_graph(
    files: Iterable[str], resolved: Mapping[str, tuple[Resolved, ...]]
) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for path in files:
        graph.add_node(path, kind="note" if path.lower().endswith(".md") else "attachment")
    edges = []
    for source, links in resolved.items():
        if source not in graph:
            graph.add_node(source, kind="note")
        for key, item in enumerate(links):
            target = item.target
            if target is None:
                continue
            if target not in graph:
                kind = "note" if target.lower().endswith(".md") else "attachment"
                graph.add_node(target, kind=kind)
            # explicit keys: networkx's own key search is the slow part of add_edge
            edges.append((source, target, key, {"kind": item.link.kind.value, "link": item.link}))
    graph.add_edges_from(edges)
    return graph


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [item.strip() for item in value if isinstance(item, str) and item.strip()]


def _unlink(text: str) -> str:
    """'[[Ategnatos Glossary]]' -> 'Ategnatos Glossary' (property links read as names)."""
    if text.startswith("[[") and text.endswith("]]"):
        text = text[2:-2].split("|", 1)[0].split("#", 1)[0]
    return text.strip()


def title_of(path: str, note: Note | None) -> str:
    title = note.properties.get("title") if note is not None else None
    if isinstance(title, str) and title.strip():
        return title.strip()
    stem = path.rsplit("/", 1)[-1]
    return stem.removesuffix(".md") if note is not None else stem


def node_attributes(
    path: str, note: Note | None, source_titles: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """title, tags and sources of a node; ``source_titles``: 'sources.N' key -> target title."""
    if note is None:
        return {"title": title_of(path, None), "tags": [], "sources": []}
    data = note.properties
    tags = sorted({*(t.lstrip("#") for t in obsidian_tags(data)), *(t.name for t in note.tags)})
    found = source_titles or {}
    value = data.get("sources")
    sources = []
    for number, text in enumerate(_strings(value)):
        key = "sources" if isinstance(value, str) else f"sources.{number}"
        sources.append(found.get(key) or _unlink(text))
    return {"title": title_of(path, note), "tags": tags, "sources": sources}


def _source_titles(graph: nx.MultiDiGraph, notes: Mapping[str, Note]) -> dict[str, dict[str, str]]:
    """Per note: the titles of the notes its ``sources`` property links resolve to."""
    found: dict[str, dict[str, str]] = {}
    for u, v, data in graph.edges(data=True):
        link = data.get("link")
        key = getattr(link, "key", None) or ""
        if data.get("kind") == "property" and key.split(".")[0] == "sources":
            found.setdefault(u, {})[key] = title_of(v, notes.get(v))
    return found


def export_graph(graph: nx.MultiDiGraph, notes: Mapping[str, Note]) -> nx.MultiDiGraph:
    """A copy of ``graph`` with only export-safe attributes (sorted for determinism)."""
    out = nx.MultiDiGraph()
    titles = _source_titles(graph, notes)
    for node in sorted(graph.nodes):
        attrs = node_attributes(node, notes.get(node), titles.get(node))
        out.add_node(node, kind=str(graph.nodes[node].get("kind", "note")), **attrs)
    edges = sorted(
        (u, v, str(d.get("kind", "link"))) for u, v, d in graph.edges(data=True)
    )
    for u, v, kind in edges:
        out.add_edge(u, v, kind=kind)
    return out


def _flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: ";".join(v) if isinstance(v, list) else str(v)
                               for k, v in data.items()})
    for u, v, data in graph.edges(data=True):
        flat.add_edge(u, v, kind=str(data["kind"]))
    return flat


def to_graphml(graph: nx.MultiDiGraph) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(_flat(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")


def to_json(graph: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(graph, edges="links") if _has_edges_kw() else nx.node_link_data(graph)
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _has_edges_kw() -> bool:
    return "edges" in inspect.signature(nx.node_link_data).parameters


def dot_quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as \\n."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def to_dot(graph: nx.MultiDiGraph) -> str:
    lines = ["digraph vault {"]
    for node, data in graph.nodes(data=True):
        attrs = ", ".join(
            f"{key}={dot_quote(';'.join(v) if isinstance(v, list) else str(v))}"
            for key, v in sorted(data.items())
        )
        lines.append(f"  {dot_quote(node)} [{attrs}];")
    for u, v, data in graph.edges(data=True):
        lines.append(f"  {dot_quote(u)} -> {dot_quote(v)} [kind={dot_quote(str(data['kind']))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_graph(graph: nx.MultiDiGraph, output_format: str) -> str:
    """``graph`` as text in one of :data:`FORMATS`."""
    if output_format == "graphml":
        return to_graphml(graph)
    if output_format == "json":
        return to_json(graph)
    if output_format == "dot":
        return to_dot(graph)
    raise ValueError(f"unknown graph format {output_format!r}")


def vault_graph(linked: LinkedVault) -> nx.MultiDiGraph:
    """The export graph of a linked vault: its links as resolved there, attributes attached."""
    paths = [f.path for f in linked.vault.files]
    return export_graph(build_graph(paths, linked.resolved), linked.vault.notes)
