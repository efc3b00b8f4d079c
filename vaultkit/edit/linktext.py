"""The text of a new link to a file, as Obsidian writes it (``fileToLinktext``).

``newLinkFormat`` in ``.obsidian/app.json``: *shortest* writes the bare name when that name
finds exactly this file from the linking note, else the full vault path (not the shortest
unique suffix); *relative* climbs ``../`` from the linking note's folder (no ``./``);
*absolute* writes the full vault path. Wikilinks drop ``.md``; Markdown links keep it and are
percent-encoded unless the destination was written in angle brackets.
"""

from __future__ import annotations

import json
import posixpath
from enum import Enum
from pathlib import Path
from urllib.parse import quote

from vaultkit.notes.resolve import LinkIndex

_URI_SAFE = "/!$&'*+,;=:@-._~"  # what encodeURI leaves, minus what a Markdown destination breaks


class LinkFormat(str, Enum):
    SHORTEST = "shortest"
    RELATIVE = "relative"
    ABSOLUTE = "absolute"


def vault_link_format(root: Path) -> LinkFormat:
    """``newLinkFormat`` from the vault's ``.obsidian/app.json`` (Obsidian's default: shortest)."""
    try:
        settings = json.loads((root / ".obsidian" / "app.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return LinkFormat.SHORTEST
    value = settings.get("newLinkFormat") if isinstance(settings, dict) else None
    try:
        return LinkFormat(value)
    except ValueError:
        return LinkFormat.SHORTEST


def _without_md(path: str) -> str:
    return path[:-3] if path.lower().endswith(".md") else path


def link_path(
    target: str, source: str, index: LinkIndex, fmt: LinkFormat, *, wiki: bool
) -> str:
    """The path part of a new link from the note ``source`` to the file ``target``."""
    shown = _without_md(target) if wiki else target
    if fmt is LinkFormat.RELATIVE:
        rel = posixpath.relpath(target, posixpath.dirname(source) or ".")
        return _without_md(rel) if wiki else rel
    if fmt is LinkFormat.SHORTEST:
        name = posixpath.basename(shown)
        if index.resolve(name, source) == (target,):
            return name
    return shown


def wikilink(
    path_text: str, subpath: str = "", display: str | None = None, *, embed: bool = False
) -> str:
    """``[[path#subpath|display]]``; ``!`` in front for an embed."""
    bar = "" if display is None else f"|{display}"
    return f"{'!' if embed else ''}[[{path_text}{subpath}{bar}]]"


def markdown_destination(path_text: str, subpath: str = "", *, angle: bool = False) -> str:
    """A Markdown link destination: ``<path#sub>`` as written, else percent-encoded."""
    if angle:
        return f"<{path_text}{subpath}>"
    encoded_sub = ""
    if subpath:
        encoded_sub = "#" + quote(subpath[1:], safe=_URI_SAFE + "^#")
    return quote(path_text, safe=_URI_SAFE) + encoded_sub
