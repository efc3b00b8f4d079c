"""Graph rules: orphans, dead ends, and cycles (embed, hierarchy, link)."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from vaultkit.lint.rules.context import RuleContext
from vaultkit.lint.rules.registry import RULES, VAULT, rule
from vaultkit.notes.model import WHOLE_FILE, Finding, Severity, Span
from vaultkit.notes.resolve import section_lines
from vaultkit.notes.scan import is_canvas_name

if TYPE_CHECKING:
    import networkx as nx


def _nx() -> Any:
    """networkx, imported on first use: it costs 0.13 s, and most runs find no candidate cycle."""
    import networkx  # noqa: PLC0415

    return networkx


def _excluded(path: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(path, g) for g in globs)


@rule(
    "VK301",
    "orphan",
    Severity.WARNING,
    "A note with no incoming links of any kind (self-links excluded).",
    "Links, embeds and property links all count. Exclude notes with `orphan-exclude` globs.",
    scope=VAULT,
)
def orphan(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["orphan"]
    incoming = ctx.incoming
    for path in sorted(ctx.facts):
        if path in incoming or is_canvas_name(path) or _excluded(path, ctx.orphan_exclude):
            continue
        yield this.finding(path, WHOLE_FILE, "no other note links to this note")


@rule(
    "VK302",
    "dead-end",
    Severity.INFO,
    "A note with no outgoing links (off by default).",
    enabled=False,
)
def dead_end(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["dead-end"]
    for path in sorted(ctx.notes):
        if is_canvas_name(path):
            continue  # a canvas is not a note
        if not any(item.target for item in ctx.resolved.get(path, ())):
            yield this.finding(path, WHOLE_FILE, "this note links to nothing")


def _arrow(nodes: list[str]) -> str:
    return " → ".join([*nodes, nodes[0]])


def _rotate(cycle: list[Any]) -> list[Any]:
    """The same cycle starting at its smallest node (a stable way to print it)."""
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


@rule(
    "VK401",
    "embed-cycle",
    Severity.ERROR,
    "Embeds that embed each other (A embeds B embeds A).",
    "Follows the embedded section: a note embedding another section of itself is not a cycle.",
    scope=VAULT,
    reads=lambda facts: bool(facts.embeds),  # sections and lengths of the notes that embed
)
def embed_cycle(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["embed-cycle"]
    # a state is (note, first line, last line) of what is shown; edges are embeds in that range
    todo = [(path, 1, ctx.last_line(path)) for path in sorted(_in_note_cycles(ctx))]
    if not todo:
        return
    nx = _nx()
    graph = nx.DiGraph()
    first_embed: dict[tuple[tuple[str, int, int], tuple[str, int, int]], Span] = {}
    seen = set(todo)
    facts = ctx.facts
    while todo:
        state = todo.pop()
        path, lo, hi = state
        for target, subpath, span in facts[path].embeds:
            if not lo <= span.line <= hi:
                continue
            lines = section_lines(ctx.notes[target], subpath, ctx.last_line(target))
            if lines is None:
                continue
            nxt = (target, *lines)
            graph.add_edge(state, nxt)
            first_embed.setdefault((state, nxt), span)
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    reported: set[tuple[str, ...]] = set()
    for component in nx.strongly_connected_components(graph):
        nodes = sorted(component)
        start = nodes[0]
        if len(nodes) == 1 and not graph.has_edge(start, start):
            continue
        cycle = [start] if graph.has_edge(start, start) else _cycle_from(graph, start, component)
        cycle = _rotate(cycle)
        names = [s[0] for s in cycle]
        key = tuple(_rotate(names))
        if key in reported:
            continue
        reported.add(key)
        span = first_embed[(cycle[0], cycle[1 % len(cycle)])]
        yield this.finding(cycle[0][0], span, f"embed cycle: {_arrow(names)}")


def _in_note_cycles(ctx: RuleContext) -> set[str]:
    """Notes on or behind a cycle of whole-note embeds (Kahn's peeling); sections can only
    cycle among these, so the section-level search stays small."""
    out: dict[str, set[str]] = {}
    for path, facts in ctx.facts.items():
        if facts.embeds:
            out[path] = {embed.target for embed in facts.embeds}
    indegree: dict[str, int] = dict.fromkeys(out, 0)
    for targets in out.values():
        for target in targets:
            indegree[target] = indegree.get(target, 0) + 1
    ready = [n for n, d in indegree.items() if d == 0]
    while ready:
        node = ready.pop()
        for target in out.get(node, ()):
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return {n for n, d in indegree.items() if d > 0 and n in out}


def _cycle_from(graph: nx.DiGraph, start: Any, component: set[Any]) -> list[Any]:
    sub = graph.subgraph(component)
    return [u for u, _ in _nx().find_cycle(sub, source=start)]


@rule(
    "VK402",
    "hierarchy-cycle",
    Severity.ERROR,
    "A cycle through hierarchy properties (e.g. `broader`, `parent`).",
    "Configure the properties with `hierarchy-properties`.",
    scope=VAULT,
)
def hierarchy_cycle(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["hierarchy-cycle"]
    spans: dict[tuple[str, str], Span] = {}
    for path, facts in ctx.facts.items():
        for target, span in facts.hierarchy:
            spans.setdefault((path, target), span)
    if not spans:
        return
    graph = _nx().DiGraph()
    graph.add_edges_from(spans)
    yield from _report_cycles(graph, spans, this.finding, "hierarchy cycle")


def _report_cycles(
    graph: nx.DiGraph,
    spans: dict[tuple[str, str], Span],
    make: Callable[[str, Span, str], Finding],
    label: str,
) -> Iterator[Finding]:
    for component in sorted(_nx().strongly_connected_components(graph), key=min):
        start = min(component)
        if len(component) == 1 and not graph.has_edge(start, start):
            continue
        cycle = [start] if graph.has_edge(start, start) else _cycle_from(graph, start, component)
        names = [str(n) for n in _rotate(cycle)]
        span = spans.get((names[0], names[1 % len(names)]), WHOLE_FILE)
        yield make(names[0], span, f"{label}: {_arrow(names)}")


@rule(
    "VK403",
    "link-cycle",
    Severity.INFO,
    "A group of notes whose links only point at each other (off by default).",
    enabled=False,
    scope=VAULT,
)
def link_cycle(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["link-cycle"]
    nx = _nx()
    graph = nx.DiGraph()
    graph.add_nodes_from(ctx.files)
    graph.add_edges_from((path, t) for path, facts in ctx.facts.items() for t in facts.targets)
    for component in sorted(nx.strongly_connected_components(graph), key=min):
        if len(component) < 2:
            continue
        closed = all(t in component for n in component for t in graph.successors(n))
        if not closed:
            continue
        start = min(component)
        names = [str(n) for n in _rotate(_cycle_from(graph, start, component))]
        yield this.finding(
            start, WHOLE_FILE, f"{len(component)} notes link only to each other: {_arrow(names)}"
        )
