from __future__ import annotations

from vaultkit.edit.diff import unified


def test_a_changed_line_shows_as_git_does() -> None:
    shown = unified("a.md", "a.md", "one\ntwo\n", "one\n2\n")
    assert shown.splitlines() == [
        "--- a/a.md", "+++ b/a.md", "@@ -1,2 +1,2 @@", " one", "-two", "+2",
    ]


def test_no_change_is_no_diff_and_a_last_line_without_break_is_marked() -> None:
    assert unified("a.md", "a.md", "x", "x") == ""
    assert "\\ No newline at end of file" in unified("a.md", "a.md", "x", "y")


def test_a_pure_move_is_named() -> None:
    assert unified("a.md", "b/a.md", "x\n", "x\n") == "rename from a.md\nrename to b/a.md\n"
