from __future__ import annotations

from pathlib import Path

import pytest

from vaultkit.edit.linktext import (
    LinkFormat,
    link_path,
    markdown_destination,
    vault_link_format,
    wikilink,
)
from vaultkit.notes.linktext import decode_uri
from vaultkit.notes.resolve import LinkIndex

INDEX = LinkIndex(["a/Topic.md", "b/Topic.md", "deep/er/Unique.md", "img/pic one.png", "Top.md"])


@pytest.mark.parametrize(
    ("target", "source", "fmt", "wiki", "expected"),
    [
        ("deep/er/Unique.md", "Top.md", LinkFormat.SHORTEST, True, "Unique"),
        ("deep/er/Unique.md", "Top.md", LinkFormat.SHORTEST, False, "Unique.md"),
        ("a/Topic.md", "Top.md", LinkFormat.SHORTEST, True, "a/Topic"),  # two Topics: full path
        ("img/pic one.png", "Top.md", LinkFormat.SHORTEST, True, "pic one.png"),
        ("deep/er/Unique.md", "a/Topic.md", LinkFormat.RELATIVE, True, "../deep/er/Unique"),
        ("deep/er/Unique.md", "deep/Note.md", LinkFormat.RELATIVE, False, "er/Unique.md"),
        ("deep/er/Unique.md", "Top.md", LinkFormat.ABSOLUTE, True, "deep/er/Unique"),
    ],
)
def test_link_path_follows_new_link_format(
    target: str, source: str, fmt: LinkFormat, wiki: bool, expected: str
) -> None:
    assert link_path(target, source, INDEX, fmt, wiki=wiki) == expected


def test_the_written_link_resolves_to_its_target() -> None:
    for target in INDEX.paths:
        for fmt in LinkFormat:
            for source in ("Top.md", "a/Topic.md", "deep/er/Unique.md"):
                text = link_path(target, source, INDEX, fmt, wiki=True)
                assert INDEX.resolve(text, source)[0] == target, (target, source, fmt, text)


def test_wikilinks_and_markdown_destinations() -> None:
    assert wikilink("A", "#H", "shown", embed=True) == "![[A#H|shown]]"
    assert wikilink("A") == "[[A]]"
    assert markdown_destination("img/pic one.png") == "img/pic%20one.png"
    assert markdown_destination("a b.md", "#Part two") == "a%20b.md#Part%20two"
    assert markdown_destination("a b.md", "#x", angle=True) == "<a b.md#x>"



def test_a_markdown_destination_reads_back_as_written() -> None:
    """What is written, read through decodeURI as Obsidian reads it, is the path again."""
    for path, subpath in [("Q&A: why? (1).md", "#What? Now, 100%"), ("a+b=c;d@e.md", ""),
                          ("ünï cödé.png", "#page=3")]:
        written = markdown_destination(path, subpath)
        assert " " not in written and "(" not in written and ")" not in written
        assert decode_uri(written) == path + subpath


def test_the_vault_setting_is_read_and_bad_settings_fall_back(tmp_path: Path) -> None:
    assert vault_link_format(tmp_path) is LinkFormat.SHORTEST
    (tmp_path / ".obsidian").mkdir()
    app = tmp_path / ".obsidian" / "app.json"
    app.write_text('{"newLinkFormat": "relative"}')
    assert vault_link_format(tmp_path) is LinkFormat.RELATIVE
    app.write_text('{"newLinkFormat": 3')
    assert vault_link_format(tmp_path) is LinkFormat.SHORTEST
