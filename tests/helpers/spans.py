"""Positions the parser reports: every span of a note, and a check that a span lies in its text."""

from __future__ import annotations

from vaultkit.notes.model import Note, Span


def spans_of(note: Note) -> list[tuple[str, Span]]:
    """Every position the parser reports for ``note``."""
    fm = note.frontmatter
    found: list[tuple[str, Span]] = [("block", fm.block_span)]
    found += [(f"value {k}", s) for k, s in fm.value_spans.items()]
    found += [(f"key {k}", s) for k, s in fm.key_spans.items()]
    if fm.problem is not None:
        found.append(("yaml problem", fm.problem.span))
    for link in note.links:
        found.append((f"link {link.raw!r}", link.span))
        if link.target_span is not None:
            found.append((f"target {link.raw!r}", link.target_span))
    for group in (note.headings, note.blocks, note.tags, note.comments, note.findings):
        found += [(type(item).__name__, item.span) for item in group]
    return found


def assert_inside(text: str, span: Span, what: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def ok(line: int, column: int) -> bool:
        return 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1

    assert ok(span.line, span.column), (what, span, len(lines))
    if span != Span.point(span.line, span.column):  # a point is its start (Span.point's end
        assert ok(span.end_line, span.end_column), (what, span, len(lines))  # is col + 1)
    assert (span.line, span.column) <= (span.end_line, span.end_column), (what, span)
