"""Safe file writing: atomic replace, containment checks, no symlink escapes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from vaultkit.errors import UnsafeWriteError

TEMP_SUFFIX = ".vaultkit-tmp"  # every temporary file of an atomic write ends with this


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
    An existing symlink at ``path`` is replaced by the file, never written through.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        mode = _existing_mode(path)
        os.chmod(tmp, 0o644 if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def _existing_mode(path: Path) -> int | None:
    """Permission bits of the regular file at ``path`` (None when absent or not a file)."""
    try:
        st = path.lstat()
    except OSError:
        return None
    return st.st_mode & 0o7777 if not path.is_symlink() and path.is_file() else None


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def temp_leftovers(root: Path) -> list[Path]:
    """Temporary files an interrupted write (a killed process) left below ``root``."""
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        found += [Path(folder) / n for n in sorted(names) if n.endswith(TEMP_SUFFIX)]
    return found
