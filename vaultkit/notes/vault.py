"""Load a whole vault: scan, read, parse (in parallel when it pays), with a seam for a cache.

Markdown notes are parsed by :mod:`.note`, canvases (``.canvas``) by :mod:`.canvas`: both give
Note records, kept apart (``Vault.notes``, ``Vault.canvases``) because only notes are notes to
the commands that rewrite or compile them; the link cache counts the links of both."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

from vaultkit import parallel
from vaultkit.cache.codec import decode, encode, pack, unpack
from vaultkit.notes.canvas import parse_canvas
from vaultkit.notes.model import Note, RawFinding
from vaultkit.notes.note import parse_note
from vaultkit.notes.reader import read_text
from vaultkit.notes.scan import VaultFile, VaultScan, scan_vault

SERIAL_BELOW = 300  # notes; below this a process pool costs more than it saves
CHUNK_BYTES = 2 * 1024 * 1024  # work unit for the pool, by file size


class NoteCache(Protocol):
    """What load_vault needs from an on-disk cache (vaultkit.cache.store builds one)."""

    def lookup(self, files: Sequence[VaultFile]) -> dict[str, Note | RawFinding]:
        """Hits only, keyed by VaultFile.path."""
        ...

    def store(self, results: Sequence[tuple[VaultFile, Note | RawFinding]]) -> None: ...


@dataclass(frozen=True)
class Vault:
    root: Path
    files: tuple[VaultFile, ...]
    notes: dict[str, Note]  # keyed by vault-relative path, in path order
    folders: frozenset[str]
    problems: tuple[RawFinding, ...]
    canvases: dict[str, Note] = field(default_factory=dict)  # .canvas files, in path order

    @cached_property
    def linking(self) -> dict[str, Note]:
        """Every file whose links Obsidian's link cache records: the notes, and the canvases
        (in path order; made once)."""
        if not self.canvases:
            return self.notes
        return dict(sorted({**self.notes, **self.canvases}.items()))


def parse_file(vault_file: VaultFile) -> Note | RawFinding:
    """Read and parse one Markdown file or canvas."""
    text = read_text(vault_file.abspath, vault_file.path)
    if isinstance(text, RawFinding):
        return text
    if vault_file.is_canvas:
        return parse_canvas(vault_file.path, text)
    return parse_note(vault_file.path, text)


def _parse_chunk(chunk: Sequence[VaultFile]) -> list[Note | RawFinding]:
    return [parse_file(f) for f in chunk]


def _parse_chunk_packed(chunk: Sequence[VaultFile]) -> bytes:
    """A worker's answer: the chunk's results packed and encoded (see vaultkit.cache.codec)."""
    return encode([pack(parse_file(f)) for f in chunk])


def _unpack_chunk(payload: bytes) -> list[Note | RawFinding]:
    return [unpack(item) for item in decode(payload)]


def _chunks(files: Sequence[VaultFile], parts: int) -> list[list[VaultFile]]:
    total = sum(f.size for f in files) or 1
    size = max(min(CHUNK_BYTES, total // parts + 1), 1)
    chunks: list[list[VaultFile]] = [[]]
    filled = 0
    for f in files:
        if filled >= size:
            chunks.append([])
            filled = 0
        chunks[-1].append(f)
        filled += f.size
    return [c for c in chunks if c]


def _default_jobs() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def parse_files(
    files: Sequence[VaultFile], jobs: int | None = None, *, spawn: bool = False
) -> list[Note | RawFinding]:
    """Parse ``files``, results in the same order.

    With ``jobs`` > 1 and many files, on Linux ``jobs - 1`` forked workers take chunks from the
    end of the list while this process parses chunks from the front, so the two meet wherever
    the work balances (vaultkit.parallel); elsewhere a pool of ``jobs`` processes parses them.
    ``spawn``: the pool's processes are started afresh, never forked (for a caller with other
    threads running, which a fork could cut in half: the language server).
    Workers send their notes packed (see vaultkit.cache.codec): receiving a note costs about a
    tenth of parsing it.
    """
    jobs = _default_jobs() if jobs is None else max(jobs, 1)
    if jobs == 1 or len(files) < SERIAL_BELOW:
        return _parse_chunk(files)
    chunks = _chunks(files, jobs * 16)  # small chunks: the two sides meet with little idle time
    if parallel.available() and not spawn:
        try:
            return parallel.run(
                chunks, _parse_chunk, _parse_chunk_packed, _unpack_chunk, jobs - 1
            )
        except OSError:  # no process or shared memory to be had: parse here instead
            return _parse_chunk(files)
    # elsewhere (macOS, Windows, the language server): a pool of ``jobs`` workers parses every
    # chunk, in order (the pool's modules cost 15-20 ms to import: only here)
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and not spawn else "spawn"
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context(method)
        ) as pool:
            payloads = pool.map(_parse_chunk_packed, chunks)
            return [result for payload in payloads for result in _unpack_chunk(payload)]
    except (OSError, BrokenProcessPool, ValueError):  # no processes, or a value the codec
        # cannot send (no parser makes one): parse here instead
        return _parse_chunk(files)


def load_vault(
    root: Path,
    *,
    ignore: Sequence[str] = (),
    jobs: int | None = None,
    cache: NoteCache | None = None,
    scan: VaultScan | None = None,
    spawn: bool = False,
) -> Vault:
    """Scan ``root`` (unless ``scan`` is that scan), then read and parse every note and canvas
    (cache hits are reused; ``spawn``: see :func:`parse_files`)."""
    if scan is None:
        scan = scan_vault(Path(root), ignore)
    parsed = [f for f in scan.files if f.is_markdown or f.is_canvas]
    found: dict[str, Note | RawFinding] = cache.lookup(parsed) if cache is not None else {}
    misses = [f for f in parsed if f.path not in found]
    fresh = parse_files(misses, jobs, spawn=spawn)
    if cache is not None and misses:
        cache.store(list(zip(misses, fresh, strict=True)))
    found.update((f.path, result) for f, result in zip(misses, fresh, strict=True))
    notes: dict[str, Note] = {}
    canvases: dict[str, Note] = {}
    problems = list(scan.problems)
    for f in parsed:
        result = found[f.path]
        if isinstance(result, RawFinding):
            problems.append(result)
        elif f.is_canvas:
            canvases[f.path] = result
        else:
            notes[f.path] = result
    problems.sort(key=lambda p: (p.path, p.span.line, p.span.column))
    return Vault(Path(root), scan.files, notes, scan.folders, tuple(problems), canvases)
