"""The sources manifest of a vault (``VAULT/.vaultkit/sources.json``): id, title, file, format
and (optional, added by hand) url of each source imported into that vault.

The manifest belongs to the vault it describes: importing into another vault never picks up
this one's sources. Paths are stored relative to the vault folder, POSIX style, so a clone
elsewhere re-imports the same bytes; in memory (and in the notes) a source is named by its path
relative to the project root. A project that kept the older ``sources/manifest.json`` next to
its ``vault/`` still works: that file is read for ``ROOT/vault`` only, until the first import
writes the vault's own manifest. Titles are derived once, from the glossary's own heading or
first line, and then kept: a person may edit them in the manifest.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

from vaultkit.errors import UsageError
from vaultkit.fsutil import atomic_write_text, safe_target
from vaultkit.importers.furniture import plain_heading
from vaultkit.importers.model import SourceInfo

MANIFEST = Path("sources") / "manifest.json"  # the project-wide manifest of older versions
VAULT_MANIFEST = Path(".vaultkit") / "sources.json"
_ROOT_MARKERS = ("pyproject.toml", "vaultkit.toml", ".git", str(MANIFEST))
_GENERIC = {"glossary", "terminology", "terms", "vocabulary", "definitions", "the", "of", "a"}
_PREPOSITION = re.compile(
    r"\b(?:using|across|in|for|of|by|with|from|to|within|throughout)\s+([A-Z][\w.]{2,})", re.UNICODE
)


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` with a project marker (else ``start``)."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in _ROOT_MARKERS):
            return folder
    return here


def load(root: Path) -> list[SourceInfo]:
    """Rows of the older project-wide manifest ``ROOT/sources/manifest.json``."""
    return _read(root / MANIFEST)


def _read(path: Path) -> list[SourceInfo]:
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = data["sources"] if isinstance(data, dict) else data
        return [
            SourceInfo(
                str(r["id"]),
                str(r["title"]),
                str(r["file"]),
                str(r.get("format", "")),
                str(r.get("url", "")),
            )
            for r in rows
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path}: not a valid sources manifest: {exc}") from exc


def load_vault(vault: Path, root: Path) -> list[tuple[SourceInfo, Path]]:
    """The sources imported into ``vault``: each row (file relative to ``root``) and its path."""
    own = vault / VAULT_MANIFEST
    if own.is_symlink():
        raise UsageError(f"{own}: the manifest must not be a symlink")
    if own.exists():
        base, rows = vault, _read(own)
    elif (root / MANIFEST).exists() and _same(vault, root / "vault"):
        base, rows = root, load(root)
    else:
        return []
    out = []
    for row in rows:
        path = base / row.file
        out.append((replace(row, file=relative(root, path)), path))
    return out


def _same(a: Path, b: Path) -> bool:
    return os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())


def dump(rows: list[SourceInfo]) -> str:
    data = {
        "version": 1,
        "sources": [
            {
                "id": r.id,
                "title": r.title,
                "file": r.file,
                "format": r.format,
                **({"url": r.url} if r.url else {}),
            }
            for r in rows
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def save_vault(vault: Path, root: Path, rows: list[SourceInfo]) -> bool:
    """Write the vault's manifest when its bytes change (files relative to the vault)."""
    stored = [replace(r, file=relative(vault, root / r.file)) for r in rows]
    text = dump(stored)
    folder = safe_target(vault, VAULT_MANIFEST.parent.as_posix())
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UsageError(f"{folder}: must be a folder inside the vault")
    path = safe_target(vault, VAULT_MANIFEST.as_posix())
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    folder.mkdir(exist_ok=True)
    atomic_write_text(path, text)
    return True


def relative(root: Path, file: Path) -> str:
    return Path(os.path.relpath(file.resolve(), root.resolve())).as_posix()


def slug(text: str) -> str:
    out = re.sub(r"[^\w]+", "-", text.casefold()).strip("-_")
    return out or "source"


def derive_title(heading: str, intro: str, stem: str, taken: set[str]) -> str:
    """A source's title: its heading, made specific with the project it names, else the file."""
    title = plain_heading(heading) if heading else ""
    words = {w.casefold() for w in re.findall(r"\w+", title)}
    if title and words - _GENERIC and title.casefold() not in taken:
        return title
    names = [m.group(1).rstrip(".") for m in _PREPOSITION.finditer(intro)]
    names = [n for n in names if not n.isupper() or len(n) > 4]
    if names:
        name = max(dict.fromkeys(names), key=names.count)
        candidate = f"{name} {title or 'Glossary'}"
        if candidate.casefold() not in taken:
            return candidate
    return f"{title or 'Glossary'} ({stem})"


def derive_id(title: str, stem: str, taken: set[str]) -> str:
    words = [w for w in re.findall(r"\w+", title) if w.casefold() != "glossary"]
    base = slug(" ".join(words)) if words else slug(stem)
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident
