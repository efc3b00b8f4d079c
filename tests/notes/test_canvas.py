"""Canvas files: links read from text and file nodes, positions in the .canvas file, bad input."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.lines import LineTable
from vaultkit.notes.canvas import parse_canvas
from vaultkit.notes.model import Link, LinkKind, LinkSyntax, Note, Span
from vaultkit.notes.resolve import LinkIndex, resolve_notes


def _text_at(text: str, span: Span) -> str:
    table = LineTable(text)
    return text[table.offset(span.line, span.column) : table.offset(span.end_line, span.end_column)]


def _canvas(*nodes: dict[str, object], indent: str | None = "\t") -> str:
    return json.dumps({"nodes": list(nodes), "edges": []}, indent=indent)


def _problems(note: Note) -> list[tuple[int, int, str]]:
    return [(f.span.line, f.span.column, f.message) for f in note.findings]


def test_text_node_links_sit_where_they_are_written_after_escapes() -> None:
    text = (
        '{"nodes":[\n'
        '\t{"id":"a","type":"text","text":"# Caf\\u00e9 \\"q\\" \\ud83d\\ude00\\n\\nSee [[Alpha]]'
        '\\r\\n| x | [[Beta|b]] |\\n![[Gamma#H]] [m](Delta.md) [[Smile \\ud83d\\ude00]]"}\n]}'
    )
    note = parse_canvas("Board.canvas", text)
    assert note.findings == ()
    assert [(link.path, link.kind, link.syntax) for link in note.links] == [
        ("Alpha", LinkKind.LINK, LinkSyntax.WIKI),
        ("Beta", LinkKind.LINK, LinkSyntax.WIKI),
        ("Gamma", LinkKind.EMBED, LinkSyntax.WIKI),
        ("Delta.md", LinkKind.LINK, LinkSyntax.MARKDOWN),
        ("Smile \U0001f600", LinkKind.LINK, LinkSyntax.WIKI),
    ]
    for link in note.links[:-1]:  # each span covers the link's characters in the file
        assert _text_at(text, link.span) == link.raw
        assert link.span.line == 2
    assert _text_at(text, note.links[-1].span) == "[[Smile \\ud83d\\ude00]]"
    assert note.links[0].span.column == text.split("\n")[1].index("[[Alpha]]") + 1
    gamma = note.links[2]
    assert gamma.target_span is not None and _text_at(text, gamma.target_span) == "Gamma#H"


def test_a_text_node_is_read_as_a_note_body_is() -> None:
    """The note tokenizer: code is not a link, a table's bare pipe is a table-pipe finding."""
    body = "`[[Code]]`\n\n```\n[[Fenced]]\n```\n\n| a | b |\n|---|---|\n| [[Note|x]] | y |\n"
    text = _canvas({"id": "a", "type": "text", "text": body})
    note = parse_canvas("B.canvas", text)
    assert [link.path for link in note.links] == []
    assert [f.rule for f in note.findings] == ["table-pipe"]
    assert _text_at(text, note.findings[0].span) == "[[Note|x]]"


def test_file_nodes_name_a_path_with_an_optional_subpath() -> None:
    text = _canvas(
        {"id": "a", "type": "file", "file": "Folder/Note.md", "subpath": "#Heading"},
        {"id": "b", "type": "file", "file": "img.png"},
        {"id": "c", "type": "link", "url": "https://obsidian.md"},
        {"id": "d", "type": "group", "label": "[[Not a link]]"},
    )
    note = parse_canvas("B.canvas", text)
    assert note.findings == ()
    first, second = note.links
    assert (first.path, first.subpath, first.kind, first.syntax) == (
        "Folder/Note.md", "#Heading", LinkKind.LINK, LinkSyntax.CANVAS,
    )
    assert _text_at(text, first.span) == '"Folder/Note.md"'
    assert (second.path, second.subpath) == ("img.png", "")


