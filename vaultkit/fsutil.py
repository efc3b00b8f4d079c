"""Safe file writing: atomic replace, containment checks, no symlink escapes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from vaultkit.errors import UnsafeWriteError


def is_within(path: Path, root: Path) -> bool:
    """True when ``path`` (resolved) is ``root`` (resolved) or lies below it."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def safe_target(root: Path, relpath: str) -> Path:
    """The real path of ``root/relpath``; refuses anything that would land outside ``root``.

    Refuses absolute or '..' paths and any existing symlink on the way (including the file).
    """
    rel = Path(relpath)
    if rel.is_absolute() or ".." in rel.parts:
        raise UnsafeWriteError(f"refusing to write outside {root}: {relpath}")
    real_root = root.resolve()
    current = real_root
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            raise UnsafeWriteError(f"refusing to write through a symlink: {current}")
    if not is_within(current, real_root):
        raise UnsafeWriteError(f"refusing to write outside {root}: {relpath}")
    return current


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    A crash or Ctrl-C at any moment leaves either the old file or the new one, never a mix.
    No fsync: a bulk build of 10,000 notes would spend most of its time waiting on the disk,
    and rename-over-existing is already ordered after the data on the filesystems we target.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".vaultkit-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
