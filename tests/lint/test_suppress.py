from __future__ import annotations

from tests.helpers.builders import note
from vaultkit.lint.suppress import parse_directive, suppressions_for
from vaultkit.notes.model import Comment, Finding, Severity, Span


def f(rule: str, line: int, code: str = "VK999") -> Finding:
    return Finding(code, rule, Severity.ERROR, "n.md", Span(line, 1, line, 2), "m")


def test_parse_directive() -> None:
    assert parse_directive("%% vaultkit-ignore a, b %%") == (False, {"a", "b"})
    assert parse_directive(" vaultkit-ignore-file VK101 ") == (True, {"vk101"})
    assert parse_directive("vaultkit-ignore") == (False, {"*"})
    assert parse_directive("just a comment") is None
    assert parse_directive("vaultkit-ignorex") is None


def test_line_and_next_line_when_alone() -> None:
    lines = [
        "%% vaultkit-ignore orphan %%",
        "text [[x]] %% vaultkit-ignore unresolved-link %%",
        "z",
    ]
    comments = (
        Comment("%% vaultkit-ignore orphan %%", Span(1, 1, 1, 29)),
        Comment("%% vaultkit-ignore unresolved-link %%", Span(2, 12, 2, 49)),
    )
    table = suppressions_for(note("n.md", comments=comments), lambda: lines)
    assert table is not None
    assert table.covers(f("orphan", 1))
    assert table.covers(f("orphan", 2))  # alone on line 1: also the next line
    assert table.covers(f("unresolved-link", 2))
    assert not table.covers(f("unresolved-link", 3))  # not alone: its own line only
    assert not table.covers(f("schema", 2))


def test_whole_file_and_all_rules() -> None:
    comments = (Comment("vaultkit-ignore-file VK101", Span(9, 1, 9, 30)),)
    table = suppressions_for(note("n.md", comments=comments), list)
    assert table is not None
    assert table.covers(f("unresolved-link", 40, code="VK101"))
    assert not table.covers(f("orphan", 1, code="VK301"))
    everything = suppressions_for(
        note("n.md", comments=(Comment("vaultkit-ignore-file", Span(1, 1, 1, 2)),)), list
    )
    assert everything is not None and everything.covers(f("anything", 3))


def test_notes_without_directives_never_read_the_file() -> None:
    def boom() -> list[str]:
        raise AssertionError("read")

    assert (
        suppressions_for(note("n.md", comments=(Comment("todo", Span(1, 1, 1, 5)),)), boom) is None
    )
