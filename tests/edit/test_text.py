from __future__ import annotations

import pytest

from vaultkit.edit.model import TextEdit
from vaultkit.edit.text import EditConflict, apply_edits, text_at, without_overlaps
from vaultkit.notes.model import Span


def edit(line: int, col: int, end_line: int, end_col: int, new: str) -> TextEdit:
    return TextEdit(Span(line, col, end_line, end_col), new)


def test_edits_apply_by_position_in_any_order() -> None:
    text = "ab\r\ncd\nef"
    edits = [edit(3, 1, 3, 2, "E"), edit(1, 2, 2, 2, "-"), edit(1, 1, 1, 1, ">")]
    assert apply_edits(text, edits) == ">a-d\nEf"


def test_two_insertions_at_one_point_keep_their_order() -> None:
    assert apply_edits("x", [edit(1, 1, 1, 1, "a"), edit(1, 1, 1, 1, "b")]) == "abx"


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(EditConflict):
        apply_edits("abcdef", [edit(1, 1, 1, 4, "x"), edit(1, 3, 1, 5, "y")])


def test_an_edit_outside_the_text_is_refused() -> None:
    with pytest.raises(EditConflict):
        apply_edits("abc", [edit(4, 1, 4, 2, "x")])
    assert text_at("abc", Span(4, 1, 4, 2)) is None


def test_without_overlaps_takes_groups_in_order() -> None:
    text = "abcdefgh"
    groups = [
        (edit(1, 1, 1, 3, "x"),),
        (edit(1, 2, 1, 4, "y"),),  # overlaps the first: waits
        (edit(1, 5, 1, 6, "z"), edit(1, 7, 1, 8, "w")),
        (edit(1, 3, 1, 3, "i"),),  # an insertion at the end of the first: fine
    ]
    assert without_overlaps(text, groups) == [0, 2, 3]


def test_text_at_counts_characters_not_bytes() -> None:
    assert text_at("日本 [[x]]", Span(1, 4, 1, 9)) == "[[x]]"
