"""Fixes in JSON and SARIF: each finding carries its fix, also when the result comes from the
cache, and a change of newLinkFormat is not answered with the fixes of another format."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

import vaultkit.commands.fixing as check_command
from tests.helpers.cli import write
from vaultkit.cache.store import SqliteNoteCache
from vaultkit.cli import main


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled (a cache keys no file changed just now)."""
    opened = SqliteNoteCache.__init__

    def later(self: SqliteNoteCache, *args: Any, **kwargs: Any) -> None:
        opened(self, *args, **kwargs)
        self.opened_ns, self.racy_window_ns = time.time_ns() + 10**9, 0

    monkeypatch.setattr(SqliteNoteCache, "__init__", later)


def _json(vault: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    main(["check", str(vault), "--format", "json", "--isolated", "--cache-dir", str(cache)])
    return json.loads(capsys.readouterr().out)["diagnostics"]  # type: ignore[no-any-return]


def test_fixes_are_reported_and_kept_with_the_stored_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "v"
    write(vault / "deep" / "Target.md", "---\naliases: [Tgt]\n---\n[[Source]]\n")
    write(vault / "Source.md", "See [[Tgt]].\n")
    cache = tmp_path / "cache"
    first = _json(vault, cache, capsys)
    real = check_command.fixes_for

    def not_again(*args: object) -> object:
        raise AssertionError("fixes made again for an unchanged vault")

    monkeypatch.setattr(check_command, "fixes_for", not_again)
    again = _json(vault, cache, capsys)
    assert first == again  # from the stored result: its fixes came with it
    monkeypatch.setattr(check_command, "fixes_for", real)
    fix = first[0]["fix"]
    assert isinstance(fix, dict) and fix["applicability"] == "safe"
    assert [e["content"] for e in fix["edits"]] == ["Target|Tgt"]
    write(vault / ".obsidian" / "app.json", '{"newLinkFormat": "absolute"}')
    absolute = _json(vault, cache, capsys)[0]["fix"]
    assert isinstance(absolute, dict)
    assert [e["content"] for e in absolute["edits"]] == ["deep/Target|Tgt"]


def test_sarif_results_carry_their_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = tmp_path / "v"
    write(vault / "Note.md", "---\nup: [[Other]]\n---\n")
    write(vault / "Other.md", "[[Note]]\n")
    main(["check", str(vault), "--format", "sarif", "--isolated", "--no-cache"])
    result = json.loads(capsys.readouterr().out)["runs"][0]["results"][0]
    change = result["fixes"][0]["artifactChanges"][0]
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 14},
        "insertedContent": {"text": '"[[Other]]"'},
    }]


def test_a_canvas_finding_gets_no_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Fixers edit Markdown; a canvas is JSON, so its broken links are reported without a fix
    (even one an alias would allow in a note)."""
    vault = tmp_path / "v"
    write(vault / "Target.md", "---\naliases: [Tgt]\n---\n")
    write(vault / "Board.canvas", '{"nodes":[{"id":"a","type":"text","text":"| [[Tgt]] |"}]}')
    main(["check", str(vault), "--format", "json", "--isolated", "--no-cache"])
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    broken = [d for d in found if d["rule"] == "unresolved-link"]
    assert broken and all(d["fix"] is None for d in broken)
