from __future__ import annotations

from tests.helpers.builders import context, embed, heading, link, note, run
from vaultkit.notes.model import LinkKind


def prop(target: str, key: str, line: int = 2) -> object:
    return link(target, line, LinkKind.PROPERTY, key=key)


def test_orphans_count_every_kind_of_link_but_not_self_links() -> None:
    notes = [
        note("hub.md", link("a"), embed("b"), link("hub")),
        note("a.md", prop("c", "related.0")),  # type: ignore[arg-type]
        note("b.md"),
        note("c.md", link("#Self")),
        note("Templates/t.md"),
    ]
    ctx = context(notes, orphan_exclude=("Templates/*",))
    assert [p for p, _, _ in run("orphan", ctx)] == ["hub.md"]


def test_dead_end() -> None:
    ctx = context([note("a.md", link("b")), note("b.md"), note("c.md", link("missing"))])
    assert [p for p, _, _ in run("dead-end", ctx)] == ["b.md", "c.md"]


def test_a_canvas_is_neither_orphan_nor_dead_end_but_its_links_count() -> None:
    notes = [note("Board.canvas", link("a")), note("Empty.canvas"), note("a.md")]
    ctx = context(notes)
    assert run("orphan", ctx) == []
    assert run("dead-end", ctx) == [("a.md", 1, "this note links to nothing")]


def test_embed_cycle_is_reported_once_with_its_path() -> None:
    ctx = context([note("A.md", embed("B", 3)), note("B.md", embed("A", 4))])
    assert run("embed-cycle", ctx) == [("A.md", 3, "embed cycle: A.md → B.md → A.md")]


def test_self_embed_is_a_cycle_but_another_section_of_itself_is_not() -> None:
    whole = note("N.md", embed("N", 2))
    assert run("embed-cycle", context([whole])) == [("N.md", 2, "embed cycle: N.md → N.md")]
    sections = note(
        "S.md",
        embed("S#Two", 2),
        headings=(heading("One", 2, 1), heading("Two", 2, 5)),
    )
    assert run("embed-cycle", context([sections])) == []


def test_embed_cycle_through_sections() -> None:
    a = note("A.md", embed("B#Part", 2), headings=(heading("Top", 1, 1),))
    b = note("B.md", embed("A", 6), headings=(heading("Intro", 2, 1), heading("Part", 2, 5)))
    b_safe = note("B.md", embed("A", 2), headings=(heading("Intro", 2, 1), heading("Part", 2, 5)))
    assert len(run("embed-cycle", context([a, b]))) == 1
    assert run("embed-cycle", context([a, b_safe])) == []


def test_hierarchy_cycle_only_through_configured_properties() -> None:
    notes = [
        note("A.md", prop("B", "broader.0")),  # type: ignore[arg-type]
        note("B.md", prop("C", "broader")),  # type: ignore[arg-type]
        note("C.md", prop("A", "Broader.1")),  # type: ignore[arg-type]
        note("D.md", prop("E", "related")),  # type: ignore[arg-type]
        note("E.md", prop("D", "related")),  # type: ignore[arg-type]
    ]
    found = run("hierarchy-cycle", context(notes))
    assert found == [("A.md", 2, "hierarchy cycle: A.md → B.md → C.md → A.md")]
    assert run("hierarchy-cycle", context(notes, hierarchy=("related",))) == [
        ("D.md", 2, "hierarchy cycle: D.md → E.md → D.md")
    ]


def test_link_cycle_only_for_closed_groups() -> None:
    closed = [note("a.md", link("b")), note("b.md", link("a")), note("c.md", link("a"))]
    assert [p for p, _, _ in run("link-cycle", context(closed))] == ["a.md"]
    leaky = [note("a.md", link("b")), note("b.md", link("a"), link("c")), note("c.md")]
    assert run("link-cycle", context(leaky)) == []
