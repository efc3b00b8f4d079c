"""Labels that recur across entries are fields, not terms."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest

from vaultkit.importers import read
from vaultkit.importers.detect import detect
from vaultkit.importers.metadata import split_metadata
from vaultkit.importers.model import Entry, ParseResult
from vaultkit.importers.mojibake import repair
from vaultkit.importers.registry import READERS
from vaultkit.importers.shapes.fields import recurring_labels, with_fields

TESTS = Path(__file__).resolve().parents[2]
GLOSSARIES = sorted(
    [
        *(TESTS / "cases" / "import").glob("*/glossary*"),
        *(TESTS / "importers" / "shapes_corpus").glob("*.md"),
        *(TESTS.parent / "sources").glob("*.txt"),
    ]
)
GLOSSARY_IDS = [p.relative_to(TESTS.parent).as_posix() for p in GLOSSARIES]
_LABEL = re.compile(
    r"^ {0,3}(?:[-*+][ \t]+)?(?:\*\*|__)([^*_\n]+?)(?:\*\*|__)|^ {0,3}#{2,6}[ \t]+(.+)$",
    re.MULTILINE,
)


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


# Label lines and label bullets inside entries (with_fields)


def _glossary(*bodies: str, level: int = 3) -> str:
    return "\n\n".join(f"{'#' * level} Term {n}\n\n{body}" for n, body in enumerate(bodies))


def test_a_label_in_one_entry_only_stays_text() -> None:
    entries = read(
        _glossary(
            "**What:** first.\n**Range:** 1-2.\n**Note:** only here.",
            "**What:** second.\n**Range:** 3-4.",
        ),
        "g.md",
    ).entries
    assert [e.definition for e in entries] == ["first.", "second."]
    assert entries[0].extras == (("Range", "1-2.\n\n**Note:** only here."),)
    assert entries[1].extras == (("Range", "3-4."),)


def test_a_known_definition_label_wins_over_the_first_label() -> None:
    entries = read(
        _glossary(
            "**Reading:** ka\n\n**Meaning:** one thing.",
            "**Reading:** ki\n\n**Meaning:** another.",
        ),
        "g.md",
    ).entries
    assert [e.definition for e in entries] == ["one thing.", "another."]
    assert [e.extras for e in entries] == [(("Reading", "ka"),), (("Reading", "ki"),)]


def test_an_unknown_label_opening_most_entries_is_the_definition() -> None:
    entries = read(
        _glossary("**Gist**: a.\n**Cost**: 1.", "**Gist**: b.\n**Cost**: 2.", "**Gist**: c."),
        "g.md",
    ).entries
    assert [e.definition for e in entries] == ["a.", "b.", "c."]
    assert entries[2].extras == ()


def test_a_label_opening_few_entries_is_no_definition_and_leaves_them_unchanged() -> None:
    bodies = [f"Plain text {n}." for n in range(8)]
    bodies += ["**Caveat:** one.", "**Caveat:** two."]
    entries = read(_glossary(*bodies), "g.md").entries
    assert [e.definition for e in entries[-2:]] == ["**Caveat:** one.", "**Caveat:** two."]
    assert all(e.extras == () for e in entries)


def test_label_lines_in_code_are_not_fields() -> None:
    body = "Lead {n}.\n\n```\n**Range**: {n}\n```\n\n**Cost**: {n}"
    entries = read(_glossary(*(body.format(n=n) for n in range(3))), "g.md").entries
    assert entries[0].definition == "Lead 0.\n\n```\n**Range**: 0\n```"
    assert entries[0].extras == (("Cost", "0"),)


def test_french_spacing_and_bullet_continuations() -> None:
    body = "- **Définition :** sens {n}\n  suite {n}\n- **Exemple :** ex {n}"
    entries = read(_glossary(*(body.format(n=n) for n in range(2)), level=4), "g.md").entries
    assert entries[1].definition == "sens 1\nsuite 1"
    assert entries[1].extras == (("Exemple", "ex 1"),)


def test_bold_text_that_is_no_label_line_is_left_alone() -> None:
    body = "**Bold** words {n}: not a label.\n\n**A label that has far too many words in it**: x"
    entries = read(_glossary(*(body.format(n=n) for n in range(3))), "g.md").entries
    assert entries[0].definition == body.format(n=0)
    assert entries[0].extras == ()


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


@pytest.mark.parametrize("path", GLOSSARIES, ids=GLOSSARY_IDS)
def test_fields_keep_every_word_once(path: Path) -> None:
    """Reading fields moves text, never drops or repeats it: an entry's words are the same
    before and after, except the definition's own label ('What'), which the structure states."""
    text = split_metadata(repair(path.read_text(encoding="utf-8"))[0]).text
    before = READERS[detect(text, path.name)](text, path.name)
    after = with_fields(before)
    for old, new in zip(before.entries, after.entries, strict=True):
        was = _words(old.definition) + sum((_words(f"{k} {v}") for k, v in old.extras), Counter())
        now = _words(new.definition) + sum((_words(f"{k} {v}") for k, v in new.extras), Counter())
        assert now - was == Counter(), old.term
        dropped = was - now
        labels = [_words(" ".join(label)) for label in _LABEL.findall(old.definition)]
        assert dropped == Counter() or dropped in labels, (old.term, dropped)


def test_recurring_sub_headings_become_fields_with_the_definition_first() -> None:
    body = "#### Example\n\nex {n}.\n\n#### What it is\n\nmeaning {n}."
    bodies = [body.format(n=n) for n in range(2)] + ["Plain.\n\n#### Aside\n\nonce."]
    entries = read(_glossary(*bodies), "g.md").entries
    assert [e.definition for e in entries] == ["meaning 0.", "meaning 1.", bodies[2]]
    assert [e.extras for e in entries] == [(("Example", "ex 0."),), (("Example", "ex 1."),), ()]


def test_a_long_line_is_read_in_linear_time() -> None:
    body = "## x" + " " * 50_000 + "y\n**a**" + " " * 50_000
    entries = (Entry("T0", body, 1, 2), Entry("T1", body, 3, 4))
    start = time.perf_counter()
    with_fields(ParseResult("md-headings", entries=entries))
    assert time.perf_counter() - start < 1.0
