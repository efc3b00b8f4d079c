"""Every term of every seed (the copies in sources/) reaches the vault with its whole definition.

Counts and samples come from tests/importers/seeds.json, written by reading the seed files.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers.vaultlinks import check_vault
from vaultkit.importers import ImportReport, import_sources, read
from vaultkit.importers.mojibake import repair
from vaultkit.importers.postprocess import tidy
from vaultkit.importers.writer import split_front_matter
from vaultkit.notes.sections import find_sections

ROOT = Path(__file__).resolve().parents[2]
SEEDS = json.loads((Path(__file__).with_name("seeds.json")).read_text(encoding="utf-8"))["sources"]
_LINK = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")


def _plain(text: str) -> str:
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("rel", sorted(SEEDS))
def test_seed_entries(rel: str) -> None:
    want = SEEDS[rel]
    text, _ = repair((ROOT / rel).read_text(encoding="utf-8"))
    result = read(text, rel)
    entries, aside = tidy(result.entries)
    assert result.format == want["format"]
    assert len(entries) == want["count"]
    assert aside == [] and result.unplaced == ()
    by_term = {e.term: e for e in entries}
    for sample in want["samples"]:
        entry = by_term[sample["term"]]
        definition = _plain(entry.definition)
        assert definition.startswith(sample["first"])
        assert definition.endswith(sample["last"])
        if "category" in sample:
            assert entry.category == sample["category"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    root = tmp_path_factory.mktemp("project")
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    (root / "sources").mkdir()
    for rel in SEEDS:
        shutil.copy(ROOT / rel, root / rel)
    report = import_sources([root / rel for rel in sorted(SEEDS)], root / "vault", root=root)
    return root, report


def _sections(text: str) -> dict[str, str]:
    return {found.source: found.inner for found in find_sections(text)}


def test_every_seed_term_is_in_the_vault(seeded: tuple[Path, ImportReport]) -> None:
    root, report = seeded
    vault = root / "vault"
    assert report.exit_code == 0
    assert {s.info.file: s.entries for s in report.sources} == {
        rel: want["count"] for rel, want in SEEDS.items()
    }
    for source in report.sources:
        note = (vault / "Sources" / f"{source.info.title}.md").read_text(encoding="utf-8")
        links = _LINK.findall(_sections(note)[source.info.id])
        surfaces = {(shown or target): target for target, shown in links}
        for sample in SEEDS[source.info.file]["samples"]:
            target = surfaces[sample["term"]]
            text = (vault / f"{target}.md").read_text(encoding="utf-8")
            body = _sections(text)
            section = _plain(body[source.info.id])
            if sample["first"] == sample["last"] and sample["first"] not in section:
                # an acronym row that only gives the full form: the note shows it as a name
                fm = yaml.safe_load(split_front_matter(text)[0] or "")
                assert sample["first"] in [fm.get("expansion"), *fm.get("aliases", [])]
                continue
            assert sample["first"] in section
            assert sample["last"] in section


def test_vault_links_resolve_and_nothing_is_orphaned(seeded: tuple[Path, ImportReport]) -> None:
    broken, orphans = check_vault(seeded[0] / "vault")
    assert broken == []
    assert orphans == []


def test_front_matter_matches_the_schemas(seeded: tuple[Path, ImportReport]) -> None:
    import jsonschema

    schemas = {
        kind: json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
        for kind in ("term", "source")
    }
    validators = {kind: jsonschema.Draft202012Validator(s) for kind, s in schemas.items()}
    keys = list(schemas["term"]["properties"])
    for path in (seeded[0] / "vault").rglob("*.md"):
        fm, _ = split_front_matter(path.read_text(encoding="utf-8"))
        data = yaml.safe_load(fm or "")
        assert list(validators[data["type"]].iter_errors(data)) == [], path
        if data["type"] == "term":
            order = [k for k in data if k in keys]
            assert order == [k for k in keys if k in data]


def test_duplicates_across_seeds_are_one_note(seeded: tuple[Path, ImportReport]) -> None:
    vault = seeded[0] / "vault"
    lora = yaml.safe_load(split_front_matter((vault / "LoRA.md").read_text("utf-8"))[0] or "")
    assert len(lora["sources"]) == 4
    assert "Low-Rank Adaptation" in lora["aliases"]
    assert not (vault / "Low-Rank Adaptation.md").exists()
    # two senses from one source stay apart
    assert (vault / "Checkpoint.md").exists() and (vault / "Checkpoint (training).md").exists()


def test_reimport_changes_no_byte(seeded: tuple[Path, ImportReport]) -> None:
    root = seeded[0]
    before = {p: p.read_bytes() for p in (root / "vault").rglob("*") if p.is_file()}
    report = import_sources([], root / "vault", root=root)
    assert report.changes == []
    after = {p: p.read_bytes() for p in (root / "vault").rglob("*") if p.is_file()}
    assert after == before


def test_vaultkit_check_accepts_the_vault(seeded: tuple[Path, ImportReport]) -> None:
    pytest.importorskip("vaultkit.lint.engine")
    from vaultkit.cli import main

    assert main(["check", str(seeded[0] / "vault"), "--no-summary"]) == 0
