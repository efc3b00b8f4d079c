"""Terminal columns of characters, and text made safe to print."""

from __future__ import annotations

import pytest

from vaultkit.lint.report.width import TAB_WIDTH, char_width, safe, shown_char, widths


@pytest.mark.parametrize(
    ("char", "width"),
    [
        ("a", 1), (" ", 1), ("é", 1), ("Ж", 1),
        ("字", 2), ("ア", 2), ("한", 2), ("Ａ", 2),  # wide and fullwidth
        ("ｱ", 1),  # halfwidth katakana
        ("🚀", 2), ("😀", 2),  # emoji
        ("\u0301", 0), ("\u200d", 0), ("\ufe0f", 0), ("\u200b", 0),  # combining, zero-width
        ("\t", TAB_WIDTH), ("\x1b", 1), ("\x7f", 1),
    ],
)
def test_char_width(char: str, width: int) -> None:
    assert char_width(char) == width
    assert sum(widths(shown_char(char))) == width  # what is printed takes as many columns


def test_emoji_presentation_selector_widens_the_character_before() -> None:
    assert widths("❤\ufe0f!") == [2, 0, 1]
    assert widths("❤!") == [1, 1]


def test_safe_replaces_control_characters_only() -> None:
    assert safe("a\tb\x1b[31mc\x00") == "a    b\u241b[31mc\u2400"
    assert safe("\x9b31m") == "\ufffd31m"  # a C1 control (CSI) too
    assert safe("日本語 🚀 e\u0301") == "日本語 🚀 e\u0301"
