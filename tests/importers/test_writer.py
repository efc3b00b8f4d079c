"""vaultkit.importers.writer: merging generated notes into existing ones."""

from __future__ import annotations

from vaultkit.importers.writer import merge_body
from vaultkit.notes.sections import end_marker, section


def test_a_section_quoting_its_end_marker_is_replaced_not_a_conflict() -> None:
    old = f"## Source A\n\nThe marker `{end_marker('a')}` closes a section."
    new = "## Source A\n\nNew text."
    merged = merge_body(f"# Term\n\n{section('a', old)}\n\nMy notes.\n", {"a": new}, {"a"})
    assert merged.conflicts == []
    assert merged.text == f"# Term\n\n{section('a', new)}\n\nMy notes.\n"
