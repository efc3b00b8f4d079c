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


def test_an_alias_collides_with_notes_and_canvases_only() -> None:
    span = {"aliases.0": Span(2, 5, 2, 9)}
    notes = [
        note("A.md", data={"aliases": ["photo.png"]}, spans=span),  # an attachment's name
        note("B.md", data={"aliases": ["board"]}, spans=span),  # a canvas without .canvas
        note("C.md", data={"aliases": ["Board.canvas"]}, spans=span),  # a canvas's name
        note("D.md", data={"aliases": ["unread"]}, spans=span),  # a note that did not parse
        note("E.md", data={"aliases": ["sub/x"]}, spans=span),  # names have no folder
        note("F.md", data={"aliases": ["x.md"]}, spans=span),  # x.md is named x
        note("Sub/X.md"),
        note("board.canvas"),  # a canvas's links are read like a note's
    ]
    found = run("alias-collision", context(notes, ("photo.png", "unread.md")))
    assert found == [("C.md", 2, "alias 'Board.canvas' is also the name of board.canvas")]


def test_an_alias_names_the_first_of_several_notes_in_the_vault_order() -> None:
    span = {"aliases.0": Span(2, 5, 2, 9)}
    notes = [
        note("A.md", data={"aliases": ["deck.canvas"]}, spans=span),
        note("a/deck.canvas"),
        note("x/deck.canvas.md"),
    ]
    found = run("alias-collision", context(notes))
    assert found == [("A.md", 2, "alias 'deck.canvas' is also the name of a/deck.canvas")]
    notes[1:] = notes[:0:-1]  # the other way round
    found = run("alias-collision", context(notes))
    assert found == [("A.md", 2, "alias 'deck.canvas' is also the name of x/deck.canvas.md")]
