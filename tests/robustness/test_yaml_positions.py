"""Front-matter problems point at the right line, and valid YAML 1.2 is never refused (issue 7).

PyYAML implements YAML 1.1; the cases here are where that shows through to a user.
"""

from __future__ import annotations

import pytest

from vaultkit.notes.note import parse_note


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("---\ntitle: x\n\tbad: 1\n---\n", 3, 1),
        ("---\r\ntitle: x\r\ntitle: y\r\n---\r\n", 3, 1),
        ("---\rtitle: x\r\tbad: 1\r---\r", 3, 1),
        ("---\na: *nowhere\n---\n", 2, 4),
    ],
    ids=["tab", "crlf-duplicate", "cr-tab", "undefined-alias"],
)
def test_yaml_problems_point_at_their_line(text: str, line: int, column: int) -> None:
    problem = parse_note("n.md", text).frontmatter.problem
    assert problem is not None
    assert (problem.span.line, problem.span.column) == (line, column)


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\ufffe"])
@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_a_control_character_in_yaml_is_reported_where_it_is(char: str, eol: str) -> None:
    note = parse_note("n.md", f"---{eol}title: x{eol}bad: a{char}{eol}---{eol}")
    problem = note.frontmatter.problem
    assert problem is not None
    assert (problem.span.line, problem.span.column) == (3, 7)
    assert "ReaderError" not in problem.message
    assert problem.message.count("invalid YAML") <= 1


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_are_ordinary_characters_in_yaml(char: str) -> None:
    note = parse_note("n.md", f'---\na: x{char}y\nb: "[[Target]]"\n---\n')
    assert note.frontmatter.problem is None
    assert note.properties.get("a") == f"x{char}y"
    assert note.frontmatter.value_spans["b"].line == 3
