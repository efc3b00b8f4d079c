"""A folder with one term per file (Hugo/Kubernetes style)."""

from __future__ import annotations

from pathlib import Path

from vaultkit.importers.shapes.folder import is_term_folder, parse_folder

POD = """\
---
title: Pod
id: pod
aka: [po]
related: [node]
short_description: >
  The smallest unit.
---
 The smallest unit: {{< glossary_tooltip text="containers" term_id="container" >}} together.

<!--more-->

{{% note %}}
Runs on one {{< glossary_tooltip term_id="node" >}}.
{{% /note %}}
"""
NODE = '+++\ntitle = "Node"\naka = "worker, machine"\n+++\n'
NODE_SHORT = NODE.replace("+++\n", '+++\n', 1).replace(
    'aka = "worker, machine"', 'aka = "worker, machine"\nshort_description = "A machine."'
)
INDEX = "---\ntitle: Glossary\nlayout: glossary\n---\nAll our terms.\n"


def test_files_become_entries_with_aliases_links_and_no_shortcodes() -> None:
    files = [("_index.md", INDEX), ("node.md", NODE_SHORT), ("pod.md", POD)]
    result = parse_folder(files, "glossary")
    assert result.title == "Glossary"
    node, pod = result.entries
    assert (node.term, node.aliases) == ("Node", ("worker", "machine"))
    assert node.definition == "A machine."
    assert pod.aliases == ("po",) and pod.see_also == ("Node",)
    assert pod.definition == (
        "The smallest unit: containers together.\n\nRuns on one [[Node]]."
    )
    assert any('unknown term_id "container"' in d.message for d in result.diagnostics)
    assert result.furniture[0][1].startswith("_index.md:")


def test_a_file_without_definition_is_reported_not_a_note() -> None:
    result = parse_folder([("node.md", NODE)], "glossary")
    assert result.entries == ()
    assert [u.reason for u in result.unplaced] == ["node.md: a term without a definition"]


def test_a_folder_of_glossaries_stands_for_its_files(tmp_path: Path) -> None:
    from vaultkit.importers import import_sources

    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# A\n\n**Widget**\n: A small device.\n", encoding="utf-8")
    (docs / "b.rst").write_text(".. glossary::\n\n   cog\n      A tooth.\n", encoding="utf-8")
    (docs / "notes.json").write_text("{}", encoding="utf-8")
    terms = docs / "terms"
    terms.mkdir()
    report = import_sources([docs], tmp_path / "v", root=tmp_path)
    assert [(s.info.file, s.info.format) for s in report.sources] == [
        ("docs/a.md", "md-deflist"),
        ("docs/b.rst", "rst-glossary"),
    ]
    assert is_term_folder([POD, NODE, "# no front matter\n"])
    assert not is_term_folder(["# A\n\n**W**\n: w.\n", POD, "plain\n"])
