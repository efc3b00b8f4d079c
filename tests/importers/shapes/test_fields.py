"""Labels that recur across entries are fields, not terms."""

from __future__ import annotations

from vaultkit.importers import read
from vaultkit.importers.shapes.fields import recurring_labels


def test_labels_recur_with_different_text() -> None:
    items = [("Example", "a"), ("Owner", "x"), ("Example", "b"), ("Owner", "y")]
    assert recurring_labels(items) == {"example", "owner"}


def test_a_repeated_entry_is_no_label() -> None:
    assert recurring_labels([("Glob", "same"), ("Glob", "same"), ("Grep", "g")]) == set()


def test_two_senses_in_a_long_glossary_stay_terms() -> None:
    items = [(f"Term {n}", str(n)) for n in range(20)]
    items += [("Kernel", "OS core"), ("Kernel", "convolution filter")]
    items += [("Bias", "statistics"), ("Bias", "prejudice")]
    assert recurring_labels(items) == set()


def test_label_bullets_under_headings_leave_the_headings_as_terms() -> None:
    text = "\n\n".join(
        f"### {term}\n\n{term} is a thing.\n\n- **Example:** {term} one.\n- **Owner:** team {n}"
        for n, term in enumerate(["Alpha", "Beta", "Gamma"])
    )
    result = read(text, "ops.md")
    assert [e.term for e in result.entries] == ["Alpha", "Beta", "Gamma"]
    assert result.entries[0].definition == "Alpha is a thing."
    assert result.entries[0].extras == (("Example", "Alpha one."), ("Owner", "team 0"))


def test_recurring_sub_headings_are_fields_of_the_term_above() -> None:
    text = "\n\n".join(
        f"### {term}\n\n#### What it is\n\n{term} means x.\n\n#### Example\n\n{term} here."
        for term in ["Offer", "Acceptance", "Consideration"]
    )
    result = read(text, "law.md")
    assert [e.term for e in result.entries] == ["Offer", "Acceptance", "Consideration"]
    assert "Offer means x." in result.entries[0].definition


def test_heading_terms_lose_markup_and_keep_notation_apart() -> None:
    text = (
        "### **Token** ($t_i$)\n\nA unit of text.\n\n"
        "### [`kubectl`](https://k.io)\n\nA client.\n"
    )
    entries = read(text, "h.md").entries
    assert [e.term for e in entries] == ["Token", "kubectl"]
    assert entries[0].extras == (("Notation", "($t_i$)"),)
