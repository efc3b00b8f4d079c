"""The cache database: parsed notes and whole-run values kept in one SQLite file per vault.

Key. A row is served only when the file's path, size, mtime_ns, ctime_ns and inode all match
the scan, and the row's tag (format version, vaultkit version, Python version, a fingerprint of
the parser's code) matches this run. We key on stat fields, not a content hash: on the
10,000-note benchmark vault (43 MB) stat-ing every file costs 0.03 s, while reading and hashing
it costs 0.13-0.19 s more (read 0.10-0.16 s + sha1 0.03 s, blake2b 0.05-0.07 s), a large part
of the 0.8 s budget of a warm run spent proving that nothing changed. ctime is what makes stat
keys safe: every write, rename or ``os.utime`` sets it to the kernel's clock, and no user-space
call can set it back, so a same-size edit with the mtime restored still misses (on Windows
``st_ctime`` is the creation time: there, as with git, only a hash would catch that hand-made
case). A rename or delete changes the path (a file moved over another one brings its own
inode). The one gap of any stat key is a file written twice within one timestamp tick (git's
"racily clean" entry); we close it the same way: rows whose ctime is within
:data:`RACY_WINDOW_NS` of the moment the cache was opened are not stored, so a file still being
written is parsed again next time.

Safety. The database is never trusted: a file that is not our SQLite schema (random bytes,
another application's tables, truncation) is deleted and rebuilt; a row whose value does not pass
:func:`vaultkit.cache.codec.unseal` (format byte, CRC-32) and unpack into a note is a miss. WAL
mode, a busy timeout and one ``BEGIN IMMEDIATE`` transaction per write keep concurrent runs
consistent. Anything that cannot be written (read-only folder, disk full, lock held too long)
turns the cache off with one warning on stderr; it never fails a run. Rows of files that no
longer exist are pruned by the next run, so the database holds at most one row per note of the
vault.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from vaultkit.cache.codec import FORMAT_VERSION, Result, pack, seal, unseal_result
from vaultkit.cache.fingerprint import cache_tag, package_fingerprint
from vaultkit.cache.location import database_path
from vaultkit.cache.parts import SCHEMA as PARTS_SCHEMA
from vaultkit.cache.parts import TABLES as PARTS_TABLES
from vaultkit.cache.parts import Parts, read_parts, write_parts

APPLICATION_ID = 0x766B6368  # "vkch": tells our databases from any other SQLite file
RACY_WINDOW_NS = 2_000_000_000  # covers coarse clocks (ext4 jiffies, 2 s FAT) and clock skew
BUSY_TIMEOUT_MS = 10_000
CHUNK = 500  # bound parameters per statement (SQLite's old default limit is 999)
RESULTS_KEPT = 8  # whole-run results: a few states (branches, configurations) of one vault

_SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    tag TEXT NOT NULL,
    payload BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    stored_ns INTEGER NOT NULL,
    payload BLOB NOT NULL
);
""" + PARTS_SCHEMA


