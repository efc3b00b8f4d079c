"""The re-check state in the cache: round trips, damage, partial writes, lazy details."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.lint.test_incremental import EVERY_RULE, _cache, _lines, _notes, _run, _write
from vaultkit.cache.codec import unseal
from vaultkit.cache.store import SqliteNoteCache
from vaultkit.lint import state as lint_state
from vaultkit.lint import stored as lint_stored
from vaultkit.lint.engine import check_path
from vaultkit.lint.incremental import FullCheckNeeded
from vaultkit.lint.report.result import CheckResult
from vaultkit.lint.rules import RULES
from vaultkit.lint.rules.registry import NOTE
from vaultkit.lint.state import state_key
from vaultkit.lint.stored import PARTS, load_state, pack_state, part_of, unpack_state
from vaultkit.notes.model import Finding


def _stored_state(tmp_path: Path) -> lint_state.CheckState:
    root = _notes(
        tmp_path,
        {
            "a.md": "%% vaultkit-ignore-file orphan %%\n![[b#Top]] [[b#^x]] [[b#Nope]] [[Gone]]\n",
            "b.md": "---\naliases: [Bee]\nbroader: '[[a]]'\n---\n# Top\n[[a]] ^x\n",
        },
    )
    (root / "c.md").write_bytes(b"\xff\xfe")
    with _cache(tmp_path / "c.sqlite3") as cache:
        check_path(root, EVERY_RULE, cache=cache, jobs=1)
        key = state_key(cache.results_tag, EVERY_RULE, root, [])
        state = load_state(cache, key)
    assert state is not None
    return state


def test_state_round_trip(tmp_path: Path) -> None:
    state = _stored_state(tmp_path)
    again = unpack_state(pack_state(state, whole=True))
    assert again is not None
    assert again.paths == state.paths
    assert again.problems == state.problems and state.problems
    assert again.unparsed == state.unparsed
    assert list(again.heads) == list(state.heads) == list(again.details) == ["a.md", "b.md"]
    for path, head in state.heads.items():
        assert again.heads[path]._replace(packed=None) == head._replace(packed=None)
        assert again.details[path]._replace(packed=None) == state.details[path]._replace(
            packed=None
        )
    assert state.heads["b.md"].aliases == ("Bee",)
    b = state.details["b.md"]
    assert b.facts.hierarchy and b.facts.alias_names == frozenset({"bee"})
    assert state.details["a.md"].facts.embeds[0].target == "b.md"
    assert state.details["a.md"].subpath_targets == ("b.md",)
    assert state.heads["a.md"].suppressions is not None
    # packing an unchanged state again reuses the stored rows: the same bytes
    assert pack_state(again, whole=True) == pack_state(state, whole=True)


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1],  # truncated
        lambda b: b[:20] + bytes([b[20] ^ 1]) + b[21:],  # one bit flipped
        lambda b: b"",
        lambda b: b"not a state at all, just some bytes",
        lambda b: "a string",
        lambda b: None,
    ],
)
def test_a_damaged_state_is_a_miss(tmp_path: Path, damage: object) -> None:
    stored = pack_state(_stored_state(tmp_path), whole=True)
    assert unpack_state(stored._replace(header=damage(stored.header))) is None  # type: ignore[operator]
    part = part_of("a.md")
    # a damaged part of the notes is found when it is read: then a full check is needed
    parts = {**stored.parts, part: damage(stored.parts[part])}  # type: ignore[operator]
    state = unpack_state(stored._replace(parts=parts))
    assert state is not None and "a.md" in state.heads and state.stats.get("a.md") is not None
    with pytest.raises(FullCheckNeeded):
        state.heads["b.md"]  # every head is read at once
    parts = {**stored.parts, PARTS + part: damage(stored.parts[PARTS + part])}  # type: ignore[operator]
    state = unpack_state(stored._replace(parts=parts))
    assert state is not None and state.heads["a.md"].findings
    with pytest.raises(FullCheckNeeded):
        state.details["a.md"]


def test_a_state_with_a_part_missing_is_a_miss(tmp_path: Path) -> None:
    stored = pack_state(_stored_state(tmp_path), whole=True)
    parts = dict(stored.parts)
    del parts[PARTS + part_of("b.md")]
    assert unpack_state(stored._replace(parts=parts)) is None


def test_a_state_of_another_shape_is_a_miss() -> None:
    from vaultkit.cache.codec import seal

    empty = {part: seal((lint_state.STATE_VERSION, ())) for part in range(2 * PARTS)}
    version, parts = lint_state.STATE_VERSION, PARTS
    rest = ((), (), (), (), (), (), (), b"")
    for value in [(), (version + 1, parts, *rest), (version, parts + 1, *rest), (1, 2, 3),
                  (version, parts, *rest[:-1], b"\0" * 8)]:  # fmt: skip  (keys of no note)
        assert unpack_state(lint_stored.StoredState(seal(value), empty, None)) is None
    good = seal((version, parts, *rest))
    assert unpack_state(lint_stored.StoredState(good, empty, None)) is not None
    # a row of a note the header does not list: found when the heads are read
    rows = {**empty, 0: seal((version, (("x.md",) + (None,) * 3,)))}
    state = unpack_state(lint_stored.StoredState(good, rows, None))
    assert state is not None and list(state.heads) == []
    with pytest.raises(FullCheckNeeded):
        dict(state.heads.items())


def test_a_damaged_state_in_the_cache_falls_back_to_a_full_check(tmp_path: Path) -> None:
    root = _notes(tmp_path, {"a.md": "[[b]]\n", "b.md": "[[a]]\n"})
    cache_file = tmp_path / "c.sqlite3"
    with _cache(cache_file) as cache:
        check_path(root, EVERY_RULE, cache=cache, jobs=1)
        key = state_key(cache.results_tag, EVERY_RULE, root, [])
        found = cache.lookup_parts(key)
        assert found is not None
        cache.store_parts(key, found.header, {0: b"\0" * 40}, over=found.token, keep=2)
    _write(root / "a.md", "[[b]] [[c]]\n")
    result = _run(root, cache_file)
    assert "rechecked" not in result.timings
    assert result.findings == check_path(root, EVERY_RULE).findings


def test_a_recheck_stores_only_the_parts_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [f"n{i}" for i in range(40)]
    root = _notes(tmp_path, {f"{n}.md": f"[[{names[(i + 1) % 40]}]]\n" for i, n in
                             enumerate(names)})  # fmt: skip
    cache_file = tmp_path / "c.sqlite3"
    _run(root, cache_file)
    written: list[tuple[set[int], int | None]] = []
    store = SqliteNoteCache.store_parts

    def spy(self: SqliteNoteCache, key: str, header: bytes, parts: dict[int, bytes], *,
            over: int | None, keep: int) -> bool:  # fmt: skip
        written.append((set(parts), over))
        return store(self, key, header, parts, over=over, keep=keep)

    monkeypatch.setattr(SqliteNoteCache, "store_parts", spy)
    _write(root / "n7.md", "[[n8]] more words\n")  # the same links: only n7 is re-checked
    assert _lines(_run(root, cache_file)) == _lines(check_path(root, EVERY_RULE))
    n7 = part_of("n7.md")
    assert written[0][0] == {n7, PARTS + n7} and written[0][1] is not None
    (root / "n3.md").unlink()  # n4 loses its only backlink: n3's part and n2's are written
    after = _run(root, cache_file)
    assert _lines(after) == _lines(check_path(root, EVERY_RULE))
    touched = {part_of("n3.md"), part_of("n2.md")}
    assert written[1][0] == touched | {PARTS + part for part in touched}
    with _cache(cache_file) as cache:
        loaded = load_state(cache, state_key(cache.results_tag, EVERY_RULE, root, []))
    assert loaded is not None and "n3.md" not in loaded.heads and len(loaded.heads) == 39
    assert "n3.md" not in loaded.details and len(set(loaded.details)) == 39


def test_a_state_stored_meanwhile_by_another_run_makes_the_write_whole(tmp_path: Path) -> None:
    root = _notes(tmp_path, {"a.md": "[[b]]\n", "b.md": "[[a]]\n", "c.md": "[[a]]\n"})
    cache_file = tmp_path / "c.sqlite3"
    _run(root, cache_file)
    with _cache(cache_file) as cache:
        key = state_key(cache.results_tag, EVERY_RULE, root, [])
        state = load_state(cache, key)
        assert state is not None
        found = cache.lookup_parts(key)
        assert found is not None  # another run stores a state in between:
        assert cache.store_parts(key, found.header, found.parts, over=None, keep=2)
        assert not cache.store_parts(key, found.header, {}, over=found.token, keep=2)
        other = cache.lookup_parts(key)
        assert other is not None
        changed = {**state.heads, "a.md": state.heads["a.md"]._replace(packed=None)}
        lint_stored.save_state(cache, key, dataclasses.replace(state, heads=changed), keep=2)
        stored = cache.lookup_parts(key)
        again = load_state(cache, key)
    assert stored is not None and stored.token != other.token  # written, as a whole
    assert again is not None and set(again.heads) == {"a.md", "b.md", "c.md"}
    assert {p: d.facts for p, d in again.details.items()} == {
        p: d.facts for p, d in state.details.items()
    }


def test_findings_of_note_rules_are_stored_with_their_note(tmp_path: Path) -> None:
    state = _stored_state(tmp_path)
    stored = [f for ns in state.heads.values() for f in ns.findings]
    assert {f.rule for f in stored} >= {"unresolved-link", "missing-heading"}
    for path, ns in state.heads.items():
        assert all(isinstance(f, Finding) and f.path == path for f in ns.findings)
        assert all(RULES[f.rule].scope == NOTE for f in ns.findings)


# -- details read on first use ------------------------------------------------------------------


def _ring(tmp_path: Path, count: int = 40) -> Path:
    names = [f"n{i}" for i in range(count)]
    return _notes(tmp_path, {
        f"{n}.md": f"---\naliases: [A{i}]\n---\n# H\n[[{names[(i + 1) % count]}]]\n"
        for i, n in enumerate(names)
    })


def _spy_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    read: list[int] = []
    original = lint_stored.StoredDetails.stored_part

    def spy(self: lint_stored.StoredDetails, part: int) -> dict[str, lint_state.NoteDetail]:
        read.append(part)
        return original(self, part)

    monkeypatch.setattr(lint_stored.StoredDetails, "stored_part", spy)
    return read


def _ring_with_n7_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> tuple[Path, CheckResult, list[int]]:
    """The ring checked, n7 written as ``text`` and checked again: the result and the detail
    parts the second check read."""
    root = _ring(tmp_path)
    cache_file = tmp_path / "c.sqlite3"
    _run(root, cache_file)
    read = _spy_reads(monkeypatch)
    _write(root / "n7.md", text)
    return root, _run(root, cache_file), read


def test_an_edit_that_names_nothing_new_reads_only_its_own_detail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "---\naliases: [A7]\n---\n# H\n[[n8]] and more words\n"
    root, result, read = _ring_with_n7_edited(tmp_path, monkeypatch, text)
    assert "rechecked" in result.timings
    assert _lines(result) == _lines(check_path(root, EVERY_RULE))
    assert set(read) == {part_of("n7.md")}


def test_an_alias_edit_reads_every_detail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "---\naliases: [A3]\n---\n# H\n[[n8]]\n"  # n3's alias too
    root, result, read = _ring_with_n7_edited(tmp_path, monkeypatch, text)
    assert "rechecked" in result.timings and result.counts.get("alias-collision") == 2
    assert {f.path for f in result.findings if f.rule == "alias-collision"} == {"n3.md", "n7.md"}
    assert _lines(result) == _lines(check_path(root, EVERY_RULE))
    assert set(read) >= {part_of(f"n{i}.md") for i in range(40)}


def _damage_detail(cache_file: Path, root: Path, path: str) -> None:
    with _cache(cache_file) as cache:
        key = state_key(cache.results_tag, EVERY_RULE, root, [])
        found = cache.lookup_parts(key)
        assert found is not None
        part = PARTS + part_of(path)
        damaged = {part: found.parts[part][:-3]}
        assert cache.store_parts(key, found.header, damaged, over=found.token, keep=2)


def test_a_damaged_detail_is_found_when_read_and_the_check_runs_whole(tmp_path: Path) -> None:
    root = _ring(tmp_path)
    cache_file = tmp_path / "c.sqlite3"
    _run(root, cache_file)
    victim = next(f"n{i}.md" for i in range(40) if part_of(f"n{i}.md") != part_of("n7.md"))
    _damage_detail(cache_file, root, victim)
    # an edit that reads only n7's detail: re-checked, and the damaged part is left as it is
    _write(root / "n7.md", "---\naliases: [A7]\n---\n# H\n[[n8]] more\n")
    result = _run(root, cache_file)
    assert "rechecked" in result.timings
    assert _lines(result) == _lines(check_path(root, EVERY_RULE))
    # an alias edit reads every detail: the damaged one makes it a full check, which is right
    _write(root / "n7.md", "---\naliases: [n3]\n---\n# H\n[[n8]]\n")
    result = _run(root, cache_file)
    assert "rechecked" not in result.timings
    assert _lines(result) == _lines(check_path(root, EVERY_RULE))
    # ... and stores a whole, sound state again
    _write(root / "n7.md", "---\naliases: [A7]\n---\n# H\n[[n8]]\n")
    result = _run(root, cache_file)
    assert "rechecked" in result.timings
    assert _lines(result) == _lines(check_path(root, EVERY_RULE))


def test_a_damaged_detail_of_the_edited_note_runs_the_check_whole(tmp_path: Path) -> None:
    root = _ring(tmp_path)
    cache_file = tmp_path / "c.sqlite3"
    _run(root, cache_file)
    _damage_detail(cache_file, root, "n7.md")
    _write(root / "n7.md", "---\naliases: [A7]\n---\n# H\n[[n8]] more\n")
    result = _run(root, cache_file)
    assert "rechecked" not in result.timings
    assert _lines(result) == _lines(check_path(root, EVERY_RULE))


def test_a_stored_state_written_again_whole_keeps_unread_parts_as_they_were(
    tmp_path: Path,
) -> None:
    root = _ring(tmp_path)
    cache_file = tmp_path / "c.sqlite3"
    _run(root, cache_file)
    with _cache(cache_file) as cache:
        state = load_state(cache, state_key(cache.results_tag, EVERY_RULE, root, []))
        found = cache.lookup_parts(state_key(cache.results_tag, EVERY_RULE, root, []))
    assert state is not None and found is not None
    again = pack_state(state, whole=True)
    for part in range(PARTS):  # the details were never read: written back as they were read
        assert again.parts[PARTS + part] == found.parts[PARTS + part]
        assert unseal(again.parts[part]) == unseal(found.parts[part])


def test_every_detail_a_part_at_a_time_is_every_detail(tmp_path: Path) -> None:
    root = _ring(tmp_path)
    cache_file = tmp_path / "c.sqlite3"
    _run(root, cache_file)
    with _cache(cache_file) as cache:
        state = load_state(cache, state_key(cache.results_tag, EVERY_RULE, root, []))
    assert state is not None and isinstance(state.details, lint_stored.StoredDetails)
    by_lookup = {p: state.details[p] for p in state.details}
    assert dict(lint_stored.every_detail(state.details)) == by_lookup
    added = lint_state.NoteDetail(by_lookup["n1.md"].facts, "x", (), ())
    grown = state.details.updated({**state.stats.index, "new.md": 0}, {"new.md": added})
    pairs = list(lint_stored.every_detail(grown))
    assert dict(pairs) == {**by_lookup, "new.md": added} and len(pairs) == 41
    fewer = state.details.updated({p: 0 for p in by_lookup if p != "n2.md"}, {})
    assert "n2.md" not in dict(lint_stored.every_detail(fewer))
    unknown = state.details.updated({**state.stats.index, "lost.md": 0}, {})
    with pytest.raises(FullCheckNeeded):
        list(lint_stored.every_detail(unknown))
