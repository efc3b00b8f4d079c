"""load_vault: scan, read, parse; serial and parallel give identical results; the cache seam."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from vaultkit.notes import vault as vault_mod
from vaultkit.notes.model import Note, RawFinding
from vaultkit.notes.scan import VaultFile
from vaultkit.notes.vault import load_vault, parse_file


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def _vault(tmp_path: Path, notes: int = 40) -> Path:
    root = tmp_path / "vault"
    for i in range(notes):
        folder = f"F{i % 3}/" if i % 2 else ""
        _write(
            root / f"{folder}n{i}.md",
            f'---\ntitle: N{i}\nup: "[[n{(i + 1) % notes}]]"\n---\n# N{i}\n\n[[n{i // 2}]] #t{i}\n',
        )
    _write(root / "bad.md", "caf\xe9".encode("latin-1"))
    _write(root / "img.png", b"\x89PNG\x00")
    _write(root / ".obsidian" / "app.json", "{}")
    return root


def test_loads_notes_files_folders_and_problems(tmp_path: Path) -> None:
    loaded = load_vault(_vault(tmp_path), jobs=1)
    assert len(loaded.notes) == 40
    assert "img.png" in {f.path for f in loaded.files}
    assert loaded.folders == frozenset({"F0", "F1", "F2"})
    assert [(p.path, p.rule) for p in loaded.problems] == [("bad.md", "unreadable-file")]
    note = loaded.notes["n3.md"] if "n3.md" in loaded.notes else loaded.notes["F0/n3.md"]
    assert [lk.path for lk in note.links] == ["n4", "n1"]
    assert list(loaded.notes) == sorted(loaded.notes)


def test_parallel_and_serial_give_identical_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path, notes=60)
    monkeypatch.setattr(vault_mod, "SERIAL_BELOW", 10)
    monkeypatch.setattr(vault_mod, "CHUNK_BYTES", 200)
    serial = load_vault(root, jobs=1)
    parallel = load_vault(root, jobs=2)
    assert serial == parallel


@pytest.mark.parametrize("spawn", [False, True], ids=["pool-forked", "pool-spawned"])
def test_a_process_pool_forked_or_spawned_gives_the_serial_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spawn: bool
) -> None:
    root = _vault(tmp_path, notes=60)
    monkeypatch.setattr(vault_mod, "SERIAL_BELOW", 10)
    monkeypatch.setattr(vault_mod, "CHUNK_BYTES", 200)
    monkeypatch.setattr(vault_mod.parallel, "available", lambda: False)  # as on macOS, Windows
    serial = load_vault(root, jobs=1)
    assert load_vault(root, jobs=2, spawn=spawn) == serial
    assert load_vault(root, jobs=3, spawn=spawn) == serial


def test_records_pickle_round_trip(tmp_path: Path) -> None:
    loaded = load_vault(_vault(tmp_path), jobs=1)
    for note in loaded.notes.values():
        assert pickle.loads(pickle.dumps(note)) == note
    for problem in loaded.problems:
        assert pickle.loads(pickle.dumps(problem)) == problem


class FakeCache:
    def __init__(self) -> None:
        self.saved: dict[tuple[str, int, int], Note | RawFinding] = {}
        self.lookups = 0
        self.stored = 0

    def lookup(self, files: Sequence[VaultFile]) -> dict[str, Note | RawFinding]:
        self.lookups += 1
        hits = {}
        for f in files:
            key = (f.path, f.size, f.mtime_ns)
            if key in self.saved:
                hits[f.path] = self.saved[key]
        return hits

    def store(self, results: Sequence[tuple[VaultFile, Note | RawFinding]]) -> None:
        self.stored += len(results)
        for f, result in results:
            self.saved[(f.path, f.size, f.mtime_ns)] = result


def test_cache_seam_parses_only_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _vault(tmp_path, notes=10)
    cache = FakeCache()
    first = load_vault(root, jobs=1, cache=cache)
    assert cache.stored == 11  # ten notes and the unreadable one
    parsed: list[str] = []
    real = vault_mod.parse_file

    def counting(f: VaultFile) -> Note | RawFinding:
        parsed.append(f.path)
        return real(f)

    monkeypatch.setattr(vault_mod, "parse_file", counting)
    _write(root / "n2.md", "changed [[n5]] and more text\n")
    second = load_vault(root, jobs=1, cache=cache)
    assert parsed == ["n2.md"]
    assert [lk.path for lk in second.notes["n2.md"].links] == ["n5"]
    assert {k: v for k, v in second.notes.items() if k != "n2.md"} == {
        k: v for k, v in first.notes.items() if k != "n2.md"
    }


def test_parse_file_reports_vanished_file(tmp_path: Path) -> None:
    ghost = VaultFile("ghost.md", tmp_path / "ghost.md", True, 0, 0, 0, 0)
    result = parse_file(ghost)
    assert isinstance(result, RawFinding) and result.path == "ghost.md"


def test_empty_vault(tmp_path: Path) -> None:
    (tmp_path / "v").mkdir()
    loaded = load_vault(tmp_path / "v")
    assert loaded.notes == {} and loaded.files == () and loaded.problems == ()


def _fork_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)


def _no_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vault_mod.parallel, "available", lambda: False)


@pytest.mark.parametrize(
    "limit",
    [
        _fork_fails,  # EAGAIN (process limit): not an error, the vault is parsed in-process
        _no_fork,  # macOS, Windows: a process pool parses the chunks
    ],
)
def test_other_ways_to_parse_give_the_same_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: Callable[[pytest.MonkeyPatch], None]
) -> None:
    root = _vault(tmp_path, notes=60)
    monkeypatch.setattr(vault_mod, "SERIAL_BELOW", 10)
    monkeypatch.setattr(vault_mod, "CHUNK_BYTES", 200)
    serial = load_vault(root, jobs=1)
    limit(monkeypatch)
    assert load_vault(root, jobs=2) == serial
