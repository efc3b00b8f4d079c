"""A planned change to a vault with what it rewrites, shared by ``mv`` and ``rename-heading``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from vaultkit.edit.model import Change
from vaultkit.edit.source import Source
from vaultkit.edit.text import apply_edits
from vaultkit.notes.model import Span


@dataclass(frozen=True)
class Rewrite:
    """One link rewritten: where, the old token's text and the edit."""

    path: str  # the note, before the move
    link: Span  # the link's token
    span: Span  # the text replaced
    old: str
    new: str


@dataclass(frozen=True)
class Plan:
    change: Change
    rewrites: tuple[Rewrite, ...]
    newly_resolved: tuple[tuple[str, Span, str], ...]  # (note, link, file it now finds)
    sources: Mapping[str, Source] = field(default_factory=dict)  # every note edited, as read

    def texts(self) -> dict[str, tuple[str, str]]:
        """note (path before the move) -> (text before, text after)."""
        return {
            path: (self.sources[path].text, apply_edits(self.sources[path].text, edits))
            for path, edits in sorted(self.change.edits.items())
        }


