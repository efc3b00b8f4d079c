"""A change written to disk all or nothing: every file edited and every path moved, or none.

The plan is checked first (each file still holds exactly the bytes it was planned from, so a
hand edit made meanwhile is never overwritten; every path lies inside the vault; no move
target exists). New contents are then staged as temporary files beside their targets, and only
when all are staged does anything replace a file. A failure after that point undoes what was
done, in reverse: moves moved back, folders made removed, replaced files written back.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from vaultkit.edit.model import FileMove
from vaultkit.errors import ChangeRefused, UnsafeWriteError, WriteFailed
from vaultkit.fsutil import TEMP_SUFFIX, safe_target


@dataclass(frozen=True)
class FileWrite:
    """New bytes for one existing file, with the bytes they were planned from."""

    path: str  # vault-relative, before any move
    before: bytes
    after: bytes


def commit(
    root: Path,
    writes: Mapping[str, FileWrite],
    moves: tuple[FileMove, ...] = (),
    *,
    replace: Callable[[str, str], None] | None = None,
) -> None:
    """Write ``writes`` and make ``moves`` under ``root``: all, or (on any error) none.

    ``replace`` is ``os.replace``; tests pass a failing one to check the undo."""
    replace = replace or os.replace
    targets = {rel: _inside(root, rel) for rel in writes}
    for rel, write in writes.items():
        try:
            current = targets[rel].read_bytes()
        except OSError as exc:
            raise ChangeRefused(f"{rel}: cannot read it again before writing: {exc}") from None
        if current != write.before:
            raise ChangeRefused(f"{rel}: changed on disk since it was read; nothing was written")
    planned_moves = _check_moves(root, moves)
    staged: dict[str, str] = {}
    try:
        for rel, write in writes.items():
            staged[rel] = _stage(targets[rel], write.after)
    except OSError as exc:
        _discard(staged.values())
        raise WriteFailed(f"cannot write a temporary file: {exc}; nothing was changed") from None
    done: list[str] = []
    moved: list[tuple[Path, Path]] = []
    made: list[Path] = []
    try:
        for rel in writes:
            replace(staged[rel], str(targets[rel]))
            done.append(rel)
        for old, new in planned_moves:
            made.extend(_make_parents(new.parent))
            replace(str(old), str(new))
            moved.append((old, new))
    except OSError as exc:
        _discard(staged[rel] for rel in writes if rel not in done)
        problems = _undo(targets, writes, done, moved, made)
        detail = "; the undo also failed: " + "; ".join(problems) if problems else ""
        raise WriteFailed(f"the change failed ({exc}); every file was restored{detail}") from None


def _inside(root: Path, rel: str) -> Path:
    try:
        return safe_target(root, rel)
    except UnsafeWriteError as exc:
        raise ChangeRefused(str(exc)) from None


def _check_moves(root: Path, moves: tuple[FileMove, ...]) -> list[tuple[Path, Path]]:
    out = []
    for move in moves:
        old, new = _inside(root, move.old), _inside(root, move.new)
        if not old.exists():
            raise ChangeRefused(f"{move.old}: not found")
        if new.exists() and not _same_file_other_case(old, new):
            raise ChangeRefused(f"{move.new}: already exists; nothing was changed")
        out.append((old, new))
    return out


def _same_file_other_case(old: Path, new: Path) -> bool:
    """A case-only rename on a case-insensitive file system: the 'existing' target is OLD."""
    try:
        return old.samefile(new) and old.name != new.name
    except OSError:
        return False


def _stage(target: Path, data: bytes) -> str:
    import tempfile  # noqa: PLC0415  (only a change that writes pays for it)

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, target.stat().st_mode & 0o7777)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _discard(paths: Iterable[str]) -> None:
    for tmp in paths:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return what was made, outermost first."""
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _undo(
    targets: Mapping[str, Path],
    writes: Mapping[str, FileWrite],
    done: list[str],
    moved: list[tuple[Path, Path]],
    made: list[Path],
) -> list[str]:
    """Put back what was done (with the real os.replace, whatever failed before)."""
    problems: list[str] = []
    for old, new in reversed(moved):
        try:
            os.replace(new, old)
        except OSError as exc:
            problems.append(f"{new} -> {old}: {exc}")
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()
    for rel in reversed(done):
        try:
            tmp = _stage(targets[rel], writes[rel].before)
            os.replace(tmp, targets[rel])
        except OSError as exc:
            problems.append(f"{rel}: {exc}")
    return problems
