"""A progress line on stderr while a long command works: only on a terminal, only after a second.

``with progress.shown("checking the vault"):`` around the work. Nothing is drawn when stderr
is not a terminal (piped, redirected, tests), when ``TERM=dumb``, or when the work ends within
``DELAY`` seconds (no flicker for fast runs). After that a line ``label [  ===   ] 2.4s``
is redrawn at most ``1 / INTERVAL`` times a second and erased when the work ends, before
the command prints its results.

The redraw is driven by a timer signal (``SIGALRM`` through ``setitimer``), not by the work and
not by a thread: the work needs no hook and runs at full speed, and a second thread would stop
:mod:`vaultkit.parallel` from forking (a fork copies no timer, so forked workers never draw).
The signal restarts interrupted system calls (``SA_RESTART``). Where there is no such timer
(Windows), or outside the main thread, or when something else already handles ``SIGALRM``,
no line is shown. The line is written straight to the stream's file descriptor; a redraw that
would land in the middle of a write of the program to the same stream is skipped, and nothing
a redraw does can raise into the work it interrupted.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, Protocol

DELAY = 1.0  # seconds of work before the line first appears
INTERVAL = 0.1  # seconds between redraws
BAR = 12  # cells of the bar
_CLEAR = "\r\x1b[K"


if TYPE_CHECKING:

    class Stream(Protocol):
        def write(self, text: str, /) -> Any: ...

        def flush(self) -> Any: ...

        def isatty(self) -> bool: ...


def wanted(stream: Stream | None, env: Mapping[str, str]) -> bool:
    """A progress line on ``stream``: a terminal that understands ``\\r`` and erase-line."""
    if stream is None or env.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or not a real stream
        return False


class ProgressLine:
    """The line itself: what it shows, when it is drawn, and erasing it."""

    def __init__(
        self,
        label: str,
        stream: Stream,
        *,
        delay: float = DELAY,
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        columns: int | None = None,
    ) -> None:
        self.label = label
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.last_drawn: float | None = None
        self.frames = 0
        self.columns = columns if columns is not None else _columns(stream)

    def text(self, elapsed: float) -> str:
        """``label [  ===   ] 2.4s``: a block that moves to and fro, and the time so far."""
        span = 2 * (BAR - 3)
        at = self.frames % span
        at = at if at <= BAR - 3 else span - at
        bar = " " * at + "===" + " " * (BAR - 3 - at)
        tail = f" [{bar}] {elapsed:.1f}s"
        room = self.columns - 1 - len(tail)  # never wrap: "\r" could not redraw the line
        label = self.label
        if len(label) > room:
            label = label[: room - 3] + "..." if room > 3 else ""
        return (label + tail)[: max(self.columns - 1, 0)]

    def tick(self) -> None:
        """Draw if the line is due: after ``delay``, then every ``interval``."""
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self.last_drawn is not None and now - self.last_drawn < self.interval * 0.9:
            return
        self.last_drawn = now
        self.frames += 1
        self._write(f"\r{self.text(now - self.started)}\x1b[K")

    def close(self) -> None:
        """Erase the line, if it was ever drawn."""
        if self.last_drawn is not None:
            self._write(_CLEAR)

    def _write(self, text: str) -> None:
        try:
            fd = self.stream.fileno()  # type: ignore[attr-defined]
        except (AttributeError, OSError, ValueError):
            fd = None
        # a closed terminal, a write of the program under way (RuntimeError), anything: the
        # line is lost, never the command
        with suppress(Exception):
            if isinstance(fd, int):
                self.stream.flush()  # what the program wrote before goes first
                os.write(fd, text.encode("utf-8", "replace"))
            else:
                self.stream.write(text)
                self.stream.flush()


def _columns(stream: Stream) -> int:
    """The terminal's width (``COLUMNS`` first, as shutil reads it; shutil itself costs 2 ms
    to import, and this module is imported by every check)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        try:
            columns = os.get_terminal_size(stream.fileno()).columns  # type: ignore[attr-defined]
        except (AttributeError, OSError, ValueError):
            columns = 0
    return columns if columns > 0 else 80  # 0: a terminal that does not say (as shutil does)


def _timer_available() -> bool:
    import signal  # noqa: PLC0415  (only when a line is wanted)
    import threading  # noqa: PLC0415

    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    )


@contextmanager
def shown(
    label: str,
    *,
    stream: Stream | None = None,
    env: Mapping[str, str] | None = None,
    delay: float | None = None,
    interval: float | None = None,
    enabled: bool = True,
) -> Iterator[ProgressLine | None]:
    """Show a progress line on ``stream`` (stderr by default) while the block runs, if wanted
    (and ``enabled``: ``import --quiet`` passes False); yields the line, or None."""
    stream = sys.stderr if stream is None else stream
    env = os.environ if env is None else env
    if not (enabled and wanted(stream, env) and _timer_available()):
        yield None
        return
    import signal  # noqa: PLC0415  (only when a line is wanted; see _columns)

    delay = DELAY if delay is None else delay
    interval = INTERVAL if interval is None else interval
    line = ProgressLine(label, stream, delay=delay, interval=interval)

    def redraw(_signum: int, _frame: object) -> None:
        with suppress(Exception):  # a progress line never breaks the work it interrupts
            line.tick()

    previous = signal.signal(signal.SIGALRM, redraw)
    signal.siginterrupt(signal.SIGALRM, False)  # SA_RESTART: interrupted system calls go on
    signal.setitimer(signal.ITIMER_REAL, max(delay, 1e-3), interval)
    try:
        yield line
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, previous)
        line.close()
