"""Paths as the user would open them: relative to the working folder when below it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def display_paths(root: Path, cwd: Path | None = None) -> Callable[[str], str]:
    """A function mapping a vault-relative POSIX path to the path shown to the user."""
    base = Path(os.path.abspath(root))
    here = Path(os.path.abspath(cwd or Path.cwd()))
    cache: dict[str, str] = {}

    def show(rel: str) -> str:
        shown = cache.get(rel)
        if shown is None:
            full = base / rel
            try:
                shown = full.relative_to(here).as_posix()
            except ValueError:
                shown = full.as_posix()
            cache[rel] = shown
        return shown

    return show
