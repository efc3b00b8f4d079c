"""Golden cases: tests/cases/import/<case>/ holds a glossary and expected.json.

Adding a case is adding a folder. Each case is read with format auto-detection, then imported
into a fresh vault; the expectations were written by reading the input, not by running the code.
A case may also hold GLOSSARY.md: the merged glossary compiled from the imported vault, compared
byte for byte (VAULTKIT_UPDATE_GOLDEN=1 writes it; read it against the input before committing).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers.golden import UPDATE, check_file
from tests.helpers.vaultlinks import check_vault
from vaultkit.compile.glossary.compiler import glossary_for_vault
from vaultkit.config import CheckConfig
from vaultkit.importers import import_sources, read
from vaultkit.importers.mojibake import repair
from vaultkit.importers.postprocess import tidy
from vaultkit.notes.linked import load_linked

CASES = Path(__file__).resolve().parent.parent / "cases" / "import"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "expected.json").exists())


def _source(case: Path) -> Path:
    return next(p for p in sorted(case.iterdir()) if p.name.startswith("glossary"))


def _plain(markdown: str) -> str:
    """Definition text with inserted links and plain-text escapes undone."""
    text = re.sub(r"\[\[[^\]|]*\|([^\]]*)\]\]", r"\1", markdown)
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_entries(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    text, _ = repair(_source(case).read_text(encoding="utf-8"))
    result = read(text, "glossary")
    entries, aside = tidy(result.entries)
    assert result.format == expected["format"]
    assert [e.term for e in entries] == expected["terms"]
    assert len(aside) + len(result.unplaced) == expected.get("unplaced", 0)
    by_term = {e.term: e for e in entries}
    for want in expected["entries"]:
        entry = by_term[want["term"]]
        definition = _plain(entry.definition)
        assert definition.startswith(want["first"]), definition
        if want["last"] != "```" or not entry.extras:
            pieces = [definition, *(_plain(v) for _, v in entry.extras if _ != "Pros and cons")]
            assert any(p.rstrip().endswith(want["last"]) for p in pieces), pieces
        for key in ("category", "expansion"):
            if key in want:
                assert getattr(entry, key) == want[key]
        if "aliases" in want:
            assert list(entry.aliases) == want["aliases"]
        if "see_also" in want:
            assert list(entry.see_also) == want["see_also"]
        if "extras" in want:
            assert [list(x) for x in entry.extras] == want["extras"]
    for snippet in expected.get("contains", []):
        assert any(snippet in e.definition for e in entries)


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_vault(case: Path, tmp_path: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    source = tmp_path / "sources" / _source(case).name
    source.parent.mkdir()
    shutil.copy(_source(case), source)
    report = import_sources([source], tmp_path / "vault", root=tmp_path)
    assert report.exit_code == (1 if expected.get("unplaced") else 0)
    assert report.concepts == expected.get("concepts", len(expected["terms"]))
    broken, orphans = check_vault(tmp_path / "vault")
    assert broken == []
    assert [o for o in orphans if not o.startswith("_unplaced/")] == []
    for warning in expected.get("warnings", []):
        assert any(warning in d.message for d in report.diagnostics), warning
    (info,) = (s.info for s in report.sources)
    if "source_title" in expected:
        assert info.title == expected["source_title"]
    source_note = (tmp_path / "vault" / "Sources" / f"{info.title}.md").read_text("utf-8")
    for text in expected.get("kept", []):  # text outside the entries, verbatim
        assert text in source_note, text
    again = import_sources([], tmp_path / "vault", root=tmp_path)
    assert again.changes == []
    if UPDATE or (case / "GLOSSARY.md").exists():
        linked = load_linked(tmp_path / "vault", CheckConfig())
        merged = glossary_for_vault(linked, flavor="github", origin="vault/")
        check_file(case / "GLOSSARY.md", merged)
