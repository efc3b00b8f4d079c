"""parallel: chunks split between this process and forked children, nothing lost or reordered."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vaultkit import parallel

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs fork (Linux)")

CHUNKS = [list(range(k * 10, k * 10 + 10)) for k in range(40)]


def _here(chunk: list[int]) -> list[int]:
    return [n * n for n in chunk]


def _there(chunk: list[int]) -> bytes:
    return ",".join(str(n * n) for n in chunk).encode()


def _decode(payload: bytes) -> list[int]:
    return [int(part) for part in payload.decode().split(",")]


def _children() -> set[int]:
    """This process's child processes, living or zombie (Linux /proc)."""
    found: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children", encoding="ascii") as handle:
            found.update(int(pid) for pid in handle.read().split())
    return found


@pytest.fixture(autouse=True)
def _no_children_left() -> Iterator[None]:
    before = _children()
    yield
    parallel.reap(block=True)  # finished children are reaped at the next run, or now
    assert _children() <= before  # every child forked by the test was reaped


def test_results_come_back_complete_and_in_order() -> None:
    for children in (1, 2, 3):
        out = parallel.run(CHUNKS, _here, _there, _decode, children)
        assert out == [n * n for n in range(400)]


def test_the_children_really_do_part_of_the_work() -> None:
    """Each side waits for the other to start (a child could otherwise do all 40 small chunks
    while this process is still forking, or this process all of them before a child runs)."""
    started = multiprocessing.get_context("fork")
    here_started, there_started = started.Event(), started.Event()
    done_here: list[int] = []

    def slow_here(chunk: list[int]) -> list[int]:
        done_here.append(chunk[0])
        here_started.set()
        if len(done_here) == 1:
            there_started.wait(10)  # the child takes its share meanwhile
        return _here(chunk)

    def waiting_there(chunk: list[int]) -> bytes:
        if not there_started.is_set():
            here_started.wait(10)
            there_started.set()
        return _there(chunk)

    out = parallel.run(CHUNKS, slow_here, waiting_there, _decode, 1)
    assert out == [n * n for n in range(400)]
    assert 0 < len(done_here) < len(CHUNKS)


def test_a_child_that_dies_loses_nothing() -> None:
    def dying(chunk: list[int]) -> bytes:
        if chunk[0] == 300:
            os._exit(7)  # the child vanishes mid-way, its claimed chunk unanswered
        return _there(chunk)

    assert parallel.run(CHUNKS, _here, dying, _decode, 1) == [n * n for n in range(400)]


def test_a_child_that_raises_loses_nothing() -> None:
    def failing(chunk: list[int]) -> bytes:
        raise RuntimeError("boom")

    assert parallel.run(CHUNKS, _here, failing, _decode, 2) == [n * n for n in range(400)]


def test_an_error_here_stops_and_reaps_the_children() -> None:
    def broken(chunk: list[int]) -> list[int]:
        raise ValueError("bug")

    def slow_there(chunk: list[int]) -> bytes:
        threading.Event().wait(0.05)  # the children cannot finish before this process starts
        return _there(chunk)

    with pytest.raises(ValueError, match="bug"):
        parallel.run(CHUNKS, broken, slow_there, _decode, 2)


def test_not_available_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.available()
    finally:
        stop.set()
        thread.join()
    assert parallel.available()


def _state(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def test_a_finished_child_is_reaped_by_the_next_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """run() returns once the children have answered, without waiting for their exit."""
    real_waitpid = os.waitpid

    def not_exited_yet(pid: int, options: int) -> tuple[int, int]:
        """A child that said it is done is still tearing down when run() looks (a large
        vault); a small child often exits first, and then there would be nothing to reap."""
        if options & os.WNOHANG:
            return 0, 0
        return real_waitpid(pid, options)

    with monkeypatch.context() as patch:
        patch.setattr(os, "waitpid", not_exited_yet)
        parallel.run(CHUNKS, _here, _there, _decode, 2)
    waiting = list(parallel._UNREAPED)
    assert len(waiting) == 2  # both children said they were done; run() did not wait for them
    assert set(waiting) <= _children()
    assert all(_state(pid) is not None for pid in waiting)  # not reaped by run() itself
    deadline = time.monotonic() + 10
    while any(_state(pid) not in ("Z", None) for pid in waiting) and time.monotonic() < deadline:
        time.sleep(0.01)
    parallel.run(CHUNKS[:3], _here, _there, _decode, 1)  # reaps the exited ones first
    assert not set(waiting) & set(parallel._UNREAPED)
    assert all(_state(pid) is None for pid in waiting)


def _gc_state() -> tuple[bool, int]:
    return gc.isenabled(), gc.get_freeze_count()


def test_a_library_caller_keeps_its_garbage_collector(tmp_path: Path) -> None:
    from vaultkit.cache.location import database_path
    from vaultkit.cache.store import SqliteNoteCache
    from vaultkit.config import CheckConfig
    from vaultkit.lint.engine import check_path

    vault = tmp_path / "vault"
    vault.mkdir()
    for i in range(40):  # enough notes to parse in parallel
        (vault / f"n{i}.md").write_text(f"# N{i}\n\n[[n{(i + 1) % 40}]]\n")
    before = _gc_state()
    assert before == (True, 0)
    assert check_path(vault, CheckConfig(), jobs=2).notes == 40
    for run in range(2):  # cold, then the notes come from the cache (another configuration,
        # so the whole vault is loaded, not re-checked from the first run's state)
        cache = SqliteNoteCache(database_path(vault, tmp_path / "cache"), racy_window_ns=0)
        config = CheckConfig(publish=run == 1)
        with cache:
            assert check_path(vault, config, jobs=2, cache=cache).notes == 40 + run
        assert cache.hits == 40 * run
        (vault / "new.md").write_text("# New\n")
    assert _gc_state() == before


def test_the_command_line_pauses_the_collector_only_while_a_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkit import cli
    from vaultkit.notes import vault as vault_module

    seen: list[bool] = []
    real = vault_module.parse_files

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(vault_module, "parse_files", spy)
    (tmp_path / "a.md").write_text("# A\n")
    assert cli.main(["check", str(tmp_path), "--no-cache", "--isolated"]) == 0
    assert seen == [False]
    assert _gc_state() == (True, 0)


def test_the_program_itself_freezes_what_it_made_before_it_exits(tmp_path: Path) -> None:
    """Only main() with no argv (the program) freezes: the interpreter's final collection
    then has nothing of the command's to walk."""
    import subprocess
    import sys

    (tmp_path / "a.md").write_text("# A\n[[b]]\n")
    code = (
        "import gc, sys; from vaultkit.cli import main;"
        "sys.argv = ['vaultkit', 'check', sys.argv[1], '--no-cache', '--isolated'];"
        "given = main(sys.argv[1:]); frozen_given = gc.get_freeze_count();"
        "main(); print('RESULT', frozen_given, gc.get_freeze_count() > 1000, gc.isenabled())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout.split("RESULT")[-1].split()
    assert out == ["0", "True", "True"]


def test_a_long_running_process_gets_its_collector_back_with_its_index_frozen() -> None:
    was = gc.isenabled()
    kept = [[i] for i in range(1000)]  # an index built while the collector was off
    gc.disable()
    try:
        parallel.keep_running()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()
        if not was:
            gc.disable()
