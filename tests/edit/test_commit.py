"""All or nothing: a multi-file change either lands whole or leaves every file as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.golden import tree
from vaultkit.edit.commit import FileWrite, commit
from vaultkit.edit.model import FileMove
from vaultkit.edit.source import read_source
from vaultkit.errors import ChangeRefused, WriteFailed
from vaultkit.fsutil import temp_leftovers


def vault(tmp_path: Path) -> Path:
    root = tmp_path / "v"
    for name in ("a.md", "b.md", "c.md"):
        (root / "sub").mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"{name}\n")
    return root


def writes(root: Path) -> dict[str, FileWrite]:
    return {
        name: FileWrite(name, (root / name).read_bytes(), f"new {name}\n".encode())
        for name in ("a.md", "b.md", "c.md")
    }


def test_every_file_is_written_and_moved(tmp_path: Path) -> None:
    root = vault(tmp_path)
    commit(root, writes(root), (FileMove("a.md", "x/y/a.md"),))
    assert (root / "x/y/a.md").read_text() == "new a.md\n"
    assert (root / "c.md").read_text() == "new c.md\n"
    assert not (root / "a.md").exists()
    assert temp_leftovers(root) == []


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4])
def test_a_failure_at_any_step_restores_everything(tmp_path: Path, fail_at: int) -> None:
    import os

    root = vault(tmp_path)
    before = tree(root)
    calls = 0

    def flaky(src: str, dst: str) -> None:
        nonlocal calls
        calls += 1
        if calls == fail_at:
            raise OSError(28, "No space left on device")
        os.replace(src, dst)

    with pytest.raises(WriteFailed):
        commit(root, writes(root), (FileMove("a.md", "x/y/a.md"),), replace=flaky)
    assert tree(root) == before
    assert not (root / "x").exists()
    assert temp_leftovers(root) == []


def test_a_hand_edit_since_the_plan_is_never_overwritten(tmp_path: Path) -> None:
    root = vault(tmp_path)
    planned = writes(root)
    (root / "b.md").write_text("typed by hand\n")
    with pytest.raises(ChangeRefused, match="changed on disk"):
        commit(root, planned)
    assert (root / "a.md").read_text() == "a.md\n"
    assert (root / "b.md").read_text() == "typed by hand\n"


def test_moves_onto_a_file_or_out_of_the_vault_are_refused(tmp_path: Path) -> None:
    root = vault(tmp_path)
    before = tree(root)
    with pytest.raises(ChangeRefused, match="already exists"):
        commit(root, writes(root), (FileMove("a.md", "b.md"),))
    with pytest.raises(ChangeRefused):
        commit(root, {}, (FileMove("a.md", "../outside.md"),))
    assert tree(root) == before
    assert not (tmp_path / "outside.md").exists()


def test_a_source_keeps_its_byte_order_mark_and_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_bytes(b"\xef\xbb\xbfone\r\ntwo\r\n")
    source = read_source(tmp_path, "n.md")
    assert source.text == "one\r\ntwo\r\n"
    assert source.write(source.text.replace("two", "2")).after == b"\xef\xbb\xbfone\r\n2\r\n"


def test_a_file_that_is_not_text_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"ok\n\xff\n")
    with pytest.raises(ChangeRefused, match=r"bad\.md:2"):
        read_source(tmp_path, "bad.md")
