"""The vault side of an import: existing notes, stable names, planned changes, writing.

Nothing is written here until :func:`apply_changes`; every target is checked to lie inside
the vault (no ``..``, no symlinks) before the first write, and each write is atomic.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from vaultkit.fsutil import atomic_write_text, safe_target
from vaultkit.importers.labels import canonical_key, safe_file_name
from vaultkit.importers.merge import Concept
from vaultkit.importers.notes import PlannedNote
from vaultkit.importers.writer import merge_note, read_front_matter, split_front_matter
from vaultkit.notes.sections import marked_sources

OBSIDIAN_APP = (
    '{\n  "alwaysUpdateLinks": true,\n  "newLinkFormat": "shortest",\n'
    '  "useMarkdownLinks": false\n}\n'
)


@dataclass(frozen=True, slots=True)
class FileChange:
    path: str  # vault-relative
    action: str  # create | update | delete | conflict
    old: str
    new: str
    message: str = ""


def existing_notes(vault: Path) -> dict[str, str]:
    """Vault-relative path -> text of the Markdown files the importer may manage."""
    found: dict[str, str] = {}
    for folder in ("", "Sources", "_unplaced"):
        base = vault / folder if folder else vault
        if not base.is_dir() or base.is_symlink():
            continue
        with os.scandir(base) as entries:
            for item in entries:
                if item.name.endswith(".md") and item.is_file(follow_symlinks=False):
                    rel = f"{folder}/{item.name}" if folder else item.name
                    try:
                        found[rel] = Path(item.path).read_text(encoding="utf-8")
                    except (OSError, UnicodeDecodeError):
                        continue
    return found


def _existing_titles(existing: dict[str, str]) -> dict[str, str]:
    """canonical key of a term note's title -> its file stem (so names stay stable)."""
    titles: dict[str, str] = {}
    for rel, text in existing.items():
        if "/" in rel or not marked_sources(text):
            continue
        fm, _ = split_front_matter(text)
        try:
            data = read_front_matter(fm) if fm is not None else {}
        except ValueError:
            continue
        if data.get("type") == "term" and data.get("title"):
            titles.setdefault(canonical_key(str(data["title"])), rel[:-3])
    return titles


def assign_names(concepts: list[Concept], existing: dict[str, str]) -> None:
    stable = _existing_titles(existing)
    used: set[str] = set()
    foreign = {
        rel[:-3].casefold()
        for rel, text in existing.items()
        if "/" not in rel and not marked_sources(text)
    }
    for concept in concepts:
        name = stable.get(concept.key) or safe_file_name(concept.title)
        base, n = name, 2
        while name.casefold() in used or name.casefold() in foreign:
            name, n = f"{base} ({n})", n + 1
        used.add(name.casefold())
        concept.name = name


def plan_changes(
    planned: list[PlannedNote], existing: dict[str, str], managed: set[str], vault: Path
) -> list[FileChange]:
    changes: list[FileChange] = []
    seen: set[str] = set()
    for note in planned:
        seen.add(note.path)
        old = existing.get(note.path, "")
        if not old and (vault / note.path).exists():
            changes.append(
                FileChange(
                    note.path, "conflict", "", "", "exists but is not a readable note; left alone"
                )
            )
            continue
        try:
            merged = merge_note(old, note.fm, note.order, note.title, note.sections, managed)
        except ValueError as exc:
            changes.append(
                FileChange(
                    note.path,
                    "conflict",
                    old,
                    old,
                    f"front matter cannot be read ({exc}); left alone",
                )
            )
            continue
        for source in merged.conflicts:
            changes.append(
                FileChange(
                    note.path,
                    "conflict",
                    old,
                    merged.text,
                    f"section source={source} was edited by hand; kept your "
                    "text and did not write the new version (delete the "
                    "section, markers included, to take it)",
                )
            )
        if merged.text != old:
            changes.append(FileChange(note.path, "update" if old else "create", old, merged.text))
    for rel, old in existing.items():  # notes whose sources no longer mention them
        if rel in seen or marked_sources(old).isdisjoint(managed):
            continue
        merged = merge_note(old, {}, (), "", {}, managed)
        if not merged.dropped:
            continue
        _, body = split_front_matter(merged.text)
        fm, _ = split_front_matter(old)
        leftover = [line for line in body.split("\n") if line.strip() and not line.startswith("# ")]
        user_keys = _user_keys(fm or "")
        if not leftover and not user_keys:
            changes.append(FileChange(rel, "delete", old, ""))
        elif merged.text != old:
            changes.append(
                FileChange(
                    rel,
                    "update",
                    old,
                    merged.text,
                    "no source defines this note any more; kept your text",
                )
            )
    if not (vault / ".obsidian").exists():
        changes.append(FileChange(".obsidian/app.json", "create", "", OBSIDIAN_APP))
    return changes


def _user_keys(fm: str) -> list[str]:
    try:
        data = read_front_matter(fm)
    except ValueError:
        return ["?"]
    managed = {
        "title",
        "type",
        "aliases",
        "expansion",
        "tags",
        "sources",
        "related",
        "source_id",
        "file",
        "format",
        "terms",
    }
    return [k for k in data if k not in managed]


def apply_changes(vault: Path, changes: list[FileChange]) -> None:
    """Write every change atomically; all targets are checked before the first write."""
    vault.mkdir(parents=True, exist_ok=True)
    todo = [(c, safe_target(vault, c.path)) for c in changes if c.action != "conflict"]
    for change, target in todo:
        if change.action == "delete":
            target.unlink(missing_ok=True)
        else:
            atomic_write_text(target, change.new)


def unified_diff(change: FileChange) -> str:
    return "".join(
        difflib.unified_diff(
            change.old.splitlines(keepends=True),
            change.new.splitlines(keepends=True),
            fromfile=f"a/{change.path}",
            tofile=f"b/{change.path}",
        )
    )
