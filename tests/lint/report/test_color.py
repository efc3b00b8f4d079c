"""When colors are used: FORCE_COLOR, then NO_COLOR, then TERM=dumb, then the terminal."""

from __future__ import annotations

import pytest

from vaultkit.lint.report.color import Palette, use_color
from vaultkit.notes.model import Severity


@pytest.mark.parametrize(
    ("env", "terminal", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # empty: as if unset
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "0"}, False, True),  # any non-empty value (force-color.org)
        ({"FORCE_COLOR": ""}, False, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, True),  # FORCE_COLOR wins
        ({"TERM": "dumb"}, True, False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, True, True),
    ],
)
def test_use_color(env: dict[str, str], terminal: bool, expected: bool) -> None:
    assert use_color(env, terminal) is expected


def test_palette() -> None:
    assert Palette(False).paint("x", "bold", "red") == "x"
    assert Palette(True).paint("x", "bold", "red") == "\x1b[1;31mx\x1b[0m"
    assert Palette(True).paint("", "red") == ""
    assert Palette(True).severity("warning", Severity.WARNING) == "\x1b[1;33mwarning\x1b[0m"
