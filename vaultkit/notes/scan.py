"""Walk a vault: every file (attachments are link targets), folders, and problems.

Dot-files and dot-folders are not part of the vault. Symlinks are followed only when their real
target is inside the vault; one that points outside is reported and never read; loops and broken
links are reported. Paths are vault-relative POSIX paths exactly as stored on disk (no Unicode
normalization: an NFD name stays NFD).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from vaultkit.notes.model import RawFinding, Span

RULE = "unreadable-file"


@dataclass(frozen=True, slots=True)
class VaultFile:
    path: str  # vault-relative POSIX path as stored
    abspath: str  # where to read it (the real target for a symlink); a str: Path() per file
    # costs more than the rest of the scan
    is_markdown: bool
    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int


@dataclass(frozen=True)
class VaultScan:
    root: Path
    files: tuple[VaultFile, ...]
    folders: frozenset[str]
    problems: tuple[RawFinding, ...]

    @property
    def notes(self) -> tuple[VaultFile, ...]:
        return tuple(f for f in self.files if f.is_markdown)


def is_markdown_name(name: str) -> bool:
    return name[-3:].lower() == ".md" and len(name) > 3


def _ignored(rel: str, patterns: Sequence[str]) -> bool:
    return any(fnmatchcase(rel, p) or fnmatchcase(rel + "/", p) for p in patterns)


def _problem(rel: str, message: str) -> RawFinding:
    return RawFinding(RULE, rel, Span.point(1, 1), message)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def scan_vault(root: Path, ignore: Sequence[str] = ()) -> VaultScan:
    """List the vault under ``root``; ``ignore`` are glob patterns on vault-relative paths."""
    return _scan(root, ignore)


def _scan(root: Path, ignore: Sequence[str]) -> VaultScan:
    root_real = os.path.realpath(root)
    files: list[VaultFile] = []
    folders: set[str] = set()
    problems: list[RawFinding] = []
    # (directory to list, its vault-relative prefix, real paths of the folders on the way here)
    stack: list[tuple[str, str, frozenset[str]]] = [(str(root), "", frozenset({root_real}))]
    while stack:
        directory, prefix, chain = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError as exc:
            problems.append(
                _problem(prefix.rstrip("/") or ".", f"cannot list folder: {exc.strerror}")
            )
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = prefix + name
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(_problem(rel, "the file name is not valid UTF-8"))
                continue
            if ignore and _ignored(rel, ignore):
                continue
            try:
                if entry.is_symlink():
                    _symlink(entry, rel, root_real, chain, files, folders, problems, stack)
                elif entry.is_dir(follow_symlinks=False):
                    folders.add(rel)
                    stack.append((entry.path, rel + "/", chain | {os.path.realpath(entry.path)}))
                elif entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    files.append(_file(rel, entry.path, st))
            except OSError as exc:
                problems.append(_problem(rel, f"cannot read: {exc.strerror or exc}"))
    files.sort(key=lambda f: f.path)
    problems.sort(key=lambda p: p.path)
    return VaultScan(Path(root), tuple(files), frozenset(folders), tuple(problems))


def _file(rel: str, abspath: str, st: os.stat_result) -> VaultFile:
    return VaultFile(
        path=rel,
        abspath=abspath,
        is_markdown=is_markdown_name(rel),
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        ctime_ns=st.st_ctime_ns,
        ino=st.st_ino,
    )


def _symlink(  # noqa: PLR0917 - the walk's accumulators, passed explicitly
    entry: os.DirEntry[str],
    rel: str,
    root_real: str,
    chain: frozenset[str],
    files: list[VaultFile],
    folders: set[str],
    problems: list[RawFinding],
    stack: list[tuple[str, str, frozenset[str]]],
) -> None:
    try:
        target = os.path.realpath(entry.path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            problems.append(_problem(rel, "symlink loop: the link points back to itself"))
        else:
            problems.append(_problem(rel, "broken symlink: its target does not exist"))
        return
    if not _inside(target, root_real):
        problems.append(_problem(rel, "symlink points outside the vault; not followed, not read"))
        return
    st = os.stat(target)
    if stat.S_ISDIR(st.st_mode):
        if target in chain:
            problems.append(
                _problem(rel, "symlink loop: the link points to a folder that contains it")
            )
            return
        folders.add(rel)
        stack.append((target, rel + "/", chain | {target}))
    elif stat.S_ISREG(st.st_mode):
        files.append(_file(rel, target, st))
    else:
        problems.append(_problem(rel, "not a regular file"))
