"""Recall and precision of the importer on the glossaries in shapes_corpus/.

Each glossary (a file, or a folder of one term per file) has ``NAME.expected.json`` next to it:
``terms`` (the entries a reader sees, written by reading the file) and ``aliases`` (term ->
other names the glossary gives it). The glossary is imported into a fresh vault, exactly as a
user would, and the term notes are compared with the expectations by canonical key: a note
counts when its title or one of its aliases names an expected term.

Golden import cases (tests/cases/import/<case>/) whose expected.json names a ``shape`` are
scored too. ``fields`` (term -> the labels of its named fields, besides its definition, in
order) scores the fields: an expected label counts when the entry has a field of that name, and
a field is right when it is expected.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from vaultkit.errors import VaultkitError
from vaultkit.importers import import_sources, read
from vaultkit.importers.labels import canonical_key, split_term
from vaultkit.importers.mojibake import repair
from vaultkit.importers.writer import split_front_matter

CORPUS = Path(__file__).resolve().parent / "shapes_corpus"
CASES = Path(__file__).resolve().parents[1] / "cases" / "import"


@dataclass(frozen=True, slots=True)
class Score:
    name: str
    shape: str
    expected: int
    notes: int
    found: int  # expected terms that have a note
    right: int  # notes that name an expected term
    aliases: int  # expected aliases
    aliases_found: int
    check_exit: int  # `vaultkit check` on the imported vault
    format: str
    fields: int = 0  # expected fields
    fields_found: int = 0  # expected fields the entries have
    fields_read: int = 0  # fields of the entries that have expected fields
    fields_right: int = 0  # of those, the expected ones

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.notes if self.notes else 0.0


def glossaries() -> list[Path]:
    """Every glossary of the corpus: a file or folder with NAME.expected.json next to it."""
    out = []
    for expected in sorted(CORPUS.glob("*.expected.json")):
        name = expected.name[: -len(".expected.json")]
        found = [p for p in CORPUS.iterdir() if p.name != expected.name and _stem(p) == name]
        out.extend(found[:1])
    for case in sorted(CASES.iterdir()):
        expected = case / "expected.json"
        if expected.exists() and "shape" in json.loads(expected.read_text(encoding="utf-8")):
            out.extend(sorted(case.glob("glossary*"))[:1])
    return out


def expected_of(source: Path) -> dict[str, Any]:
    """The expectations of a glossary (its NAME.expected.json, or its case's expected.json)."""
    if source.parent.parent == CASES:
        path = source.parent / "expected.json"
    else:
        path = CORPUS / f"{_stem(source)}.expected.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def name_of(source: Path) -> str:
    return source.parent.name if source.parent.parent == CASES else _stem(source)


def _stem(path: Path) -> str:
    return path.name if path.is_dir() else path.name.rsplit(".", 1)[0]


def term_notes(vault: Path) -> list[dict[str, object]]:
    notes = []
    for path in sorted(vault.glob("*.md")):
        fm, _ = split_front_matter(path.read_text(encoding="utf-8"))
        data = yaml.safe_load(fm or "") or {}
        if data.get("type") == "term":
            notes.append(data)
    return notes


def _keys(note: dict[str, object]) -> set[str]:
    names = [note.get("title"), note.get("expansion"), *(note.get("aliases") or [])]  # type: ignore[misc]
    return {canonical_key(str(n)) for n in names if n}


def import_into(sources: list[Path], root: Path) -> tuple[Path, int, str]:
    """Copy ``sources`` into a fresh project at ``root`` and import them.

    Returns the vault, the exit code of `vaultkit check` on it (2 when it exits 0 but reports a
    warning or an info finding: an imported vault must be clean) and the formats read.
    """
    from vaultkit.cli import main

    (root / "pyproject.toml").write_text("", encoding="utf-8")
    (root / "sources").mkdir()
    copies = []
    for source in sources:
        copy = root / "sources" / source.name
        if source.is_dir():
            shutil.copytree(source, copy)
        else:
            shutil.copy(source, copy)
        copies.append(copy)
    vault = root / "vault"
    report = import_sources(copies, vault, root=root)
    formats = ",".join(s.info.format for s in report.sources)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", str(vault), "--format", "json", "--no-cache"])
    summary = json.loads(out.getvalue())["summary"]
    findings = summary["errors"] + summary["warnings"] + summary["info"]
    return vault, code or (2 if findings else 0), formats


def _field_counts(source: Path, fields: dict[str, list[str]]) -> tuple[int, int, int, int]:
    """(expected, found, read, right) for the named fields of the terms in ``fields``."""
    if not fields or source.is_dir():
        return 0, 0, 0, 0
    text, _ = repair(source.read_text(encoding="utf-8"))
    entries = {}
    for entry in read(text, source.name).entries:  # by the term, and by 'X' of 'X (Y)'
        entries[canonical_key(split_term(entry.term).title)] = entry
        entries[canonical_key(entry.term)] = entry
    expected = found = got = right = 0
    for term, labels in fields.items():
        entry = entries.get(canonical_key(term))
        have = [canonical_key(label) for label, _ in entry.extras] if entry else []
        want = [canonical_key(label) for label in labels]
        expected += len(want)
        found += sum(1 for label in want if label in have)
        got += len(have)
        right += sum(1 for label in have if label in want)
    return expected, found, got, right


def score(source: Path) -> Score:
    expected = expected_of(source)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            vault, check_exit, formats = import_into([source], Path(tmp))
            notes = term_notes(vault)
        except VaultkitError as exc:  # counted as nothing imported
            notes, check_exit, formats = [], -1, f"error: {exc}"
    keys = [_keys(n) for n in notes]
    wanted = {canonical_key(t): t for t in expected["terms"]}
    found = sum(1 for key in wanted if any(key in k for k in keys))
    right = sum(1 for k in keys if k & set(wanted))
    alias_total = alias_found = 0
    for term, aliases in expected.get("aliases", {}).items():
        home = next((k for k in keys if canonical_key(term) in k), set())
        for alias in aliases:
            alias_total += 1
            alias_found += canonical_key(alias) in home
    fields = _field_counts(source, expected.get("fields", {}))
    return Score(
        name_of(source),
        str(expected.get("shape", "")),
        len(wanted),
        len(notes),
        found,
        right,
        alias_total,
        alias_found,
        check_exit,
        formats,
        *fields,
    )


def table(scores: list[Score]) -> str:
    """The per-file table, as Markdown."""
    rows = [
        "| glossary | shape | format read | terms | notes | recall | precision | aliases "
        "| fields found | fields right | check |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for s in scores:
        found = f"{s.fields_found}/{s.fields}" if s.fields else ""
        right = f"{s.fields_right}/{s.fields_read}" if s.fields else ""
        rows.append(
            f"| {s.name} | {s.shape} | {s.format} | {s.expected} | {s.notes} | {s.recall:.2f} "
            f"| {s.precision:.2f} | {s.aliases_found}/{s.aliases} | {found} | {right} "
            f"| {s.check_exit} |"
        )
    return "\n".join(rows)