def test_a_file_node_resolves_its_exact_path_only() -> None:
    """Not by shortest name, not by suffix, not with '.md' added; case-insensitive like the
    exact-path rule of link resolution. Text-node links resolve as a note's do."""
    note = parse_canvas(
        "Boards/B.canvas",
        _canvas(
            {"id": "a", "type": "file", "file": "Note.md"},
            {"id": "b", "type": "file", "file": "deep/folder/note.MD"},
            {"id": "c", "type": "file", "file": "folder/Note.md"},
            {"id": "d", "type": "file", "file": "Deep/Folder/Note"},
            {"id": "e", "type": "text", "text": "[[Note]] [x](../Deep/Folder/Note.md)"},
        ),
    )
    index = LinkIndex(["Deep/Folder/Note.md", "Boards/B.canvas"])
    resolved = resolve_notes({"Boards/B.canvas": note}, index)["Boards/B.canvas"]
    assert [item.target for item in resolved] == [
        None, "Deep/Folder/Note.md", None, None, "Deep/Folder/Note.md", "Deep/Folder/Note.md",
    ]


def test_not_json_is_a_finding_with_the_reason_and_place() -> None:
    # (not a trailing comma: Python 3.13 words that error differently from 3.10-3.12)
    note = parse_canvas("B.canvas", '{\n\t"nodes": [\n\t\t{"id": "a", x}\n\t]\n}')
    assert _problems(note) == [
        (3, 15, "not valid JSON: Expecting property name enclosed in double quotes at line 3, "
         "column 15")
    ]
    assert note.links == ()
    assert [f.rule for f in parse_canvas("B.canvas", '{"x": NaN}').findings] == ["invalid-canvas"]
    assert parse_canvas("B.canvas", "[" * 100_000).findings[0].rule == "invalid-canvas"


def test_an_empty_canvas_is_fine() -> None:
    for text in ("", "  \n", "{}", '{"nodes": [], "edges": []}'):
        assert parse_canvas("B.canvas", text) == Note("B.canvas", parse_canvas("x", "").frontmatter)


def test_shape_problems_are_reported_and_good_nodes_still_count() -> None:
    text = (
        '{"nodes": [\n'
        '{"id": "a", "type": "text"},\n'
        '{"id": "b", "type": "file", "file": 3},\n'
        '{"id": "c", "type": "file", "file": "N.md", "subpath": "H"},\n'
        '{"id": "d", "type": 7},\n'
        '"node",\n'
        '{"id": "e", "type": "text", "text": "[[Kept]]"}\n'
        '], "edges": [1]}'
    )
    note = parse_canvas("B.canvas", text)
    assert _problems(note) == [
        (2, 1, "a text node needs a string 'text'"),
        (3, 37, "a file node needs a string 'file'"),
        (4, 56, "a 'subpath' starts with '#'"),
        (5, 21, "a node needs a string 'type'"),
        (6, 1, "a node must be an object"),
        (8, 14, "an edge must be an object"),
    ]
    assert [(link.path, link.subpath) for link in note.links] == [("N.md", ""), ("Kept", "")]
    assert _problems(parse_canvas("B.canvas", "[]")) == [(1, 1, "a canvas is a JSON object")]
    assert _problems(parse_canvas("B.canvas", '{"nodes": {}}')) == [
        (1, 11, "'nodes' must be a list")
    ]


texts = st.text(  # any text, less what can make the next paragraph code, HTML or math
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="[]`|<$~\\"),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(
    before=texts,
    name=st.text(alphabet="abcXYZ é-", min_size=1, max_size=8).filter(lambda s: s.strip()),
    ascii_only=st.booleans(),
    indent=st.sampled_from([None, "\t", 2]),
)
def test_positions_survive_any_escaping(
    before: str, name: str, ascii_only: bool, indent: str | int | None
) -> None:
    """However the JSON is written (escaped or not, indented or not), a link found in a text
    node points at the link's characters in the file."""
    value = before + "\n\n[[" + name + "]]"
    text = json.dumps(
        {"nodes": [{"id": "n", "type": "text", "text": value}]},
        ensure_ascii=ascii_only,
        indent=indent,
    )
    note = parse_canvas("B.canvas", text)
    links = [link for link in note.links if isinstance(link, Link) and link.raw.endswith("]]")]
    assert links, note
    raw = _text_at(text, links[-1].span)
    assert json.loads('"' + raw + '"') == "[[" + name + "]]"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    note = parse_canvas("B.canvas", text)
    assert all(f.rule != "parser-error" for f in note.findings)
