"""Sphinx/MyST glossaries, AsciiDoc lists, abbreviation files and HTML <dl>, detected by syntax."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.importers import read
from vaultkit.importers.shapes.crossrefs import resolve_links
from vaultkit.importers.shapes.dialects import detect_dialect

RST = """\
Terms
=====

.. glossary::
   :sorted:

   MTU
   maximum transmission unit
      The largest packet a link carries, see :term:`frame`.

   frame : link layer
      A unit of data at the link layer, like ``0xFF``.

After the glossary.
"""


def test_rst_glossary_terms_aliases_classifiers_and_references() -> None:
    result = read(RST, "net.rst")
    assert result.format == "rst-glossary"
    assert result.title == "Terms"
    mtu, frame = result.entries
    assert (mtu.term, mtu.aliases, mtu.line) == ("MTU", ("maximum transmission unit",), 7)
    assert mtu.definition == "The largest packet a link carries, see [[frame]]."
    assert frame.term == "frame"
    assert frame.definition == "A unit of data at the link layer, like `0xFF`."
    assert any("After the glossary." in text for _, text in result.furniture)


def test_myst_block_never_closed_is_reported() -> None:
    result = read("# S\n\n:::{glossary}\nMean\n  The average.\n", "s.md")
    assert result.format == "myst-glossary"
    assert [e.term for e in result.entries] == ["Mean"]
    assert any("never closed" in d.message and d.line == 3 for d in result.diagnostics)


def test_asciidoc_terms_share_a_definition() -> None:
    text = "= Rocks\n\nStratum::\nLayer::\n  A layer of rock.\nBasalt:: A dark rock.\n"
    entries = read(text, "r.adoc").entries
    assert [(e.term, e.aliases, e.definition) for e in entries] == [
        ("Stratum", ("Layer",), "A layer of rock."),
        ("Basalt", (), "A dark rock."),
    ]


def test_abbreviations_are_acronyms_with_expansions() -> None:
    text = "*[HTML]: HyperText Markup Language\n*[CSS]: Cascading Style Sheets\n"
    entries = read(text, "a.md").entries
    assert [(e.term, e.expansion, e.kind) for e in entries] == [
        ("HTML", "HyperText Markup Language", "acronym"),
        ("CSS", "Cascading Style Sheets", "acronym"),
    ]


def test_html_definition_list_with_markup_and_shared_terms() -> None:
    text = (
        "<dl>\n<dt><b>Parsec</b></dt>\n<dt>pc</dt>\n<dd>About <em>3.26</em> light years; "
        '<a href="https://x.org">more</a>.</dd>\n<dt>Zenith</dt><dd>Straight up.</dd>\n</dl>\n'
    )
    entries = read(text, "sky.md").entries
    assert [(e.term, e.aliases) for e in entries] == [("Parsec", ("pc",)), ("Zenith", ())]
    assert entries[0].definition == "About *3.26* light years; [more](https://x.org)."


def test_dialects_need_their_own_syntax() -> None:
    assert detect_dialect("A note:: with colons in prose.\n" + "Plain text.\n" * 10, "n.md") == ""
    assert detect_dialect("Some text about *[brackets]: here\n" + "x\n" * 5, "n.md") == ""
    assert detect_dialect("Term:: one\nOther:: two\n", "g.adoc") == "asciidoc-dlist"


_PIECES = [
    ".. glossary::", ":::{glossary}", ":::", "```{glossary}", "```", "   term", "      def",
    "Term:: def", "Term::", "  indented", "*[A]: b", "<dl>", "<dt>x", "<dd>y</dd>", "</dl>",
    "| a | b |", "|---|---|", "### **H** ($x$)", "- **L:** v", ": d", "", "plain words",
    "[l](#term)", "[r](./x.md)", "see Term", "`code [x](#y)`",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=40), st.sampled_from(["g.md", "g.rst", "g.adoc"])
)
def test_any_mix_of_dialect_lines_reads_without_error(pieces: list[str], path: str) -> None:
    text = "\n".join(pieces) + "\n"
    result = resolve_links(read(text, path), path, "")
    count = text.count("\n") + 1
    for entry in result.entries:
        assert 1 <= entry.line <= entry.end_line <= count, entry
    for line, _ in result.furniture:
        assert 1 <= line <= count
