"""Same-page anchors become term links; relative links become absolute or footnotes."""

from __future__ import annotations

from vaultkit.importers import read
from vaultkit.importers.shapes.crossrefs import resolve_links

TEXT = """\
## Microservice

A small service; compare a [monolith](#monolith). See [the overview](./main_overview.md).

## Monolith

One deployable unit, unlike a [microservice](#microservice) (`[not](#a-link)`).
"""


def test_anchor_links_become_links_to_the_term() -> None:
    result = resolve_links(read(TEXT, "arch.md"), "arch.md")
    micro, mono = result.entries
    assert "compare a [[Monolith|monolith]]." in micro.definition
    assert "unlike a [[Microservice|microservice]] (`[not](#a-link)`)." in mono.definition


def test_relative_links_become_absolute_when_the_source_url_is_known() -> None:
    result = resolve_links(read(TEXT, "arch.md"), "arch.md", "https://ex.org/docs/arch.html")
    assert "[the overview](https://ex.org/docs/main_overview.md)" in result.entries[0].definition
    assert any("made absolute" in d.message and d.line == 1 for d in result.diagnostics)


def test_relative_links_are_text_with_a_footnote_otherwise() -> None:
    result = resolve_links(read(TEXT, "arch.md"), "arch.md")
    definition = result.entries[0].definition
    assert "See the overview[^1-1]." in definition
    note = "[^1-1]: `./main_overview.md` (relative to the source; its URL is not known)"
    assert definition.endswith(note)
    assert any(d.level == "warning" and "footnote" in d.message for d in result.diagnostics)
