"""Idempotence and safety: hand edits survive, conflicts are reported, writes stay inside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vaultkit.cli import main
from vaultkit.errors import UnsafeWriteError
from vaultkit.importers import import_sources

GLOSSARY_A = """# Alpha Glossary

**Widget**
: A small part. See the Gadget.

**Gadget**
: A clever device.
"""

GLOSSARY_B = """# Beta Glossary

| Term | Meaning |
|------|---------|
| **Widget** | Beta's view of a widget. |
| **Sprocket** | A toothed wheel. |
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.md").write_text(GLOSSARY_A, encoding="utf-8")
    (tmp_path / "sources" / "b.md").write_text(GLOSSARY_B, encoding="utf-8")
    return tmp_path


def _import(root: Path, *names: str, dry_run: bool = False) -> object:
    return import_sources(
        [root / "sources" / n for n in names], root / "vault", root=root, dry_run=dry_run
    )


def test_merge_and_attribution(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _import(root, "a.md", "b.md")
    widget = (root / "vault" / "Widget.md").read_text(encoding="utf-8")
    assert "## Alpha Glossary" in widget and "## Beta Glossary" in widget
    assert '  - "[[Alpha Glossary]]"\n  - "[[Beta Glossary]]"' in widget
    assert "See the [[Gadget]]." in widget
    manifest = (root / "vault" / ".vaultkit" / "sources.json").read_text(encoding="utf-8")
    assert '"file": "../sources/a.md"' in manifest and str(root) not in manifest
    assert not (root / "sources" / "manifest.json").exists()


def test_user_text_and_keys_survive_reimport(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _import(root, "a.md", "b.md")
    note = root / "vault" / "Widget.md"
    text = note.read_text(encoding="utf-8")
    text = text.replace("type: term\n", "type: term\nmy-rating: 5\n")
    text += "\nMy own notes  \nwith a hard break.\n"
    note.write_text(text, encoding="utf-8")
    (root / "sources" / "b.md").write_text(
        GLOSSARY_B.replace("Beta's view", "Beta's new view"), encoding="utf-8"
    )
    report = import_sources([], root / "vault", root=root)
    assert [c.path for c in report.changes if c.action == "update"] == ["Widget.md"]
    after = note.read_text(encoding="utf-8")
    assert "my-rating: 5" in after
    assert "My own notes  \nwith a hard break.\n" in after
    assert "Beta's new view of a widget." in after
    alpha = text.split("%% vaultkit:begin source=alpha")[1].split("%% vaultkit:end")[0]
    assert alpha in after  # the other source's section is untouched


def test_a_renamed_note_keeps_its_name_when_its_front_matter_reads_in_obsidian(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    _import(root, "a.md", "b.md")
    vault = root / "vault"
    text = (vault / "Widget.md").read_text(encoding="utf-8")
    (vault / "Widget.md").unlink()
    edited = text.replace("\n---\n", "\nmine: 1\n---  \n", 1)  # the fence closes all the same
    (vault / "My widget.md").write_text(edited, encoding="utf-8")
    report = import_sources([], vault, root=root)
    assert sorted((c.path, c.action) for c in report.changes) == [
        ("My widget.md", "update"),
        ("Sources/Alpha Glossary.md", "update"),  # links to the note's new name
        ("Sources/Beta Glossary.md", "update"),
    ]
    assert (vault / "My widget.md").read_text(encoding="utf-8") == edited.replace("---  ", "---")
    assert not (vault / "Widget.md").exists()


def test_edited_section_is_a_conflict_and_is_kept(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _import(root, "a.md", "b.md")
    note = root / "vault" / "Gadget.md"
    edited = note.read_text(encoding="utf-8").replace("A clever device.", "A very clever device.")
    note.write_text(edited, encoding="utf-8")
    (root / "sources" / "a.md").write_text(
        GLOSSARY_A.replace("A clever", "An ingenious"), encoding="utf-8"
    )
    report = import_sources([], root / "vault", root=root)
    assert report.exit_code == 1
    assert any(c.action == "conflict" and c.path == "Gadget.md" for c in report.changes)
    assert note.read_text(encoding="utf-8") == edited


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    report = _import(root, "a.md", dry_run=True)
    assert not (root / "vault").exists()
    assert not (root / "sources" / "manifest.json").exists()
    assert not (root / "vault" / ".vaultkit").exists()
    assert {c.action for c in report.changes} == {"create"}  # type: ignore[attr-defined]


def test_removed_term_note_is_deleted_only_when_untouched(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _import(root, "a.md", "b.md")
    sprocket = root / "vault" / "Sprocket.md"
    sprocket.write_text(sprocket.read_text(encoding="utf-8") + "\nMine.\n", encoding="utf-8")
    (root / "sources" / "b.md").write_text(
        GLOSSARY_B.replace("| **Sprocket** | A toothed wheel. |\n", ""), encoding="utf-8"
    )
    (root / "sources" / "a.md").write_text(
        GLOSSARY_A.replace("**Gadget**\n: A clever device.\n", ""), encoding="utf-8"
    )
    import_sources([], root / "vault", root=root)
    assert not (root / "vault" / "Gadget.md").exists()
    kept = sprocket.read_text(encoding="utf-8")
    assert "Mine." in kept and "vaultkit:begin source=beta" not in kept


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_symlink_out_of_the_vault_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "vault").mkdir()
    (root / "vault" / "Sources").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafeWriteError):
        _import(root, "a.md")
    assert list(outside.iterdir()) == []
    # every target is checked before the first write: not even the safe term notes are written
    assert [p.name for p in (root / "vault").iterdir()] == ["Sources"]


def test_cli_exit_codes_and_diff(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    assert main(["import", "sources/a.md", "--into", "vault", "--dry-run", "--diff"]) == 0
    out = capsys.readouterr().out
    assert "+++ b/Widget.md" in out and "create vault/Widget.md" in out
    assert main(["import", "sources/a.md", "--into", "vault", "-q"]) == 0
    assert main(["import", "--into", "vault", "-q"]) == 0  # manifest re-import, no change
    assert "files changed: nothing" in capsys.readouterr().out
    assert main(["import", "missing.md", "--into", "vault"]) == 2
    assert main(["import", "sources/a.md", "--diff"]) == 2
    (root / "sources" / "c.md").write_text(
        "# C\n\n**Lonely**\n\n**Pair**\n: has text.\n", encoding="utf-8"
    )
    assert main(["import", "sources/c.md", "--into", "vault", "-q"]) == 1
    unplaced = (root / "vault" / "_unplaced").iterdir()
    assert "**Lonely**" in next(unplaced).read_text(encoding="utf-8")


def test_renaming_a_source_in_the_manifest_moves_its_note(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _import(root, "a.md", "b.md")
    manifest = root / "vault" / ".vaultkit" / "sources.json"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            '"title": "Alpha Glossary"', '"title": "Alpha Terms"'
        ),
        encoding="utf-8",
    )
    import_sources([], root / "vault", root=root)
    assert not (root / "vault" / "Sources" / "Alpha Glossary.md").exists()
    assert (root / "vault" / "Sources" / "Alpha Terms.md").exists()
    from tests.helpers.vaultlinks import check_vault

    assert check_vault(root / "vault") == ([], [])
