"""``vaultkit fmt``: the build's normalization applied to a vault in place."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from vaultkit.compile.glossary.compiler import GLOSSARY_NAME
from vaultkit.compile.glossary.render import is_generated
from vaultkit.compile.normalize.vault import BOM, normalize_notes, read_note
from vaultkit.config import CheckConfig
from vaultkit.errors import UnsafeWriteError
from vaultkit.fsutil import atomic_write_text, safe_target
from vaultkit.notes.linked import load_linked


@dataclass(frozen=True)
class FormatReport:
    notes: int
    changed: tuple[str, ...]  # vault-relative paths that change (or changed)
    diff: str  # unified diff of every change
    problems: tuple[str, ...]


def format_vault(vault: Path, config: CheckConfig, *, write: bool) -> FormatReport:
    """Normalize every note of ``vault``; with ``write`` replace changed notes atomically."""
    linked = load_linked(vault, config)
    loaded = linked.vault
    texts: dict[str, str] = {}
    boms: set[str] = set()
    problems = [f"{p.path}:{p.span.line}: {p.message}" for p in loaded.problems]
    for path in sorted(loaded.notes):
        text, bom = read_note(vault / path, path)
        if bom:
            boms.add(path)
        if not isinstance(text, str):
            problems.append(f"{path}:{text.span.line}: {text.message}; left as is")
            continue
        if path == GLOSSARY_NAME and is_generated(text):
            continue
        texts[path] = text
    results = normalize_notes(loaded.notes, texts, linked.index, config)
    changed = []
    diffs = []
    targets: dict[str, Path] = {}
    for item in results:
        problems += [f"{item.path}:{line}: {message}" for line, message in item.result.problems]
        if not item.changed:
            continue
        try:
            targets[item.path] = safe_target(vault, item.path)
        except UnsafeWriteError:
            problems.append(f"{item.path}:1: a symbolic link (or inside one): not formatted")
            continue
        changed.append(item.path)
        diffs.append(
            "".join(
                difflib.unified_diff(
                    item.original.splitlines(keepends=True),
                    item.result.text.splitlines(keepends=True),
                    fromfile=f"a/{item.path}",
                    tofile=f"b/{item.path}",
                )
            )
        )
    if write:
        by_path = {item.path: item for item in results}
        for path in changed:
            mark = BOM if path in boms else ""  # a byte order mark is kept
            atomic_write_text(targets[path], mark + by_path[path].result.text)
    return FormatReport(len(results), tuple(changed), "".join(diffs), tuple(problems))
