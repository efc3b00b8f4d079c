"""Normalization of a whole vault: each note's schema key order and canonical link texts.

Shared by ``fmt`` (in place) and ``build`` (into another folder); the per-note work is the
pure :func:`vaultkit.compile.normalize.note.normalize`.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultkit.compile.normalize.note import Normalized, normalize
from vaultkit.config import CheckConfig, SchemaMapping
from vaultkit.errors import ConfigError
from vaultkit.lint.schemas import SchemaSet
from vaultkit.notes.model import Note, RawFinding
from vaultkit.notes.reader import decode, read_regular_bytes, read_text
from vaultkit.notes.resolve import LinkIndex


@dataclass(frozen=True)
class KeyStyle:
    order: tuple[str, ...] = ()
    list_keys: frozenset[str] = frozenset()


def _is_array(spec: Any) -> bool:
    if not isinstance(spec, dict):
        return False
    kind = spec.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind)


def key_style(schema: Mapping[str, Any]) -> KeyStyle:
    """The key order (``properties`` order) and the array-typed keys of a JSON Schema."""
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict):
        return KeyStyle()
    arrays = frozenset(name for name, spec in properties.items() if _is_array(spec))
    return KeyStyle(tuple(properties), arrays)


@dataclass
class StyleChooser:
    """Which schema applies to a note (by-path, by-type, default) and its key style."""

    mapping: SchemaMapping
    _styles: dict[Path, KeyStyle] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._set = SchemaSet(self.mapping) if _any_schema(self.mapping) else None

    def style(self, path: str, data: Mapping[str, Any]) -> KeyStyle:
        if self._set is None:
            return KeyStyle()
        chosen = self._set.choose(path, data)
        if chosen is None:
            return KeyStyle()
        if chosen not in self._styles:
            try:
                schema = json.loads(chosen.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ConfigError(f"cannot read schema {chosen}: {exc}") from exc
            self._styles[chosen] = key_style(schema)
        return self._styles[chosen]


def _any_schema(mapping: SchemaMapping) -> bool:
    return bool(mapping.default or mapping.by_type or mapping.by_path or mapping.override)


class CanonicalLinks:
    """Link path -> the canonical text for the same target, seen from a source note.

    The canonical text is the target's basename (without ``.md``) when that resolves to the same
    file from the source, else its vault path (without ``.md``); None leaves the link as it is.
    Answers depend only on the source's folder, so they are cached per folder.
    """

    def __init__(self, index: LinkIndex) -> None:
        self.index = index
        self._cache: dict[tuple[str, str], str | None] = {}

    def canonical(self, linkpath: str, source: str) -> str | None:
        return self.linker(source)(linkpath)

    def _canonical(self, linkpath: str, source: str) -> str | None:
        target = self.index.first(linkpath, source)
        if target is None or not linkpath:
            return None
        stem_path = target[:-3] if target.lower().endswith(".md") else target
        for candidate in (posixpath.basename(stem_path), stem_path):
            if self.index.first(candidate, source) == target:
                return candidate
        return None

    def linker(self, source: str) -> Callable[[str], str | None]:
        folder = posixpath.dirname(source)
        cache = self._cache

        def canonical(linkpath: str) -> str | None:
            key = (folder, linkpath)
            if key not in cache:
                cache[key] = self._canonical(linkpath, source)
            return cache[key]

        return canonical


BOM = "\ufeff"


def read_note(path: Path, rel: str) -> tuple[str | RawFinding, bool]:
    """The note's text (BOM removed, as the parser saw it) and whether the file had a BOM."""
    try:
        data = read_regular_bytes(path)  # non-blocking: a note turned into a pipe cannot hang us
    except OSError:
        data = None
    if data is None:
        return read_text(path, rel), False  # the reader words the problem
    return decode(data, rel), data.startswith(BOM.encode("utf-8"))


@dataclass(frozen=True)
class NoteResult:
    path: str
    original: str
    result: Normalized

    @property
    def changed(self) -> bool:
        return self.result.text != self.original


def normalize_notes(
    notes: Mapping[str, Note],
    texts: Mapping[str, str],
    index: LinkIndex,
    config: CheckConfig,
) -> list[NoteResult]:
    """Normalize every note in ``texts``; ``index`` holds all the files links may resolve to."""
    links = CanonicalLinks(index)
    chooser = StyleChooser(config.schema)
    results = []
    for path in sorted(texts):
        note = notes.get(path)
        style = chooser.style(path, note.properties if note else {})
        text = texts[path]
        result = normalize(
            text,
            key_order=style.order,
            list_keys=style.list_keys,
            resolve_link=links.linker(path),
            note=note,
        )
        results.append(NoteResult(path, text, result))
    return results
