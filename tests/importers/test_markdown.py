"""Markdown glossaries: the text outside the entries is exactly what no entry holds."""

from __future__ import annotations

from vaultkit.importers.markdown import outside_entries, parse_markdown
from vaultkit.importers.model import Entry

HEADINGS = """# Kiln Handbook — Words

> **How to use**: read top to bottom.

---

## Firing

### Bisque
The first, low firing that hardens raw clay.

```
cone 06
```

### Glaze firing
The second firing that melts the glaze.

---

## Clay bodies

### Stoneware
A dense clay fired hot.
"""


def test_heading_glossary_keeps_only_text_outside_its_entries() -> None:
    result = parse_markdown(HEADINGS, "kiln.md")
    assert [e.term for e in result.entries] == ["Bisque", "Glaze firing", "Stoneware"]
    outside = "\n".join(text for _, text in result.furniture)
    for definition in ("hardens raw clay", "cone 06", "melts the glaze", "dense clay"):
        assert definition not in outside
    assert [line for line, _ in result.furniture] == [1, 21]
    assert "> **How to use**: read top to bottom." in outside
    assert "## Clay bodies" in outside


def test_outside_entries_cuts_runs_by_entry_lines() -> None:
    lines = ["Title", "", "term", "def", "---", "", "## Next", "term2", "def2", "end"]
    entries = [Entry("term", "def", 3, 4), Entry("term2", "def2", 8, 9)]
    assert outside_entries([[1, 10]], entries, lines) == ((1, "Title"), (7, "## Next"), (10, "end"))
    assert outside_entries([[3, 4]], entries, lines) == ()
