"""Writing safely: refused targets, symlinks never followed out, no file deleted that we did
not create, nothing written outside the target (issue 7)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import write
from tests.helpers.faults import snapshot, temp_leftovers
from vaultkit.cli import main

CASE = Path(__file__).parents[1] / "cases" / "build" / "basic" / "vault"
SECRET = b"# Secret\n\nnever read, never written [[Hub]]\n"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symlinks")


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(CASE, target)
    return target


def _build(vault: Path, out: Path, *extra: str) -> int:
    return main(["build", str(vault), "--out", str(out), "--isolated", *extra])


# --- build --out refusals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "where",
    ["vault", "inside", "inside-new", "symlink-to-vault", "symlink-to-inside", "parent"],
)
def test_build_refuses_the_vault_and_what_is_inside_it(
    tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    targets = {
        "vault": vault,
        "inside": vault / "Notes",
        "inside-new": vault / "not-yet" / "out",
        "symlink-to-vault": tmp_path / "link",
        "symlink-to-inside": tmp_path / "link",
        "parent": tmp_path,
    }
    if where == "symlink-to-vault":
        os.symlink(vault, tmp_path / "link")
    if where == "symlink-to-inside":
        os.symlink(vault / "Notes", tmp_path / "link")
    before = snapshot(tmp_path)
    assert _build(vault, targets[where]) == 2
    assert "--out" in capsys.readouterr().err
    assert snapshot(tmp_path) == before  # not one byte written anywhere


def test_build_refuses_a_foreign_folder_unless_forced(
    tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "foreign"
    write(foreign / "thesis.md", "# Years of work\n")
    write(foreign / "Notes" / "keep.txt", "mine\n")
    before = snapshot(foreign)
    assert _build(vault, foreign) == 2
    assert "--force" in capsys.readouterr().err
    assert snapshot(foreign) == before
    assert _build(vault, foreign, "--force") == 0
    after = snapshot(foreign)
    assert all(after[rel] == data for rel, data in before.items())  # nothing of theirs lost
    assert "GLOSSARY.md" in after


def test_rebuild_removes_only_its_own_stale_files_and_keeps_hand_edits(
    tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _build(vault, out) == 0
    write(out / "added-by-hand.md", "# Mine\n")
    (vault / "LoRA.md").unlink()
    assert _build(vault, out) == 0
    assert not (out / "LoRA.md").exists()  # ours, stale: removed
    assert (out / "added-by-hand.md").read_bytes() == b"# Mine\n"  # theirs: kept
    edited = out / "DreamBooth.md"
    edited.write_bytes(edited.read_bytes() + b"\nedited in the output\n")
    kept = snapshot(out)
    capsys.readouterr()
    assert _build(vault, out) == 2  # a hand edit is never overwritten without --force
    assert "--force" in capsys.readouterr().err
    assert snapshot(out) == kept


def test_build_never_follows_a_symlink_out_of_the_vault(tmp_path: Path, vault: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "secret.md", SECRET)
    os.symlink(outside / "secret.md", vault / "secret.md")
    os.symlink(outside, vault / "elsewhere")
    before = snapshot(outside)
    out = tmp_path / "out"
    assert _build(vault, out) == 0
    built = snapshot(out)
    assert not any(SECRET in data for data in built.values())
    assert not [rel for rel in built if rel.startswith(("secret", "elsewhere"))]
    assert snapshot(outside) == before


@pytest.mark.parametrize("link", ["GLOSSARY.md", "Notes", "DreamBooth.md"])
def test_rebuild_never_writes_through_a_symlink_in_the_output(
    tmp_path: Path, vault: Path, link: str
) -> None:
    out = tmp_path / "out"
    assert _build(vault, out) == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    moved = outside / link
    shutil.move(str(out / link), str(moved))
    os.symlink(moved, out / link)
    (vault / "DreamBooth.md").write_bytes(b"# DreamBooth\n\nchanged\n")
    write(vault / "Notes" / "New.md", "# New\n")
    before = snapshot(outside)
    assert _build(vault, out) == 2
    assert _build(vault, out, "--force") == 2  # --force never means "write through a symlink"
    assert snapshot(outside) == before
    assert temp_leftovers(tmp_path) == []


# --- fmt ----------------------------------------------------------------------------------------


def test_fmt_never_writes_through_a_symlink_and_leaves_bad_notes_alone(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    outside = tmp_path / "outside"
    messy = b"# Outside\n\n\n\ntrailing   \n"
    write(outside / "note.md", messy)
    write(vault / "a.md", "# A\n\n\n\nsome   text   \n[[b]]\n")
    write(vault / "b.md", "---\ntitle: [unclosed\n---\n\n\n\nbody  \n")
    os.symlink(outside / "note.md", vault / "linked.md")
    bad_before = (vault / "b.md").read_bytes()
    code = main(["fmt", str(vault), "--isolated"])
    assert code in (0, 1, 2)
    assert (outside / "note.md").read_bytes() == messy
    assert (vault / "linked.md").is_symlink()
    assert (vault / "b.md").read_bytes() == bad_before  # cannot be read as YAML: left alone
    assert temp_leftovers(tmp_path) == []


def test_fmt_skips_a_symlinked_note_and_formats_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    write(vault / "real" / "target.md", "# T\n\n\n\ntext   \n")
    os.symlink(vault / "real" / "target.md", vault / "a-link.md")
    write(vault / "z.md", "# Z\n\n\n\nmore   \n")
    assert main(["fmt", str(vault), "--isolated"]) == 0
    assert (vault / "a-link.md").is_symlink()
    assert "a-link.md" in capsys.readouterr().err  # skipped, and said so
    assert (vault / "z.md").read_bytes() == b"# Z\n\n\n\nmore\n"


# --- import -----------------------------------------------------------------------------------

GLOSSARY = """# Alpha Glossary

