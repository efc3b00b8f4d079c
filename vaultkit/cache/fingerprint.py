"""Fingerprints of vaultkit's own code: what was computed by other code is never served."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from pathlib import Path

from vaultkit import __version__
from vaultkit.cache.codec import FORMAT_VERSION

# The folders whose code decides what a parsed note looks like: the reading stage, the cache
# itself and the package's top-level modules (tests/test_cache.py checks that this covers
# everything vaultkit.notes.vault imports). "" is the package folder itself, without subfolders.
PARSER_FOLDERS = ("", "notes", "cache")


def _digest_files(root: Path, folders: tuple[str, ...] | None) -> str:
    """A hash of the .py files (relative name, size, mtime) under ``folders`` of ``root``, or
    of the whole tree when ``folders`` is None."""
    digest = hashlib.blake2b(digest_size=8)
    for folder, dirs, files in os.walk(root):
        rel_folder = os.path.relpath(folder, root)
        rel_folder = "" if rel_folder == "." else rel_folder.replace(os.sep, "/")
        dirs.sort()
        if folders is not None:
            top = rel_folder.split("/", 1)[0]
            if top not in folders:
                continue
            if rel_folder == "":
                dirs[:] = [d for d in dirs if d in folders]
        for name in sorted(files):
            if name.endswith(".py"):
                with contextlib.suppress(OSError):
                    st = os.stat(os.path.join(folder, name))
                    rel = f"{rel_folder}/{name}" if rel_folder else name
                    digest.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def code_fingerprint() -> str:
    """A hash of the parser's source files (name, size, mtime): notes parsed by other code
    are never served, even when the version number did not move (an editable install)."""
    return _digest_files(Path(__file__).resolve().parents[1], PARSER_FOLDERS)


def package_fingerprint(root: Path | None = None) -> str:
    """A hash of every source file of the package (name, size, mtime): whole-run results and
    re-check states also depend on the rules' code, not only the parser's."""
    return _digest_files(root or Path(__file__).resolve().parents[1], None)


def cache_tag() -> str:
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return f"{FORMAT_VERSION}/{__version__}/py{python}/{code_fingerprint()}"
