"""Unified diffs of planned changes, as ``git diff`` shows them (a/ and b/ prefixes)."""

from __future__ import annotations

import difflib


def unified(old_path: str, new_path: str, old: str, new: str) -> str:
    """The diff of one file; ``''`` when nothing changes. Lines keep their own line breaks."""
    if old == new and old_path == new_path:
        return ""
    before = old.splitlines(keepends=True)
    after = new.splitlines(keepends=True)
    lines = list(difflib.unified_diff(before, after, f"a/{old_path}", f"b/{new_path}"))
    if not lines:  # a pure move
        return f"rename from {old_path}\nrename to {new_path}\n"
    missing = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith(("\n", "\r")) else line + missing for line in lines)
