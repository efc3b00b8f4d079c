from __future__ import annotations

from tests.helpers.builders import context, embed, heading, link, note, run


def test_unresolved_with_alias_hint_and_publish_mode() -> None:
    notes = [note("B.md", data={"aliases": ["AL"]}), note("src.md", link("AL"), link("B"))]
    found = run("unresolved-link", context(notes))
    assert found == [("src.md", 1, "unresolved link [[AL]]: AL is an alias of B: write [[B|AL]]")]
    assert run("unresolved-link", context(notes, publish=True)) == []


def test_hints_space_extension_folder_and_did_you_mean() -> None:
    notes = [
        note("Note.md"),
        note(
            "src.md",
            link("Note #H", 1),
            link("Figure 1", 2),
            link("Projects", 3),
            link("Notes", 4),
            link("Zebra", 5),
        ),
    ]
    ctx = context(notes, ("Figure 1.png",), folders=frozenset({"Area/Projects", "Area"}))
    messages = {line: msg for _, line, msg in run("unresolved-link", ctx)}
    assert "remove the space before '#'" in messages[1]
    assert "[[Figure 1.png]]" in messages[2]
    assert "folder" in messages[3]
    assert "did you mean [[Note]]?" in messages[4]
    assert messages[5] == "unresolved link [[Zebra]]"


def test_resolved_links_are_not_reported() -> None:
    ctx = context([note("Note.md"), note("src.md", link("note"), embed("Note.md"))])
    assert run("unresolved-link", ctx) == []


def test_missing_heading_and_block() -> None:
    target = note("N.md", headings=(heading("Real", 2, 1),), blocks=(("id-1", 3),))
    src = note(
        "src.md",
        link("N#Real", 1),
        link("N#Nope", 2),
        embed("N#Nope", 3),
        link("N#^id-1", 4),
        link("N#^gone", 5),
        link("Missing#Nope", 6),
        link("img.png#icon", 7),
    )
    ctx = context([target, src], ("img.png",))
    assert [line for _, line, _ in run("missing-heading", ctx)] == [2, 3]
    assert [line for _, line, _ in run("missing-block", ctx)] == [5]


def test_self_heading_link() -> None:
    ctx = context(
        [note("src.md", link("#Here"), link("#Gone", 2), headings=(heading("Here", 2, 5),))]
    )
    assert [line for _, line, _ in run("missing-heading", ctx)] == [2]


def test_ambiguous_says_which_one_obsidian_picks() -> None:
    notes = [note("a/b/Note.md"), note("zzzz/Note.md"), note("src.md", link("Note"))]
    found = run("ambiguous-link", context(notes))
    assert len(found) == 1
    assert "Obsidian opens a/b/Note.md" in found[0][2]
    assert run("ambiguous-link", context([note("Note.md"), note("src.md", link("Note"))])) == []


def test_did_you_mean_covers_one_edit_of_any_kind() -> None:
    names = ["Stable Diffusion", "DreamBooth", "LoRA", "Textual Inversion"]
    typos = {
        "Stabel Diffusion": "Stable Diffusion",  # swap
        "Dreambooth2": "DreamBooth",  # insertion
        "Textual Inversio": "Textual Inversion",  # deletion
        "Stable Diffusiom": "Stable Diffusion",  # substitution
    }
    notes = [note(f"{n}.md") for n in names]
    notes.append(note("src.md", *(link(t, i + 1) for i, t in enumerate([*typos, "Lroa", "Zzz"]))))
    found = {line: msg for _, line, msg in run("unresolved-link", context(notes))}
    for i, want in enumerate(typos.values()):
        assert found[i + 1].endswith(f"did you mean [[{want}]]?"), found[i + 1]
    assert "did you mean" not in found[5]  # ratio 0.75: too far
    assert "did you mean" not in found[6]
