"""Bad and unusual glossaries: `import` reports what it cannot read, never drops a word, and
writes front matter that reads back exactly (issue 7)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.cli import write
from tests.helpers.faults import snapshot
from tests.helpers.strategies import settings as fixed
from vaultkit.cli import main
from vaultkit.importers.render import yaml_scalar
from vaultkit.notes.yaml import full as yaml12


def _project(root: Path, glossary: str | bytes, name: str = "g.md") -> Path:
    write(root / "pyproject.toml", "")
    write(root / "sources" / name, glossary)
    return root


def _import(root: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    monkeypatch.chdir(root)
    return main(["import", "--into", "vault", "-q", *extra])


def test_a_binary_source_is_refused_with_its_line_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, b"# Pic\n\n**x**\n: \x00\x01\x02\xff\xfe binary\n", "pic.md")
    assert _import(root, monkeypatch, "sources/pic.md") == 1
    err = capsys.readouterr().err
    assert "sources/pic.md:4" in err and "binary" in err
    assert not (root / "vault").exists()
    assert not (root / "sources" / "manifest.json").exists()


def test_a_definition_with_a_pipe_is_imported_not_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary = "# G\n\n**Pipe**\n: joins two commands: a | b\n\n**Other**\n: fine\n"
    root = _project(tmp_path, glossary)
    assert _import(root, monkeypatch, "sources/g.md") == 0
    pipe = (root / "vault" / "Pipe.md").read_text(encoding="utf-8")
    assert "joins two commands: a | b" in pipe


WEIRD = {
    "Line\u2028Separator": "text with a U+2028\u2028inside",
    "Para\u2029Separator": "and U+2029\u2029too",
    "Zero\u200bWidth": "zero\u200bwidth and no\u00a0break",
    "Byte\ufeffOrder": "a BOM\ufeff in the middle",
    "Tab\tInside": "a\ttab",
    "Quote \"and\" 'both'": "quotes \" ' and a backslash \\ here",
    "yes": "a YAML 1.1 boolean as a term",
    "0x1F": "a number-looking term",
    "#hash": "starts with a hash",
}


def test_unusual_characters_read_back_and_import_twice_is_a_no_op(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    glossary = "# Odd Glossary\n\n" + "".join(f"**{t}**\n: {d}\n\n" for t, d in WEIRD.items())
    root = _project(tmp_path, glossary)
    assert _import(root, monkeypatch, "sources/g.md") == 0
    first = snapshot(root)
    titles = {}
    for rel, data in first.items():
        if rel.startswith("vault/") and rel.endswith(".md") and "/Sources/" not in rel:
            text = data.decode("utf-8")
            fm = text.split("---\n")[1]
            loaded = yaml12.load(fm)
            assert loaded.error is None, (rel, loaded.error)
            titles[loaded.data["title"]] = text
    for written, definition in WEIRD.items():
        term = " ".join(written.split())  # line separators and tabs in a term become spaces
        assert term in titles, (term, sorted(titles))
        assert definition in titles[term]
    assert _import(root, monkeypatch) == 0  # no false "edited by hand" conflict
    assert snapshot(root) == first


@settings(**fixed(max_examples=400))
@given(st.text(st.characters(codec="utf-8"), min_size=1, max_size=40))
def test_every_string_survives_a_front_matter_round_trip(value: str) -> None:
    line = f"title: {yaml_scalar(value)}"
    assert yaml12.load(line).data == {"title": value}  # Obsidian's YAML 1.2 reading
    assert yaml.load(line, Loader=yaml.CSafeLoader) == {"title": value}  # the importer's own


def test_a_source_without_entries_imports_twice_without_a_false_conflict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, "Just prose, no terms at all.\nAnother line.\n", "prose.txt")
    assert _import(root, monkeypatch, "sources/prose.txt") == 0
    first = snapshot(root)
    capsys.readouterr()
    assert _import(root, monkeypatch) == 0
    assert "edited by hand" not in capsys.readouterr().err
    assert snapshot(root) == first


@pytest.mark.parametrize(
    "text",
    [
        " " * 400_000 + "x\n",
        "\n" * 400_000 + "x\n",
        " \n" * 200_000,
        "|---" + " " * 200_000 + "x\n",
        "- " * 200_000 + "\n",
        ": a\n" * 50_000,
        "**" * 100_000 + "\n",
    ],
    ids=["spaces", "newlines", "blank-lines", "table-rule", "dashes", "definitions", "stars"],
)
def test_pathological_glossaries_import_in_linear_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    root = _project(tmp_path, text)
    start = time.perf_counter()
    assert _import(root, monkeypatch, "sources/g.md") in (0, 1)
    assert time.perf_counter() - start < 10
