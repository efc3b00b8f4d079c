"""Where cache databases live: one per real path of a vault, never inside it by default."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

ENV_CACHE_DIR = "VAULTKIT_CACHE_DIR"


def default_cache_dir() -> Path:
    """The folder for cache databases when the user names none."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        if base:
            return Path(base) / "vaultkit" / "cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "vaultkit"
    return Path.home() / ".cache" / "vaultkit"


def database_path(vault_root: Path, cache_dir: Path | None = None) -> Path:
    """The database file for ``vault_root``: one per real path of the vault."""
    real = os.path.realpath(vault_root)
    digest = hashlib.blake2b(os.fsencode(real), digest_size=8).hexdigest()
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(real).name)[:40]
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    return folder / f"{name or 'vault'}-{digest}.sqlite3"
