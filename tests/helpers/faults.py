"""Helpers for the write-safety and fault tests: tree snapshots and a fault injector.

The injector counts every operation that changes the file system (opening a file for
writing, creating a file through ``os.open``, ``os.replace``/``os.rename``, ``os.unlink``,
``os.rmdir``, ``os.mkdir``, ``shutil.rmtree``) and raises a chosen exception just before
operation number ``fail_at``. It fires once: the code under test may then clean up, as it
would after a real Ctrl-C or a full disk.
"""

from __future__ import annotations

import builtins
import io
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

Tree = dict[str, bytes]

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def snapshot(root: Path, *, skip: tuple[Path, ...] = ()) -> Tree:
    """Every file and symlink below ``root`` (relative POSIX path -> bytes or link target).

    Symlinks are recorded by their target and never followed; folders by a marker so an
    empty folder that appears or vanishes is noticed too.
    """
    found: Tree = {}
    skipped = {s.resolve() for s in skip}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() not in skipped)
        rel = here.relative_to(root).as_posix()
        if rel != ".":
            found[rel + "/"] = b"<dir>"
        for name in sorted(files) + [d for d in dirs if (here / d).is_symlink()]:
            path = here / name
            key = (here.relative_to(root) / name).as_posix()
            if path.is_symlink():
                found[key] = b"<link>" + os.readlink(path).encode()
            else:
                found[key] = path.read_bytes()
    return found


def files_only(tree: Tree) -> Tree:
    return {k: v for k, v in tree.items() if not k.endswith("/")}


def temp_leftovers(root: Path) -> list[str]:
    """Names that look like an interrupted atomic write or staging folder."""
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if "vaultkit-tmp" in p.name or "vaultkit-new" in p.name
    )


class FaultInjector:
    """Counts mutating file-system calls; raises ``error`` before call number ``fail_at``."""

    def __init__(self, fail_at: int | None, error: BaseException | None = None) -> None:
        self.fail_at = fail_at
        self.error = error
        self.count = 0
        self.fired = False
        self.log: list[str] = []

    def tick(self, what: str) -> None:
        if self.fired:
            return
        self.count += 1
        self.log.append(what)
        if self.fail_at is not None and self.count >= self.fail_at:
            self.fired = True
            assert self.error is not None
            raise self.error

    def wrap(self, name: str, func: Callable[..., Any], when: Callable[..., bool]) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if when(*args, **kwargs):
                self.tick(f"{name}({args[0] if args else ''})")
            return func(*args, **kwargs)

        return wrapper


def _writes_mode(_file: Any = None, mode: str = "r", *_a: Any, **kw: Any) -> bool:
    mode = kw.get("mode", mode)
    return isinstance(mode, str) and any(c in mode for c in "wax+")


def _writes_flags(_path: Any = None, flags: int = 0, *_a: Any, **kw: Any) -> bool:
    return bool(kw.get("flags", flags) & _WRITE_FLAGS)


def _always(*_a: Any, **_kw: Any) -> bool:
    return True


@contextmanager
def inject(
    monkeypatch: pytest.MonkeyPatch, fail_at: int | None, error: BaseException | None = None
) -> Iterator[FaultInjector]:
    """Patch the mutating calls for the duration of the block; yields the injector."""
    injector = FaultInjector(fail_at, error)
    with monkeypatch.context() as patch:
        for module, name, when in (
            (builtins, "open", _writes_mode),
            (io, "open", _writes_mode),
            (os, "fdopen", _writes_mode),
            (os, "open", _writes_flags),
            (os, "replace", _always),
            (os, "rename", _always),
            (os, "unlink", _always),
            (os, "remove", _always),
            (os, "rmdir", _always),
            (os, "mkdir", _always),
            (shutil, "rmtree", _always),
        ):
            patch.setattr(module, name, injector.wrap(name, getattr(module, name), when))
        yield injector
