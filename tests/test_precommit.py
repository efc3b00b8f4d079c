"""The hooks in .pre-commit-hooks.yaml, driven through the real `pre-commit try-repo`.

The hook repository is a copy of the project committed in a temporary git repository, so the
test never depends on the state of the working tree's own git index. pre-commit installs vaultkit
from it into its own environment (dependencies from PyPI) once per session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE")

pytestmark = pytest.mark.slow  # the first hook install takes ~30-60 s (pip from PyPI)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=_env(cwd)
    )
    return done.stdout


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="vaultkit tests",
        GIT_AUTHOR_EMAIL="tests@vaultkit.invalid",
        GIT_COMMITTER_NAME="vaultkit tests",
        GIT_COMMITTER_EMAIL="tests@vaultkit.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    return env


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed copy of the project: what `repo:` would point at."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_FILES:
        if (PROJECT / name).exists():
            shutil.copy2(PROJECT / name, repo / name)
    shutil.copytree(
        PROJECT / "vaultkit", repo / "vaultkit", ignore=shutil.ignore_patterns("__pycache__")
    )
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hooks")
    return repo


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Path]:
    """A repository holding a small, clean vault under vault/ (named by pyproject.toml)."""
    repo = tmp_path / "work"
    (repo / "vault").mkdir(parents=True)
    (repo / "pyproject.toml").write_text('[tool.vaultkit]\nvault = "vault"\n')
    notes = {
        "Alpha.md": "---\ntitle: Alpha\n---\n# Alpha\n\nSee [[Beta]] and [[Gamma#Usage]].\n",
        "Beta.md": "# Beta\n\nBack to [[Alpha]].\n",
        "Gamma.md": "# Gamma\n\n## Usage\n\nUsed by [[Alpha]] and [[Beta]].\n",
    }
    for name, text in notes.items():
        (repo / "vault" / name).write_text(text)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "vault")
    yield repo


def try_hook(
    work: Path, hook_repo: Path, home: Path, hook: str = "vaultkit-check"
) -> tuple[int, str]:
    """Stage everything and run the hook as a commit would; (exit code, output)."""
    git(work, "add", "-A")
    env = _env(work)
    env["PRE_COMMIT_HOME"] = str(home)
    env["VAULTKIT_CACHE_DIR"] = str(home / "vaultkit-cache")
    env["VIRTUALENV_OVERRIDE_APP_DATA"] = str(home / "virtualenv")  # not ~/.cache/virtualenv
    env.pop("PRE_COMMIT", None)
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--color", "never"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def commit(work: Path) -> None:
    git(work, "commit", "-q", "--no-verify", "-m", "change")


def test_clean_vault_passes(work: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    (work / "vault" / "Beta.md").write_text("# Beta\n\nBack to [[Alpha]], edited.\n")
    code, out = try_hook(work, hook_repo, pre_commit_home)
    assert code == 0, out
    assert "vaultkit check" in out and "Passed" in out


def test_broken_link_fails_then_fix_passes(
    work: Path, hook_repo: Path, pre_commit_home: Path
) -> None:
    note = work / "vault" / "Delta.md"
    note.write_text("# Delta\n\nSee [[Alpha]] and [[Nowhere]].\n")
    code, out = try_hook(work, hook_repo, pre_commit_home)
    assert code == 1, out
    assert "Failed" in out
    assert "Delta.md:3:" in out and "[[Nowhere]]" in out and "unresolved-link" in out

    note.write_text("# Delta\n\nSee [[Alpha]] and [[Beta]].\n")
    code, out = try_hook(work, hook_repo, pre_commit_home)
    assert code == 0, out


@pytest.mark.parametrize("also_edit", [False, True], ids=["delete-only", "delete-and-edit"])
def test_deleting_a_linked_note_fails(
    work: Path, hook_repo: Path, pre_commit_home: Path, also_edit: bool
) -> None:
    (work / "vault" / "Beta.md").unlink()
    if also_edit:  # the only staged file pre-commit would pass is one that is fine
        (work / "vault" / "Gamma.md").write_text("# Gamma\n\n## Usage\n\nUsed by [[Alpha]].\n")
    code, out = try_hook(work, hook_repo, pre_commit_home)
    assert code == 1, out
    assert "Alpha.md:6:" in out and "[[Beta]]" in out and "unresolved-link" in out
