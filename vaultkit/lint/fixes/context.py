"""What fixers read: the linked vault, each note's text (read once), the link format."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.config import CheckConfig
from vaultkit.edit.linktext import LinkFormat, link_path
from vaultkit.edit.source import Source, read_source
from vaultkit.notes.linked import LinkedVault, link_vault
from vaultkit.notes.model import Link, Note
from vaultkit.notes.resolve import Resolved
from vaultkit.notes.vault import load_vault

if TYPE_CHECKING:
    from vaultkit.cache.store import SqliteNoteCache


@dataclass
class FixContext:
    """``load`` links the vault when a fixer first needs it (the link fixers do; the property
    and table fixers read only the note)."""

    root: Path
    load: Callable[[], LinkedVault]
    link_format: LinkFormat = LinkFormat.SHORTEST
    sources: dict[str, Source] = field(default_factory=dict)  # read once; may be given
    _linked: LinkedVault | None = None
    _near: dict[str, list[str]] | None = None

    @property
    def linked(self) -> LinkedVault:
        if self._linked is None:
            self._linked = self.load()
        return self._linked

    def source(self, path: str) -> Source:
        found = self.sources.get(path)
        if found is None:
            found = self.sources[path] = read_source(self.root, path)
        return found

    def note(self, path: str) -> Note | None:
        return self.linked.vault.notes.get(path)

    def resolved_at(self, path: str, link_span: object) -> Resolved | None:
        """The resolved link of note ``path`` whose token is at ``link_span``."""
        for item in self.linked.resolved.get(path, ()):
            if item.link.span == link_span:
                return item
        return None

    def path_text(self, target: str, source: str, link: Link) -> str:
        """The path part of a new link from ``source`` to ``target``, in ``link``'s syntax."""
        wiki = link.syntax.value != "markdown"
        return link_path(target, source, self.linked.index, self.link_format, wiki=wiki)

    def near_names(self) -> dict[str, list[str]]:
        """Every file by the :func:`loose` key of its name (``.md`` dropped)."""
        if self._near is None:
            table: dict[str, list[str]] = {}
            for path in self.linked.index.paths:
                name = path.rsplit("/", 1)[-1]
                stem = name[:-3] if name.lower().endswith(".md") else name
                table.setdefault(loose(stem), []).append(path)
            self._near = table
        return self._near


_LOOSE_DROP = re.compile(r"[\s_\-]+")


def loose(name: str) -> str:
    """A name compared loosely: Unicode compatibility form, case folded, and spaces, ``-`` and
    ``_`` ignored (what a near-miss link differs by)."""
    return _LOOSE_DROP.sub("", unicodedata.normalize("NFKC", name).casefold())


def vault_context(
    root: Path,
    config: CheckConfig,
    *,
    cache: SqliteNoteCache | None = None,
    link_format: LinkFormat = LinkFormat.SHORTEST,
) -> FixContext:
    """Fixers' context over the vault on disk at ``root`` (linked only if a fixer asks)."""

    def load() -> LinkedVault:
        vault = load_vault(root, ignore=config.ignore_globs, cache=cache)
        return link_vault(vault, publish=config.publish)

    return FixContext(root, load, link_format)
