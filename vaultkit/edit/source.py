"""A file's text as the parser saw it, with what is needed to write it back byte for byte."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vaultkit.edit.commit import FileWrite
from vaultkit.errors import ChangeRefused
from vaultkit.notes.reader import decode, read_regular_bytes

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Source:
    """``text`` is what every span refers to (a BOM removed, line breaks as stored)."""

    path: str
    raw: bytes
    text: str

    def write(self, new_text: str) -> FileWrite:
        """The bytes of ``new_text`` in this file's encoding (its BOM kept)."""
        bom = _BOM if self.raw.startswith(_BOM) else b""
        return FileWrite(self.path, self.raw, bom + new_text.encode("utf-8"))


def read_bytes(root: Path, rel: str) -> bytes:
    """The bytes of ``root/rel``; a file that cannot be read is refused."""
    try:
        raw = read_regular_bytes(root / rel)
    except OSError as exc:
        raise ChangeRefused(f"{rel}: cannot read it: {exc.strerror or exc}") from None
    if raw is None:
        raise ChangeRefused(f"{rel}: not a regular file")
    return raw


def source_of(rel: str, raw: bytes) -> Source:
    """The file ``rel`` holding ``raw`` as text; bytes that are not UTF-8 text are refused."""
    text = decode(raw, rel)
    if not isinstance(text, str):
        raise ChangeRefused(f"{rel}:{text.span.line}: {text.message}")
    return Source(rel, raw, text)


def read_source(root: Path, rel: str) -> Source:
    """Read ``root/rel`` for editing; a file that cannot be read as text is refused."""
    return source_of(rel, read_bytes(root, rel))
