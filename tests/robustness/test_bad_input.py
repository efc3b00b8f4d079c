"""Bad input gets a clear diagnostic with file and line, and the run goes on (issue 7)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.helpers.cli import CheckRunner, by_rule, write

LINKER = "# Hub\n\n[[good]]\n"


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    write(vault / "good.md", "---\ntitle: Good\n---\n# Good\n\n[[hub]]\n")
    write(vault / "hub.md", LINKER)
    return vault


def _only(diagnostics: list[dict[str, object]], rule: str, name: str) -> dict[str, object]:
    hits = [d for d in by_rule(diagnostics, rule) if str(d["path"]).endswith(name)]
    assert len(hits) == 1, (rule, name, diagnostics)
    return hits[0]


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("tabs.md", "---\ntitle: x\n\tbad: 1\n---\nbody\n", 3),
        ("unclosed-quote.md", '---\ntitle: "never closed\nother: 1\n---\nbody\n', 2),
        ("duplicate-key.md", "---\ntitle: a\ntitle: b\n---\nbody\n", 3),
        ("list.md", "---\n- a\n- b\n---\nbody\n", 2),
        ("scalar.md", "---\njust a string\n---\nbody\n", 2),
        ("never-closes.md", "---\ntitle: x\nbody without a closing fence\n", 1),
    ],
)
def test_invalid_front_matter_is_reported_with_its_line(
    tmp_path: Path, run_check: CheckRunner, name: str, text: str, line: int
) -> None:
    vault = _vault(tmp_path)
    write(vault / name, text)
    code, diagnostics, _ = run_check(vault)
    finding = _only(diagnostics, "invalid-yaml", name)
    assert finding["severity"] == "error"
    assert finding["line"] == line
    assert code == 1
    # the run went on: the healthy notes were still checked, and nothing else is wrong with them
    assert not [d for d in diagnostics if str(d["path"]).endswith("good.md")]


def test_billion_laughs_is_rejected_quickly(tmp_path: Path, run_check: CheckRunner) -> None:
    vault = _vault(tmp_path)
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    lines += ["---", "body", ""]
    write(vault / "bomb.md", "\n".join(lines))
    start = time.perf_counter()
    code, diagnostics, _ = run_check(vault)
    assert time.perf_counter() - start < 10
    _only(diagnostics, "invalid-yaml", "bomb.md")
    assert code == 1


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("latin1.md", "line one\ncaf\xe9 au lait\n".encode("latin-1"), 2),
        ("nul.md", b"# Title\n\x00\x01\x02 binary\n", None),
        ("image-named.md", bytes(range(256)) * 4, None),
    ],
)
def test_unreadable_files_are_reported(
    tmp_path: Path, run_check: CheckRunner, name: str, data: bytes, line: int | None
) -> None:
    vault = _vault(tmp_path)
    write(vault / name, data)
    code, diagnostics, _ = run_check(vault)
    finding = _only(diagnostics, "unreadable-file", name)
    assert finding["severity"] == "error"
    if line is not None:
        assert finding["line"] == line
    assert code == 1
    assert (vault / name).read_bytes() == data  # nothing harmed


def test_symlink_outside_the_vault_is_reported_and_never_read(
    tmp_path: Path, run_check: CheckRunner
) -> None:
    vault = _vault(tmp_path)
    secret = write(tmp_path / "outside" / "secret.md", "[[not-in-vault-target]]\n")
    os.symlink(secret, vault / "escape.md")
    os.symlink(tmp_path / "outside", vault / "escape-dir")
    code, diagnostics, _ = run_check(vault)
    hits = [d for d in by_rule(diagnostics, "unreadable-file") if "escape" in str(d["path"])]
    assert hits, diagnostics
    # its content was never read: the link inside it is not reported anywhere
    assert not [d for d in diagnostics if "not-in-vault-target" in str(d["message"])]
    assert code == 1


def test_symlink_loop_is_reported_not_followed(tmp_path: Path, run_check: CheckRunner) -> None:
    vault = _vault(tmp_path)
    (vault / "loop").mkdir()
    os.symlink(vault / "loop", vault / "loop" / "again")
    os.symlink(vault / "self.md", vault / "self.md")
    start = time.perf_counter()
    code, diagnostics, _ = run_check(vault)
    assert time.perf_counter() - start < 10
    assert [d for d in by_rule(diagnostics, "unreadable-file") if "self.md" in str(d["path"])]
    assert code == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_in_the_vault_is_reported_never_opened(
    tmp_path: Path, run_check: CheckRunner
) -> None:
    vault = _vault(tmp_path)
    os.mkfifo(vault / "pipe.md")
    code, diagnostics, _ = run_check(vault)
    assert _only(diagnostics, "unreadable-file", "pipe.md")["message"] == "not a regular file"
    assert code == 1


def test_empty_vault_exits_zero_with_a_message(tmp_path: Path, run_check: CheckRunner) -> None:
    vault = tmp_path / "empty"
    vault.mkdir()
    code, diagnostics, err = run_check(vault)
    assert code == 0
    assert diagnostics == []
    assert "no notes" in err.lower() or "empty" in err.lower()


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_vault_path_that_is_a_file_or_missing_exits_2(
    tmp_path: Path, run_check: CheckRunner, kind: str
) -> None:
    target = tmp_path / "nope"
    if kind == "file":
        write(target, "# not a folder\n")
    code, _, err = run_check(target)
    assert code == 2
    assert str(target.name) in err
