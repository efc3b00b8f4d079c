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


# -- a result kept as a reference to the re-check state -----------------------------------------

EVERY = CheckConfig(select=("ALL",))


def _rich_vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    (vault / "sub").mkdir(parents=True)
    (vault / "a.md").write_text("---\naliases: [B]\n---\n# A\n[[b#Nope]] [[missing]]\n")
    (vault / "b.md").write_text("%% vaultkit-ignore unresolved-link %%\n[[gone]] ![[c]]\n")
    (vault / "c.md").write_text("---\nbad: [unclosed\n---\n![[b]]\n")
    (vault / "sub" / "d.md").write_text("no links\n")
    (vault / "board.canvas").write_text('{"nodes":[{"id":"x","type":"text","text":"[[nope]]"}]}')
    return vault


def _stored(cache: SqliteNoteCache) -> list[bytes]:
    assert cache._conn is not None
    return [row[0] for row in cache._conn.execute("SELECT payload FROM results")]


def test_a_run_that_leaves_a_state_keeps_only_a_reference_to_it(tmp_path: Path) -> None:
    from vaultkit.lint.results import StateRef, unpack_stored

    vault = _rich_vault(tmp_path)
    cache = _cache(tmp_path)
    first = check_path(vault, EVERY, cache=cache)
    (stored,) = _stored(cache)
    assert isinstance(unpack_stored(stored), StateRef) and len(stored) < 200
    second = check_path(vault, EVERY, cache=cache)
    assert second.timings == {"cached": 1.0}
    assert (second.findings, second.counts, second.notes, second.files) == (
        first.findings, first.counts, first.notes, first.files
    )
    assert second.findings == check_path(vault, EVERY).findings
    assert {"unresolved-link", "missing-heading", "embed-cycle", "invalid-yaml"} <= set(
        second.counts
    )


def test_a_reference_is_served_after_a_recheck_and_narrowed_to_files(tmp_path: Path) -> None:
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
    check_path(vault, only, cache=cache)  # a run of its own result key, over the same state
    narrowed = check_path(vault, only, cache=cache)
    assert narrowed.timings == {"cached": 1.0}
    assert narrowed.findings == check_path(vault, only).findings
    assert {f.path for f in narrowed.findings} >= {"sub/d.md"}


def test_a_reference_to_a_state_stored_over_since_is_a_miss(tmp_path: Path) -> None:
    vault = _rich_vault(tmp_path)
    cache = _cache(tmp_path)
    check_path(vault, EVERY, cache=cache)
    (vault / "a.md").write_text("---\naliases: [B]\n---\n# A\n[[b]]\n")
    check_path(vault, EVERY, cache=cache)  # the state now holds a.md's new findings
    (vault / "a.md").write_text("---\naliases: [B]\n---\n# A\n[[b#Nope]] [[missing]]\n")
    # the vault's stat records differ from the first run's (a.md was written again): checked
    result = check_path(vault, EVERY, cache=cache)
    assert "cached" not in result.timings
    assert result.findings == check_path(vault, EVERY).findings


def test_a_reference_whose_state_was_replaced_is_not_served(tmp_path: Path) -> None:
    from vaultkit.lint.engine import recheck_state_key

    vault = _rich_vault(tmp_path)
    cache = _cache(tmp_path)
    first = check_path(vault, EVERY, cache=cache)
    key = recheck_state_key(vault, EVERY, cache)
    found = cache.lookup_parts(key)
    assert found is not None  # another run stores the same state again, under a new token
    assert cache.store_parts(key, found.header, found.parts, over=None, keep=2)
    again = check_path(vault, EVERY, cache=cache)
    assert "cached" not in again.timings  # re-checked from the state instead
    assert again.findings == first.findings


def test_an_annotated_result_is_kept_whole(tmp_path: Path) -> None:
    from vaultkit.lint.report.result import CheckResult
    from vaultkit.lint.results import unpack_stored

    vault = _rich_vault(tmp_path)
    cache = _cache(tmp_path)
    marked = ("marked", lambda r: r)
    first = check_path(vault, EVERY, cache=cache, annotate=marked)
    assert any(isinstance(unpack_stored(v), CheckResult) for v in _stored(cache))
    second = check_path(vault, EVERY, cache=cache, annotate=marked)
    assert second.timings == {"cached": 1.0} and second.findings == first.findings
