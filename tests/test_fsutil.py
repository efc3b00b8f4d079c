"""vaultkit.fsutil: atomic writes, containment, no symlink escapes."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from vaultkit import fsutil
from vaultkit.errors import UnsafeWriteError
from vaultkit.fsutil import (
    TEMP_SUFFIX,
    atomic_write_bytes,
    atomic_write_text,
    is_within,
    safe_target,
    temp_leftovers,
)


def test_write_creates_folders_and_replaces_keeping_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "note.md"
    atomic_write_text(target, "héllo\n")
    assert target.read_bytes() == "héllo\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    os.chmod(target, 0o600)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert temp_leftovers(tmp_path) == []


@pytest.mark.parametrize("error", [KeyboardInterrupt(), OSError(errno.ENOSPC, "full")])
def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    target = tmp_path / "note.md"
    target.write_bytes(b"old")

    def fail(*_args: object) -> None:
        raise error

    monkeypatch.setattr(fsutil.os, "replace", fail)
    with pytest.raises(type(error)):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.md"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "note.md"
    target.write_bytes(b"old")
    real_fdopen = os.fdopen

    class Broken:
        def __init__(self, fd: int) -> None:
            self.handle = real_fdopen(fd, "wb")

        def __enter__(self) -> Broken:
            return self

        def __exit__(self, *_exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> None:
            self.handle.write(data[:2])
            raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(fsutil.os, "fdopen", lambda fd, *_a: Broken(fd))
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new data")
    assert target.read_bytes() == b"old"
    assert temp_leftovers(tmp_path) == []


def test_a_symlink_is_replaced_never_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"theirs")
    link = tmp_path / "inside" / "link.md"
    link.parent.mkdir()
    link.symlink_to(outside)
    atomic_write_bytes(link, b"ours")
    assert outside.read_bytes() == b"theirs"
    assert not link.is_symlink() and link.read_bytes() == b"ours"


@pytest.mark.parametrize("rel", ["../x.md", "/etc/x.md", "a/../../x.md", "link/x.md", "file-link"])
def test_safe_target_refuses_escapes(tmp_path: Path, rel: str) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "link").symlink_to(tmp_path / "elsewhere")
    (root / "file-link").symlink_to(tmp_path / "elsewhere" / "f")
    with pytest.raises(UnsafeWriteError):
        safe_target(root, rel)


def test_safe_target_and_is_within(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    assert safe_target(root, "a/b.md") == root.resolve() / "a" / "b.md"
    assert is_within(root / "a", root) and is_within(root, root)
    assert not is_within(tmp_path, root)
    (tmp_path / "alias").symlink_to(root)
    assert is_within(tmp_path / "alias" / "x", root)  # judged on real paths


def test_temp_leftovers_finds_interrupted_writes(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    left = tmp_path / "d" / f".note.md.abc{TEMP_SUFFIX}"
    left.write_bytes(b"half")
    (tmp_path / "note.md").write_bytes(b"x")
    assert temp_leftovers(tmp_path) == [left]
