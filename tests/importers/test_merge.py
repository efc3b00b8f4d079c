"""Concept merging on small glossaries of our own: which entries become one note."""

from __future__ import annotations

from vaultkit.importers.merge import Concept, make_members, merge
from vaultkit.importers.model import Entry
from vaultkit.importers.postprocess import tidy


def _entry(term: str, definition: str, line: int = 1, **extra: object) -> Entry:
    return Entry(term, definition, line, line, **extra)  # type: ignore[arg-type]


def _merge(*sources: list[Entry]) -> list[Concept]:
    members = []
    for order, entries in enumerate(sources):
        kept, _ = tidy(tuple(entries))
        members.extend(make_members(f"s{order}", f"s{order}.md", order, kept))
    concepts, _ = merge(members)
    return concepts


def _titles(concepts: list[Concept]) -> list[list[str]]:
    return sorted(sorted({m.entry.term for m in c.members}) for c in concepts)


def test_spelling_variants_are_one_concept() -> None:
    concepts = _merge(
        [_entry("Paged Attention", "Keeps the cache in pages."), _entry("jit.trace()", "Traces.")],
        [_entry("PagedAttention", "A cache layout in pages."), _entry("jit.trace", "Records ops.")],
    )
    assert _titles(concepts) == [
        ["Paged Attention", "PagedAttention"],
        ["jit.trace", "jit.trace()"],
    ]


def test_an_acronym_is_not_a_spelling_of_a_phrase() -> None:
    concepts = _merge(
        [_entry("Top-k", "Keeps the k most likely tokens.")],
        [_entry("TOPK", "The Tree Of Partial Knowledge index.")],
    )
    assert len(concepts) == 2


def test_one_source_keeps_two_spellings_apart() -> None:
    concepts = _merge([_entry("Re-cover", "To cover again.", 1), _entry("Recover", "Heal.", 2)])
    assert len(concepts) == 2


def test_declared_spellings_join() -> None:
    concepts = _merge(
        [_entry("halfword", "A 16-bit unit of a machine word (also written hword, HW).")],
        [_entry("HW", "Half a machine word.")],
    )
    assert _titles(concepts) == [["HW", "halfword"]]


def test_two_senses_one_source_keeps_apart_stay_apart() -> None:
    concepts = _merge(
        [
            _entry("Crane", "A tall machine that lifts heavy loads on a building site.", 1,
                   category="Machines"),
            _entry("Crane", "A large wading bird with long legs and a long neck.", 5,
                   category="Birds"),
        ],
        [_entry("Crane", "Bird with long legs, a long neck, that wades in marshes.")],
        [_entry("Crane", "Lifting machine used on a building site for heavy loads.")],
    )
    by_title = {c.title: sorted(m.source for m in c.members) for c in concepts}
    assert by_title == {"Crane (Machines)": ["s0", "s2"], "Crane (Birds)": ["s0", "s1"]}


def test_a_repeated_entry_is_one_concept() -> None:
    concepts = _merge(
        [
            _entry("Crane", "A lifting machine.", 1, category="Machines"),
            _entry("Crane", "A lifting machine.", 5, category="Tools"),  # same text: a repeat
            _entry("Heron", "A bird.", 9),
            _entry("Heron", "A wading bird.", 12),  # no categories: nothing keeps them apart
        ]
    )
    assert sorted(len(c.members) for c in concepts) == [2, 2]


def test_an_expansion_belongs_to_the_exact_acronym() -> None:
    concepts = _merge(
        [_entry("TTL Value", "How long a record lives.")],
        [_entry("TTL (time to live)", "The lifetime of a cached record.")],
        [
            _entry(
                "TTL value (time to live)",
                "The number of seconds a record may be cached.",
                aliases=("cache lifetime", "time to live", "ttl"),
            )
        ],
    )
    by_title = {c.title: c for c in concepts}
    assert sorted(by_title) == ["TTL", "TTL Value"]
    assert by_title["TTL"].expansion == "time to live"
    assert by_title["TTL Value"].expansion == ""
    assert by_title["TTL Value"].aliases == ["cache lifetime"]


def test_a_sentence_is_not_an_expansion() -> None:
    (short, long) = sorted(
        _merge(
            [
                _entry("GCD", "Short for Greatest Common Divisor — the largest shared factor."),
                _entry(
                    "PLT",
                    "A Procedure Linkage Table of jump stubs (one per function, lazily bound"
                    " — in ELF.",
                ),
            ]
        ),
        key=lambda c: c.title,
    )
    assert short.expansion == "Greatest Common Divisor"
    assert long.expansion == ""
