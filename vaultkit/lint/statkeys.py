"""Every note's stat key (size, mtime_ns, ctime_ns, inode) as one string of bytes, four 64-bit
integers a note in the vault's order.

A re-check compares a whole scan with it in C (a loop over 50,000 notes in Python takes tens of
milliseconds, and as many stat tuples cost as much again to read back from the cache); only
when the two differ are the notes told apart, a chunk at a time. A note without a key (written
too recently to be told apart from its next version, or with a value the array cannot hold)
has four -1s, which no file's stat matches. The bytes are in this machine's order: a cache read
on another machine only finds every note changed.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from itertools import chain
from operator import itemgetter

from vaultkit.notes.scan import STAT, VaultFile

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode

_NONE: Stat = (-1, -1, -1, -1)
_WIDTH = 4 * array("q").itemsize  # bytes a note
_CHUNK = 256  # notes compared at once when the keys differ
_FILE_STAT = itemgetter(STAT)


def _one(stat: Stat | None) -> bytes:
    try:
        return array("q", _NONE if stat is None else stat).tobytes()
    except OverflowError:  # an inode past 2**63: no key, read again each run
        return array("q", _NONE).tobytes()


class StatKeys:
    """The stat keys of the notes ``paths`` names, in its order (``values``: the bytes)."""

    __slots__ = ("__dict__", "paths", "values")

    def __init__(self, paths: tuple[str, ...], values: bytes) -> None:
        if len(values) != _WIDTH * len(paths):
            raise ValueError("stat keys of another length than their notes")
        self.paths = paths
        self.values = values

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, Stat | None]]) -> StatKeys:
        paths: list[str] = []
        parts: list[bytes] = []
        for path, stat in pairs:
            paths.append(path)
            parts.append(_one(stat))
        return cls(tuple(paths), b"".join(parts))

    @cached_property
    def index(self) -> dict[str, int]:
        """Each note's place (also: which notes there are, without reading them)."""
        return {path: i for i, path in enumerate(self.paths)}

    def raw(self) -> dict[str, Stat]:
        """Every note's key as stored (four -1s for none, which no file's stat equals), made
        in C: to compare notes one by one when the notes are not the same."""
        values = iter(array("q", self.values))
        quads = zip(values, values, values, values, strict=True)
        return dict(zip(self.paths, quads, strict=True))

    def get(self, path: str) -> Stat | None:
        at = self.index[path] * _WIDTH
        size, mtime, ctime, ino = array("q", self.values[at : at + _WIDTH])
        return None if size < 0 else (size, mtime, ctime, ino)

    def changed(self, notes: Mapping[str, VaultFile]) -> list[VaultFile] | None:
        """The notes of ``notes`` whose stat key is not this table's; None unless ``notes``
        are this table's notes, in its order."""
        if len(notes) != len(self.paths) or tuple(notes) != self.paths:
            return None
        try:
            now = array("q", chain.from_iterable(map(_FILE_STAT, notes.values()))).tobytes()
        except OverflowError:
            return None
        before = self.values
        if now == before:
            return []
        files = list(notes.values())
        out: list[VaultFile] = []
        step = _CHUNK * _WIDTH
        for start in range(0, len(now), step):
            if now[start : start + step] == before[start : start + step]:
                continue
            for at in range(start, min(len(now), start + step), _WIDTH):
                if now[at : at + _WIDTH] != before[at : at + _WIDTH]:
                    out.append(files[at // _WIDTH])
        return out

    def updated(self, paths: Sequence[str], fresh: Mapping[str, Stat | None]) -> StatKeys:
        """The keys of the notes ``paths`` names, in its order: ``fresh`` gives some, this
        table the others."""
        if len(paths) == len(self.paths) and tuple(paths) == self.paths:
            values = bytearray(self.values)
            index = self.index
            for path, stat in fresh.items():
                at = index[path] * _WIDTH
                values[at : at + _WIDTH] = _one(stat)
            return StatKeys(self.paths, bytes(values))
        return StatKeys.of((p, fresh[p] if p in fresh else self.get(p)) for p in paths)
