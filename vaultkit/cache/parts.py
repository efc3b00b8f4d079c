"""Values stored in parts: a header and numbered parts under one key, of which a write may
replace only some (the re-check state: a one-note edit rewrites one part of 128, not the whole
state). Every write carries a fresh token; a write of some parts names the token it read and is
refused when another run wrote in between (its parts would mix with ours), so a partial write
is always over the state it was made from."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Mapping
from typing import NamedTuple

SCHEMA = """
CREATE TABLE IF NOT EXISTS states (
    key TEXT PRIMARY KEY,
    stored_ns INTEGER NOT NULL,
    token INTEGER NOT NULL,
    header BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS state_parts (
    key TEXT NOT NULL,
    part INTEGER NOT NULL,
    payload BLOB NOT NULL,
    PRIMARY KEY (key, part)
);
"""
TABLES = frozenset({"states", "state_parts"})


class Parts(NamedTuple):
    token: int  # which write these are
    header: bytes
    parts: dict[int, bytes]


def read_parts(conn: sqlite3.Connection, key: str) -> Parts | None:
    """What is stored under ``key``, or None. One read transaction: the header and the parts
    are of one write."""
    conn.execute("BEGIN")
    try:
        row = conn.execute("SELECT token, header FROM states WHERE key = ?", (key,)).fetchone()
        if row is None or not isinstance(row[1], bytes):
            return None
        parts = {
            part: payload
            for part, payload in conn.execute(
                "SELECT part, payload FROM state_parts WHERE key = ?", (key,)
            )
            if isinstance(part, int) and isinstance(payload, bytes)
        }
    finally:
        conn.execute("COMMIT")
    return Parts(row[0], row[1], parts)


def write_parts(
    conn: sqlite3.Connection,
    key: str,
    header: bytes,
    parts: Mapping[int, bytes],
    *,
    over: int | None,
    keep: int,
) -> bool:
    """Store ``header`` and ``parts`` under ``key`` in the open write transaction. With
    ``over`` (the token read), only ``parts`` are replaced and the others kept, and nothing is
    written (False) when the stored token is another; with None, ``parts`` are the whole
    value. Only the latest ``keep`` keys are kept."""
    if over is not None:
        row = conn.execute("SELECT token FROM states WHERE key = ?", (key,)).fetchone()
        if row is None or row[0] != over:
            return False
    else:
        conn.execute("DELETE FROM state_parts WHERE key = ?", (key,))
    token = int.from_bytes(os.urandom(8), "little") >> 1  # SQLite integers are signed 64-bit
    conn.execute(
        "INSERT OR REPLACE INTO states VALUES (?, ?, ?, ?)", (key, time.time_ns(), token, header)
    )
    conn.executemany(
        "INSERT OR REPLACE INTO state_parts VALUES (?, ?, ?)",
        [(key, part, payload) for part, payload in parts.items()],
    )
    conn.execute(
        "DELETE FROM states WHERE key NOT IN "
        "(SELECT key FROM states ORDER BY stored_ns DESC LIMIT ?)",
        (keep,),
    )
    conn.execute("DELETE FROM state_parts WHERE key NOT IN (SELECT key FROM states)")
    return True
