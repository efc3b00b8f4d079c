"""Test helper: resolve every [[link]] of a generated vault by file name, case-insensitively.

A stand-in for ``vaultkit check`` that is independent of the importer's own code: it reads the
files on disk and knows nothing about concepts.
"""

from __future__ import annotations

import re
from pathlib import Path

_LINK = re.compile(r"(?<!!)\[\[([^\[\]|#]*)(?:#[^\[\]|]*)?(?:\|[^\[\]]*)?\]\]")
_FENCE = re.compile(r"^(```|~~~)")
_CODE = re.compile(r"`[^`]*`")


def links_of(text: str) -> list[str]:
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if not fenced:
            out.extend(m.group(1).strip() for m in _LINK.finditer(_CODE.sub("", line)))
    return out


def check_vault(vault: Path) -> tuple[list[str], list[str]]:
    """(broken links as 'file: target', orphan notes) of all Markdown files in ``vault``."""
    notes = {p.relative_to(vault).as_posix(): p for p in vault.rglob("*.md")}
    names: dict[str, str] = {}
    for rel in notes:
        names.setdefault(Path(rel).stem.casefold(), rel)
        names.setdefault(rel[:-3].casefold(), rel)
    broken: list[str] = []
    incoming: dict[str, int] = dict.fromkeys(notes, 0)
    for rel, path in notes.items():
        for target in links_of(path.read_text(encoding="utf-8")):
            if not target:
                continue
            hit = names.get(target.casefold())
            if hit is None:
                broken.append(f"{rel}: {target}")
            elif hit != rel:
                incoming[hit] += 1
    orphans = [rel for rel, count in incoming.items() if count == 0]
    return broken, orphans
