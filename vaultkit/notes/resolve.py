"""Link resolution exactly as Obsidian's link cache does it (reference §2).

:class:`LinkIndex` indexes every vault file by its lower-cased NFC basename once; resolving a
link is then a dictionary lookup plus, for duplicate names, a short tie-break over candidates.
Subpath checks (heading chains, block ids) are pure functions over a
:class:`~vaultkit.notes.model.Note`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from vaultkit.notes.model import Link, LinkSyntax, Note, new_record
from vaultkit.notes.scan import is_canvas_name
from vaultkit.text import heading_key, nfc

_heading_key = lru_cache(maxsize=1 << 16)(heading_key)


def _fold(text: str) -> str:
    """The comparison key of a path: NFC, then JS-style lower case."""
    return nfc(text).lower()


def _basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]


class LinkIndex:
    """Every vault file by lower-cased basename; answers Obsidian's ``getLinkpathDest``."""

    def __init__(self, paths: Iterable[str], aliases: Mapping[str, Iterable[str]] | None = None):
        self.paths: tuple[str, ...] = tuple(paths)
        self._folded: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = {}
        for path in self.paths:
            folded = _fold(path)
            self._folded[path] = folded
            self._by_name.setdefault(_basename(folded), []).append(path)
        # alias (folded) -> note paths, for Obsidian Publish resolution and for hints
        self._aliases: dict[str, list[str]] = {}
        for path, names in (aliases or {}).items():
            for alias in names:
                self._aliases.setdefault(_fold(alias), []).append(path)
        self._cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self._plain: dict[str, tuple[str, ...]] = {}  # answers that do not depend on the source

    def __contains__(self, path: object) -> bool:
        return path in self._folded

    def alias_targets(self, alias: str) -> tuple[str, ...]:
        return tuple(self._aliases.get(_fold(alias), ()))

    def named(self, name: str) -> tuple[str, ...]:
        """The files whose basename, folded, is ``name`` (folded), in the vault's order."""
        return tuple(self._by_name.get(name, ()))

    def resolve(self, linkpath: str, source: str) -> tuple[str, ...]:
        """Candidate files in the order Obsidian tries them; empty when unresolved."""
        if linkpath == "":
            return (source,)
        hit = self._plain.get(linkpath)
        if hit is not None:
            return hit
        return self.resolve_in(linkpath, _fold(posixpath.dirname(source)))

    def resolve_in(self, linkpath: str, src_dir: str) -> tuple[str, ...]:
        """As :meth:`resolve`, with the source folder already folded (non-empty ``linkpath``)."""
        hit = self._plain.get(linkpath)
        if hit is not None:
            return hit
        key = (linkpath, src_dir)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve(linkpath, src_dir)
            self._cache[key] = hit
        return hit

    def exact(self, path: str) -> tuple[str, ...]:
        """The file at vault path ``path`` (case-insensitive, NFC), as a canvas file node names
        it: no shortest-name or suffix match, no ``.md`` added."""
        folded = _fold(path)
        for candidate in self._by_name.get(_basename(folded), ()):
            if self._folded[candidate] == folded:
                return (candidate,)
        return ()

    def first(self, linkpath: str, source: str) -> str | None:
        found = self.resolve(linkpath, source)
        return found[0] if found else None

    def resolve_publish(self, linkpath: str, source: str) -> tuple[str, ...]:
        """Obsidian Publish: as the app, then a bare alias falls back to its note."""
        found = self.resolve(linkpath, source)
        if found or "/" in linkpath:
            return found
        return tuple(sorted(self._aliases.get(_fold(linkpath), ()), key=lambda p: (len(p), p)))

    def _resolve(self, linkpath: str, src_dir: str) -> tuple[str, ...]:
        n = _fold(linkpath)
        name = _basename(n)
        cands = self._by_name.get(name) if "." in name else None
        if not cands:
            n += ".md"
            name = _basename(n)
            cands = self._by_name.get(name)
        if not cands:
            self._plain[linkpath] = ()
            return ()
        if name == n and len(cands) == 1:
            self._plain[linkpath] = (cands[0],)
            return (cands[0],)
        folded = self._folded
        if n.startswith(("./", "../")):
            n = _relative(n, src_dir)
            for path in cands:
                if folded[path] == n:
                    return (path,)
        n = n.removeprefix("/")
        for path in cands:
            if folded[path] == n:
                return (path,)
        if linkpath.startswith("/"):
            return ()
        hits = [p for p in cands if folded[p].endswith(n)]
        own = [p for p in hits if folded[p].startswith(src_dir)]
        rest = [p for p in hits if not folded[p].startswith(src_dir)]

        def order(p: str) -> tuple[int, str]:
            return (len(p), p)  # Obsidian's equal-length ties are unstable; ours are by name

        return tuple(sorted(own, key=order) + sorted(rest, key=order))


