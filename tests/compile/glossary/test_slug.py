from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from vaultkit.compile.glossary.slug import Slugger, anchors, slug

# the shared reference copy (../shared/reference) when present, else the copy kept with the tests
_SHARED = Path(__file__).resolve().parents[4] / "shared" / "reference"
FIXTURES = _SHARED / "github-slugger-fixtures.json"
_LOCAL = Path(__file__).parents[2] / "data" / "github-slugger-fixtures.json"


def _fixtures() -> list[dict[str, str]]:
    path = FIXTURES if FIXTURES.exists() else _LOCAL
    data: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_all_github_fixtures_as_one_document() -> None:
    cases = _fixtures()
    assert len(cases) == 78
    slugger = Slugger()
    got = [(case["name"], slugger.slug(case["input"])) for case in cases]
    assert got == [(case["name"], case["expected"]) for case in cases]


def test_vaultkit_relevant_outputs() -> None:
    assert slug("LoRA (Low-Rank Adaptation)") == "lora-low-rank-adaptation"
    assert slug("Top-k / Top-p") == "top-k--top-p"
    assert slug("v1.5 vs. SDXL") == "v15-vs-sdxl"
    assert slug("🧠 Brain") == "-brain"
    assert slug("Café") == "café"
    assert anchors(["C++", "C#"]) == ["c", "c-1"]


def test_suffixes_skip_literal_headings() -> None:
    assert anchors(["a-1", "a", "a", "a"]) == ["a-1", "a", "a-2", "a-3"]


def test_anchors_do_not_change_with_the_python_that_makes_them() -> None:
    from vaultkit.compile.glossary.slug import slug

    # U+2EC58 (CJK Extension I, Unicode 15.1): a letter to Python 3.13, unassigned in 13.0
    assert slug("a \U0002ec58 b") == "a--b"
    assert slug("a \U000306f8 b") == "a-\U000306f8-b"  # CJK Extension G (13.0): kept


@pytest.mark.skipif(
    unicodedata.unidata_version != "13.0.0", reason="checks the table against Unicode 13.0"
)
def test_the_unassigned_table_is_unicode_13() -> None:
    from vaultkit.compile.glossary.unassigned import UNICODE_VERSION, unassigned

    assert unicodedata.unidata_version == UNICODE_VERSION
    wrong = [
        code
        for code in range(0x110000)
        if unassigned(code) != (unicodedata.category(chr(code)) == "Cn")
    ]
    assert wrong == []
