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