def _relative(n: str, src_dir: str) -> str:
    """Join a ``./``/``../`` link path to the source folder ('./../' counts as '../')."""
    while n.startswith("./"):
        n = n[2:]
    parts = [p for p in src_dir.split("/") if p]
    for segment in n.split("/")[:-1]:
        if segment == "..":
            if parts:
                parts.pop()
        elif segment not in ("", "."):
            parts.append(segment)
    parts.append(n.split("/")[-1])
    return "/".join(parts)


# ---- subpaths -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubpathResult:
    ok: bool
    kind: str  # 'heading' | 'block' | 'none'
    message: str = ""


def subpath_segments(subpath: str) -> list[str]:
    """'#A##B' -> ['A', 'B'] (empty segments dropped)."""
    return [s for s in subpath.split("#") if s.strip()]


def find_heading_chain(note: Note, segments: list[str]) -> int | None:
    """Index of the heading the chain ends on, or None (reference §2.2)."""
    headings = note.headings
    level = 0
    index = 0
    matched: int | None = None
    for segment in segments:
        key = _heading_key(segment)
        matched = None
        while index < len(headings):
            heading = headings[index]
            index += 1
            if heading.level > level and _heading_key(heading.text) == key:
                level = heading.level
                matched = index - 1
                break
        if matched is None:
            return None
    return matched


def check_subpath(note: Note, subpath: str) -> SubpathResult:
    """Does ``subpath`` ('#H#S' or '#^id') exist in ``note``?"""
    segments = subpath_segments(subpath)
    if not segments:
        return SubpathResult(True, "none")
    if any(s.startswith("^") for s in segments):
        if len(segments) > 1:
            return SubpathResult(False, "block", "a block id must be the only subpath")
        wanted = segments[0][1:].strip().lower()
        if any(block.id == wanted for block in note.blocks):
            return SubpathResult(True, "block")
        return SubpathResult(False, "block", f"no block '^{segments[0][1:].strip()}'")
    if find_heading_chain(note, segments) is not None:
        return SubpathResult(True, "heading")
    return SubpathResult(False, "heading", "no heading '" + " > ".join(segments) + "'")


def section_lines(note: Note, subpath: str, last_line: int) -> tuple[int, int] | None:
    """The line range an embed of ``note`` + ``subpath`` shows; None when the subpath is missing."""
    segments = subpath_segments(subpath)
    if not segments:
        return (1, last_line)
    if segments[0].startswith("^"):
        if len(segments) > 1:
            return None
        wanted = segments[0][1:].strip().lower()
        for block in reversed(note.blocks):  # a later duplicate overwrites an earlier one
            if block.id == wanted:
                return (block.span.line, block.span.end_line)
        return None
    index = find_heading_chain(note, segments)
    if index is None:
        return None
    heading = note.headings[index]
    end = last_line
    for later in note.headings[index + 1 :]:
        if later.level <= heading.level:
            end = later.span.line - 1
            break
    return (heading.span.line, end)


# ---- the shared resolution table -------------------------------------------------------------


class Resolved(NamedTuple):
    """One link of one note with its candidates (Obsidian's order); ``target`` is the first.

    A tuple: a vault of 10,000 notes resolves some 120,000 links, and creating a tuple costs a
    fifth of a frozen dataclass."""

    source: str
    link: Link
    candidates: tuple[str, ...]
    target: str | None  # candidates[0], or None when unresolved


def resolved(source: str, link: Link, candidates: tuple[str, ...]) -> Resolved:
    return Resolved(source, link, candidates, candidates[0] if candidates else None)


def resolve_notes(
    notes: Mapping[str, Note], index: LinkIndex, *, publish: bool = False
) -> dict[str, tuple[Resolved, ...]]:
    """Every link of every note resolved once; shared by the rules, the graph and ``links``."""
    table: dict[str, tuple[Resolved, ...]] = {}
    plain = index._plain
    for path, note in notes.items():
        if is_canvas_name(path):
            table[path] = _resolve_canvas(path, note, index, publish)
            continue
        if publish:
            table[path] = tuple(
                resolved(path, link, index.resolve_publish(link.path, path)) for link in note.links
            )
            continue
        src_dir = _fold(posixpath.dirname(path))
        items = []
        for link in note.links:
            linkpath = link.path
            if not linkpath:
                found: tuple[str, ...] = (path,)
            else:  # most links resolve the same from any folder: one dict lookup
                found = plain.get(linkpath) or index.resolve_in(linkpath, src_dir)
            items.append(new_record(Resolved, (path, link, found, found[0] if found else None)))
        table[path] = tuple(items)
    return table


def _resolve_canvas(path: str, note: Note, index: LinkIndex, publish: bool) -> tuple[Resolved, ...]:
    """A canvas's links: a file node names its file exactly, text-node links resolve as a
    note's do (from the canvas's folder)."""
    items = []
    for link in note.links:
        if link.syntax is LinkSyntax.CANVAS:
            found = index.exact(link.path)
        elif publish:
            found = index.resolve_publish(link.path, path)
        else:
            found = index.resolve(link.path, path)
        items.append(resolved(path, link, found))
    return tuple(items)
