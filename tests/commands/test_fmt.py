"""`vaultkit fmt` through vaultkit.cli.main."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultkit.cli import main


def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "A.md").write_text("---\ntags: '#x'\n---\nSee [[b]].  \r\n", encoding="utf-8")
    (root / "B.md").write_text("# B\n", encoding="utf-8")
    return root


def test_check_diff_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = vault(tmp_path)
    before = (root / "A.md").read_bytes()
    assert main(["fmt", str(root), "--check", "--isolated"]) == 1
    out = capsys.readouterr().out
    assert "would reformat A.md" in out and "B.md" not in out
    assert main(["fmt", str(root), "--diff", "--isolated"]) == 1
    diff = capsys.readouterr().out
    assert "-See [[b]]." in diff and "+See [[B]]." in diff and "+  - x" in diff
    assert (root / "A.md").read_bytes() == before  # --check/--diff write nothing
    assert main(["fmt", str(root), "--isolated"]) == 0
    assert (root / "A.md").read_text(encoding="utf-8") == "---\ntags:\n  - x\n---\nSee [[B]].\n"
    assert main(["fmt", str(root), "--check", "--isolated"]) == 0
    capsys.readouterr()


def test_invalid_front_matter_is_reported_and_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = vault(tmp_path)
    (root / "Bad.md").write_text("---\ncreated: {{date}}\n---\ntext  \n", encoding="utf-8")
    assert main(["fmt", str(root), "--isolated"]) == 0
    assert "Bad.md:2: note left as is: invalid front matter" in capsys.readouterr().err
    assert (root / "Bad.md").read_text(encoding="utf-8") == "---\ncreated: {{date}}\n---\ntext  \n"


def test_a_byte_order_mark_is_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = vault(tmp_path)
    (root / "Bom.md").write_bytes(b"\xef\xbb\xbf---\ntags: x\n---\ntext  \n")
    assert main(["fmt", str(root), "--isolated"]) == 0
    assert (root / "Bom.md").read_bytes() == b"\xef\xbb\xbf---\ntags:\n  - x\n---\ntext\n"
    capsys.readouterr()
