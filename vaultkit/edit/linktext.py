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

# What encodeURI leaves, minus '#' (it starts the subpath) and '(' ')' (they can end the
# destination). '?' stays as written: Obsidian reads a destination through decodeURI, which
# keeps '%3F' encoded, so an encoded '?' would never find its file or heading.
URI_SAFE = "/!$&'*+,;=:@-._~?"


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
    """The path part of a new link from the note ``source`` to the file ``target``.

    Where the format's text would find another file (a relative ``Note`` that is also a path
    from the vault root, say), the next form that finds ``target`` is written: ``./`` in front
    of a relative path, then the full path."""
    shown = _without_md(target) if wiki else target
    forms: list[str] = []
    if fmt is LinkFormat.RELATIVE:
        rel = posixpath.relpath(target, posixpath.dirname(source) or ".")
        rel = _without_md(rel) if wiki else rel
        forms += [rel, "./" + rel] if not rel.startswith("../") else [rel]
    elif fmt is LinkFormat.SHORTEST:
        name = posixpath.basename(shown)
        if index.resolve(name, source) == (target,):
            return name
    forms.append(shown)
    for form in forms:
        found = index.resolve(form, source)
        if found and found[0] == target:
            return form
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
        encoded_sub = "#" + quote(subpath[1:], safe=URI_SAFE + "^#")
    return quote(path_text, safe=URI_SAFE) + encoded_sub


def double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def requoted(old_scalar: str, inner: str) -> str | None:
    """``inner`` as a YAML scalar in the quote style of ``old_scalar`` (a property link's value
    as written); None when that is not a one-line quoted scalar."""
    if len(old_scalar) < 2 or old_scalar[0] not in "\"'" or old_scalar[-1] != old_scalar[0]:
        return None
    if "\n" in old_scalar:
        return None
    if old_scalar[0] == "'":
        return "'" + inner.replace("'", "''") + "'"
    return double_quoted(inner)
