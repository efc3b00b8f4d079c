"""`vaultkit mv`: golden moves (tests/cases/mv/<case>: vault/ in, args.txt = OLD and NEW on
two lines, expected/ the vault after, output.txt the plan as --dry-run prints it), refusals,
and all-or-nothing under a failing disk."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.golden import check_file, check_tree, tree
from vaultkit.cli import main

CASES = Path(__file__).resolve().parents[1] / "cases" / "mv"


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def _copy(case: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    vault = tmp_path / "vault"
    shutil.copytree(case / "vault", vault)
    return vault, (case / "args.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=str)
def test_golden_move(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault, (old, new) = _copy(case, tmp_path)
    with inside(vault):
        assert main(["mv", old, new, "--dry-run", "--isolated"]) == 0
        plan = capsys.readouterr().out
        assert main(["mv", old, new, "--isolated"]) == 0
        assert main(["check", ".", "--isolated", "--no-cache", "--select", "unresolved-link"]) == 1
    check_file(case / "output.txt", plan + capsys.readouterr().out)
    check_tree(case / "expected", vault)


def test_json_plan_lists_moves_edits_and_newly_resolved_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault, _ = _copy(CASES / "move-shortest", tmp_path)
    before = tree(vault)
    with inside(vault):
        assert main(["mv", "Projects/Plan.md", "Archive", "--json", "--isolated"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["moves"] == [{"old": "Projects/Plan.md", "new": "Archive/Plan.md"}]
    assert {e["path"] for e in plan["edits"]} >= {"Projects/Notes.md"}
    assert [(n["path"], n["target"]) for n in plan["newly_resolved"]] == [
        ("Index.md", "Archive/Plan.md")
    ]
    assert tree(vault) == before


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("Projects/Plan.md", "Index.md", "already exists"),
        ("Projects/Plan.md", "../outside.md", "outside the vault"),
        ("Projects", "Projects/Sub", "into itself"),
        ("Nope.md", "Other.md", "not a file or folder of the vault"),
        ("Projects/Plan.md", "Projects/plan.md", ""),  # a case-only rename is allowed
        ("Projects/Plan.md", "projects/notes.md", "differs only in case"),
        ("Projects/Plan.md", ".obsidian/Plan.md", "dot-folder"),
    ],
)
def test_moves_that_cannot_work_are_refused_and_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    vault, _ = _copy(CASES / "rename-shortest", tmp_path)
    before = tree(vault)
    with inside(vault):
        code = main(["mv", old, new, "--isolated"])
    err = capsys.readouterr().err
    if not message:
        assert code == 0
        return
    assert code == 2
    assert message in err
    assert tree(vault) == before
    assert not (tmp_path / "outside.md").exists()


def test_a_disk_failure_mid_move_leaves_the_vault_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, (old, new) = _copy(CASES / "folder-shortest", tmp_path)
    before = tree(vault)
    real = os.replace
    calls = 0

    def failing(src: str, dst: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:  # after two notes were rewritten, before the folder moves
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr("vaultkit.edit.commit.os.replace", failing)
    with inside(vault):
        assert main(["mv", old, new, "--isolated"]) == 1
    assert "every file was restored" in capsys.readouterr().err
    assert tree(vault) == before


HEADINGS = Path(__file__).resolve().parents[1] / "cases" / "rename-heading"


@pytest.mark.parametrize("case", sorted(p for p in HEADINGS.iterdir() if p.is_dir()), ids=str)
def test_golden_heading_rename(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault, (note, old, new) = _copy(case, tmp_path)
    with inside(vault):
        assert main(["rename-heading", note, old, new, "--dry-run", "--isolated"]) == 0
        plan = capsys.readouterr().out
        assert main(["rename-heading", note, old, new, "--isolated"]) == 0
        main(["check", ".", "--isolated", "--no-cache"])
    check_file(case / "output.txt", plan + capsys.readouterr().out)
    check_tree(case / "expected", vault)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Head.md", "No such heading", "X"], "has no heading"),
        (["Head.md", "Old Name", " "], "one non-empty line"),
        (["Nope.md", "Old Name", "X"], "not a note of the vault"),
    ],
)
def test_heading_renames_that_cannot_work_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    vault, _ = _copy(HEADINGS / "basic", tmp_path)
    before = tree(vault)
    with inside(vault):
        assert main(["rename-heading", *args, "--isolated"]) == 2
    assert message in capsys.readouterr().err
    assert tree(vault) == before
