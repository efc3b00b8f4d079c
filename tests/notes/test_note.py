"""parse_note: golden cases (tests/cases/parse/<case>/input.md -> expected.json) and properties.

To add a case, add a folder with input.md; run with VAULTKIT_UPDATE_GOLDEN=1 once to write
expected.json, then read it and check every line against the reference before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.notes.model import Note, Span
from vaultkit.notes.note import parse_note
from vaultkit.notes.reader import decode

CASES = Path(__file__).parents[1] / "cases" / "parse"


def _span(span: Span | None) -> list[int] | None:
    return None if span is None else [span.line, span.column, span.end_line, span.end_column]


def note_as_json(note: Note) -> dict[str, Any]:
    fm = note.frontmatter
    return {
        "frontmatter": {
            "present": fm.present,
            "data": fm.data,
            "problem": None if fm.problem is None else [fm.problem.message, _span(fm.problem.span)],
            "body_line": fm.body_line,
            "value_spans": {k: _span(v) for k, v in sorted(fm.value_spans.items())},
            "quoted": sorted(fm.quoted),
        },
        "links": [
            {
                "kind": lk.kind.value,
                "syntax": lk.syntax.value,
                "path": lk.path,
                "subpath": lk.subpath,
                "display": lk.display,
                "span": _span(lk.span),
                "key": lk.key,
            }
            for lk in note.links
        ],
        "headings": [[h.level, h.text, _span(h.span)] for h in note.headings],
        "blocks": [[b.id, _span(b.span)] for b in note.blocks],
        "tags": [[t.name, _span(t.span)] for t in note.tags],
        "comments": [[c.text, _span(c.span)] for c in note.comments],
        "findings": [[t.rule, _span(t.span)] for t in note.findings],
    }


def _cases() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "input.md").is_file())


@pytest.mark.parametrize("case", _cases())
def test_golden(case: str) -> None:
    folder = CASES / case
    text = decode((folder / "input.md").read_bytes(), f"{case}.md")
    assert isinstance(text, str)
    got = note_as_json(parse_note(f"{case}.md", text))
    expected_file = folder / "expected.json"
    if os.environ.get("VAULTKIT_UPDATE_GOLDEN") == "1":
        expected_file.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", "utf-8")
    expected = json.loads(expected_file.read_text("utf-8"))
    assert got == expected


def test_links_in_file_order_property_links_first() -> None:
    note = parse_note("n.md", '---\nup: "[[Parent]]"\n---\n[[b]] [a](a.md)\n![[c]]\n')
    assert [(lk.path, lk.span.line) for lk in note.links] == [
        ("Parent", 2),
        ("b", 4),
        ("a.md", 4),
        ("c", 5),
    ]


@pytest.mark.parametrize("br", ["\n", "\r\n", "\r"])
def test_positions_are_file_lines_for_every_line_break(br: str) -> None:
    text = br.join(["---", "title: x", "---", "# First", "", "a", "  [[two]] #t ^b1", ""])
    note = parse_note("n.md", text)
    assert [(h.text, h.span.line) for h in note.headings] == [("First", 4)]
    (link,) = note.links
    assert (link.span.line, link.span.column, link.span.end_column) == (7, 3, 10)
    assert [(t.name, t.span.line, t.span.column) for t in note.tags] == [("t", 7, 11)]
    assert [(b.id, b.span.line) for b in note.blocks] == [("b1", 7)]


def test_invalid_front_matter_keeps_body_links_case_55() -> None:
    note = parse_note("n.md", "---\ncreated: {{date}}\n---\n[[x]]\n")
    assert note.frontmatter.problem is not None
    assert note.properties == {}
    assert [lk.path for lk in note.links] == ["x"]
    assert note.links[0].span.line == 4


def test_never_closing_front_matter_is_body() -> None:
    note = parse_note("n.md", "---\ntitle: [[x]]\n")
    assert note.frontmatter.problem is not None and not note.frontmatter.present
    assert [lk.path for lk in note.links] == ["x"]


def _line_lengths(text: str) -> list[int]:
    return [len(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _assert_inside(span: Span, lengths: list[int]) -> None:
    assert 1 <= span.line <= span.end_line <= len(lengths), span
    assert 1 <= span.column <= lengths[span.line - 1] + 1, span
    assert 1 <= span.end_column <= lengths[span.end_line - 1] + 1, span
    if span.line == span.end_line:
        assert span.column <= span.end_column, span


MARKUP = st.sampled_from(
    [
        "[[",
        "]]",
        "![[",
        "|",
        "\\|",
        "\\",
        "#",
        "^",
        "`",
        "```",
        "~~~",
        "$",
        "$$",
        "%%",
        "<!--",
        "-->",
        "<div>",
        "[",
        "](",
        ")",
        "<",
        ">",
        "> ",
        "- ",
        "1. ",
        "    ",
        "\n",
        "\r\n",
        "\r",
        "---",
        "===",
        "| --- |",
        "a",
        "b c",
        "é",
        "\u00a0",
        "%20",
        "%",
        ":",
        '"',
        "'",
        "{",
        "}",
        "\t",
        "^id",
        "#tag",
        "[[x|y]]",
        "[t](u.md)",
        "\x00",
        "\ud800",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(MARKUP, max_size=80).map("".join))
FRONT = st.sampled_from(
    ["", "---\n", "---\ntitle: x\n---\n", "---\na: [\n---\n", '---\nr: "[[x]]"\n---\n']
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=FRONT, body=TEXTS)
def test_parse_never_raises_and_spans_lie_inside_the_file(front: str, body: str) -> None:
    text = front + body
    note = parse_note("n.md", text)
    assert not [t for t in note.findings if t.rule == "parser-error"], note.findings
    lengths = _line_lengths(text)
    spans = [lk.span for lk in note.links]
    spans += [lk.target_span for lk in note.links if lk.target_span is not None]
    spans += [h.span for h in note.headings] + [b.span for b in note.blocks]
    spans += [t.span for t in note.tags] + [c.span for c in note.comments]
    spans += [t.span for t in note.findings]
    spans += list(note.frontmatter.value_spans.values()) + list(note.frontmatter.key_spans.values())
    if note.frontmatter.problem is not None:
        spans.append(note.frontmatter.problem.span)
    for span in spans:
        _assert_inside(span, lengths)
    for link in note.links:
        if link.syntax.value == "wiki":
            assert link.raw.endswith("]]")
