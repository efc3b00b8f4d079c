"""pack/unpack: every parsed note survives the trip unchanged, through marshal and pickle."""

from __future__ import annotations

import datetime
import marshal
import pickle
from pathlib import Path

import pytest

import vaultkit.notes.vault as vault_mod
from vaultkit.cache.codec import pack, pack_finding, unpack, unpack_finding
from vaultkit.notes.model import Finding, Note, RawFinding, Severity, Span
from vaultkit.notes.note import parse_note
from vaultkit.notes.scan import scan_vault
from vaultkit.notes.vault import _parse_chunk_packed, _unpack_chunk, parse_file

CASES = Path(__file__).parents[1] / "cases"


def _notes() -> list[Note]:
    found = []
    for path in sorted(CASES.rglob("*.md")):
        text = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
        found.append(parse_note(path.name, text))
    return found


NOTES = _notes()


def test_the_corpus_exercises_every_record() -> None:
    assert len(NOTES) > 100
    for field in ("links", "headings", "blocks", "tags", "comments", "findings"):
        assert any(getattr(note, field) for note in NOTES), field
    assert any(note.frontmatter.problem is not None for note in NOTES)
    assert any(note.frontmatter.quoted for note in NOTES)
    assert any(link.key is not None for note in NOTES for link in note.links)


@pytest.mark.parametrize("note", NOTES, ids=lambda note: note.path)
def test_round_trip_through_marshal_and_pickle(note: Note) -> None:
    packed = pack(note)
    assert unpack(marshal.loads(marshal.dumps(packed))) == note
    assert unpack(pickle.loads(pickle.dumps(packed))) == note
    again = unpack(packed)
    assert isinstance(again, Note)
    assert all(type(link.span) is Span for link in again.links)


def test_problems_round_trip() -> None:
    problem = RawFinding("unreadable-file", "a/b.md", Span(3, 4, 3, 5), "not UTF-8")
    assert unpack(marshal.loads(marshal.dumps(pack(problem)))) == problem


def test_worker_payload_falls_back_to_pickle_for_values_marshal_cannot_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_text("---\nx: 1\n---\n[[b]]\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n", encoding="utf-8")
    files = [f for f in scan_vault(tmp_path).files if f.is_markdown]
    expected = [parse_file(f) for f in files]
    assert _parse_chunk_packed(files)[:1] == b"m"
    assert _unpack_chunk(_parse_chunk_packed(files)) == expected

    real = vault_mod.parse_file

    def with_opaque(f):  # type: ignore[no-untyped-def]
        result = real(f)
        if isinstance(result, Note) and result.frontmatter.data is not None:
            result.frontmatter.data["x"] = datetime.date(2024, 5, 1)
        return result

    monkeypatch.setattr(vault_mod, "parse_file", with_opaque)
    payload = _parse_chunk_packed(files)
    assert payload[:1] == b"p"
    assert _unpack_chunk(payload)[0].frontmatter.data == {"x": datetime.date(2024, 5, 1)}  # type: ignore[union-attr]


def test_findings_round_trip() -> None:
    finding = Finding("VK101", "unresolved-link", Severity.ERROR, "a.md", Span(2, 3, 2, 9), "x")
    again = unpack_finding(marshal.loads(marshal.dumps(pack_finding(finding))))
    assert again == finding and type(again.span) is Span
