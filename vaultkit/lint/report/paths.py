"""Paths as the user would open them: relative to the working folder when below it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def display_paths(root: Path, cwd: Path | None = None) -> Callable[[str], str]:
    """A function mapping a vault-relative POSIX path to the path shown to the user: the
    path below the working folder when it is there, else the full path. Worked out once
    for the vault, then by joining strings (a report may name tens of thousands of files)."""
    base = Path(os.path.abspath(root))
    here = Path(os.path.abspath(cwd or Path.cwd()))
    full = base.as_posix().rstrip("/") + "/"
    if base == here or here in base.parents:  # the vault is the working folder or below it
        inner = base.relative_to(here).as_posix()
        prefix = "" if inner == "." else inner + "/"
        return lambda rel: prefix + rel
    if base in here.parents:  # working inside the vault: its own files are shown short
        inside = here.relative_to(base).as_posix() + "/"
        return lambda rel: rel[len(inside) :] if rel.startswith(inside) else full + rel
    return lambda rel: full + rel
