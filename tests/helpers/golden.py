"""Golden-file helpers: compare with the expected files (VAULTKIT_UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

UPDATE = os.environ.get("VAULTKIT_UPDATE_GOLDEN") == "1"


def tree(root: Path, skip: frozenset[str] = frozenset()) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.relative_to(root).as_posix() not in skip
    }


def check_file(expected: Path, actual: str) -> None:
    if UPDATE:
        expected.write_bytes(actual.encode("utf-8"))
    assert expected.exists(), f"{expected} missing (run with VAULTKIT_UPDATE_GOLDEN=1)"
    assert actual == expected.read_bytes().decode("utf-8")


def check_tree(expected: Path, actual: Path, skip: frozenset[str] = frozenset()) -> None:
    if UPDATE:
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(actual, expected, ignore=lambda folder, names: [
            n for n in names if (Path(folder) / n).relative_to(actual).as_posix() in skip
        ])
    assert tree(actual, skip) == tree(expected)
