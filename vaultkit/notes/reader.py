"""File bytes to text, or a RawFinding that says why not (never an exception).

A UTF-8 byte order mark is removed; nothing else changes, so columns are characters of the text
after the BOM (the BOM itself is not counted). Line breaks are kept as stored; positions count
``\\r\\n``, ``\\r`` and ``\\n`` each as one line break.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from vaultkit.lines import LineTable
from vaultkit.notes.model import RawFinding, Span

RULE = "unreadable-file"
_BOM = b"\xef\xbb\xbf"


def decode(data: bytes, rel: str) -> str | RawFinding:
    """Bytes of the file ``rel`` to text."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    nul = data.find(b"\x00")
    if nul >= 0:
        return RawFinding(
            RULE, rel, Span.point(1, 1), "binary file (it contains a NUL byte), not text"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, column = LineTable(good).position(len(good))
        return RawFinding(
            RULE,
            rel,
            Span.point(line, column),
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {column}",
        )


def read_regular_bytes(abspath: str | Path) -> bytes | None:
    """The bytes of a regular file, or None when it is something else (a pipe, a device...).

    Opened non-blocking and checked with fstat on the open descriptor, so a note replaced by a
    named pipe after the scan cannot block the run.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(abspath, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        chunks = []
        want = info.st_size + 1  # usually one read does it; the loop covers a growing file
        while True:
            chunk = os.read(fd, want)
            want = 1 << 20
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(abspath: str | Path, rel: str) -> str | RawFinding:
    """Read and decode ``abspath``; a vanished, unreadable or non-regular file is a RawFinding."""
    try:
        data = read_regular_bytes(abspath)
        if data is None:
            return RawFinding(RULE, rel, Span.point(), "not a regular file (a pipe or device?)")
    except FileNotFoundError:
        return RawFinding(
            RULE, rel, Span.point(), "the file vanished while vaultkit was reading the vault"
        )
    except IsADirectoryError:
        return RawFinding(
            RULE, rel, Span.point(), "became a folder while vaultkit was reading the vault"
        )
    except PermissionError:
        denied = "permission denied: vaultkit cannot read this file"
        return RawFinding(RULE, rel, Span.point(), denied)
    except OSError as exc:
        return RawFinding(RULE, rel, Span.point(), f"cannot read the file: {exc.strerror or exc}")
    return decode(data, rel)
