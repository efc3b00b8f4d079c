"""Parallel work, and the garbage-collector policy of a vaultkit process.

:func:`run` splits a list of work chunks between this process and forked children (Linux).

This process takes chunks from the front, the children from the back, each claiming the next
free chunk in a shared table, so everyone meets wherever the work balances. A child writes each
answer (bytes) to its own anonymous memory file and then publishes how far it has written;
this process reads finished answers between its own chunks. Nothing runs in a thread: with
``concurrent.futures`` the executor's result thread competes with this process for the GIL,
and on the 10,000-note benchmark that made this process parse 40% slower per chunk.

A child that dies loses nothing: any chunk without an answer is done here at the end. A child
says it is done through a pipe before it exits, so this process goes on without waiting for the
kernel to tear down the child's copy of the address space (up to 0.15 s for a large vault); it
is reaped later, at the next run or when this process exits.
"""

from __future__ import annotations

import gc
import mmap
import os
import signal
import struct
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import TypeVar

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

_HEADER = struct.Struct("<qq")  # chunk index, payload length
_OFFSET = struct.Struct("<q")
_FREE, _TAKEN = 0, 1


@contextmanager
def cli_gc_policy() -> Iterator[None]:
    """The command line's policy: no cyclic garbage collection while a command runs.

    A run allocates about a million small records (10,000 notes) that live until it ends and
    hold no reference cycles: reference counting frees them, and every collection of the cyclic
    collector would only walk them again (0.3-0.4 s after parsing 10,000 notes, and again at
    each later full collection). Only the command line's entry point uses this, and the
    collector is restored when the command ends: a program that imports vaultkit as a library
    (an editor server, a test) keeps its own collector as it set it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def keep_running() -> None:
    """A process that goes on after its command's big build (the language server, once its
    index is ready): move what it built out of the collector's sight, then turn the collector
    on, so the cycles its hours of requests leave behind are collected (the command line's
    policy keeps it off) without each collection walking the index."""
    gc.freeze()
    gc.enable()


def before_exit() -> None:
    """The command line's process ends now: move every object out of the collector's sight.

    The interpreter's last act is a full collection, run whether the collector is on or not;
    it would walk every record the command made, only for reference counting to free them
    (10 ms after a 1,000-note check served from the cache, 0.4 s after a 50,000-note check).
    Only :func:`vaultkit.cli.main` calls this, and only when it is the program itself.
    """
    gc.freeze()


def _multiprocessing() -> ModuleType:
    """multiprocessing, imported on first use: it costs 15-20 ms, and ``--version`` and the
    exit path need none of it."""
    import multiprocessing  # noqa: PLC0415

    return multiprocessing


def available() -> bool:
    """Plain fork is safe here: Linux, and no other thread that a fork would cut in half."""
    return (
        sys.platform.startswith("linux")
        and "fork" in _multiprocessing().get_all_start_methods()
        and threading.active_count() == 1
    )


class _Table:
    """Claims (one byte per chunk) and each child's published write offset, in shared memory."""

    def __init__(self, chunks: int, children: int) -> None:
        self.chunks = chunks
        self.children = children
        self.memory = mmap.mmap(-1, _OFFSET.size * children + chunks)
        try:
            self.lock = _multiprocessing().get_context("fork").Lock()
        except ImportError as exc:  # no working sem_open here (some sandboxes): callers go serial
            raise OSError(f"no process lock available: {exc}") from exc
        self.front = 0
        self.back = chunks - 1

    def _claim(self, order: range) -> int | None:
        base = _OFFSET.size * self.children
        with self.lock:
            for k in order:
                if self.memory[base + k] == _FREE:
                    self.memory[base + k] = _TAKEN
                    return k
        return None

    def claim_front(self) -> int | None:
        found = self._claim(range(self.front, self.chunks))
        if found is not None:
            self.front = found + 1
        return found

    def claim_back(self) -> int | None:
        found = self._claim(range(self.back, -1, -1))
        if found is not None:
            self.back = found - 1
        return found

    def publish(self, child: int, offset: int) -> None:
        with self.lock:
            _OFFSET.pack_into(self.memory, child * _OFFSET.size, offset)

    def published(self, child: int) -> int:
        with self.lock:
            return int(_OFFSET.unpack_from(self.memory, child * _OFFSET.size)[0])


