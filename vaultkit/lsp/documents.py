"""Files as the server sees them: an open note's buffer, else the file on disk; URIs to
vault paths and back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pygls.uris import from_fs_path, to_fs_path

from vaultkit.lsp.positions import split_lines
from vaultkit.notes.reader import read_text


@dataclass
class Documents:
    root: Path  # resolved
    buffer: Callable[[str], str | None]  # an open note's text, by vault path

    def text(self, path: str) -> str | None:
        found = self.buffer(path)
        if found is not None:
            return found
        read = read_text(self.root / path, path)
        return read if isinstance(read, str) else None

    def lines(self, path: str) -> list[str]:
        return split_lines(self.text(path) or "")

    def uri(self, path: str) -> str:
        return str(from_fs_path(str(self.root / path)))

    def path(self, uri: str) -> str | None:
        """The vault path of ``uri`` (None: not a file of the vault)."""
        fs = to_fs_path(uri)
        if fs is None:
            return None
        try:
            return Path(fs).resolve().relative_to(self.root).as_posix()
        except ValueError:
            try:
                return Path(fs).absolute().relative_to(self.root).as_posix()
            except ValueError:
                return None
