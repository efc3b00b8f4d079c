"""vaultkit.importers.metadata: front matter at the top of a glossary source."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultkit.importers import import_sources, read
from vaultkit.importers.metadata import SourceMeta, split_metadata

YAML_PAGE = """---
title: no
layout: page
updated: 2024-01-01
---
# The Glossary

**Widget**
: A small part.
"""

TOML_PAGE = """+++
title = "Drive Train"
[params]
author = "Team"
+++
- **Chain**: Links that carry motion.
- **Sprocket**: A toothed wheel.
"""


def test_yaml_front_matter_is_set_aside_and_read_with_yaml_12() -> None:
    block = "---\ntitle: no\nlayout: page\nupdated: 2024-01-01\n---"
    assert split_metadata(YAML_PAGE) == SourceMeta(
        "\n" * 4 + "\n# The Glossary\n\n**Widget**\n: A small part.\n", block, "no"
    )
    result = read(YAML_PAGE, "page.md")
    assert result.title == "no"  # the front matter's title wins over the first heading
    assert [(e.term, e.definition, e.line) for e in result.entries] == [
        ("Widget", "A small part.", 8)
    ]
    assert result.furniture[0] == (1, block)


def test_toml_front_matter_is_set_aside() -> None:
    result = read(TOML_PAGE, "page.md")
    assert result.title == "Drive Train"
    assert [(e.term, e.line) for e in result.entries] == [("Chain", 6), ("Sprocket", 7)]
    assert result.furniture == (
        (1, '+++\ntitle = "Drive Train"\n[params]\nauthor = "Team"\n+++'),
    )


@pytest.mark.parametrize(
    "text",
    [
        "---\nAn intro paragraph between two rules.\n---\n",  # YAML, but not a mapping
        "---\n---\nText.\n",  # an empty block
        "----\ntitle: x\n----\n",  # rules of four dashes
        "\n---\ntitle: x\n---\n",  # not on the first line
        "---\ntitle: x\nnever closed\n",
        "+++\n+++\n",
    ],
)
def test_what_is_not_front_matter_is_read_as_text(text: str) -> None:
    assert split_metadata(text) == SourceMeta(text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("---\ntitle: [unclosed\n---\nAlpha\nThe first letter.\n", "invalid YAML"),
        ("---\ntitle: x\ntitle: y\n---\nAlpha\nThe first letter.\n", "duplicate key"),
        ('+++\ntitle = "x\n+++\nAlpha\nThe first letter.\n', "invalid TOML"),
    ],
)
def test_unreadable_front_matter_is_reported_and_read_as_text(text: str, problem: str) -> None:
    result = read(text, "page.md")
    assert problem in result.diagnostics[0].message
    assert (result.diagnostics[0].line, result.diagnostics[0].level) == (1, "warning")
    assert result.title == "" and [e.term for e in result.entries] == ["Alpha"]


def test_the_front_matter_is_kept_in_the_source_note_and_names_it(tmp_path: Path) -> None:
    source = tmp_path / "sources" / "page.md"
    source.parent.mkdir()
    source.write_text(TOML_PAGE, encoding="utf-8")
    report = import_sources([source], tmp_path / "vault", root=tmp_path)
    assert report.exit_code == 0
    assert [s.info.title for s in report.sources] == ["Drive Train"]
    note = (tmp_path / "vault" / "Sources" / "Drive Train.md").read_text(encoding="utf-8")
    assert 'From line 1:\n\n```\n+++\ntitle = "Drive Train"\n' in note
