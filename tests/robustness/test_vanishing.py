"""Files that vanish, turn into folders or change under vaultkit's feet during a run (issue 7).

The scan is wrapped so that, right after it listed the vault, one note is changed on disk;
every command must then report that note and carry on with the rest. Notes are parsed in this
process (one job), so the parser meets the note as changed, and the test can see it do so.

Exit codes (README, "Bad notes in a vault"): ``check`` exits 1, an ``unreadable-file`` finding
being an error; ``fmt`` and ``build`` print a warning and exit 0, their job (the rest) being done.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli import CheckRunner, by_rule, write
from tests.helpers.faults import snapshot, temp_leftovers
from vaultkit.cli import main
from vaultkit.compile import build as build_module
from vaultkit.lint import engine as check_module
from vaultkit.notes import vault as vault_module
from vaultkit.notes.model import Note, RawFinding
from vaultkit.notes.scan import VaultFile

Mutation = Callable[[Path], None]


def _vanish(path: Path) -> None:
    path.unlink()


def _becomes_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _becomes_binary(path: Path) -> None:
    path.write_bytes(b"\x00\x01binary now")


MUTATIONS = {"vanished": _vanish, "folder": _becomes_folder, "binary": _becomes_binary}
MESSAGES = {  # what vaultkit says about the note, per mutation
    "vanished": "the file vanished while vaultkit was reading the vault",
    "folder": "not a regular file (a pipe or device?)",
    "binary": "binary file (it contains a NUL byte), not text",
    "fifo": "not a regular file (a pipe or device?)",
}
EXIT = {"check": 1, "fmt": 0, "build": 0}  # whatever the mutation


class FifoGuard:
    """Turns the note into a named pipe; whenever a reader blocks on it for more than
    ``patience`` seconds, opens the write end so the reader sees end-of-file and the test ends."""

    def __init__(self, patience: float = 1.0) -> None:
        self.patience = patience
        self.blocked = False
        self.done = threading.Event()

    def __call__(self, path: Path) -> None:
        path.unlink()
        os.mkfifo(path)
        threading.Thread(target=self._unblock, args=(path,), daemon=True).start()

    def _unblock(self, path: Path) -> None:
        if self.done.wait(self.patience):
            return
        while not self.done.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader (ENXIO) or gone: nothing is stuck on it yet
                if self.done.wait(0.05):
                    return
                continue
            self.blocked = True
            os.close(fd)
            if self.done.wait(self.patience):
                return


@pytest.fixture(autouse=True)
def parsed_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every command parses its notes in this process (the loader's default is one job per
    core); returns the paths of the notes parsed here, in order."""
    monkeypatch.setattr(vault_module, "_default_jobs", lambda: 1)
    real = vault_module.parse_file
    seen: list[str] = []

    def parse_file(vault_file: VaultFile) -> Note | RawFinding:
        seen.append(vault_file.path)
        return real(vault_file)

    monkeypatch.setattr(vault_module, "parse_file", parse_file)
    return seen


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    write(root / "hub.md", "# Hub\n\n[[good]] [[victim]]\n")
    write(root / "good.md", "# Good\n\n[[hub]]\n")
    write(root / "victim.md", "# Victim\n\n[[hub]]\n")
    return root


def _after_scan(monkeypatch: pytest.MonkeyPatch, target: Path, mutate: Mutation) -> None:
    original = vault_module.scan_vault
    done: list[bool] = []

    def scan_then_mutate(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if not done and target.is_file() and not target.is_symlink():
            done.append(True)
            mutate(target)
        return result

    # the vault is listed by load_vault, or once by check_path for both its cache key and load,
    # or once by the build for its notes and the files it copies
    monkeypatch.setattr(vault_module, "scan_vault", scan_then_mutate)
    monkeypatch.setattr(check_module, "scan_vault", scan_then_mutate)
    monkeypatch.setattr(build_module, "scan_vault", scan_then_mutate)


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_check_reports_a_file_that_changed_during_the_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_check: CheckRunner,
    parsed_here: list[str],
    kind: str,
) -> None:
    root = _vault(tmp_path)
    _after_scan(monkeypatch, root / "victim.md", MUTATIONS[kind])
    code, diagnostics, err = run_check(root)
    assert "Traceback" not in err and "internal error" not in err
    assert "victim.md" in parsed_here
    hits = [d for d in by_rule(diagnostics, "unreadable-file") if d["path"].endswith("victim.md")]
    assert len(hits) == 1, diagnostics
    assert (hits[0]["line"], hits[0]["message"]) == (1, MESSAGES[kind])
    assert code == EXIT["check"]
    assert not [d for d in diagnostics if d["path"].endswith("good.md")]  # the run went on


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
@pytest.mark.parametrize("command", ["fmt", "build"])
def test_writers_carry_on_when_a_file_changes_during_the_run(  # noqa: PLR0917 - fixtures
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    parsed_here: list[str],
    kind: str,
    command: str,
) -> None:
    root = _vault(tmp_path)
    write(root / "messy.md", "# Messy\n\ntrailing   \n[[hub]]")
    _after_scan(monkeypatch, root / "victim.md", MUTATIONS[kind])
    out = tmp_path / "out"
    args = ["fmt", str(root)] if command == "fmt" else ["build", str(root), "--out", str(out)]
    code = main([*args, "--isolated"])
    err = capsys.readouterr().err
    assert "internal error" not in err, err
    assert "victim.md" in parsed_here
    assert f"vaultkit: warning: victim.md:1: {MESSAGES[kind]}\n" in err, err
    assert code == EXIT[command], err
    messy = (tmp_path / "out" / "messy.md") if command == "build" else root / "messy.md"
    assert messy.read_bytes() == b"# Messy\n\ntrailing\n[[hub]]\n"  # the rest was done
    assert temp_leftovers(tmp_path) == []
    if command == "build":  # a binary file is copied unchanged; what is not a file is not
        built = snapshot(tmp_path / "out").get("victim.md")
        assert built == (b"\x00\x01binary now" if kind == "binary" else None)




@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize(
    "command",
    ["check", "fmt", "build"],
)
def test_a_note_that_becomes_a_named_pipe_does_not_hang_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    parsed_here: list[str], command: str,
) -> None:
    root = _vault(tmp_path)
    guard = FifoGuard()
    _after_scan(monkeypatch, root / "victim.md", guard)
    args = {
        "check": ["check", str(root), "--format", "json"],
        "fmt": ["fmt", str(root)],
        "build": ["build", str(root), "--out", str(tmp_path / "out")],
    }[command]
    try:
        code = main([*args, "--isolated"])
    finally:
        guard.done.set()
    assert not guard.blocked, "vaultkit blocked reading a named pipe"
    assert "victim.md" in parsed_here
    captured = capsys.readouterr()
    assert MESSAGES["fifo"] in captured.out + captured.err
    assert "victim.md" in captured.out + captured.err
    assert code == EXIT[command], captured.err
