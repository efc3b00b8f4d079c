from __future__ import annotations

from tests.helpers.builders import context, note, run
from vaultkit.notes.model import Span


def test_duplicate_names_by_case_and_unicode_form() -> None:
    notes = [
        note("Note.md"),
        note("note.md"),
        note("Cafe\u0301.md"),
        note("Caf\u00e9.md"),
        note("x.md"),
    ]
    found = run("duplicate-name", context(notes))
    assert sorted(p for p, _, _ in found) == sorted(
        ["Note.md", "note.md", "Cafe\u0301.md", "Caf\u00e9.md"]
    )
    assert all(line == 1 for _, line, _ in found)


def test_alias_collisions() -> None:
    notes = [
        note(
            "LoRA.md",
            data={"aliases": ["dreambooth", "Shared"]},
            spans={"aliases.0": Span(3, 5, 3, 15), "aliases.1": Span(4, 5, 4, 11)},
        ),
        note("DreamBooth.md", data={"aliases": "shared"}, spans={"aliases": Span(2, 10, 2, 16)}),
        note("Other.md", data={"aliases": ["unique"]}),
    ]
    found = run("alias-collision", context(notes))
    assert found == [
        ("LoRA.md", 3, "alias 'dreambooth' is also the name of DreamBooth.md"),
        ("LoRA.md", 4, "alias 'Shared' is also an alias of DreamBooth.md"),
        ("DreamBooth.md", 2, "alias 'shared' is also an alias of LoRA.md"),
    ]
