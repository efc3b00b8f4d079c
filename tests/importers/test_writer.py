"""vaultkit.importers.writer: merging generated notes into existing ones."""

from __future__ import annotations

import pytest

from vaultkit.importers.render import TERM_KEYS
from vaultkit.importers.writer import merge_body, merge_note
from vaultkit.notes.frontmatter import parse_frontmatter
from vaultkit.notes.sections import end_marker, section

NEW: dict[str, object] = {
    "title": "Widget",
    "type": "term",
    "aliases": ["Gizmo"],
    "tags": ["tools"],
    "sources": ["[[Alpha]]"],
}
SECTION = section("alpha", "## Alpha\n\nA small part.")


def _merge(existing: str) -> str:
    return merge_note(existing, NEW, TERM_KEYS, "Widget", {"alpha": "## Alpha\n\nA small part."},
                      {"alpha"}).text


def test_a_section_quoting_its_end_marker_is_replaced_not_a_conflict() -> None:
    old = f"## Source A\n\nThe marker `{end_marker('a')}` closes a section."
    new = "## Source A\n\nNew text."
    merged = merge_body(f"# Term\n\n{section('a', old)}\n\nMy notes.\n", {"a": new}, {"a"})
    assert merged.conflicts == []
    assert merged.text == f"# Term\n\n{section('a', new)}\n\nMy notes.\n"


USER_KEYS = """answer: no
date: 2024-01-01
version: 1.10
not-ours:
  nested: {a: 1, b: [x, 'y']}
quoted: 'it''s "here"'
double: "tab\\there"
"""


def test_keys_a_person_added_keep_their_bytes_and_values() -> None:
    text = _merge(f"---\ntitle: Widget\n{USER_KEYS}type: term\n---\n# Widget\n\n{SECTION}\n")
    assert text.startswith("---\ntitle: Widget\ntype: term\naliases:\n  - Gizmo\n")
    assert f"  - \"[[Alpha]]\"\n{USER_KEYS}---\n# Widget\n" in text
    data = parse_frontmatter(text).data
    assert data is not None
    assert (data["answer"], data["date"], data["version"]) == ("no", "2024-01-01", 1.1)
    assert data["not-ours"] == {"nested": {"a": 1, "b": ["x", "y"]}}
    assert (data["quoted"], data["double"]) == ("it's \"here\"", "tab\there")


def test_aliases_and_tags_a_person_added_are_read_as_check_reads_them() -> None:
    existing = (
        "---\ntitle: Widget\ntype: term\naliases:\n  - Gizmo\n  - no\n  - 2024-01-01\n"
        "  - on\n  - ' padded '\ntags:\n  - yes\n  - 12\n---\n# Widget\n"
    )
    data = parse_frontmatter(_merge(existing)).data
    assert data is not None
    assert data["aliases"] == ["Gizmo", "no", "2024-01-01", "on", "padded"]
    assert data["tags"] == ["tools", "yes"]


@pytest.mark.parametrize("key", ["aliases", "Aliases"])
def test_a_single_alias_written_as_a_string_is_kept(key: str) -> None:
    text = _merge(f"---\ntitle: Widget\n{key}: My widget, the blue one\n---\n# Widget\n")
    data = parse_frontmatter(text).data
    assert data is not None
    assert data["aliases"] == ["Gizmo", "My widget, the blue one"]
    assert "Aliases" not in data


@pytest.mark.parametrize(
    ("existing", "body"),
    [
        ("---\ntitle: Widget\nmine: 1\n--- \n# Widget\n", "# Widget"),
        ("---\ntitle: Widget\nmine: 1\n---", ""),
        ("---\r\ntitle: Widget\r\nmine: 1\r\n---\r\n# Widget\r\n", "# Widget"),
        ("---\rtitle: Widget\rmine: 1\r---\r# Widget\r", "# Widget\r"),  # CR: a line break
        ("---\n---\n# Widget\n", "# Widget"),
    ],
)
def test_the_front_matter_block_is_split_as_obsidian_splits_it(existing: str, body: str) -> None:
    text = _merge(existing)
    fm = parse_frontmatter(text)
    assert text[fm.body_offset :] == f"{body}\n\n{SECTION}\n"
    assert fm.data is not None and fm.data["title"] == "Widget"
    assert fm.data.get("mine", 1) == 1


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("title: Widget\nmine: 1\nmine: 2", "invalid YAML: duplicate key 'mine'"),
        ("- a list", "front matter is not a YAML mapping"),
        ("~", "front matter is not a YAML mapping"),
    ],
)
def test_front_matter_check_cannot_read_is_not_rewritten(front: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        _merge(f"---\n{front}\n---\n# Widget\n")
