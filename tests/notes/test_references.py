"""Reference-style links: which uses are links, where their destination comes from, and where
they are not read (the golden case tests/cases/parse/reference-links covers a whole note)."""

from __future__ import annotations

import pytest

from vaultkit.notes.canvas import parse_canvas
from vaultkit.notes.model import LinkKind, LinkSyntax
from vaultkit.notes.note import parse_note
from vaultkit.notes.references import label_key


def _paths(text: str) -> list[tuple[str, str]]:
    return [(link.path, link.subpath) for link in parse_note("n.md", text).links]


def test_labels_match_case_folded_with_whitespace_collapsed() -> None:
    assert label_key("  Straße \t  Ärger\n") == label_key("STRASSE ärger")
    text = "[a][STRASSE  ärger] [b][ Straße Ärger ]\n\n[Straße Ärger]: T.md\n"
    assert _paths(text) == [("T.md", ""), ("T.md", "")]


@pytest.mark.parametrize(
    ("use", "expected"),
    [
        ("[text][r]", [("A.md", "#H")]),
        ("[r][]", [("A.md", "#H")]),
        ("[r]", [("A.md", "#H")]),
        ("![alt][r]", [("A.md", "#H")]),
        ("[text] [r]", [("A.md", "#H")]),  # a space between: '[text]' is text, '[r]' a link
        ("[text][nope]", []),
        ("[r](Inline.md)", [("Inline.md", "")]),  # an inline link wins
        ("`[r]`", []),
        ("$[r]$", []),
        ("<!-- [r] -->", []),
        ("%% [r] %%", []),
        ("\\[r\\]", []),
        ("[^r]", []),
        ("    [r]", []),  # indented code
        ("```\n[r]\n```", []),
    ],
)
def test_uses(use: str, expected: list[tuple[str, str]]) -> None:
    assert _paths(f"{use}\n\n[r]: A.md#H\n") == expected


def test_the_first_definition_wins_and_may_come_after_use() -> None:
    assert _paths("[r]\n\n[R]: First.md\n[r]: Second.md\n") == [("First.md", "")]


def test_definitions_open_a_paragraph_only_and_are_not_text() -> None:
    text = (
        "Some text\n[r]: Inside-paragraph.md\n\n"
        '[s]: S.md "a #title-tag [[Wiki]]"\n[t]:\n  <Sp ace.md>\n  (title)\n'
        "then text [s] [t] #real\n"
        "\n[r]\n"
    )
    note = parse_note("n.md", text)
    assert [(link.path, link.syntax) for link in note.links] == [
        ("S.md", LinkSyntax.REFERENCE),
        ("Sp ace.md", LinkSyntax.REFERENCE),
    ]
    assert [tag.name for tag in note.tags] == ["real"]


def test_destinations_read_as_inline_links_do() -> None:
    text = (
        "[a] [b] [c] [d] [e]\n\n[a]: https://example.com/x.md\n[b]: <>\n"
        "[c]: My%20Note.md#Sec%20One\n[d]: ../Up.md\n[e]: %E0%A4\n"
    )
    assert _paths(text) == [("My Note.md", "#Sec One"), ("../Up.md", "")]


def test_spans_and_target_spans() -> None:
    note = parse_note("n.md", "x [see][r]\n\n> [r]: T.md\n")
    (link,) = note.links
    assert link.kind is LinkKind.LINK
    assert link.raw == "[see][r]" and link.display == "see"
    assert tuple(link.span) == (1, 3, 1, 11)
    assert link.target_span is not None and tuple(link.target_span) == (3, 8, 3, 12)


def test_task_markers_are_not_uses() -> None:
    assert _paths("- [x] done\n- [ ] open\n\n[x]: X.md\n[ ]: Blank.md\n") == []
    assert _paths("- see [x] here\n\n[x]: X.md\n") == [("X.md", "")]


def test_a_canvas_text_node_reads_them_too() -> None:
    canvas = '{"nodes":[{"id":"a","type":"text","text":"[n]\\n\\n[n]: Note.md"}]}'
    assert [link.path for link in parse_canvas("B.canvas", canvas).links] == ["Note.md"]
