"""The whole-run result cache: served only when nothing the findings depend on changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from vaultkit.cache.store import SqliteNoteCache
from vaultkit.config import CheckConfig
from vaultkit.lint.engine import check_path


def _cache(tmp_path: Path) -> SqliteNoteCache:
    cache = SqliteNoteCache(tmp_path / "cache.sqlite", racy_window_ns=0)
    cache.opened_ns = time.time_ns() + 10**9  # files written by the test count as settled
    return cache


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("[[b]] [[missing]]\n")
    (vault / "b.md").write_text("[[a]]\n")
    return vault


def _messages(root: Path, options: CheckConfig, cache: SqliteNoteCache | None) -> list[str]:
    result = check_path(root, options, cache=cache)
    return [f"{f.path}:{f.span.line}:{f.rule}:{f.message}" for f in result.findings]


def test_unchanged_vault_is_served_from_the_stored_result(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    cache = _cache(tmp_path)
    first = check_path(vault, CheckConfig(), cache=cache)
    second = check_path(vault, CheckConfig(), cache=cache)
    assert "cached" not in first.timings
    assert second.timings.get("cached") == 1.0
    assert second.findings == first.findings


def test_any_change_misses_and_gives_fresh_findings(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    cache = _cache(tmp_path)
    options = CheckConfig()
    before = _messages(vault, options, cache)
    assert any("missing" in m for m in before)
    (vault / "a.md").write_text("[[b]] [[also-gone]]\n")
    after = _messages(vault, options, cache)
    assert after == _messages(vault, options, None)
    assert any("also-gone" in m for m in after)
    (vault / "missing.md").write_text("[[a]]\n")
    (vault / "a.md").write_text("[[b]] [[missing]]\n")
    assert _messages(vault, options, cache) == _messages(vault, options, None)
    os.remove(vault / "b.md")
    assert _messages(vault, options, cache) == _messages(vault, options, None)


def test_configuration_is_part_of_the_key(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    cache = _cache(tmp_path)
    everything = _messages(vault, CheckConfig(), cache)
    fewer = _messages(vault, CheckConfig(ignore=("unresolved-link",)), cache)
    assert any("unresolved-link" in m for m in everything)
    assert not any("unresolved-link" in m for m in fewer)


def test_schema_edits_are_part_of_the_key(tmp_path: Path) -> None:
    from vaultkit.config import SchemaMapping

    vault = _vault(tmp_path)
    schema = tmp_path / "s.json"
    schema.write_text('{"type": "object"}')
    cache = _cache(tmp_path)
    options = CheckConfig(schema=SchemaMapping(override=schema))
    assert not any(":schema:" in m for m in _messages(vault, options, cache))
    schema.write_text('{"type": "object", "required": ["title"]}')
    assert any(":schema:" in m for m in _messages(vault, options, cache))


# -- an unchanged vault answered from the re-check state ----------------------------------------

EVERY = CheckConfig(select=("ALL",))


def _rich_vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    (vault / "sub").mkdir(parents=True)
    (vault / "a.md").write_text("---\naliases: [B]\n---\n# A\n[[b#Nope]] [[missing]] ![[p.png]]\n")
    (vault / "b.md").write_text("%% vaultkit-ignore unresolved-link %%\n[[gone]] ![[c]]\n")
    (vault / "c.md").write_text("---\nbad: [unclosed\n---\n![[b]]\n")
    (vault / "sub" / "d.md").write_text("no links\n")
    (vault / "board.canvas").write_text('{"nodes":[{"id":"x","type":"text","text":"[[nope]]"}]}')
    return vault


def _results(cache: SqliteNoteCache) -> int:
    assert cache._conn is not None
    return int(cache._conn.execute("SELECT count(*) FROM results").fetchone()[0])


def test_an_unchanged_vault_is_answered_from_the_state(tmp_path: Path) -> None:
    vault = _rich_vault(tmp_path)
    cache = _cache(tmp_path)
    first = check_path(vault, EVERY, cache=cache)
    assert _results(cache) == 0  # a check that changed the state keeps no second copy
    second = check_path(vault, EVERY, cache=cache)  # made from the state, then kept whole
    assert second.timings == {"cached": 1.0} and _results(cache) == 1
    third = check_path(vault, EVERY, cache=cache)  # read back whole
    assert third.timings == {"cached": 1.0} and _results(cache) == 1
    for again in (second, third):
        assert (again.findings, again.counts, again.notes, again.files) == (
            first.findings, first.counts, first.notes, first.files
        )
    assert second.findings == check_path(vault, EVERY).findings
    assert {"unresolved-link", "missing-heading", "embed-cycle", "invalid-yaml"} <= set(
        second.counts
    )
    assert not any(f.path == "b.md" and f.rule == "unresolved-link" for f in second.findings)


def test_after_a_recheck_and_narrowed_to_files(tmp_path: Path) -> None:
    vault = _rich_vault(tmp_path)
    cache = _cache(tmp_path)
    check_path(vault, EVERY, cache=cache)
    (vault / "sub" / "d.md").write_text("[[a#A]] [[nowhere]]\n")
    fresh = check_path(vault, EVERY, cache=cache)
    assert "rechecked" in fresh.timings
    again = check_path(vault, EVERY, cache=cache)
    assert again.timings == {"cached": 1.0} and again.findings == fresh.findings
    assert again.findings == check_path(vault, EVERY).findings
    only = CheckConfig(select=("ALL",), only_paths=frozenset({"sub/d.md"}))
    narrowed = check_path(vault, only, cache=cache)  # the same state: FILES only narrow
    assert narrowed.timings == {"cached": 1.0}
    assert narrowed.findings == check_path(vault, only).findings
    assert {f.path for f in narrowed.findings} >= {"sub/d.md"}


def test_a_file_or_folder_that_came_is_a_change(tmp_path: Path) -> None:
    vault = _rich_vault(tmp_path)
    cache = _cache(tmp_path)
    before = check_path(vault, EVERY, cache=cache)
    assert any("p.png" in f.message for f in before.findings)
    (vault / "p.png").write_bytes(b"\x89PNG")  # an attachment: the embed now resolves
    after = check_path(vault, EVERY, cache=cache)
    assert "cached" not in after.timings
    assert not any("p.png" in f.message for f in after.findings)
    assert after.findings == check_path(vault, EVERY).findings
    (vault / "nowhere").mkdir()  # a folder: the hint of a broken link may read differently
    assert "cached" not in check_path(vault, EVERY, cache=cache).timings


def test_an_annotated_result_is_kept_whole(tmp_path: Path) -> None:
    vault = _rich_vault(tmp_path)
    cache = _cache(tmp_path)
    marked = ("marked", lambda r: r)
    first = check_path(vault, EVERY, cache=cache, annotate=marked)
    assert _results(cache) == 1
    second = check_path(vault, EVERY, cache=cache, annotate=marked)
    assert second.timings == {"cached": 1.0} and second.findings == first.findings


def test_a_kept_result_belongs_to_its_state(tmp_path: Path) -> None:
    vault = _rich_vault(tmp_path)
    cache = _cache(tmp_path)
    check_path(vault, EVERY, cache=cache)
    check_path(vault, EVERY, cache=cache)  # kept for this state
    (vault / "sub" / "d.md").write_text("[[nowhere]]\n")
    for _ in range(3):  # a new state; its result made from it and kept; read back
        result = check_path(vault, EVERY, cache=cache)
        assert result.findings == check_path(vault, EVERY).findings
    only = CheckConfig(select=("ALL",), only_paths=frozenset({"a.md"}))
    for _ in range(2):  # FILES keep a result of their own
        assert check_path(vault, only, cache=cache).findings == check_path(vault, only).findings


def test_only_the_latest_states_keep_a_result(tmp_path: Path) -> None:
    vault = _rich_vault(tmp_path)
    cache = _cache(tmp_path)
    for turn in range(4):
        (vault / "sub" / "d.md").write_text(f"[[nowhere {turn}]]\n")
        check_path(vault, EVERY, cache=cache)  # a new state
        check_path(vault, EVERY, cache=cache)  # its result kept
    assert _results(cache) == 2
