"""`vaultkit check --fix` on golden vaults: tests/cases/fix/<case>/vault is the input, expected/
the vault after the fix, report.txt what check reports afterwards, args.txt extra options.

Adding a case is adding a folder (VAULTKIT_UPDATE_GOLDEN=1 writes its expected files; read
every one before committing it)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers.golden import check_file, check_tree, tree
from vaultkit.cli import main

CASES = Path(__file__).resolve().parents[2] / "cases" / "fix"


def _fix(vault: Path, case: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    args = (case / "args.txt").read_text().split() if (case / "args.txt").exists() else []
    here = os.getcwd()
    os.chdir(vault.parent)  # paths in the report are relative to the current folder
    try:
        code = main(["check", "vault", "--isolated", "--no-cache", *args, *extra])
    finally:
        os.chdir(here)
    out, err = capsys.readouterr()
    return f"exit {code}\n{out}{err}"


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=str)
def test_fix_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(case / "vault", vault)
    report = _fix(vault, case, capsys, "--fix")
    check_tree(case / "expected", vault)
    check_file(case / "report.txt", report)
    fixed = tree(vault)
    again = _fix(vault, case, capsys, "--fix")
    assert tree(vault) == fixed, "a second --fix changed the vault again"
    assert "fixed" not in again


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=str)
def test_diff_writes_nothing_and_shows_the_fix(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(case / "vault", vault)
    before = tree(vault)
    shown = _fix(vault, case, capsys, "--diff")
    assert tree(vault) == before
    changes = tree(case / "expected") != before
    assert shown.startswith("exit 1" if changes else "exit 0")
    assert ("+++ b/vault/" in shown) == changes


def test_fixable_and_unfixable_choose_the_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(CASES / "deprecated-keys" / "vault", vault)
    shutil.copytree(CASES / "property-links" / "vault", vault, dirs_exist_ok=True)
    config = tmp_path / "vaultkit.toml"
    config.write_text('unfixable = ["VK601"]\n')
    assert main(["check", str(vault), "--fix", "--config", str(config), "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "deprecated-property" in out  # left as it was: unfixable
    assert '"[[Parent]]"' in (vault / "Note.md").read_text()  # the other rule was fixed
    config.write_text('fixable = ["no-such-rule"]\n')
    assert main(["check", str(vault), "--fix", "--config", str(config), "--no-cache"]) == 2
    assert "no-such-rule" in capsys.readouterr().err
