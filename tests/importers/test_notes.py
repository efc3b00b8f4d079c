"""The text of generated notes: each fact once, label lines kept apart (small glossaries)."""

from __future__ import annotations

from pathlib import Path

from vaultkit.importers import import_sources
from vaultkit.importers.render import separate_label_lines

HEADINGS = """# Networking words

## Terms

### DNS (Domain Name System)
The phone book of the internet: it turns names into addresses.

### TTL
**What**: How long an answer may be cached.
**Range**: 0 – 86,400 seconds.
**Impact**: Lower values mean fresher answers and more queries.

```
**Code**: stays as written
**Kept**: too
```
"""

ACRONYMS = """# Acronyms

| Acronym | Full form |
|---------|-----------|
| DNS | Domain Name System |
| MTU | Maximum Transmission Unit |
"""


def _import(tmp_path: Path, **files: str) -> Path:
    paths = []
    for name, text in files.items():
        path = tmp_path / "sources" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    report = import_sources(paths, tmp_path / "vault", root=tmp_path)
    assert report.exit_code == 0
    return tmp_path / "vault"


def test_no_line_only_restates_the_term(tmp_path: Path) -> None:
    vault = _import(tmp_path, **{"net.md": HEADINGS})
    note = (vault / "DNS.md").read_text(encoding="utf-8")
    assert "expansion: Domain Name System" in note
    assert "**DNS (Domain Name System)**" not in note
    assert "The phone book of the internet" in note


def test_an_acronym_row_that_only_gives_the_full_form_is_no_definition(tmp_path: Path) -> None:
    vault = _import(tmp_path, **{"net.md": HEADINGS, "acronyms.md": ACRONYMS})
    dns = (vault / "DNS.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert "Full form" not in dns and "Domain Name System" not in dns  # shown as the expansion
    mtu = (vault / "MTU.md").read_text(encoding="utf-8")
    assert "expansion: Maximum Transmission Unit" in mtu
    section = mtu.split("%% vaultkit:begin", 1)[1].split("%% vaultkit:end", 1)[0]
    assert "Maximum Transmission Unit" not in section  # the source is named, nothing repeated


def test_label_lines_are_separate_paragraphs(tmp_path: Path) -> None:
    vault = _import(tmp_path, **{"net.md": HEADINGS})
    note = (vault / "TTL.md").read_text(encoding="utf-8")
    assert "cached.\n\n**Range**: 0 – 86,400 seconds.\n\n**Impact**:" in note
    assert "**Code**: stays as written\n**Kept**: too" in note  # code is never touched


def test_separate_label_lines() -> None:
    assert separate_label_lines("**A:** x\n**B:** y") == "**A:** x\n\n**B:** y"
    assert separate_label_lines("Text\n__Note__: y") == "Text\n\n__Note__: y"
    assert separate_label_lines("**A:** x\n\n**B:** y") == "**A:** x\n\n**B:** y"
    assert separate_label_lines("| a |\n**B:** y") == "| a |\n**B:** y"
    assert separate_label_lines("Some **bold** text\nmore") == "Some **bold** text\nmore"
    assert separate_label_lines("Text\n**Bold** words go on") == "Text\n**Bold** words go on"
    assert separate_label_lines("~~~\n**A:** x\n**B:** y\n~~~") == "~~~\n**A:** x\n**B:** y\n~~~"
