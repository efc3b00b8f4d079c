"""Text of a glossary that belongs to no entry is kept, verbatim, in the source's note."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultkit.importers import import_sources

TABLES = """# Team glossary

Read this first: terms used across the team.

## Tools

| Term | Meaning |
|------|---------|
| **Widget** | A small part. |
| **Gadget** | A clever part. |
| **Sprocket** | A toothed wheel. |

> Note: ask [[Someone]] before adding terms.

## People

| Term | Meaning |
|------|---------|
| **Owner** | Who decides. |
| **Reviewer** | Who reads. |
| **Author** | Who writes. |

## Why this matters
Words matter; so does every sentence here.
"""

SCRAPED = """Glossary
Terms we use, from the web page.
Alpha
The first letter, and a definition that is long enough to read as one.
Beta
The second letter, also with a definition of some reasonable length.
License
Released under a permissive licence for everyone.
"""


@pytest.mark.parametrize(
    ("name", "text", "kept"),
    [
        (
            "tables.md",
            TABLES,
            [
                "Read this first: terms used across the team.",
                "> Note: ask [[Someone]] before adding terms.",
                "## Why this matters\nWords matter; so does every sentence here.",
            ],
        ),
        (
            "scraped.txt",
            SCRAPED,
            ["Terms we use, from the web page.", "Released under a permissive licence"],
        ),
    ],
)
def test_text_outside_entries_is_kept_in_the_source_note(
    tmp_path: Path, name: str, text: str, kept: list[str]
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    report = import_sources([source], tmp_path / "vault", root=tmp_path)
    assert report.exit_code == 0
    notes = list((tmp_path / "vault" / "Sources").glob("*.md"))
    assert len(notes) == 1
    body = notes[0].read_text(encoding="utf-8")
    for piece in kept:
        assert piece in body
    # kept inert: the link inside the kept note text is inside a fence, not a live link
    fence_start = body.index("outside its entries")
    assert body.count("```", fence_start) % 2 == 0
