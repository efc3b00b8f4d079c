"""How an entry's named fields are written in its note."""

from __future__ import annotations

from vaultkit.importers.render import field_block


def test_a_field_of_text_is_one_labelled_paragraph() -> None:
    assert field_block("Range", "1 - 2.") == "**Range:** 1 - 2."
    assert field_block("Check", "Look.\n\n**Note**: more.") == "**Check:** Look.\n\n**Note**: more."


def test_a_field_that_starts_with_a_block_puts_its_label_on_a_line_of_its_own() -> None:
    for value in ("```\ncode\n```", "- a\n- b", "| a | b |", "> quote", "    indented"):
        assert field_block("Example", value) == f"**Example:**\n\n{value}"
    assert field_block("Example", "") == "**Example:**"
