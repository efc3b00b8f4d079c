"""Redirect entries become aliases; unsure ones are reported with their line."""

from __future__ import annotations

from vaultkit.importers import read
from vaultkit.importers.shapes.redirects import redirect_targets

TEXT = """\
- **Base:** A substance that accepts protons.
- **Alkali:** see Base.
- **Mole:** An amount of substance.
- **Moles:** → **Mole**
- **Redox:** See also: Oxidation, Reduction.
- **Ghost:** see Phantom.
"""


def test_redirect_targets() -> None:
    assert redirect_targets("see Base.") == ("Base",)
    assert redirect_targets("Siehe [[Basis]]") == ("Basis",)
    assert redirect_targets("See also: A, B") == ("A", "B")
    assert redirect_targets("Seen from above, a circle.") is None
    assert redirect_targets("see how the base accepts protons from an acid in water") is None


def test_redirects_become_aliases_and_unsure_ones_are_kept_aside() -> None:
    result = read(TEXT, "chem.md")
    by_term = {e.term: e for e in result.entries}
    assert sorted(by_term) == ["Base", "Mole"]
    assert by_term["Base"].aliases == ("Alkali",)
    assert by_term["Mole"].aliases == ("Moles",)
    aside = {u.line: u.reason for u in result.unplaced}
    assert sorted(aside) == [5, 6]
    assert "several terms" in aside[5] and "does not define" in aside[6]


def test_a_repeated_entry_is_read_once() -> None:
    text = "| Term | Definition |\n|---|---|\n| Glob | A pattern. |\n| Glob | A pattern. |\n"
    result = read(text, "t.md")
    assert [e.term for e in result.entries] == ["Glob"]
    assert any("repeats the entry on line 3" in d.message for d in result.diagnostics)
