"""Reference §6 cases 1-57: one small vault per folder under tests/cases/obsidian/<NN-name>/.

Shapes met in Obsidian's own help vault (in our words) are cases of the same form under
tests/cases/obsidian-help/<NN-name>/.

Each folder holds ``vault/`` and ``expected.json``: the expected ``links`` JSON (notes with no
links may be left out), the expected findings (rule, path, line, optional message text; the
`orphan` rule is not checked here), and optionally what the parser reads (display text,
front-matter tags, aliases, properties, body tags).
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from vaultkit.compile.export.links import links_table
from vaultkit.config import CheckConfig, SchemaMapping
from vaultkit.lint.engine import build_context, run_check
from vaultkit.notes.frontmatter import obsidian_aliases, obsidian_tags
from vaultkit.notes.vault import load_vault

CASES = Path(__file__).parents[1] / "cases" / "obsidian"
FOLDERS = sorted(p for p in CASES.iterdir() if (p / "expected.json").is_file())
HELP_CASES = Path(__file__).parents[1] / "cases" / "obsidian-help"
HELP_FOLDERS = sorted(p for p in HELP_CASES.iterdir() if (p / "expected.json").is_file())


def _nfc(table: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {
        unicodedata.normalize("NFC", src): {
            unicodedata.normalize("NFC", t): n for t, n in m.items()
        }
        for src, m in table.items()
        if m
    }


def _config(folder: Path, expected: dict[str, Any]) -> CheckConfig:
    options = expected.get("config", {})
    schema = SchemaMapping(override=folder / options["schema"]) if "schema" in options else None
    return CheckConfig(
        ignore=("orphan",),
        publish=bool(options.get("publish", False)),
        **({"schema": schema} if schema else {}),
    )


def test_every_case_of_the_reference_has_a_folder() -> None:
    numbers = sorted(int(p.name.split("-", 1)[0]) for p in FOLDERS)
    assert numbers == list(range(1, 58))


@pytest.mark.parametrize(
    "folder", FOLDERS + HELP_FOLDERS, ids=[p.name for p in FOLDERS + HELP_FOLDERS]
)
def test_case(folder: Path) -> None:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    vault = load_vault(folder / "vault")
    config = _config(folder, expected)
    ctx = build_context(vault, config)
    table = links_table(vault.notes, ctx.resolved)
    assert (
        set(table["resolvedLinks"])
        == set(table["unresolvedLinks"])
        == set(links_table(vault.notes, ctx.resolved)["resolvedLinks"])
    )
    assert _nfc(table["resolvedLinks"]) == _nfc(expected["resolvedLinks"])
    assert _nfc(table["unresolvedLinks"]) == _nfc(expected["unresolvedLinks"])

    result = run_check(vault, config)
    got = Counter((f.rule, f.path, f.span.line) for f in result.findings)
    want = Counter((f["rule"], f["path"], f["line"]) for f in expected["findings"])
    assert got == want, [f"{f.rule} {f.path}:{f.span.line} {f.message}" for f in result.findings]
    for item in expected["findings"]:
        if "message_contains" in item:
            messages = [
                f.message
                for f in result.findings
                if (f.rule, f.path, f.span.line) == (item["rule"], item["path"], item["line"])
            ]
            assert any(item["message_contains"] in m for m in messages), messages
    _parser_expectations(vault.notes, expected)


def _parser_expectations(notes: dict[str, Any], expected: dict[str, Any]) -> None:
    for path, shown in expected.get("displays", {}).items():
        assert [link.display for link in notes[path].links] == shown
    for path, tags in expected.get("frontmatter_tags", {}).items():
        got = [t.lstrip("#") for t in obsidian_tags(notes[path].frontmatter.data)]
        assert got == tags, path
    for path, aliases in expected.get("aliases", {}).items():
        assert list(obsidian_aliases(notes[path].frontmatter.data)) == aliases, path
    for path, data in expected.get("properties", {}).items():
        assert notes[path].frontmatter.data == data, path
    for path, tags in expected.get("body_tags", {}).items():
        assert [t.name for t in notes[path].tags] == tags, path