class StatRecord(Protocol):
    """What the cache needs of a scanned file (vaultkit.notes.scan.VaultFile has it)."""

    @property
    def path(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def mtime_ns(self) -> int: ...
    @property
    def ctime_ns(self) -> int: ...
    @property
    def ino(self) -> int: ...




class CacheUnusable(Exception):
    """The database is corrupt or foreign: delete and rebuild it."""


def open_cache(
    vault_root: Path, *, cache_dir: Path | None = None, enabled: bool = True
) -> SqliteNoteCache | None:
    """The note cache for ``vault_root``, or None when disabled or unusable (with one warning).

    ``enabled=False`` (``--no-cache``) touches nothing on disk.
    """
    if not enabled:
        return None
    path = database_path(vault_root, cache_dir)
    try:
        return SqliteNoteCache(path)
    except (OSError, sqlite3.Error, CacheUnusable) as exc:
        _warn(path, exc)
        return None


def _warn(path: Path, exc: BaseException) -> None:
    print(f"vaultkit: warning: cache disabled ({path}): {exc}", file=sys.stderr)


class SqliteNoteCache:
    """A :class:`vaultkit.notes.vault.NoteCache` kept in one SQLite file."""

    def __init__(
        self,
        db_path: Path,
        *,
        tag: str | None = None,
        racy_window_ns: int = RACY_WINDOW_NS,
    ) -> None:
        self.db_path = db_path
        self.tag = tag if tag is not None else cache_tag()
        self.results_tag = f"{self.tag}/{package_fingerprint()}"  # for whole-run values
        self.racy_window_ns = racy_window_ns
        self.opened_ns = time.time_ns()  # before the scan: later writes are newer than this
        self.hits = 0
        self.misses = 0
        self.stored = 0
        self._seen: set[str] = set()
        self._stale: set[str] = set()
        self._writable = True
        self._conn: sqlite3.Connection | None = None
        db_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            self._conn = _connect(db_path)
        except CacheUnusable:
            _discard(db_path)
            self._conn = _connect(db_path)

    # -- reading -----------------------------------------------------------------------------

    def lookup(self, files: Sequence[StatRecord]) -> dict[str, Result]:
        """Cached results for the files whose stat key still matches (hits only).

        ``files`` are all the notes of the vault: rows for any other path are pruned.
        """
        wanted = {f.path: f for f in files}
        self._seen.update(wanted)
        if self._conn is None or not wanted:
            self.misses += len(wanted)
            return {}
        try:
            hits = self._hits(wanted)
        except sqlite3.DatabaseError as exc:
            if _is_corruption(exc):
                self._rebuild(exc)
            hits = {}  # a lock held past the timeout or an I/O error: parse everything
        self.hits += len(hits)
        self.misses += len(wanted) - len(hits)
        if self._stale:  # files deleted or renamed since the last run: forget them now
            self.store(())
        return hits

    def lookup_some(self, files: Sequence[StatRecord]) -> dict[str, Result]:
        """As :meth:`lookup` for a few of the vault's notes: reads only their rows, prunes
        nothing."""
        wanted = {f.path: f for f in files}
        if self._conn is None or not wanted:
            return {}
        select = "SELECT path, size, mtime_ns, ctime_ns, ino, tag, payload FROM notes WHERE path IN"
        rows: list[tuple[Any, ...]] = []
        try:
            for chunk in _chunks(list(wanted), CHUNK):
                marks = ",".join("?" * len(chunk))
                rows += self._conn.execute(f"{select} ({marks})", chunk).fetchall()
        except sqlite3.DatabaseError as exc:
            if _is_corruption(exc):
                self._rebuild(exc)
            return {}
        hits = self._hits(wanted, rows)
        self.hits += len(hits)
        return hits

    def _hits(
        self, wanted: dict[str, StatRecord], rows: list[tuple[Any, ...]] | None = None
    ) -> dict[str, Result]:
        hits: dict[str, Result] = {}
        for path, size, mtime_ns, ctime_ns, ino, tag, payload in (
            self._rows() if rows is None else rows
        ):
            file = wanted.get(path)
            if file is None:
                self._stale.add(path)
            elif (
                tag == self.tag
                and size == file.size
                and mtime_ns == file.mtime_ns
                and ctime_ns == file.ctime_ns
                and ino == file.ino
            ):
                result = unseal_result(payload)
                if result is not None and result.path == path:
                    hits[path] = result
        return hits

    def _rows(self) -> list[tuple[Any, ...]]:
        # One full scan in one read transaction: load_vault asks for every note of the vault,
        # and the table holds about one row per note, so this beats ``WHERE path IN`` chunks.
        assert self._conn is not None
        select = "SELECT path, size, mtime_ns, ctime_ns, ino, tag, payload FROM notes"
        return self._conn.execute(select).fetchall()

    # -- writing -----------------------------------------------------------------------------

    def store(self, results: Sequence[tuple[StatRecord, Result]]) -> None:
        """Save freshly parsed results and prune rows of files that are gone; never raises."""
        if self._conn is None or not self._writable:
            return
        racy_after = self.opened_ns - self.racy_window_ns
        rows = []
        for file, result in results:
            self._seen.add(file.path)
            if result.path != file.path or max(file.ctime_ns, file.mtime_ns) >= racy_after:
                continue
            try:
                payload = seal(pack(result))
            except ValueError:  # a value the codec cannot write (no parser makes one): skip
                continue
            rows.append(
                (file.path, file.size, file.mtime_ns, file.ctime_ns, file.ino, self.tag, payload)
            )
        stale = sorted(self._stale - self._seen)
        if not rows and not stale:
            return
        try:
            with _transaction(self._conn):
                self._conn.executemany(
                    "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?)", rows
                )
                for chunk in _chunks(stale, CHUNK):
                    marks = ",".join("?" * len(chunk))
                    self._conn.execute(f"DELETE FROM notes WHERE path IN ({marks})", chunk)
        except sqlite3.DatabaseError as exc:
            self._write_failed(exc)
            return
        self.stored += len(rows)
        self._stale.clear()

    # -- whole-run results --------------------------------------------------------------------
    # Parsed notes only save the parsing: a check still resolves every link and runs every rule
    # (1.5-2 s on 10,000 notes). When nothing at all changed, the previous run's findings can
    # be served instead: the caller keys them by every file's stat key plus whatever else the
    # findings depend on (configuration, schema files, folders).

    def vault_key(self, files: Iterable[StatRecord], *extra: str) -> str | None:
        """A key for this exact state of ``files`` and ``extra``; None when a file changed too
        recently to be told apart from its next version (see RACY_WINDOW_NS)."""
        racy_after = self.opened_ns - self.racy_window_ns
        digest = hashlib.blake2b(self.results_tag.encode(), digest_size=16)
        for item in extra:
            digest.update(b"\1" + item.encode("utf-8", "surrogatepass"))
        for f in sorted(files, key=lambda f: f.path):
            if max(f.ctime_ns, f.mtime_ns) >= racy_after:
                return None
            line = f"\0{f.path}\0{f.size}\0{f.mtime_ns}\0{f.ctime_ns}\0{f.ino}"
            digest.update(line.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def lookup_result(self, key: str) -> bytes | None:
        """The bytes stored under ``key`` (see :func:`vaultkit.cache.codec.seal`), or None."""
        if self._conn is None:
            return None
        try:
            row = self._conn.execute("SELECT payload FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as exc:
            if _is_corruption(exc):
                self._rebuild(exc)
            return None
        return row[0] if row is not None and isinstance(row[0], bytes) else None

    def store_result(self, key: str, value: bytes, *, keep: int = RESULTS_KEPT) -> None:
        """Keep ``value`` under ``key``, and only the latest ``keep`` values whose keys share
        its prefix (the text before the first ':', if any); never raises."""
        if self._conn is None or not self._writable:
            return
        group = key.split(":", 1)[0] + ":" if ":" in key else ""
        same_group = "substr(key, 1, ?) = ?" if group else "instr(key, ':') = 0"
        params: tuple[object, ...] = (len(group), group) if group else ()
        try:
            with _transaction(self._conn):
                self._conn.execute(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                    (key, time.time_ns(), value),
                )
                self._conn.execute(
                    f"DELETE FROM results WHERE {same_group} AND key NOT IN (SELECT key FROM "
                    f"results WHERE {same_group} ORDER BY stored_ns DESC LIMIT ?)",
                    (*params, *params, keep),
                )
        except sqlite3.DatabaseError as exc:
            self._write_failed(exc)

    @property
    def writable(self) -> bool:
        """Whether a write may still succeed (False once one failed, or with no database)."""
        return self._conn is not None and self._writable

    def lookup_parts(self, key: str) -> Parts | None:
        """The value stored in parts under ``key`` (see :mod:`vaultkit.cache.parts`), or None."""
        if self._conn is None:
            return None
        try:
            return read_parts(self._conn, key)
        except sqlite3.DatabaseError as exc:
            if _is_corruption(exc):
                self._rebuild(exc)
            return None

    def store_parts(
        self, key: str, header: bytes, parts: dict[int, bytes], *, over: int | None, keep: int
    ) -> bool:
        """Keep ``header`` and ``parts`` under ``key``: all of it (``over`` None), or only
        these parts over the stored value read as token ``over``. False when nothing was
        written: the stored value is not ``over`` any more, or the cache cannot be written."""
        if self._conn is None or not self._writable:
            return False
        try:
            with _transaction(self._conn):
                return write_parts(self._conn, key, header, parts, over=over, keep=keep)
        except sqlite3.DatabaseError as exc:
            self._write_failed(exc)
            return False

    def _write_failed(self, exc: sqlite3.DatabaseError) -> None:
        if _is_corruption(exc):
            self._rebuild(exc)
        else:  # read-only, disk full, lock held past the busy timeout
            self._writable = False
            _warn(self.db_path, exc)

    def _rebuild(self, exc: BaseException) -> None:
        """The file went bad under us: start over empty, or give up quietly with a warning."""
        self.close()
        try:
            _discard(self.db_path)
            self._conn = _connect(self.db_path)
        except (OSError, sqlite3.Error, CacheUnusable) as again:
            _warn(self.db_path, again if again is not exc else exc)
            self._conn = None

    def close(self) -> None:
        if self._conn is not None:
            _close(self._conn)
            self._conn = None

    def __enter__(self) -> SqliteNoteCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Open connections and the process that opened them, closed at exit so that SQLite folds the WAL
# back into the file. A strong reference on purpose: lookup() freezes the collector's view of
# every object alive, so a connection caught in a reference cycle would otherwise never close;
# and a forked parse worker must never close its parent's connection.
_LIVE: dict[sqlite3.Connection, int] = {}


@atexit.register
def _close_all() -> None:
    for conn, pid in list(_LIVE.items()):
        if pid == os.getpid():
            _close(conn)


def _close(conn: sqlite3.Connection) -> None:
    _LIVE.pop(conn, None)
    with contextlib.suppress(sqlite3.Error):
        conn.close()


# -- the database ------------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) our database; CacheUnusable when the file is not ours."""
    fresh = not path.exists() or path.stat().st_size == 0
    if fresh:  # create it private to the user before SQLite opens it
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id == 0 and not tables:
            with _transaction(conn):
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
        elif app_id != APPLICATION_ID or tables != {"notes", "results", *PARTS_TABLES}:
            raise CacheUnusable(f"not a vaultkit cache (application_id={app_id})")
        elif conn.execute("PRAGMA user_version").fetchone()[0] != FORMAT_VERSION:
            raise CacheUnusable("cache format changed")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable enough for a cache
        conn.execute("PRAGMA journal_size_limit = 8388608")  # shrink the WAL after a cold run
        _LIVE[conn] = os.getpid()
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _is_corruption(exc):
            raise CacheUnusable(str(exc)) from exc
        raise
    except CacheUnusable:
        conn.close()
        raise
    return conn


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlocks
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _discard(path: Path) -> None:
    """Delete a bad database with its WAL and shared-memory files (a stale WAL would be
    replayed into the new file)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


