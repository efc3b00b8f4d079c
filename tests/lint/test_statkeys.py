"""Stat keys compared a whole scan at a time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vaultkit.lint.statkeys import StatKeys
from vaultkit.notes.scan import VaultFile

stats = st.tuples(
    st.integers(0, 10**9), st.integers(-(10**18), 2 * 10**18), st.integers(0, 2 * 10**18),
    st.integers(0, 2**64 - 1),
)


def _file(path: str, stat: tuple[int, int, int, int]) -> VaultFile:
    return VaultFile(path, "/v/" + path, True, *stat)


@given(st.lists(stats, min_size=1, max_size=600), st.data())
def test_changed_finds_exactly_the_notes_whose_key_differs(
    before: list[tuple[int, int, int, int]], data: st.DataObject
) -> None:
    paths = [f"n{i:04}.md" for i in range(len(before))]
    racy = data.draw(st.sets(st.integers(0, len(before) - 1), max_size=3))
    pairs = enumerate(zip(paths, before, strict=True))
    keys = StatKeys.of((p, None if i in racy else s) for i, (p, s) in pairs)
    edited = data.draw(st.sets(st.integers(0, len(before) - 1), max_size=5))
    now = [(s[0] + 1, *s[1:]) if i in edited else s for i, s in enumerate(before)]
    notes = {p: _file(p, s) for p, s in zip(paths, now, strict=True)}
    found = keys.changed(notes)
    big = {i for i, s in enumerate(before) if s[3] >= 2**63}  # no key: read again each run
    want = [notes[paths[i]] for i in sorted(edited | racy | big)]
    assert found is None or found == want  # None: a value the array cannot hold in the scan
    if not big:
        assert found == want
    for i, p in enumerate(paths):
        assert keys.get(p) == (None if i in racy | big else before[i])


def test_other_notes_are_not_compared_at_once() -> None:
    keys = StatKeys.of([("a.md", (1, 2, 3, 4)), ("b.md", (1, 2, 3, 4))])
    assert keys.changed({"a.md": _file("a.md", (1, 2, 3, 4))}) is None
    swapped = {p: _file(p, (1, 2, 3, 4)) for p in ("b.md", "a.md")}
    assert keys.changed(swapped) is None


def test_updated_keeps_the_others_and_follows_the_new_order() -> None:
    keys = StatKeys.of([("a.md", (1, 2, 3, 4)), ("b.md", (5, 6, 7, 8))])
    same = keys.updated(["a.md", "b.md"], {"b.md": None})
    assert same.paths == ("a.md", "b.md") and same.get("a.md") == (1, 2, 3, 4)
    assert same.get("b.md") is None
    grown = keys.updated(["a.md", "c.md", "b.md"], {"c.md": (9, 9, 9, 9)})
    assert grown.paths == ("a.md", "c.md", "b.md")
    assert [grown.get(p) for p in grown.paths] == [(1, 2, 3, 4), (9, 9, 9, 9), (5, 6, 7, 8)]


def test_raw_gives_every_key_as_stored() -> None:
    keys = StatKeys.of([("a.md", (1, 2, 3, 4)), ("b.md", None)])
    assert keys.raw() == {"a.md": (1, 2, 3, 4), "b.md": (-1, -1, -1, -1)}
