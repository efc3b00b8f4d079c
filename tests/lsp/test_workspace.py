"""The server's state, kept current change by change, gives the findings of a fresh check."""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest

from vaultkit.cache.store import SqliteNoteCache, open_cache
from vaultkit.config import CheckConfig
from vaultkit.lint.engine import check_path, recheck_state_key
from vaultkit.lint.stored import load_state
from vaultkit.lsp.workspace import Workspace
from vaultkit.notes.model import Finding

CASES = Path(__file__).resolve().parents[1] / "cases" / "lsp" / "vault"

EDITS = [
    lambda t: t.replace("# Intro", "# Introduction"),
    lambda t: t + "\n[[Stray]]\n",
    lambda t: t + "\n[[Alpha#Details]] [[Nope#x]] [[Beta#^blk]]\n",
    lambda t: t.replace("aliases: [Alpha]", "aliases: [Beta2]"),
    lambda t: t.replace("[[", "[ ["),
    lambda t: t + "\n| [[Home|h]] | y |\n",
    lambda t: t + "\n%% vaultkit-ignore %%\n[[Broken here]]\n",
    lambda t: t + "\n## Part\ntext ^zz\n",
    lambda t: "---\nrelated: [[Home]]\n---\n" + t,
]


def _key(found: list[Finding]) -> list[tuple[object, ...]]:
    return [(f.path, f.span, f.code, f.severity, f.message) for f in found]


def _full(root: Path) -> list[Finding]:
    return list(check_path(root, CheckConfig()).findings)


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "from-check-state"])
@pytest.mark.parametrize("seed", range(12))
def test_changes_then_a_vault_refresh_equal_a_full_check(tmp_path: Path, seed: int,
                                                         cached: bool) -> None:
    root = tmp_path / "vault"
    shutil.copytree(CASES, root)
    ws = Workspace.load(root, CheckConfig())
    if cached:  # the state `check` leaves in the cache, a note edited since: started from it
        check_path(root, CheckConfig(), cache=open_cache(root))
        text = (root / "Home.md").read_text(encoding="utf-8") + "\n[[Nope]] [[Stray]]\n"
        (root / "Home.md").write_text(text, encoding="utf-8")
        ws = Workspace.load(root, CheckConfig(), cache=open_cache(root))
        assert ws.findings("Home.md") != []
    assert _key(ws.all_findings()) == _key(_full(root))
    rng = random.Random(seed)
    for step in range(12):
        action = rng.random()
        notes = sorted(ws.notes)
        if action < 0.15:
            path = f"New {step}.md"
            text = rng.choice(
                ["[[Home]]\n", "# Intro\n", "[[Missing]]\n", "---\naliases: [Home]\n---\n"])
            (root / path).write_text(text, encoding="utf-8")
            ws.created(path)
        elif action < 0.25 and len(notes) > 3:
            path = rng.choice(notes)
            (root / path).unlink()
            ws.deleted(path)
        elif action < 0.35 and len(notes) > 4:  # a checkout: files come and go at once
            gone = rng.sample(notes, 2)
            for path in gone:
                (root / path).unlink()
            ws.deleted_all(gone)
            made = {}
            for k in range(3):  # the first comes back where it was, in a folder of its own
                path = f"Batch/{step}/{gone[0]}" if k == 0 else f"Batch/{step} {k}.md"
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_text(rng.choice(["[[Home]]\n", f"[[{gone[0][:-3]}]]\n"]),
                                         encoding="utf-8")
                made[path] = None
            ws.created_all(made)
        else:
            path = rng.choice(notes)
            text = rng.choice(EDITS)((root / path).read_text(encoding="utf-8"))
            (root / path).write_text(text, encoding="utf-8")
            ws.update(path, text)
        ws.recheck_vault()
        assert _key(ws.all_findings()) == _key(_full(root)), f"step {step}: {path}"


def test_a_cold_start_writes_the_cache_after_it_is_ready(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    shutil.copytree(CASES, root)
    cache = SqliteNoteCache(tmp_path / "c.sqlite3", racy_window_ns=0)
    cache.opened_ns = time.time_ns() + 10**9  # the copied files count as settled
    key = recheck_state_key(root, CheckConfig(), cache)
    ws = Workspace.load(root, CheckConfig(), cache=cache)
    assert cache.stored == 0 and load_state(cache, key) is None  # nothing written yet
    assert ws.persist is not None
    ws.persist()
    assert cache.stored == len(ws.notes) and load_state(cache, key) is not None
    again = Workspace.load(root, CheckConfig(), cache=cache)
    assert again.persist is None  # a warm start: from the state and the notes just written
    assert _key(again.all_findings()) == _key(ws.all_findings())
