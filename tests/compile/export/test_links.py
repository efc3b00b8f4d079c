from __future__ import annotations

from tests.helpers.builders import context, embed, link, note
from vaultkit.compile.export.graph import build_graph
from vaultkit.compile.export.links import links_as_text, links_table
from vaultkit.notes.model import LinkKind


def _ctx() -> object:
    return context(
        [
            note("a.md", link("b"), link("b"), embed("img.png"), link("#H"), link("gone")),
            note("b.md", link("a", 2, LinkKind.PROPERTY, key="related.0")),
        ],
        ("img.png",),
    )


def test_graph_nodes_and_typed_edges() -> None:
    ctx = _ctx()
    graph = build_graph(ctx.files, ctx.resolved)  # type: ignore[attr-defined]
    assert dict(graph.nodes(data="kind")) == {
        "a.md": "note",
        "b.md": "note",
        "img.png": "attachment",
    }
    kinds = sorted((u, v, k) for u, v, k in graph.edges(data="kind"))
    assert kinds == [
        ("a.md", "a.md", "link"),
        ("a.md", "b.md", "link"),
        ("a.md", "b.md", "link"),
        ("a.md", "img.png", "embed"),
        ("b.md", "a.md", "property"),
    ]


def test_links_table_has_obsidians_shape() -> None:
    ctx = _ctx()
    table = links_table(ctx.notes, ctx.resolved)  # type: ignore[attr-defined]
    assert table == {
        "resolvedLinks": {"a.md": {"b.md": 2, "img.png": 1, "a.md": 1}, "b.md": {"a.md": 1}},
        "unresolvedLinks": {"a.md": {"gone": 1}, "b.md": {}},
    }
    assert "a.md -> ? gone (1)" in links_as_text(table).splitlines()
