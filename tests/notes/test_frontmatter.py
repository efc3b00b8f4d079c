"""Front-matter blocks as Obsidian reads them (§3.1) and the property rules (§3.2-3.4, §6 49-55)."""

from __future__ import annotations

import pytest

from vaultkit.notes.frontmatter import (
    Fences,
    find_block,
    obsidian_aliases,
    obsidian_tags,
    parse_frontmatter,
    property_links,
)
from vaultkit.notes.model import LinkKind, LinkSyntax, Span


def test_a_block_with_its_positions() -> None:
    fm = parse_frontmatter("---\ntitle: X\n---\nbody\n")
    assert fm.present and fm.problem is None
    assert fm.data == {"title": "X"}
    assert fm.raw == "title: X"
    assert fm.block_span == Span(1, 1, 3, 4)
    assert (fm.body_line, fm.body_offset) == (4, 17)
    assert fm.key_spans["title"] == Span(2, 1, 2, 6)


@pytest.mark.parametrize(
    ("text", "block"),
    [
        ("---\na: 1\n---\nbody", Fences(4, 8, 9, 12, 13)),
        ("---\r\na: 1\r\n---- x\r\nbody", Fences(5, 9, 11, 17, 19)),
        ("---\n---\nbody", Fences(4, 4, 4, 7, 8)),  # empty: the writer replaces it
        ("---\na: 1\n---", Fences(4, 8, 9, 12, 12)),
        ("---\na: 1\n", None),  # never closes
        ("--- \na: 1\n---\n", None),
    ],
)
def test_find_block_splits_as_obsidian(text: str, block: Fences | None) -> None:
    assert find_block(text) == block


@pytest.mark.parametrize(
    "text",
    [
        "---\n---\nbody",
        "--- \ntitle: x\n---\n",
        "\n---\ntitle: x\n---\n",
        "----\nx: 1\n---\n",
        "---",
        "",
        "---\n\n---\n",
        "title: x\n---\n",
    ],
)
def test_not_front_matter(text: str) -> None:
    fm = parse_frontmatter(text)
    assert not fm.present
    assert fm.data is None and fm.problem is None
    assert fm.body_line == 1 and fm.body_offset == 0


def test_never_closing_is_not_front_matter_but_is_reported() -> None:
    fm = parse_frontmatter("---\ntitle: x\nbody without a fence\n")
    assert not fm.present and fm.body_line == 1
    assert fm.problem is not None and "never closes" in fm.problem.message
    assert fm.problem.span.line == 1


def test_closes_at_a_line_starting_with_three_dashes() -> None:
    fm = parse_frontmatter("---\na: 1\n---- trailing\nbody")
    assert fm.data == {"a": 1} and fm.body_line == 4
    fm = parse_frontmatter("---\na: 1\n---")
    assert fm.data == {"a": 1} and fm.body_line == 4 and fm.body_offset == 12


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: x\n\tbad: 1\n---\nbody\n", 3, "tab"),
        ('---\ntitle: "never closed\nother: 1\n---\nbody\n', 2, "end of stream"),
        ("---\ntitle: a\ntitle: b\n---\nbody\n", 3, "duplicate key"),
        ("---\n- a\n- b\n---\nbody\n", 2, "a list"),
        ("---\njust a string\n---\nbody\n", 2, "a single value"),
        ("---\ncreated: {{date}}\n---\n[[x]]\n", 2, "invalid YAML"),
    ],
)
def test_invalid_front_matter_has_a_problem_at_its_line(text: str, line: int, words: str) -> None:
    fm = parse_frontmatter(text)
    assert fm.present and fm.data is None
    assert fm.problem is not None
    assert fm.problem.span.line == line
    assert words in fm.problem.message


def test_crlf_and_lone_cr_positions() -> None:
    for br in ("\r\n", "\r"):
        text = f"---{br}title: x{br}n: 2{br}---{br}# H{br}"
        fm = parse_frontmatter(text)
        assert fm.data == {"title": "x", "n": 2}
        assert fm.body_line == 5
        assert text[fm.body_offset :] == f"# H{br}"
        assert fm.value_spans["n"] == Span(3, 4, 3, 5)


