"""The codec: every stored or sent record survives the trip unchanged, and anything damaged
is a miss."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path
from typing import Any

import pytest

import vaultkit.notes.vault as vault_mod
from vaultkit.cache import codec
from vaultkit.cache.codec import decode, encode, pack, seal, unpack, unseal
from vaultkit.edit.model import Applicability, Fix, TextEdit
from vaultkit.lint import facts, results, state, stored
from vaultkit.lint.report.result import CheckResult
from vaultkit.lint.state import FullCheckNeeded
from vaultkit.lint.statkeys import StatKeys
from vaultkit.lint.suppress import Suppressions
from vaultkit.notes import model
from vaultkit.notes.canvas import parse_canvas
from vaultkit.notes.model import (
    Block,
    Comment,
    Finding,
    FrontMatter,
    Heading,
    Link,
    LinkKind,
    LinkSyntax,
    Note,
    NoteFinding,
    RawFinding,
    Severity,
    Span,
    Tag,
)
from vaultkit.notes.note import parse_note
from vaultkit.notes.scan import scan_vault
from vaultkit.notes.vault import _parse_chunk_packed, _unpack_chunk, parse_file

CASES = Path(__file__).parents[1] / "cases"


def _notes() -> list[Note]:
    found = []
    for path in sorted(CASES.rglob("*.md")):
        text = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
        found.append(parse_note(path.name, text))
    for path in sorted(CASES.rglob("*.canvas")):  # canvases are stored and sent as notes are
        found.append(parse_canvas(path.name, path.read_text(encoding="utf-8")))
    return found


NOTES = _notes()


def test_the_corpus_exercises_every_record() -> None:
    assert len(NOTES) > 100
    for field in ("links", "headings", "blocks", "tags", "comments", "findings"):
        assert any(getattr(note, field) for note in NOTES), field
    assert any(note.frontmatter.problem is not None for note in NOTES)
    assert any(note.frontmatter.quoted for note in NOTES)
    assert any(link.key is not None for note in NOTES for link in note.links)
    assert any(link.syntax is LinkSyntax.CANVAS for note in NOTES for link in note.links)


@pytest.mark.parametrize("note", NOTES, ids=lambda note: note.path)
def test_round_trip_sent_and_stored(note: Note) -> None:
    packed = pack(note)
    assert unpack(decode(encode(packed))) == note
    assert unpack(unseal(seal(packed))) == note
    again = unpack(packed)
    assert isinstance(again, Note)
    assert all(type(link.span) is Span for link in again.links)


# -- every record type, every field set ------------------------------------------------------
# Each sample sets every field to a value other than its default, so a field that the codec
# drops or misplaces shows up as an unequal round trip (or an error).

SPAN = Span(2, 3, 4, 5)
NOTE_FINDING = NoteFinding("table-pipe", Span(3, 1, 3, 9), "escape the pipe")
LINK = Link(
    LinkKind.PROPERTY, LinkSyntax.WIKI, "B", "#H", "shown", SPAN, '"[[B#H|shown]]"', "up.0",
    Span(2, 5, 2, 6),
)
FRONT_MATTER = FrontMatter(
    present=True,
    data={"up": ["[[B#H|shown]]"], "n": 1, "f": 1.5, "no": "no", "nested": {"k": [None, True]}},
    problem=NoteFinding("invalid-yaml", Span(1, 1, 1, 4), "front matter never closes"),
    raw="up: x\n",
    block_span=Span(1, 1, 3, 4),
    body_line=4,
    body_offset=12,
    value_spans={"up.0": Span(2, 5, 2, 20)},
    key_spans={"up": Span(2, 1, 2, 3)},
    quoted=frozenset({"up.0"}),
    is_json=True,
)
NOTE = Note(
    "Folder/A note.md",
    FRONT_MATTER,
    (LINK,),
    (Heading(2, "H", Span(5, 1, 5, 5)),),
    (Block("id-1", Span(6, 1, 6, 9)),),
    (Tag("t/x", Span(7, 1, 7, 5)),),
    (Comment("%% vaultkit-ignore orphan %%", Span(8, 1, 8, 29)),),
    (NOTE_FINDING,),
)
RAW = RawFinding("unreadable-file", "b.md", SPAN, "not UTF-8")
FINDING = Finding("VK101", "unresolved-link", Severity.WARNING, "a.md", SPAN, "x")
FACTS = facts.NoteFacts(
    ("B.md", "img.png"),
    (facts.EmbedFact("B.md", "#H", SPAN),),
    (facts.HierarchyFact("B.md", SPAN),),
    frozenset({"alias"}),
)
SUPPRESSIONS = Suppressions({"orphan"}, {3: {"unresolved-link", "vk102"}})
NOTE_HEAD = state.NoteHead(("Alias",), SUPPRESSIONS, (FINDING,), None)
NOTE_DETAIL = state.NoteDetail(FACTS, "digest", ("B.md",), ("missing",), None)
CHECK_STATE = state.CheckState(
    ("a.md", "b.md", "img.png"), ("Folder",), (RAW,), (RAW, RAW), {"b.md": None},
    StatKeys.of([("a.md", (10, 11, 12, 13))]), {"a.md": NOTE_HEAD}, {"a.md": NOTE_DETAIL},
    (FINDING,),
)
FIX = Fix("Quote the link", Applicability.UNSAFE, (TextEdit(SPAN, '"[[x]]"'),))
RESULT = CheckResult(
    (FINDING, FINDING._replace(message="no fix")), {"unresolved-link": 2}, 2, 3,
    {"cached": 1.0}, {FINDING: FIX},
)

SAMPLES: dict[type, object] = {
    Span: SPAN,
    Link: LINK,
    Heading: NOTE.headings[0],
    Block: NOTE.blocks[0],
    Tag: NOTE.tags[0],
    Comment: NOTE.comments[0],
    NoteFinding: NOTE_FINDING,
    FrontMatter: FRONT_MATTER,
    Note: NOTE,
    RawFinding: RAW,
    Finding: FINDING,
    facts.NoteFacts: FACTS,
    facts.EmbedFact: FACTS.embeds[0],
    facts.HierarchyFact: FACTS.hierarchy[0],
    Suppressions: SUPPRESSIONS,
    state.NoteHead: NOTE_HEAD,
    state.NoteDetail: NOTE_DETAIL,
    state.CheckState: CHECK_STATE,
    CheckResult: RESULT,
}


def _fields(record: object) -> dict[str, Any]:
    if dataclasses.is_dataclass(record):
        return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    return dict(record._asdict())  # type: ignore[attr-defined]


def _defaults(cls: type) -> dict[str, Any]:
    if dataclasses.is_dataclass(cls):
        out = {}
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING:
                out[f.name] = f.default
            elif f.default_factory is not dataclasses.MISSING:
                out[f.name] = f.default_factory()
        return out
    return dict(getattr(cls, "_field_defaults", {}))


def _records_of(module: object) -> set[type]:
    return {
        obj
        for obj in vars(module).values()
        if isinstance(obj, type)
        and obj.__module__ == module.__name__  # type: ignore[attr-defined]
        and (dataclasses.is_dataclass(obj) or hasattr(obj, "_fields"))
    }


def test_every_record_that_is_stored_or_sent_has_a_sample() -> None:
    kept = _records_of(model) | _records_of(facts) | {
        Suppressions, state.NoteHead, state.NoteDetail, state.CheckState, CheckResult,
    }
    assert kept - set(SAMPLES) == set(), "add a sample for each new record"


@pytest.mark.parametrize("cls", list(SAMPLES), ids=lambda cls: cls.__name__)
def test_each_sample_sets_every_field(cls: type) -> None:
    sample = SAMPLES[cls]
    assert type(sample) is cls
    values = _fields(sample)
    if hasattr(cls, "_fields"):
        assert len(sample) == len(cls._fields)  # type: ignore[arg-type]
    defaults = _defaults(cls)
    unset = [name for name, default in defaults.items() if values[name] == default]
    allowed = {
        state.NoteHead: {"packed"},  # a cache of the row itself
        state.NoteDetail: {"packed"},
        state.CheckState: {"origin", "dropped", "members"},  # how it relates to a stored state
    }.get(cls, set())
    assert set(unset) <= allowed, f"{cls.__name__}: give these fields a non-default value"


def _round_trip_note(note: Note) -> object:
    return unpack(unseal(seal(pack(note))))


def _round_trip_state(value: state.CheckState) -> state.CheckState | None:
    return stored.unpack_state(stored.pack_state(value))


def test_notes_and_raw_findings_round_trip() -> None:
    assert _round_trip_note(NOTE) == NOTE
    assert unpack(unseal(seal(pack(RAW)))) == RAW


def test_findings_round_trip() -> None:
    again = codec.unpack_finding(decode(encode(codec.pack_finding(FINDING))))
    assert again == FINDING and type(again.span) is Span and again.severity is Severity.WARNING


def test_a_check_state_round_trips_with_every_record_inside() -> None:
    again = _round_trip_state(CHECK_STATE)
    assert again is not None
    head, detail = again.heads["a.md"], again.details["a.md"]
    assert head._replace(packed=None) == NOTE_HEAD
    assert detail._replace(packed=None) == NOTE_DETAIL
    assert again.members == {stored.part_of("a.md"): ("a.md",), **{
        part: () for part in range(stored.PARTS) if part != stored.part_of("a.md")
    }}
    assert again.stats.paths == ("a.md",) and again.stats.get("a.md") == (10, 11, 12, 13)
    assert dataclasses.replace(
        again, heads={}, details={}, members=None, stats=CHECK_STATE.stats
    ) == dataclasses.replace(CHECK_STATE, heads={}, details={})
    assert detail.facts == FACTS and head.suppressions == SUPPRESSIONS


def test_a_result_round_trips() -> None:
    again = results.unpack_result(results.pack_result(RESULT))
    assert again is not None
    assert (again.findings, again.counts, again.notes, again.files, again.fixes) == (
        RESULT.findings, RESULT.counts, RESULT.notes, RESULT.files, RESULT.fixes
    )
    plain = results.unpack_result(results.pack_result(dataclasses.replace(RESULT, fixes=None)))
    assert plain is not None and plain.fixes is None  # a result stored without its fixes


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1],
        lambda b: b[:5],
        lambda b: b[:-1] + bytes([b[-1] ^ 0x40]),
        lambda b: bytes([b[0] + 1]) + b[1:],
        lambda b: b"",
        lambda b: "text",
        lambda b: None,
    ],
    ids=["cut-one", "cut-to-header", "bit-flip", "other-format", "empty", "not-bytes", "none"],
)
def test_damaged_values_are_misses(damage: Any) -> None:
    assert unseal(damage(seal(pack(NOTE)))) is None
    assert codec.unseal_result(damage(seal(pack(NOTE)))) is None
    packed = stored.pack_state(CHECK_STATE)
    assert stored.unpack_state(packed._replace(header=damage(packed.header))) is None
    for part in (stored.part_of("a.md"), stored.PARTS + stored.part_of("a.md")):
        parts = {**packed.parts, part: damage(packed.parts[part])}
        again = stored.unpack_state(packed._replace(parts=parts))
        assert again is not None  # the notes' parts are read on first use: then a miss
        with pytest.raises(FullCheckNeeded):
            again.heads["a.md"] if part < stored.PARTS else again.details["a.md"]
    assert results.unpack_result(damage(results.pack_result(RESULT))) is None


def test_a_sealed_value_of_the_wrong_shape_is_a_miss() -> None:
    assert codec.unseal_result(seal((0, "x"))) is None
    packed = stored.pack_state(CHECK_STATE)
    assert stored.unpack_state(packed._replace(header=seal((state.STATE_VERSION, 1, 2)))) is None
    parts = {**packed.parts, 0: seal((state.STATE_VERSION, ((1, 2),)))}
    again = stored.unpack_state(packed._replace(parts=parts))
    assert again is not None
    with pytest.raises(FullCheckNeeded):
        dict(again.heads.items())
    assert results.unpack_result(seal((results.RESULT_VERSION, "x", {}, 1, 2, None))) is None
    packed = (results.RESULT_VERSION, (), {}, 1, 2, ("not a fix",))  # one fix, no finding
    assert results.unpack_result(seal(packed)) is None


def test_a_chunk_that_cannot_be_sent_is_parsed_again_by_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(3):
        (tmp_path / f"{i}.md").write_text(f"---\nx: {i}\n---\n[[b]]\n", encoding="utf-8")
    files = [f for f in scan_vault(tmp_path).files if f.is_markdown]
    expected = [parse_file(f) for f in files]
    assert _unpack_chunk(_parse_chunk_packed(files)) == expected

    real = vault_mod.parse_file

    def with_opaque(f):  # type: ignore[no-untyped-def]
        result = real(f)
        if isinstance(result, Note) and result.frontmatter.data is not None:
            result.frontmatter.data["x"] = datetime.date(2024, 5, 1)  # no parser makes this
        return result

    monkeypatch.setattr(vault_mod, "parse_file", with_opaque)
    with pytest.raises(ValueError):
        _parse_chunk_packed(files)
    monkeypatch.setattr(vault_mod, "SERIAL_BELOW", 0)
    parsed = vault_mod.parse_files(files, jobs=2)
    assert [n.path for n in parsed] == [n.path for n in expected]  # nothing lost, in order
    assert all(n.frontmatter.data == {"x": datetime.date(2024, 5, 1)} for n in parsed)  # type: ignore[union-attr]


