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


@pytest.mark.parametrize("key", ["aliases", "Aliases"])
def test_a_single_alias_written_as_a_string_is_kept(key: str) -> None:
    text = _merge(f"---\ntitle: Widget\n{key}: My widget, the blue one\n---\n# Widget\n")
    data = parse_frontmatter(text).data
    assert data is not None
    assert data["aliases"] == ["Gizmo", "My widget, the blue one"]
    assert "Aliases" not in data
