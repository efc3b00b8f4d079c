"""Golden cases of senses: tests/cases/import-senses/<case>/ holds sources/ (several glossaries
of our own) and expected.json, written by reading the glossaries, not by running the code.

Each case is imported into a fresh vault; expected.json says which notes a name becomes and
from which sources (``notes``), which names are no note of their own (``absent``), which notes
link to which sense (``links``) and never to which (``no_links``), how many notes the terms make
(``concepts``), and which entries the compiled GLOSSARY.md shows (``glossary``). Adding a case is
adding a folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers.vaultlinks import check_vault, links_of
from vaultkit.cli import main as cli
from vaultkit.importers import import_sources
from vaultkit.notes.sections import find_sections

CASES = Path(__file__).resolve().parent.parent / "cases" / "import-senses"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "expected.json").exists())


def _import(case: Path, root: Path) -> tuple[Path, dict[str, str]]:
    """The case imported into root/vault; returns the vault and source id -> file name."""
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    shutil.copytree(case / "sources", root / "sources")
    files = sorted((root / "sources").iterdir())
    report = import_sources(files, root / "vault", root=root)
    assert report.exit_code == 0
    return root / "vault", {s.info.id: Path(s.info.file).name for s in report.sources}


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_senses_case(case: Path, tmp_path: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    vault, files = _import(case, tmp_path)
    notes = {p.stem: p.read_text(encoding="utf-8") for p in vault.glob("*.md")}
    assert len(notes) == expected["concepts"]
    for title, sources in expected["notes"].items():
        assert title in notes, sorted(notes)
        found = sorted(files[s.source] for s in find_sections(notes[title]))
        assert found == sources, title
        name = title.split(" (", 1)[0]  # one sense of a name: its heading already shows it
        assert f"**{name}**" not in notes[title].splitlines(), title
    for name in expected.get("absent", []):
        assert name not in notes
    for note, targets in expected.get("links", {}).items():
        for target in targets:
            assert target in links_of(notes[note]), (note, target, notes[note])
    for note, targets in expected.get("no_links", {}).items():
        for target in targets:
            assert target not in links_of(notes[note]), (note, target)
    broken, orphans = check_vault(vault)
    assert broken == [] and orphans == []
    output = tmp_path / "GLOSSARY.md"
    assert cli(["glossary", str(vault), "-o", str(output), "--isolated"]) == 0
    lines = output.read_text(encoding="utf-8").splitlines()
    headings = [line[4:] for line in lines if line.startswith("### ")]
    for title in expected["glossary"]:
        assert title in headings
    again = import_sources([], vault, root=tmp_path)
    assert again.changes == []
