"""Source titles are readable: from the source's own lines or its file name, never a hash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vaultkit.importers import import_sources
from vaultkit.importers.titles import is_readable, readable_stem, source_title

INTRO = "Terms from all guides in this repository, sorted alphabetically. More text."


@pytest.mark.parametrize(
    ("heading", "intro", "stem", "taken", "title"),
    [
        ("Glossary", INTRO, "001_4c457df0f6ccb869", set(),
         "Glossary — Terms from all guides in this repository"),
        ("Glossary", "", "ml_terms-v2", set(), "Glossary (Ml terms v2)"),
        ("Glossary", "", "001_4c457df0f6ccb869", set(), "Glossary"),
        ("Glossary", "", "001_4c457df0f6ccb869", {"glossary", "glossary 2"}, "Glossary 3"),
        ("", "", "deadbeefcafe1234", set(), "Glossary"),
        ("Sensor Kit Glossary", "", "0a1b2c3d4e5f6a7b", set(), "Sensor Kit Glossary"),
        ("Glossary", "Words used across Tessera, our renderer.", "x", set(), "Tessera Glossary"),
    ],
)
def test_source_title(heading: str, intro: str, stem: str, taken: set[str], title: str) -> None:
    assert source_title(heading, intro, stem, taken) == title
    assert is_readable(title)


def test_readable() -> None:
    assert not is_readable("Glossary (001_4c457df0f6ccb869)")
    assert not is_readable("4c457df0")
    assert not is_readable("2024")
    assert is_readable("Glossary 2024") and is_readable("Deadbeef Glossary")
    assert readable_stem("003_5307b5a26a61a571") == ""
    assert readable_stem("+_+") == ""  # no letters: no name
    assert readable_stem("kubernetes-glossary") == "Kubernetes glossary"


def test_a_hash_title_in_the_manifest_is_made_readable(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    source = tmp_path / "sources" / "007_9f86d081884c7d65.txt"
    source.parent.mkdir()
    source.write_text(
        "Glossary\nWords of the sensor kit, in order.\nLux\nA unit of illuminance.\n"
        "Lumen\nA unit of luminous flux.\nCandela\nA unit of luminous intensity.\n",
        encoding="utf-8",
    )
    manifest = tmp_path / "sources" / "manifest.json"
    rows = [{"id": "007_9f86d081884c7d65", "title": "Glossary (007_9f86d081884c7d65)",
             "file": "sources/007_9f86d081884c7d65.txt", "format": "scraped-text"}]
    manifest.write_text(json.dumps({"version": 1, "sources": rows}), encoding="utf-8")
    report = import_sources([], tmp_path / "vault", root=tmp_path)
    (info,) = (s.info for s in report.sources)
    assert (info.id, info.title) == ("007_9f86d081884c7d65", "Glossary — Words of the sensor kit")
    saved = json.loads(manifest.read_text(encoding="utf-8"))["sources"][0]
    assert saved["title"] == info.title and saved["id"] == info.id
    vault_text = "".join(p.read_text("utf-8") for p in (tmp_path / "vault").rglob("*.md"))
    assert "Glossary (007_" not in vault_text
    assert import_sources([], tmp_path / "vault", root=tmp_path).changes == []
