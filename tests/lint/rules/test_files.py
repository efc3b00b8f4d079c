from __future__ import annotations

from tests.helpers.builders import context, note, run
from vaultkit.notes.model import NoteFinding, RawFinding, Span


def test_unreadable_files_come_from_the_scanner() -> None:
    problems = (RawFinding("unreadable-file", "bin.md", Span(2, 4, 2, 5), "not UTF-8 at byte 7"),)
    assert run("unreadable-file", context([note("a.md")], problems=problems)) == [
        ("bin.md", 2, "not UTF-8 at byte 7")
    ]


def test_table_pipe_traps() -> None:
    trap = NoteFinding("table-pipe", Span(5, 3, 5, 20), "unescaped | in a table link")
    other = NoteFinding("something-else", Span(6, 1, 6, 2), "x")
    found = run("table-pipe", context([note("a.md", findings=(trap, other))]))
    assert found == [("a.md", 5, "unescaped | in a table link")]
