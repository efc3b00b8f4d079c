"""The automatic linker against the hand-labelled links of tests/importers/data/linking/.

Targets (issue 13): precision >= 0.97 overall and >= 0.95 on common-word links, while keeping
>= 85% of the links that were right before. Overall precision and the kept-right share are
measured on the complete units, a random sample of the import's texts where every link is
judged (so they estimate the whole vault); common-word precision on every judged common-word
link (all of those in the sources were read).
"""

from __future__ import annotations

import pytest

from tests.importers import labeled_links
from vaultkit.importers.linker import AutoLinker
from vaultkit.importers.merge import Concept


@pytest.fixture(scope="module")
def result() -> labeled_links.Result:
    concepts = labeled_links.concepts()
    linker = AutoLinker.build(concepts)

    def link(text: str, own: Concept, linked: set[int], source: str) -> str:
        return linker.link(text, own, linked)

    return labeled_links.measure(link, concepts)


def test_the_labelled_set_is_large_and_read_by_hand() -> None:
    labels = labeled_links.labels()
    judged = [label for label in labels if label.label is not None]
    assert len(judged) >= 300
    assert {label.label for label in judged} == {"right", "wrong"}
    common = [label for label in labels if label.kind == "common" and label.before]
    assert sum(label.label is not None for label in common) >= 0.8 * len(common)


def test_every_link_made_is_judged(result: labeled_links.Result) -> None:
    assert result.unjudged == [], "label these links in labels.jsonl (read each in context)"


def test_precision_targets(result: labeled_links.Result) -> None:
    print(result)
    assert result.sample.precision >= 0.97, result.sample.wrong_kept
    assert result.judged.common_precision >= 0.95, result.judged.wrong_kept


def test_keeps_the_links_that_were_right(result: labeled_links.Result) -> None:
    assert result.sample.kept >= 0.85


def test_a_small_glossary_of_everyday_words() -> None:
    """On the sourdough set (one source, ~700 words) no word is used often enough to count as
    the field's own, so everyday-word names need context: precision rises from 0.80 (before)
    while recall falls (about half of the right links are kept). A regression guard, not a
    target: the numbers are reported, not tuned."""
    folder = labeled_links.DATA / "bread"
    concepts = labeled_links.concepts(folder)
    linker = AutoLinker.build(concepts)
    result = labeled_links.measure(
        lambda text, own, linked, source: linker.link(text, own, linked), concepts, folder
    )
    print(result)
    assert result.unjudged == []
    assert result.sample.precision >= 0.85, result.sample.wrong_kept
    assert result.sample.kept >= 0.4
