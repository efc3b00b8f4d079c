"""Edits applied to one text: positions through a line table, never by searching for text."""

from __future__ import annotations

from collections.abc import Iterable

from vaultkit.edit.model import TextEdit
from vaultkit.errors import VaultkitError
from vaultkit.lines import LineTable
from vaultkit.notes.model import Span


class EditConflict(VaultkitError):
    """Two edits of one change overlap, or an edit lies outside its text (a bug, not input)."""


def offsets(table: LineTable, edit: TextEdit) -> tuple[int, int]:
    """The character range ``edit`` replaces."""
    span = edit.span
    try:
        start = table.offset(span.line, span.column)
        end = table.offset(span.end_line, span.end_column)
    except ValueError as exc:
        raise EditConflict(f"an edit lies outside its text: {exc}") from None
    if end < start:
        raise EditConflict(f"an edit ends before it starts: {span}")
    return start, end


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """``text`` with every edit made; overlapping edits raise :class:`EditConflict`.

    Two insertions at one point are made in the order given."""
    table = LineTable(text)
    ranges = sorted(
        ((*offsets(table, e), i, e.new_text) for i, e in enumerate(edits)),
        key=lambda r: (r[0], r[1], r[2]),
    )
    out: list[str] = []
    at = 0
    for start, end, _, new in ranges:
        if start < at:
            raise EditConflict(f"two edits overlap at offset {start}")
        out.append(text[at:start])
        out.append(new)
        at = end
    out.append(text[at:])
    return "".join(out)


def without_overlaps(text: str, groups: Iterable[tuple[TextEdit, ...]]) -> list[int]:
    """Indexes of the groups (each one fix's edits) that can be applied together: in order, a
    group is taken unless one of its edits overlaps an edit of a group already taken (ruff's
    rule; what is left waits for the next pass)."""
    table = LineTable(text)
    taken: list[tuple[int, int]] = []
    chosen: list[int] = []
    for index, group in enumerate(groups):
        try:
            ranges = [offsets(table, e) for e in group]
        except EditConflict:
            continue
        if any(_overlap(r, t) for r in ranges for t in taken):
            continue
        taken.extend(ranges)
        chosen.append(index)
    return chosen


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # an insertion conflicts only strictly inside the other
        return b[0] < a[0] < b[1] or a[0] < b[0] < a[1] or a == b
    return a[0] < b[1] and b[0] < a[1]


def text_at(text: str, span: Span) -> str | None:
    """The text ``span`` covers, or None when the span is not in ``text``."""
    table = LineTable(text)
    try:
        start, end = offsets(table, TextEdit(span, ""))
    except EditConflict:
        return None
    return text[start:end]
