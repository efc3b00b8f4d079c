from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.helpers.builders import context, note, run
from vaultkit.config import SchemaMapping
from vaultkit.errors import ConfigError
from vaultkit.lint.schemas import CompiledSchema, SchemaSet
from vaultkit.notes.model import Span

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["title"],
    "properties": {
        "title": {"type": "string"},
        "created": {"type": "string", "format": "date"},
        "rating": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_valid_notes_pass_and_errors_point_at_values(tmp_path: Path) -> None:
    schemas = SchemaSet(SchemaMapping(override=write(tmp_path, "s.json", SCHEMA)))
    good = note("good.md", data={"title": "x", "created": "2024-07-21"})
    bad = note(
        "bad.md",
        data={"title": 5, "created": "2024-02-30", "rating": 0, "tags": ["a", 3]},
        spans={
            "title": Span(2, 8, 2, 9),
            "created": Span(3, 10, 3, 20),
            "rating": Span(4, 9, 4, 10),
            "tags.1": Span(7, 5, 7, 6),
        },
    )
    empty = note("empty.md")
    found = run("schema", context([good, bad, empty], schemas=schemas))
    assert ("empty.md", 1, "missing required property 'title'") in found
    by_line = {line: msg for path, line, msg in found if path == "bad.md"}
    assert set(by_line) == {2, 3, 4, 7}
    assert "is not of type 'string'" in by_line[2]
    assert "is not a 'date'" in by_line[3]
    assert "less than the minimum of 1" in by_line[4]  # anyOf: the best match, not a dump
    assert by_line[7].startswith("'tags.1'")


def test_choice_by_path_then_type_then_default(tmp_path: Path) -> None:
    a = write(tmp_path, "a.json", {"required": ["a"]})
    b = write(tmp_path, "b.json", {"required": ["b"]})
    c = write(tmp_path, "c.json", {"required": ["c"]})
    schemas = SchemaSet(SchemaMapping(default=c, by_type={"term": b}, by_path={"Sources/*.md": a}))
    assert schemas.choose("Sources/x.md", {"type": "term"}) == a
    assert schemas.choose("x.md", {"type": "term"}) == b
    assert schemas.choose("x.md", {"type": "other"}) == c


def test_additional_property_points_at_its_key(tmp_path: Path) -> None:
    schema = write(
        tmp_path,
        "s.json",
        {"type": "object", "additionalProperties": False, "properties": {"ok": {}}},
    )
    n = note("n.md", data={"ok": 1, "extra": 2}, key_spans={"extra": Span(3, 1, 3, 6)})
    found = run("schema", context([n], schemas=SchemaSet(SchemaMapping(override=schema))))
    assert found == [("n.md", 3, "property 'extra' is not allowed here")]


@pytest.mark.parametrize(
    "content", ["{not json", '{"type": "nonsense-type"}', "[1, 2]"], ids=["json", "schema", "list"]
)
def test_bad_schema_files_are_config_errors(tmp_path: Path, content: str) -> None:
    with pytest.raises(ConfigError):
        CompiledSchema(write(tmp_path, "bad.json", content))
    with pytest.raises(ConfigError, match="not found"):
        CompiledSchema(tmp_path / "missing.json")


def test_fast_and_slow_paths_agree_on_formats(tmp_path: Path) -> None:
    compiled = CompiledSchema(
        write(tmp_path, "s.json", {"properties": {"d": {"type": "string", "format": "date"}}})
    )
    assert compiled.fast is not None
    assert compiled.errors({"d": "2024-07-21"}) == []
    assert compiled.errors({"d": "2024-13-01"})
    assert compiled.errors({"d": "21.07.2024"})


def test_without_fastjsonschema_every_note_takes_the_slow_path_with_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fastjsonschema is a speed-up: a Python that lacks it still checks schemas."""
    path = write(tmp_path, "s.json", SCHEMA)
    notes = [
        note("good.md", data={"title": "x", "created": "2024-07-21", "rating": None}),
        note("bad.md", data={"title": 5, "created": "2024-02-30", "rating": 0, "tags": [3]}),
        note("none.md", data={"tags": ["a"]}),
    ]
    with_fast = run("schema", context(notes, schemas=SchemaSet(SchemaMapping(override=path))))
    assert CompiledSchema(path).fast is not None
    monkeypatch.setitem(sys.modules, "fastjsonschema", None)  # import fails
    compiled = CompiledSchema(path)
    assert compiled.fast is None
    without = run("schema", context(notes, schemas=SchemaSet(SchemaMapping(override=path))))
    assert without == with_fast and len(without) >= 4


def test_a_canvas_is_not_validated(tmp_path: Path) -> None:
    """A canvas has no front matter: a schema that requires a key says nothing about it,
    while a note without that key is reported."""
    from vaultkit.notes.canvas import parse_canvas

    schemas = SchemaSet(SchemaMapping(override=write(tmp_path, "s.json", SCHEMA)))
    board = parse_canvas("Board.canvas", '{"nodes": [{"id": "a", "type": "file", "file": "n.md"}]}')
    found = run("schema", context([board, note("n.md", data={})], schemas=schemas))
    assert [path for path, _, _ in found] == ["n.md"]
