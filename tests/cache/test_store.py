from __future__ import annotations

import datetime
import multiprocessing
import os
import pickle
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from vaultkit.cache import codec, store
from vaultkit.cache.location import database_path, default_cache_dir
from vaultkit.cache.store import SqliteNoteCache, open_cache
from vaultkit.notes.model import (
    FrontMatter,
    Heading,
    Link,
    LinkKind,
    LinkSyntax,
    Note,
    RawFinding,
    Span,
    Tag,
)

OLD = 1_600_000_000_000_000_000  # stat times far in the past: never "racy"


@dataclass(frozen=True)
class Rec:
    """A VaultFile-like stat record."""

    path: str
    size: int = 10
    mtime_ns: int = OLD
    ctime_ns: int = OLD
    ino: int = 1


def make_note(path: str, word: str = "x") -> Note:
    span = Span(1, 1, 1, 9)
    fm = FrontMatter(
        present=True,
        data={"title": word, "when": "2024-01-02", "n": 3, "tags": ["a", "b"], "x": None},
        raw=f"title: {word}\n",
        value_spans={"title": Span(2, 8, 2, 9)},
        quoted=frozenset({"title"}),
    )
    link = Link(LinkKind.LINK, LinkSyntax.WIKI, word, "#h", None, span, f"[[{word}#h]]")
    return Note(path, fm, (link,), (Heading(1, word, span),), (), (Tag("t/x", span),))


def new_cache(tmp_path: Path, **kwargs: object) -> SqliteNoteCache:
    return SqliteNoteCache(tmp_path / "cache.sqlite3", **kwargs)  # type: ignore[arg-type]


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    note, problem = make_note("a.md"), RawFinding("unreadable-file", "b.md", Span.point(), "bad")
    with new_cache(tmp_path) as cache:
        cache.store([(Rec("a.md"), note), (Rec("b.md"), problem)])
    with new_cache(tmp_path) as cache:
        found = cache.lookup([Rec("a.md"), Rec("b.md")])
    assert found == {"a.md": note, "b.md": problem}
    assert found["a.md"].links[0].kind is LinkKind.LINK  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "change",
    [
        {"size": 11},
        {"mtime_ns": OLD + 1},
        {"ctime_ns": OLD + 1},  # same size, mtime restored: only ctime tells
        {"ino": 2},
    ],
)
def test_any_stat_change_is_a_miss(tmp_path: Path, change: dict[str, int]) -> None:
    with new_cache(tmp_path) as cache:
        cache.store([(Rec("a.md"), make_note("a.md"))])
    with new_cache(tmp_path) as cache:
        assert cache.lookup([replace(Rec("a.md"), **change)]) == {}
        assert cache.lookup([Rec("a.md")]) != {}


def test_other_version_rows_are_ignored(tmp_path: Path) -> None:
    with new_cache(tmp_path, tag="old") as cache:
        cache.store([(Rec("a.md"), make_note("a.md"))])
    with new_cache(tmp_path, tag="new") as cache:
        assert cache.lookup([Rec("a.md")]) == {}
        cache.store([(Rec("a.md"), make_note("a.md", "y"))])
    with new_cache(tmp_path, tag="new") as cache:
        assert cache.lookup([Rec("a.md")])["a.md"] == make_note("a.md", "y")


def test_recently_changed_files_are_not_stored(tmp_path: Path) -> None:
    with new_cache(tmp_path) as cache:
        fresh = Rec("a.md", ctime_ns=cache.opened_ns - 1000, mtime_ns=OLD)
        cache.store([(fresh, make_note("a.md")), (Rec("b.md"), make_note("b.md"))])
        assert cache.stored == 1
    with new_cache(tmp_path) as cache:
        assert set(cache.lookup([fresh, Rec("b.md")])) == {"b.md"}


def test_result_for_another_path_is_never_stored(tmp_path: Path) -> None:
    with new_cache(tmp_path) as cache:
        cache.store([(Rec("a.md"), make_note("b.md"))])
        assert cache.lookup([Rec("a.md")]) == {}


def test_rows_of_vanished_files_are_pruned(tmp_path: Path) -> None:
    with new_cache(tmp_path) as cache:
        cache.store([(Rec(f"{i}.md"), make_note(f"{i}.md")) for i in range(5)])
    with new_cache(tmp_path) as cache:
        assert len(cache.lookup([Rec("0.md"), Rec("1.md")])) == 2
    with sqlite3.connect(tmp_path / "cache.sqlite3") as conn:
        assert {r[0] for r in conn.execute("SELECT path FROM notes")} == {"0.md", "1.md"}


