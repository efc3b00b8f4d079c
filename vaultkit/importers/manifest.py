"""The sources manifest (``sources/manifest.json``): id, title, file and format of each source.

Paths are stored relative to the project root, POSIX style, so a clone elsewhere re-imports
the same bytes. Titles are derived once, from the glossary's own heading or first line, and
then kept: a person may edit them in the manifest.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from vaultkit.errors import UsageError
from vaultkit.fsutil import atomic_write_text
from vaultkit.importers.furniture import plain_heading
from vaultkit.importers.model import SourceInfo

MANIFEST = Path("sources") / "manifest.json"
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
    path = root / MANIFEST
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = data["sources"] if isinstance(data, dict) else data
        return [
            SourceInfo(str(r["id"]), str(r["title"]), str(r["file"]), str(r.get("format", "")))
            for r in rows
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path}: not a valid sources manifest: {exc}") from exc


def dump(rows: list[SourceInfo]) -> str:
    data = {
        "version": 1,
        "sources": [
            {"id": r.id, "title": r.title, "file": r.file, "format": r.format} for r in rows
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def save(root: Path, rows: list[SourceInfo]) -> bool:
    """Write the manifest when its bytes change; True when written."""
    path = root / MANIFEST
    text = dump(rows)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
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
