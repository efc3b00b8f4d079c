from __future__ import annotations

from vaultkit.compile.normalize.vault import CanonicalLinks, key_style
from vaultkit.notes.resolve import LinkIndex

PATHS = ["a/Note.md", "b/Note.md", "Unique.md", "img/Pic.PNG", "deep/x/Other.md"]


def test_canonical_is_the_shortest_text_that_resolves_to_the_same_file() -> None:
    links = CanonicalLinks(LinkIndex(PATHS))
    assert links.canonical("unique", "a/Note.md") == "Unique"
    assert links.canonical("deep/x/other", "Unique.md") == "Other"
    assert links.canonical("pic.png", "Unique.md") == "Pic.PNG"
    # two files named Note: from a/ the bare name reaches a/Note.md, from the root it does not
    assert links.canonical("note", "a/Note.md") == "Note"
    assert links.canonical("b/note", "a/Note.md") == "b/Note"
    assert links.canonical("nowhere", "a/Note.md") is None
    assert links.canonical("", "a/Note.md") is None


def test_key_style_from_schema() -> None:
    schema = {"properties": {"title": {"type": "string"}, "tags": {"type": "array"},
                             "x": {"type": ["array", "null"]}}}
    style = key_style(schema)
    assert style.order == ("title", "tags", "x")
    assert style.list_keys == frozenset({"tags", "x"})
    assert key_style({"type": "object"}).order == ()
