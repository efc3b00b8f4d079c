"""What fixers read: the vault's files, the notes a fix touches, each note's text (read once),
the aliases (only when a fixer asks), the link format.

Kept lighter than a linked vault on purpose: a check that reports in JSON or SARIF asks every
finding for its fix, and only the notes with fixable findings (and the links' targets) are
parsed for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.config import CheckConfig
from vaultkit.edit.linktext import LinkFormat, link_path
from vaultkit.edit.source import Source, read_bytes, read_source
from vaultkit.errors import VaultkitError
from vaultkit.notes.frontmatter import obsidian_aliases, parse_frontmatter
from vaultkit.notes.model import Link, LinkSyntax, Note, Span
from vaultkit.notes.note import parse_note
from vaultkit.notes.resolve import LinkIndex, Resolved, resolved
from vaultkit.notes.scan import scan_vault

if TYPE_CHECKING:
    from vaultkit.cache.store import SqliteNoteCache


@dataclass
class FixContext:
    root: Path
    paths: tuple[str, ...]  # every vault file
    parse: Callable[[str], Note | None]  # a note's parse (None: not a readable note)
    aliases: Callable[[], Mapping[str, tuple[str, ...]]]  # every note's aliases
    link_format: LinkFormat = LinkFormat.SHORTEST
    publish: bool = False
    sources: dict[str, Source] = field(default_factory=dict)  # read once; may be given
    parse_many: Callable[[list[str]], Mapping[str, Note | None]] | None = None
    _notes: dict[str, Note | None] = field(default_factory=dict)
    _index: LinkIndex | None = None
    _alias_index: LinkIndex | None = None
    _near: dict[str, list[str]] | None = None

    @property
    def index(self) -> LinkIndex:
        """Every file by name (with the aliases when resolving as Obsidian Publish does)."""
        if self._index is None:
            self._index = self.alias_index if self.publish else LinkIndex(self.paths)
        return self._index

    @property
    def alias_index(self) -> LinkIndex:
        if self._alias_index is None:
            self._alias_index = LinkIndex(self.paths, self.aliases())
        return self._alias_index

    def source(self, path: str) -> Source:
        found = self.sources.get(path)
        if found is None:
            found = self.sources[path] = read_source(self.root, path)
        return found

    def preload(self, paths: Iterable[str]) -> None:
        """Parse these notes now, together (a cache answers a batch faster than one by one)."""
        wanted = [p for p in paths if p not in self._notes]
        if wanted and self.parse_many is not None:
            self._notes.update(self.parse_many(wanted))

    def note(self, path: str) -> Note | None:
        if path not in self._notes:
            self._notes[path] = self.parse(path)
        return self._notes[path]

    def resolved_at(self, path: str, link_span: Span) -> Resolved | None:
        """The link of note ``path`` whose token is at ``link_span``, resolved."""
        note = self.note(path)
        for link in note.links if note is not None else ():
            if link.span == link_span:
                if not link.path:
                    return resolved(path, link, (path,))
                found = (self.index.resolve_publish(link.path, path) if self.publish
                         else self.index.resolve(link.path, path))
                return resolved(path, link, found)
        return None

    def alias_targets(self, name: str) -> tuple[str, ...]:
        return self.alias_index.alias_targets(name)

    def path_text(self, target: str, source: str, link: Link) -> str:
        """The path part of a new link from ``source`` to ``target``, in ``link``'s syntax."""
        wiki = link.syntax is not LinkSyntax.MARKDOWN
        return link_path(target, source, self.index, self.link_format, wiki=wiki)

    def near_names(self) -> dict[str, list[str]]:
        """Every file by the :func:`loose` key of its name (``.md`` dropped)."""
        if self._near is None:
            table: dict[str, list[str]] = {}
            for path in self.paths:
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
    link_format: LinkFormat = LinkFormat.SHORTEST,
    cache: SqliteNoteCache | None = None,
) -> FixContext:
    """Fixers' context over the vault on disk at ``root``: notes are parsed when a fixer asks
    (from the note cache when it has them), aliases read from the front matter alone, and
    only if a fixer asks."""
    scan = scan_vault(root, config.ignore_globs)
    notes = tuple(f.path for f in scan.files if f.is_markdown)
    records = {f.path: f for f in scan.files if f.is_markdown}

    def parse_many(paths: list[str]) -> dict[str, Note | None]:
        found = cache.lookup_some([records[p] for p in paths if p in records]) if cache else {}
        return {p: hit if isinstance(hit := found.get(p), Note) else parse(p) for p in paths}

    def parse(path: str) -> Note | None:
        try:
            return parse_note(path, read_source(root, path).text)
        except VaultkitError:
            return None

    return FixContext(
        root,
        tuple(f.path for f in scan.files),
        parse,
        lambda: _front_matter_aliases(root, notes),
        link_format,
        config.publish,
        parse_many=parse_many,
    )


_ALIAS_KEY = re.compile(rb"^[\"']?aliases[\"']?[ \t]*:", re.IGNORECASE | re.MULTILINE)
_CLOSE = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_NEXT_KEY = re.compile(rb"^(?![ \t]|-[ \t\r\n]|-$|#|\r?$)", re.MULTILINE)


def _front_matter_aliases(root: Path, notes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each note's aliases, from its front matter's ``aliases`` entry alone (notes without
    any left out): the entry (its line and the indented or list lines under it) is parsed
    as YAML on its own, which is what Obsidian reads of it, at a tenth of the cost of the
    whole front matter."""
    out: dict[str, tuple[str, ...]] = {}
    for path in notes:
        try:
            raw = read_bytes(root, path)
        except VaultkitError:
            continue
        start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
        if not raw.startswith(b"---", start):
            continue
        close = _CLOSE.search(raw, start + 3)
        if close is None:
            continue
        key = _ALIAS_KEY.search(raw, start + 3, close.start())
        if key is None:
            continue
        end = _NEXT_KEY.search(raw, raw.find(b"\n", key.start()) + 1, close.start())
        entry = raw[key.start() : end.start() if end else close.start()]
        text = "---\n" + entry.decode("utf-8", "replace") + "\n---\n"
        data = parse_frontmatter(text).data
        found = tuple(obsidian_aliases(data)) if data else ()
        if found:
            out[path] = found
    return out
