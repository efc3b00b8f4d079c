"""What an edit is: replacements by span inside files, and file moves, as immutable data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from vaultkit.notes.model import Span


class Applicability(str, Enum):
    """How sure a fix is (ruff's model): ``--fix`` applies safe fixes, ``--unsafe-fixes`` also
    unsafe ones; display-only fixes are suggestions and are never applied."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY = "display-only"


class TextEdit(NamedTuple):
    """Replace the text at ``span`` (positions as every finding's: 1-based lines and columns of
    the text as read, end exclusive) with ``new_text``; an empty span inserts."""

    span: Span
    new_text: str


@dataclass(frozen=True)
class Fix:
    """The edits, all in the file of the finding they fix, that make the finding go away."""

    message: str  # imperative, shown to the user: 'Quote the link'
    applicability: Applicability
    edits: tuple[TextEdit, ...]


class FileMove(NamedTuple):
    """A file or folder moved from ``old`` to ``new`` (vault-relative POSIX paths)."""

    old: str
    new: str


@dataclass(frozen=True)
class Change:
    """A change to a vault: text edits per file (keyed by the path *before* any move) and moves.

    Applied as one: the edits of a file that also moves land in the moved file."""

    edits: Mapping[str, tuple[TextEdit, ...]] = field(default_factory=dict)
    moves: tuple[FileMove, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.moves and not any(self.edits.values())
