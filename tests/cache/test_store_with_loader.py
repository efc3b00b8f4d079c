"""The note cache with the real loader: cached and uncached runs agree after any edit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.cache.store import SqliteNoteCache
from vaultkit.config import CheckConfig
from vaultkit.lint.engine import check_path
from vaultkit.notes.vault import load_vault

# -- with the real loader: cached and uncached runs agree -------------------------------------

NAMES = ["Alpha", "Beta", "Gamma", "Delta", "Sub/Epsilon", "Zeta é"]
BODIES = [
    "# {n}\n\nSee [[Beta]] and [[Gamma#Top]].\n",
    "---\ntitle: {n}\naliases: [Al]\n---\n# Top\n\nA [[Missing]] link ^blk\n",
    "plain text with #tag and [[Alpha|shown]]\n",
    "---\nbad: [unclosed\n---\n[[Delta#^blk]]\n",
    "# {n}\n\n## Top\n\n![[Sub/Epsilon]] [md](Zeta%20é.md)\n",
]

operations = st.lists(
    st.tuples(
        st.sampled_from(["write", "same-size", "rename", "delete", "touch"]),
        st.sampled_from(NAMES),
        st.sampled_from(NAMES),
        st.integers(0, len(BODIES) - 1),
    ),
    min_size=1,
    max_size=12,
)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _apply(root: Path, op: str, name: str, other: str, body: int) -> None:
    path, target = root / f"{name}.md", root / f"{other}.md"
    if op == "write":
        _write(path, BODIES[body].format(n=name))
    elif not path.exists():
        return
    elif op == "same-size":  # flip one character, restore the mtime: size and mtime look unchanged
        data = bytearray(path.read_bytes())
        before = path.stat()
        at = next((i for i in range(len(data) // 2, len(data)) if chr(data[i]).isalpha()), None)
        if at is None:
            return
        data[at] = ord("Y") if data[at] != ord("Y") else ord("Z")
        path.write_bytes(bytes(data))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif op == "rename" and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
    elif op == "delete":
        path.unlink()
    elif op == "touch":
        os.utime(path)


def _snapshot(root: Path, cache_file: Path | None) -> tuple[object, ...]:
    cache = SqliteNoteCache(cache_file, racy_window_ns=0) if cache_file else None
    vault = load_vault(root, jobs=1, cache=cache)
    result = check_path(root, CheckConfig(), jobs=1, cache=cache)
    if cache is not None:
        cache.close()
    return vault.notes, vault.problems, result.findings


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=operations)
def test_cached_runs_equal_uncached_runs(
    tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, str, str, int]]
) -> None:
    root = tmp_path_factory.mktemp("vault")
    cache_file = tmp_path_factory.mktemp("cache") / "c.sqlite3"
    for i, name in enumerate(NAMES[:4]):
        _write(root / f"{name}.md", BODIES[i].format(n=name))
    assert _snapshot(root, cache_file) == _snapshot(root, None)
    for op in ops:
        _apply(root, *op)
        assert _snapshot(root, cache_file) == _snapshot(root, None), op


def test_same_size_edit_with_restored_mtime_is_seen(tmp_path: Path) -> None:
    root = tmp_path / "v"
    _write(root / "a.md", "[[Beta]]\n")
    cache_file = tmp_path / "c.sqlite3"
    first = _snapshot(root, cache_file)
    _apply(root, "same-size", "a", "a", 0)
    assert (root / "a.md").read_text() == "[[BeYa]]\n"
    second = _snapshot(root, cache_file)
    assert second == _snapshot(root, None)
    assert second[0] != first[0]
