"""The vault as a networkx MultiDiGraph: notes and attachments, typed edges.

Nodes are vault-relative paths with ``kind`` = 'note' | 'attachment'. Every resolved link,
embed and property link is one edge with ``kind`` = 'link' | 'embed' | 'property' and the
``link`` record; ``[[#H]]`` gives a self-edge, as in Obsidian's resolvedLinks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from vaultkit.notes.resolve import Resolved


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