def test_json_front_matter() -> None:
    fm = parse_frontmatter('---\n{ "tags": "journal", "n": 1 }\n---\n')
    assert fm.is_json and fm.data == {"tags": "journal", "n": 1}


def test_yaml_1_2_values_case_54() -> None:
    fm = parse_frontmatter(
        "---\nd: 2024-07-21\nt: 2024-07-21T12:37:00\nn: 246\nc: true\ne:\ny: yes\nl:\n  -\n---\n"
    )
    assert fm.data == {
        "d": "2024-07-21",
        "t": "2024-07-21T12:37:00",
        "n": 246,
        "c": True,
        "e": None,
        "y": "yes",
        "l": [None],
    }


@pytest.mark.parametrize(
    ("yaml", "tags"),
    [
        ("tags: a, b", []),
        ("tags: a b", []),
        ("tags: single", ["single"]),
        ('tags: [a, "#b"]', ["a", "b"]),
        ("tags: [1984]", []),
        ("Tags: x", ["x"]),
        ("TAG: [x]", []),
        ("tag: x", []),
        ("tags:", []),
        ("tags:\n  - ok\n  - not ok\n  - 7\n  -\n", ["ok"]),
    ],
)
def test_obsidian_tags_case_51_52(yaml: str, tags: list[str]) -> None:
    assert obsidian_tags(parse_frontmatter(f"---\n{yaml}\n---\n").data) == tags


@pytest.mark.parametrize(
    ("yaml", "aliases"),
    [
        ("aliases: A, B", ["A, B"]),
        ("aliases: X", ["X"]),
        ("alias: y", []),
        ("ALIASES: [' a ', '', 3, b]", ["a", "b"]),
    ],
)
def test_obsidian_aliases_case_53(yaml: str, aliases: list[str]) -> None:
    assert obsidian_aliases(parse_frontmatter(f"---\n{yaml}\n---\n").data) == aliases


def test_property_links_case_49() -> None:
    fm = parse_frontmatter(
        '---\nrel: "[[X]]"\nlist: ["[[X]]", "[[Y#H|y]]"]\nparent:\n  child: \'[[Z]]\'\n---\n'
    )
    found = [(lk.key, lk.path, lk.subpath, lk.display, lk.span) for lk in property_links(fm)]
    assert found == [
        ("rel", "X", "", None, Span(2, 6, 2, 13)),
        ("list.0", "X", "", None, Span(3, 8, 3, 15)),
        ("list.1", "Y", "#H", "y", Span(3, 17, 3, 28)),
        ("parent.child", "Z", "", None, Span(5, 10, 5, 17)),
    ]
    link = property_links(fm)[0]
    assert link.kind is LinkKind.PROPERTY and link.syntax is LinkSyntax.PROPERTY
    assert link.raw == "[[X]]"


def test_property_links_case_50_unquoted_and_partial_are_not_links() -> None:
    fm = parse_frontmatter(
        '---\nrel: [[X]]\ns: "see [[X]]"\nm: "[x](X.md)"\nb: "[[a]] [[b]]"\n---\n'
    )
    assert fm.data is not None and fm.data["rel"] == [["X"]]
    assert property_links(fm) == []


def test_dotted_keys_that_contain_dots() -> None:
    fm = parse_frontmatter('---\n"a.b": "[[X]]"\n---\n')
    assert [lk.key for lk in property_links(fm)] == ["a.b"]


def test_invalid_front_matter_has_no_property_links_case_55() -> None:
    fm = parse_frontmatter('---\nrel: "[[X]]"\ncreated: {{date}}\n---\n')
    assert fm.data is None and property_links(fm) == []


def test_problem_span_stays_inside_an_empty_line() -> None:
    fm = parse_frontmatter("---\n\n\x08\n---")
    assert fm.problem is not None
    assert fm.problem.span == Span(3, 1, 3, 2)
    text = "---\na: [\n\n---\n"
    fm = parse_frontmatter(text)
    assert fm.problem is not None
    lines = text.splitlines()
    assert fm.problem.span.end_column <= len(lines[fm.problem.span.line - 1]) + 1
