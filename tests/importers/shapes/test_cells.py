"""Terms as written in table cells and headings."""

from __future__ import annotations

import pytest

from vaultkit.importers.shapes.cells import heading_term, term_cell


@pytest.mark.parametrize(
    ("cell", "term"),
    [
        ("[Umsatzsteuer](https://de.wikipedia.org/wiki/Umsatzsteuer)", "Umsatzsteuer"),
        ('<span class="term">Vorsteuer</span>', "Vorsteuer"),
        ("**Pipe** ✅", "Pipe"),
        ("⚠️ `rm -rf`", "rm -rf"),
        ("R&amp;D", "R&D"),
        ("![icon](i.png) Widget", "Widget"),
    ],
)
def test_term_cell(cell: str, term: str) -> None:
    assert term_cell(cell) == term


@pytest.mark.parametrize(
    ("line", "term", "notation"),
    [
        ("### **Feature** ($x$)", "Feature", "($x$)"),
        ("## Attention (`softmax(QK^T)V`)", "Attention", "(`softmax(QK^T)V`)"),
        ("#### [`kubectl`](https://k.io) {#kubectl}", "kubectl", ""),
        ("## SLO (service level objective) ##", "SLO (service level objective)", ""),
        ("### 🚀 Launch", "Launch", ""),
        ("##### $E=mc^2$", "$E=mc^2$", ""),
        ("## C#", "C#", ""),  # a closing sequence needs a space before it
        ("## F# \t##  ", "F#", ""),
        ("## Long" + " " * 200_000 + "name   #", "Long name", ""),  # linear in the spaces
    ],
)
def test_heading_term(line: str, term: str, notation: str) -> None:
    assert heading_term(line) == (term, notation)