def test_disabled_cache_touches_nothing(tmp_path: Path) -> None:
    assert open_cache(tmp_path / "vault", cache_dir=tmp_path / "c", enabled=False) is None
    assert not (tmp_path / "c").exists()


def test_default_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VAULTKIT_CACHE_DIR", str(tmp_path / "env"))
    assert default_cache_dir() == tmp_path / "env"
    monkeypatch.delenv("VAULTKIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform != "win32":
        assert default_cache_dir() == tmp_path / "xdg" / "vaultkit"
    vault = tmp_path / "My Vault"
    vault.mkdir()
    (tmp_path / "link").symlink_to(vault)
    assert database_path(tmp_path / "link") == database_path(vault)  # one db per real path
    assert database_path(vault).parent == tmp_path / "xdg" / "vaultkit"
    assert database_path(vault).name.startswith("My_Vault-")
    assert database_path(vault) != database_path(tmp_path)


# -- whole-run results ------------------------------------------------------------------------


def test_result_round_trip_and_key(tmp_path: Path) -> None:
    files = [Rec("a.md"), Rec("b.md", ino=2)]
    with new_cache(tmp_path) as cache:
        key = cache.vault_key(files, "config")
        assert key is not None
        assert cache.lookup_result(key) is None
        cache.store_result(key, b"findings of this state")
    with new_cache(tmp_path) as cache:
        assert cache.vault_key(reversed(files), "config") == key  # order does not matter
        assert cache.lookup_result(key) == b"findings of this state"
        others = {
            cache.vault_key(files, "other config"),
            cache.vault_key(files[:1], "config"),
            cache.vault_key([*files, Rec("c.md")], "config"),
            cache.vault_key([files[0], replace(files[1], ctime_ns=OLD + 1)], "config"),
            cache.vault_key([files[0], replace(files[1], path="c.md")], "config"),
        }
        assert key not in others and len(others) == 5
    with new_cache(tmp_path, tag="other version") as cache:
        assert cache.vault_key(files, "config") != key


def test_no_result_key_while_a_file_is_racy(tmp_path: Path) -> None:
    with new_cache(tmp_path) as cache:
        assert cache.vault_key([Rec("a.md"), Rec("b.md", ctime_ns=cache.opened_ns)]) is None


def test_only_the_latest_results_are_kept(tmp_path: Path) -> None:
    with new_cache(tmp_path) as cache:
        for i in range(store.RESULTS_KEPT + 3):
            cache.store_result(f"k{i}", bytes([i]))
        assert cache.lookup_result("k0") is None
        assert cache.lookup_result(f"k{store.RESULTS_KEPT + 2}") == bytes([store.RESULTS_KEPT + 2])
        with sqlite3.connect(tmp_path / "cache.sqlite3") as conn:
            assert conn.execute("SELECT count(*) FROM results").fetchone()[0] == (
                store.RESULTS_KEPT
            )


def test_a_result_that_is_not_bytes_is_a_miss(tmp_path: Path) -> None:
    with new_cache(tmp_path) as cache:
        cache.store_result("k", b"value")
    with sqlite3.connect(tmp_path / "cache.sqlite3") as conn:
        conn.execute("UPDATE results SET payload = ?", ("text, not bytes",))
    with new_cache(tmp_path) as cache:
        assert cache.lookup_result("k") is None


# -- damaged or foreign files are rebuilt, never trusted ---------------------------------------


def _seed(path: Path) -> None:
    with SqliteNoteCache(path) as cache:
        cache.store([(Rec(f"{i}.md"), make_note(f"{i}.md")) for i in range(200)])


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _foreign_db(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
        conn.execute("INSERT INTO people VALUES ('x')")


def _foreign_notes_table(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (path TEXT PRIMARY KEY, payload BLOB)")


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _garbage_rows(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE notes SET payload = randomblob(300)")


def _wrong_type_rows(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE notes SET payload = ?", (pickle.dumps({"path": "0.md"}),))


def _future_format(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {codec.FORMAT_VERSION + 1}")


DAMAGE = [
    _random_bytes,
    _foreign_db,
    _foreign_notes_table,
    _truncated,
    _garbage_rows,
    _wrong_type_rows,
    _future_format,
]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__.strip("_"))
def test_damaged_cache_is_rebuilt(
    tmp_path: Path, damage: object, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cache.sqlite3"
    _seed(path)
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{path}{suffix}").exists()  # closed cleanly: everything is in the file
    damage(path)  # type: ignore[operator]
    files = [Rec(f"{i}.md") for i in range(200)]
    with SqliteNoteCache(path) as cache:
        assert cache.lookup(files) == {}
        cache.store([(f, make_note(f.path)) for f in files])
    with SqliteNoteCache(path) as cache:
        assert len(cache.lookup(files)) == 200
    assert "Traceback" not in capsys.readouterr().err


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo pwned > /dev/null",))


def test_a_pickle_in_a_row_is_a_miss_and_never_run(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    _seed(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE notes SET payload = ?", (pickle.dumps(_Evil()),))
    with SqliteNoteCache(path) as cache:
        assert cache.lookup([Rec("0.md")]) == {}


def _sealed_damaged(payload: bytes) -> bytes:
    return payload[:-1] + bytes([payload[-1] ^ 1])  # one bit of the body flipped


@pytest.mark.parametrize(
    "payload",
    [
        codec.seal((0, "x")),
        codec.seal((1, "unreadable-file")),
        codec.seal(("note",)),
        codec.seal(()),
        codec.seal([1, 2]),
        codec.seal((0, "0.md", None, [], [], [])),
        _sealed_damaged(codec.seal(codec.pack(make_note("0.md")))),
        codec.seal(codec.pack(make_note("0.md")))[:-3],
        bytes([codec.FORMAT_VERSION - 1]) + codec.seal(codec.pack(make_note("0.md")))[1:],
        b"",
    ],
    ids=[
        "short-note", "short-problem", "bad-kind", "empty", "list", "no-front-matter",
        "bit-flipped", "truncated", "older-format", "no-bytes",
    ],
)
def test_a_row_of_the_wrong_shape_is_a_miss(tmp_path: Path, payload: bytes) -> None:
    """A payload that is not a sealed, packed note of this format: a miss, no crash."""
    path = tmp_path / "cache.sqlite3"
    _seed(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE notes SET payload = ?", (payload,))
    with SqliteNoteCache(path) as cache:
        assert cache.lookup([Rec("0.md")]) == {}


def test_a_note_the_codec_cannot_write_is_not_stored(tmp_path: Path) -> None:
    odd = make_note("a.md")
    assert odd.frontmatter.data is not None
    odd.frontmatter.data["when"] = datetime.date(2024, 1, 2)  # no parser makes this
    with new_cache(tmp_path) as cache:
        cache.store([(Rec("a.md"), odd), (Rec("b.md"), make_note("b.md"))])
        assert cache.stored == 1
    with new_cache(tmp_path) as cache:
        assert set(cache.lookup([Rec("a.md"), Rec("b.md")])) == {"b.md"}


def test_unwritable_location_disables_cache_with_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert open_cache(tmp_path, cache_dir=blocker / "sub") is None
    err = capsys.readouterr().err
    assert err.count("warning: cache disabled") == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_disables_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert open_cache(tmp_path, cache_dir=folder) is None
    finally:
        folder.chmod(0o700)
    assert capsys.readouterr().err.count("warning: cache disabled") == 1


def test_write_failure_mid_run_degrades_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cache.sqlite3"
    _seed(path)
    cache = SqliteNoteCache(path)
    assert cache._conn is not None
    cache._conn.close()
    cache._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    assert len(cache.lookup([Rec("0.md")])) == 1  # reads still work; 199 stale rows to prune
    cache.store([(Rec("new.md"), make_note("new.md"))])
    cache.store([(Rec("new2.md"), make_note("new2.md"))])
    cache.close()
    assert capsys.readouterr().err.count("warning: cache disabled") == 1


# -- concurrent runs ---------------------------------------------------------------------------


def _writer(args: tuple[str, int]) -> int:
    path, worker = args
    for round_ in range(15):
        with SqliteNoteCache(Path(path)) as cache:
            files = [Rec(f"{i}.md", size=round_) for i in range(worker * 20, worker * 20 + 60)]
            cache.lookup(files)
            cache.store([(f, make_note(f.path, str(worker))) for f in files])
    return worker


def test_concurrent_writers_keep_the_database_sound(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        assert sorted(pool.map(_writer, [(str(path), w) for w in range(4)])) == [0, 1, 2, 3]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    assert 60 <= count <= 120
    with SqliteNoteCache(path) as cache:
        found = cache.lookup([Rec(f"{i}.md", size=14) for i in range(120)])
    assert all(note.path == path_ for path_, note in found.items())


def test_exit_folds_the_wal_back_without_close(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "a.md").write_text("[[b]]\n", encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from vaultkit.cache.store import open_cache;"
        "from vaultkit.notes.vault import load_vault;"
        "root = Path(sys.argv[1]); cache = open_cache(root, cache_dir=Path(sys.argv[2]));"
        "load_vault(root, cache=cache); del cache"
    )
    subprocess.run([sys.executable, "-c", code, str(vault), str(tmp_path / "c")], check=True)
    assert [p.suffix for p in (tmp_path / "c").iterdir()] == [".sqlite3"]
