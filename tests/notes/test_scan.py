"""Walking the vault: what is a file, a note, a folder, and which paths are problems."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from vaultkit.notes.scan import scan_vault


def _touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    _touch(vault / "Note.md")
    _touch(vault / "Upper.MD")
    _touch(vault / "img.png")
    _touch(vault / "Sub" / "Deep" / "n.md")
    _touch(vault / ".obsidian" / "app.json")
    _touch(vault / ".git" / "HEAD")
    _touch(vault / ".trash" / "old.md")
    _touch(vault / ".hidden.md")
    _touch(vault / "folder.md" / "inside.md")
    return vault


def test_files_notes_and_folders(tmp_path: Path) -> None:
    scan = scan_vault(_vault(tmp_path))
    assert [f.path for f in scan.files] == [
        "Note.md",
        "Sub/Deep/n.md",
        "Upper.MD",
        "folder.md/inside.md",
        "img.png",
    ]
    assert [f.path for f in scan.files if f.is_markdown] == [
        "Note.md",
        "Sub/Deep/n.md",
        "Upper.MD",
        "folder.md/inside.md",
    ]
    assert scan.folders == frozenset({"Sub", "Sub/Deep", "folder.md"})
    assert scan.problems == ()


def test_vault_file_carries_cache_keys(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    note = next(f for f in scan_vault(vault).files if f.path == "Note.md")
    st = (vault / "Note.md").stat()
    assert (note.size, note.mtime_ns, note.ctime_ns, note.ino) == (
        st.st_size,
        st.st_mtime_ns,
        st.st_ctime_ns,
        st.st_ino,
    )
    assert Path(note.abspath) == vault / "Note.md"


def test_ignore_globs(tmp_path: Path) -> None:
    scan = scan_vault(_vault(tmp_path), ignore=["Sub/*", "*.png"])
    assert [f.path for f in scan.files] == ["Note.md", "Upper.MD", "folder.md/inside.md"]
    assert "Sub" not in scan.folders


def test_dot_files_are_listed_apart_and_only_when_asked(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    _touch(vault / "Sub" / ".cache" / "x.md")
    _touch(vault / ".obsidian" / "workspace.json")
    plain = scan_vault(vault)
    scan = scan_vault(vault, ignore=[".obsidian/work*"], dot_files=True)
    assert plain.dot_files == ()
    # .git and .trash are never listed; ignore globs apply to dot-files too
    assert [f.path for f in scan.dot_files] == [
        ".hidden.md", ".obsidian/app.json", "Sub/.cache/x.md"
    ]
    assert (scan.files, scan.folders, scan.problems) == (plain.files, plain.folders, plain.problems)


def test_nfd_names_are_kept_as_stored(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    nfd = unicodedata.normalize("NFD", "Café crème.md")
    _touch(vault / nfd)
    (found,) = scan_vault(vault).files
    assert found.path == nfd and found.path != unicodedata.normalize("NFC", nfd)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_a_problem_and_never_opened(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    os.mkfifo(vault / "pipe.md")
    scan = scan_vault(vault)
    assert "pipe.md" not in [f.path for f in scan.files]
    assert [(p.path, p.rule, p.message) for p in scan.problems] == [
        ("pipe.md", "unreadable-file", "not a regular file")
    ]


symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="posix")


@symlinks
def test_symlink_inside_is_followed_under_its_own_path(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    target = _touch(vault / "real" / "target.md", "[[hub]]")
    os.symlink(target, vault / "alias-of-target.md")
    os.symlink(vault / "real", vault / "linked-folder")
    scan = scan_vault(vault)
    by_path = {f.path: f for f in scan.files}
    assert Path(by_path["alias-of-target.md"].abspath) == target.resolve()
    assert "linked-folder/target.md" in by_path
    assert "linked-folder" in scan.folders
    assert scan.problems == ()


@symlinks
def test_symlink_outside_is_a_problem_and_never_read(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    secret = _touch(tmp_path / "outside" / "secret.md")
    os.symlink(secret, vault / "escape.md")
    os.symlink(tmp_path / "outside", vault / "escape-dir")
    scan = scan_vault(vault)
    assert not [f for f in scan.files if "escape" in f.path]
    problems = {p.path: p for p in scan.problems}
    assert set(problems) == {"escape.md", "escape-dir"}
    for problem in problems.values():
        assert problem.rule == "unreadable-file"
        assert "outside the vault" in problem.message
        assert (problem.span.line, problem.span.column) == (1, 1)


@symlinks
def test_loops_and_broken_links_are_problems(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    (vault / "loop").mkdir()
    os.symlink(vault / "loop", vault / "loop" / "again")
    os.symlink(vault / "self.md", vault / "self.md")
    os.symlink(vault / "missing.md", vault / "broken.md")
    (vault / "a").mkdir()
    (vault / "b").mkdir()
    os.symlink(vault / "b", vault / "a" / "to-b")
    os.symlink(vault / "a", vault / "b" / "to-a")
    scan = scan_vault(vault)
    messages = {p.path: p.message for p in scan.problems}
    assert "loop" in messages["loop/again"]
    assert "loop" in messages["self.md"]
    assert "broken" in messages["broken.md"]
    assert any("to-a" in path or "to-b" in path for path in messages)
    assert len(scan.files) < 50


def test_the_stat_slice_is_the_stat_key() -> None:
    from vaultkit.notes.scan import STAT, VaultFile

    assert VaultFile._fields[STAT] == ("size", "mtime_ns", "ctime_ns", "ino")