class _Child:
    def __init__(self, index: int, fd: int, pid: int, done: int) -> None:
        self.index = index
        self.fd = fd
        self.pid = pid
        self.done = done  # read end of the pipe the child writes one byte to when finished
        self.read = 0  # how far this process has read the child's answers
        self.running = True


_UNREAPED: list[int] = []  # children that said they were done but had not exited yet


def reap(*, block: bool = False) -> None:
    """Reap the children that finished their work; with ``block``, wait for them to exit."""
    for pid in list(_UNREAPED):
        try:
            if os.waitpid(pid, 0 if block else os.WNOHANG)[0] == 0:
                continue
        except ChildProcessError:
            pass
        _UNREAPED.remove(pid)


def _anonymous_file() -> int:
    try:
        return os.memfd_create("vaultkit-work", os.MFD_CLOEXEC)
    except (AttributeError, OSError):  # very old kernels: an unlinked temporary file
        import tempfile  # noqa: PLC0415  (only here)

        with tempfile.TemporaryFile() as handle:
            return os.dup(handle.fileno())


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def run(
    chunks: Sequence[Chunk],
    here: Callable[[Chunk], list[Result]],
    there: Callable[[Chunk], bytes],
    decode: Callable[[bytes], list[Result]],
    children: int,
) -> list[Result]:
    """Every chunk's results, in chunk order. ``there`` runs in a child and its bytes come back
    through ``decode``; ``here`` does the same work in this process."""
    reap()
    table = _Table(len(chunks), children)
    answers: list[list[Result] | None] = [None] * len(chunks)
    forked: list[_Child] = []
    try:
        for index in range(children):
            fd = _anonymous_file()
            done, signal_done = os.pipe()
            try:
                pid = os.fork()
            except OSError:
                for unused in (fd, done, signal_done):
                    os.close(unused)
                raise
            if pid == 0:  # pragma: no cover - runs in the child (coverage does not follow forks)
                os.close(done)
                _child_main(index, fd, signal_done, table, chunks, there)
            os.close(signal_done)  # EOF on ``done`` now means the child is gone
            forked.append(_Child(index, fd, pid, done))
        while (k := table.claim_front()) is not None:
            answers[k] = here(chunks[k])
            for child in forked:
                _collect(child, table, answers, decode)
        for child in forked:
            _wait_done(child)
            _collect(child, table, answers, decode)
    finally:
        for child in forked:
            if child.running:  # an exception here: stop the children, then reap them
                os.kill(child.pid, signal.SIGKILL)
                _wait(child)
            os.close(child.fd)
            os.close(child.done)
        table.memory.close()
    out: list[Result] = []
    for k, found in enumerate(answers):
        out.extend(found if found is not None else here(chunks[k]))  # a child died: redo it
    return out


def _child_main(  # noqa: PLR0917 - the child's whole world, passed explicitly
    index: int,
    fd: int,
    done: int,
    table: _Table,
    chunks: Sequence[Chunk],
    there: Callable[[Chunk], bytes],
) -> None:  # pragma: no cover - runs in the child
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        offset = 0
        while (k := table.claim_back()) is not None:
            payload = there(chunks[k])
            _write_all(fd, _HEADER.pack(k, len(payload)) + payload)
            offset += _HEADER.size + len(payload)
            table.publish(index, offset)
        os.write(done, b"\1")
        status = 0
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers


def _collect(
    child: _Child,
    table: _Table,
    answers: list[list[Result] | None],
    decode: Callable[[bytes], list[Result]],
) -> None:
    """Decode every answer the child has published since the last call."""
    end = table.published(child.index)
    while child.read < end:
        k, length = _HEADER.unpack(os.pread(child.fd, _HEADER.size, child.read))
        start = child.read + _HEADER.size
        payload = os.pread(child.fd, length, start)
        if len(payload) != length:
            return
        answers[k] = decode(payload)
        child.read = start + length


def _wait_done(child: _Child) -> None:
    """Until the child has published its last answer (or died); it is reaped later."""
    while True:
        try:
            said = os.read(child.done, 1)
            break
        except InterruptedError:  # pragma: no cover - PEP 475 retries; old kernels
            continue
    if said:  # finished: it exits on its own; do not wait for its teardown
        child.running = False
        if os.waitpid(child.pid, os.WNOHANG)[0] == 0:
            _UNREAPED.append(child.pid)
    else:  # the pipe closed without a word: the child is gone (killed, crashed)
        _wait(child)


def _wait(child: _Child) -> None:
    if child.running:
        os.waitpid(child.pid, 0)
        child.running = False