**Widget**
: A small part. See the Gadget.

**Gadget**
: A clever device.
"""


def _project(root: Path) -> Path:
    write(root / "pyproject.toml", "")
    write(root / "sources" / "a.md", GLOSSARY)
    return root


def _import(root: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(root)
    return main(["import", "sources/a.md", "--into", "vault", "-q"])


def test_import_never_overwrites_or_deletes_a_note_it_did_not_create(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "p")
    mine = b"# Widget\n\nMy own note about widgets, written long ago.\n"
    write(root / "vault" / "Widget.md", mine)
    write(root / "vault" / "Diary.md", "# Diary\n\nDear diary.\n")
    assert _import(root, monkeypatch) == 0
    assert (root / "vault" / "Widget.md").read_bytes() == mine
    ours = [p.name for p in (root / "vault").glob("Widget*.md") if p.name != "Widget.md"]
    assert ours, "the imported Widget went to another name"
    (root / "sources" / "a.md").write_text("# Alpha Glossary\n\n**Gadget**\n: Only this.\n")
    assert _import(root, monkeypatch) == 0
    assert (root / "vault" / "Widget.md").read_bytes() == mine
    assert (root / "vault" / "Diary.md").read_bytes() == b"# Diary\n\nDear diary.\n"


def test_import_never_follows_a_symlinked_note_out_of_the_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "p")
    outside = tmp_path / "outside"
    write(outside / "Widget.md", SECRET)
    (root / "vault").mkdir()
    os.symlink(outside / "Widget.md", root / "vault" / "Widget.md")
    code = _import(root, monkeypatch)
    assert code in (0, 1, 2)
    assert (outside / "Widget.md").read_bytes() == SECRET
    assert (root / "vault" / "Widget.md").is_symlink()
    assert not any(SECRET in data for data in snapshot(root / "vault").values())
    assert temp_leftovers(tmp_path) == []


def test_import_writes_nothing_outside_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "p")
    write(tmp_path / "neighbour" / "n.md", "# N\n")
    before = snapshot(tmp_path, skip=(root,))
    assert _import(root, monkeypatch) == 0
    assert snapshot(tmp_path, skip=(root,)) == before
    changed = set(snapshot(root)) - {"sources/a.md", "pyproject.toml", "sources/"}
    assert all(rel.startswith("vault") or rel == "sources/manifest.json" for rel in changed)


# --- glossary -----------------------------------------------------------------------------------


def test_glossary_never_replaces_a_file_it_did_not_write(
    tmp_path: Path, vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "GLOSSARY.md"
    write(target, "# My own glossary\n")
    assert main(["glossary", str(vault), "-o", str(target), "--isolated"]) == 2
    assert target.read_bytes() == b"# My own glossary\n"
    outside = tmp_path / "outside.md"
    write(outside, "# Outside\n")
    link = tmp_path / "linked.md"
    os.symlink(outside, link)
    assert main(["glossary", str(vault), "-o", str(link), "--isolated"]) == 2
    assert outside.read_bytes() == b"# Outside\n"
    assert "--force" in capsys.readouterr().err
