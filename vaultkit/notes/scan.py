"""Walk a vault: every file (attachments are link targets), folders, and problems.

Dot-files and dot-folders are not part of the vault; asked for, what they hold is listed apart
(``.git`` and ``.trash`` folders never are). Symlinks are followed only when their real
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
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from vaultkit.notes.model import RawFinding, Span, new_record

RULE = "unreadable-file"
NEVER_LISTED = frozenset({".git", ".trash"})  # folders not even ``dot_files`` lists


class VaultFile(NamedTuple):
    """A file the scan found (a tuple: a scan makes one per file, and a frozen dataclass costs
    twice as much to make)."""

    path: str  # vault-relative POSIX path as stored
    abspath: str  # where to read it (the real target for a symlink); a str: Path() per file
    # costs more than the rest of the scan
    is_markdown: bool
    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int

    @property
    def is_canvas(self) -> bool:
        """A JSON Canvas file: its links count as a note's (notes.canvas). Asked only of files
        that are not notes, so a scan pays nothing for it."""
        return not self.is_markdown and is_canvas_name(self.path)

    @property
    def has_links(self) -> bool:
        """A file whose links Obsidian's link cache records: a note or a canvas."""
        return self.is_markdown or self.is_canvas


STAT = slice(3, 7)  # a VaultFile's stat key (size, mtime_ns, ctime_ns, inode) as one slice


@dataclass(frozen=True)
class VaultScan:
    root: Path
    files: tuple[VaultFile, ...]
    folders: frozenset[str]
    problems: tuple[RawFinding, ...]
    # dot-files and the files of dot-folders (.obsidian/...): not part of the vault, listed
    # only when asked (a build copies them)
    dot_files: tuple[VaultFile, ...] = ()

    @property
    def notes(self) -> tuple[VaultFile, ...]:
        return tuple(f for f in self.files if f.is_markdown)


def is_markdown_name(name: str) -> bool:
    return name[-3:].lower() == ".md" and len(name) > 3


def is_canvas_name(name: str) -> bool:
    return name[-7:].lower() == ".canvas" and len(name) > 7


def _ignored(rel: str, patterns: Sequence[str]) -> bool:
    return any(fnmatchcase(rel, p) or fnmatchcase(rel + "/", p) for p in patterns)


def _problem(rel: str, message: str) -> RawFinding:
    return RawFinding(RULE, rel, Span.point(1, 1), message)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def scan_vault(root: Path, ignore: Sequence[str] = (), *, dot_files: bool = False) -> VaultScan:
    """List the vault under ``root``; ``ignore`` are glob patterns on vault-relative paths.

    ``dot_files`` also lists dot-files and what dot-folders hold, in ``VaultScan.dot_files``,
    by the same rules (ignore globs, symlinks); the problems met there join ``problems``."""
    return _scan(root, ignore, dot_files)


class _Walk:
    """What the walk has found so far, and the folders it has still to list."""

    def __init__(self, root: Path, root_real: str) -> None:
        self.files: list[VaultFile] = []
        self.dot_files: list[VaultFile] = []
        self.folders: set[str] = set()
        self.problems: list[RawFinding] = []
        # (folder to list, its vault-relative prefix, real paths of the folders on the way
        # here, whether it is a dot-folder or inside one)
        self.stack: list[tuple[str, str, frozenset[str], bool]] = [
            (str(root), "", frozenset({root_real}), False)
        ]

    def file(self, rel: str, abspath: str, st: os.stat_result, dotted: bool) -> None:
        (self.dot_files if dotted else self.files).append(_file(rel, abspath, st))

    def folder(self, rel: str, abspath: str, chain: frozenset[str], dotted: bool) -> None:
        if not dotted:
            self.folders.add(rel)
        self.stack.append((abspath, rel + "/", chain, dotted))


def _scan(root: Path, ignore: Sequence[str], dot_files: bool) -> VaultScan:
    root_real = os.path.realpath(root)
    walk = _Walk(root, root_real)
    problems = walk.problems
    stack = walk.stack
    while stack:
        directory, prefix, chain, dotted = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError as exc:
            problems.append(
                _problem(prefix.rstrip("/") or ".", f"cannot list folder: {exc.strerror}")
            )
            continue
        for entry in entries:
            name = entry.name
            hidden = dotted
            if name.startswith("."):
                if not dot_files:
                    continue
                hidden = True
            rel = prefix + name
            if not rel.isascii():
                try:
                    rel.encode("utf-8")
                except UnicodeEncodeError:
                    problems.append(_problem(rel, "the file name is not valid UTF-8"))
                    continue
            if ignore and _ignored(rel, ignore):
                continue
            try:
                if entry.is_symlink():
                    _symlink(entry, rel, root_real, chain, hidden, walk)
                elif entry.is_dir(follow_symlinks=False):
                    if name not in NEVER_LISTED:
                        real = os.path.realpath(entry.path)
                        walk.folder(rel, entry.path, chain | {real}, hidden)
                elif entry.is_file(follow_symlinks=False):
                    walk.file(rel, entry.path, entry.stat(follow_symlinks=False), hidden)
                else:  # a named pipe, a socket, a device: never opened
                    problems.append(_problem(rel, "not a regular file"))
            except OSError as exc:
                problems.append(_problem(rel, f"cannot read: {exc.strerror or exc}"))
    walk.files.sort(key=_PATH)
    walk.dot_files.sort(key=_PATH)
    problems.sort(key=lambda p: p.path)
    return VaultScan(
        Path(root), tuple(walk.files), frozenset(walk.folders), tuple(problems),
        tuple(walk.dot_files),
    )


_PATH = itemgetter(0)  # a VaultFile's path


def _file(rel: str, abspath: str, st: os.stat_result) -> VaultFile:
    markdown = rel[-3:].lower() == ".md" and len(rel) > 3  # is_markdown_name, inlined: per file
    return new_record(
        VaultFile, (rel, abspath, markdown, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    )


def _symlink(  # noqa: PLR0917 - the link, where it sits, and the walk
    entry: os.DirEntry[str],
    rel: str,
    root_real: str,
    chain: frozenset[str],
    dotted: bool,
    walk: _Walk,
) -> None:
    problems = walk.problems
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
        if entry.name not in NEVER_LISTED:
            walk.folder(rel, target, chain | {target}, dotted)
    elif stat.S_ISREG(st.st_mode):
        walk.file(rel, target, st, dotted)
    else:
        problems.append(_problem(rel, "not a regular file"))
