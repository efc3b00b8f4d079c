"""Recall and precision on the glossaries of shapes_corpus/ (written for these tests, in many
shapes, fields and languages; expected entries written by reading each file).

Each glossary is imported into a fresh vault as a user would; `vaultkit check` must accept it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.importers.shapes_score import (
    CORPUS,
    glossaries,
    import_into,
    name_of,
    score,
    term_notes,
)

GLOSSARIES = glossaries()


def test_the_corpus_is_broad() -> None:
    assert len(GLOSSARIES) >= 15
    assert any(p.is_dir() for p in GLOSSARIES)
    assert {p.suffix for p in GLOSSARIES} >= {".md", ".rst", ".adoc"}


@pytest.mark.parametrize("source", GLOSSARIES, ids=[name_of(p) for p in GLOSSARIES])
def test_recall_and_precision(source: Path) -> None:
    result = score(source)
    assert result.check_exit == 0, result
    assert result.recall >= 0.9, result
    assert result.precision >= 0.9, result
    assert result.aliases_found * 10 >= result.aliases * 8, result
    assert result.fields_found * 10 >= result.fields * 9, result  # named fields, when expected
    assert result.fields_right * 10 >= result.fields_read * 9, result


def test_the_whole_corpus_scores_high() -> None:
    scores = [score(p) for p in GLOSSARIES]
    found = sum(s.found for s in scores)
    expected = sum(s.expected for s in scores)
    right = sum(s.right for s in scores)
    notes = sum(s.notes for s in scores)
    assert found / expected >= 0.97
    assert right / notes >= 0.97


def test_terms_differing_only_in_case_and_repeated_rows_are_one_note() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        vault, code, _ = import_into([CORPUS / "regex_a.md", CORPUS / "regex_b.md"], Path(tmp))
        notes = term_notes(vault)
        titles = sorted(str(n["title"]) for n in notes)
        regex = next(n for n in notes if str(n["title"]).casefold() == "regex")
        glob = (vault / "Glob.md").read_text(encoding="utf-8")
    assert code == 0
    assert titles == ["Buffer", "Glob", "Grep", "Macro", "RegEx"]
    assert len(regex["sources"]) == 2  # type: ignore[arg-type]
    assert glob.count("A wildcard pattern for file names") == 1
