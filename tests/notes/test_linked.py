"""The one load-index-resolve setup: ignore globs, aliases in the index, the publish flag."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultkit.config import CheckConfig
from vaultkit.notes.linked import load_linked, note_aliases
from vaultkit.notes.note import parse_note


def _vault(tmp_path: Path) -> Path:
    files = {
        "A.md": "[[Bee]] [[b]] [[T]]\n",
        "B.md": "---\nAliases: [Bee, ' ']\n---\n",
        "C.md": "---\naliases: Cee, Sea\n---\n",
        "Templates/T.md": "---\naliases: [Tee]\n---\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_vault_is_loaded_with_the_ignore_globs_and_indexed_with_aliases(
    tmp_path: Path,
) -> None:
    linked = load_linked(_vault(tmp_path), CheckConfig(ignore_globs=("Templates/**",)))
    assert list(linked.vault.notes) == ["A.md", "B.md", "C.md"]
    assert linked.aliases == {"B.md": ("Bee",), "C.md": ("Cee, Sea",)}
    assert linked.index.alias_targets("bee") == ("B.md",)
    assert "Templates/T.md" not in linked.index
    assert not linked.publish
    assert [item.target for item in linked.resolved["A.md"]] == [None, "B.md", None]


@pytest.mark.parametrize(
    ("config", "publish"), [(CheckConfig(publish=True), False), (CheckConfig(), True)],
    ids=["config", "caller"],
)
def test_publish_resolves_a_bare_alias(tmp_path: Path, config: CheckConfig, publish: bool) -> None:
    linked = load_linked(_vault(tmp_path), config, publish=publish)
    assert linked.publish
    assert [item.target for item in linked.resolved["A.md"]] == ["B.md", "B.md", "Templates/T.md"]


def test_note_aliases_leaves_out_notes_without_any() -> None:
    notes = {
        "a.md": parse_note("a.md", "---\ntitle: A\n---\n"),
        "b.md": parse_note("b.md", "---\nALIASES:\n  - One\n  - 2\n  - Two\n---\n"),
        "c.md": parse_note("c.md", "no front matter\n"),
        "d.md": parse_note("d.md", "---\naliases: [' ', 3]\n---\n"),
    }
    assert note_aliases(notes) == {"b.md": ("One", "Two")}
