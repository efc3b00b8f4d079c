from __future__ import annotations

from tests.helpers.builders import context, note, run
from vaultkit.notes.model import NoteFinding, Span


def test_invalid_yaml_reports_the_problem_line() -> None:
    problem = NoteFinding("invalid-yaml", Span(3, 5, 3, 6), "mapping values are not allowed")
    bad = note("bad.md", problem=problem)
    assert run("invalid-yaml", context([bad, note("ok.md", data={"a": 1})])) == [
        ("bad.md", 3, "mapping values are not allowed")
    ]


def test_deprecated_keys() -> None:
    n = note(
        "n.md",
        data={"tag": "x", "Alias": "y", "cssclass": "z", "tags": ["ok"], "aliases": ["ok"]},
        key_spans={
            "tag": Span(2, 1, 2, 4),
            "Alias": Span(3, 1, 3, 6),
            "cssclass": Span(4, 1, 4, 9),
        },
    )
    found = run("deprecated-property", context([n]))
    assert [line for _, line, _ in found] == [2, 3, 4]
    assert "rename it to 'aliases'" in found[1][2]


def test_ignored_tags() -> None:
    comma = note("a.md", data={"tags": "a, b"}, spans={"tags": Span(2, 7, 2, 11)})
    listed = note(
        "b.md",
        data={"Tags": ["good", "two words", 1984, None]},
        spans={"Tags.1": Span(4, 5, 4, 14), "Tags.2": Span(5, 5, 5, 9)},
    )
    fine = note("c.md", data={"tags": ["x", "#y"], "other": "a b"})
    found = run("ignored-tag", context([comma, listed, fine]))
    assert [(p, line) for p, line, _ in found] == [("a.md", 2), ("b.md", 4), ("b.md", 5)]


def test_unquoted_property_link() -> None:
    n = note(
        "n.md",
        data={"rel": [["X"]], "list": [[["Y"]], "ok"], "plain": ["a"], "nested": {"up": [["Z"]]}},
        spans={
            "rel": Span(2, 6, 2, 11),
            "list.0": Span(4, 5, 4, 10),
            "nested.up": Span(7, 7, 7, 12),
        },
    )
    found = run("unquoted-property-link", context([n]))
    assert [line for _, line, _ in found] == [2, 4, 7]
    assert 'write "[[X]]"' in found[0][2]
    assert run("unquoted-property-link", context([note("q.md", data={"rel": "[[X]]"})])) == []
