"""The progress line: drawn on a terminal only, after the delay, at most every interval,
erased at the end; the commands run it without changing their output or findings."""

from __future__ import annotations

import signal
import sys
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from vaultkit import parallel, progress
from vaultkit.cli import main
from vaultkit.progress import ProgressLine, shown, wanted


class FakeTerminal:
    """A stream that says it is a terminal and keeps what is written (no file descriptor)."""

    def __init__(self, tty: bool = True) -> None:
        self.parts: list[str] = []
        self.tty = tty

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return self.tty

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_drawn_after_the_delay_at_most_every_interval_and_erased() -> None:
    clock, out = Clock(), FakeTerminal()
    line = ProgressLine("vaultkit check", out, delay=1.0, interval=0.1, clock=clock, columns=80)
    for t in (0.0, 0.5, 0.99):
        clock.now = 100.0 + t
        line.tick()
    assert out.parts == []  # nothing within the first second: no flicker for fast runs
    clock.now = 101.0
    line.tick()
    assert out.parts == ["\rvaultkit check [ ===        ] 1.0s\x1b[K"]
    clock.now = 101.05
    line.tick()
    assert len(out.parts) == 1  # too soon after the last redraw
    clock.now = 101.1
    line.tick()
    assert out.parts[-1] == "\rvaultkit check [  ===       ] 1.1s\x1b[K"
    line.close()
    assert out.parts[-1] == "\r\x1b[K"


def test_never_drawn_never_erased() -> None:
    out = FakeTerminal()
    line = ProgressLine("x", out, clock=Clock())
    line.tick()
    line.close()
    assert out.parts == []


def test_the_line_never_wraps() -> None:
    line = ProgressLine("a long label " * 10, FakeTerminal(), clock=Clock(), columns=30)
    assert line.text(12.0) == "a lon... [===         ] 12.0s"  # the label gives way
    line.columns = 10
    assert len(line.text(12.0)) == 9


def test_the_block_moves_to_and_fro_inside_the_bar() -> None:
    line = ProgressLine("x", FakeTerminal(), clock=Clock(), columns=80)
    bars = []
    for frame in range(40):
        line.frames = frame
        bar = line.text(0.0).split("[")[1].split("]")[0]
        assert len(bar) == progress.BAR and "===" in bar
        bars.append(bar.index("==="))
    assert min(bars) == 0 and max(bars) == progress.BAR - 3
    assert all(abs(a - b) == 1 for a, b in pairwise(bars))  # one step at a time


def test_wanted_on_a_terminal_only() -> None:
    assert wanted(FakeTerminal(), {})
    assert not wanted(FakeTerminal(tty=False), {})
    assert not wanted(FakeTerminal(), {"TERM": "dumb"})
    assert not wanted(None, {})


def test_the_timer_draws_while_work_runs_and_is_put_back() -> None:
    out = FakeTerminal()
    before = signal.getsignal(signal.SIGALRM)
    with shown("working", stream=out, env={}, delay=0.05, interval=0.02) as line:
        assert line is not None
        end = time.monotonic() + 0.4
        while time.monotonic() < end:  # busy work, as a parse is
            sum(range(1000))
    frames = [p for p in out.parts if p.startswith("\rworking [")]
    assert 3 <= len(frames) <= 0.4 / 0.02 + 1
    assert out.parts[-1] == "\r\x1b[K"
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_fast_work_draws_nothing() -> None:
    out = FakeTerminal()
    with shown("fast", stream=out, env={}):
        sum(range(1000))
    assert out.parts == []


def test_not_a_terminal_or_disabled_yields_none() -> None:
    with shown("x", stream=FakeTerminal(tty=False), env={}, delay=0) as line:
        assert line is None
    with shown("x", stream=FakeTerminal(), env={}, delay=0, enabled=False) as line:
        assert line is None


def _vault(tmp_path: Path, notes: int) -> Path:
    vault = tmp_path / "vault"
    vault.mkdir()
    for n in range(notes):
        (vault / f"n{n}.md").write_text(f"# N{n}\n\n[[n{(n + 1) % notes}]] [[gone {n % 7}]]\n")
    return vault


def test_check_on_a_terminal_shows_the_line_on_stderr_only_and_the_same_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """400 notes: the parse forks a worker (vaultkit.parallel) while the timer fires every
    millisecond; the findings and stdout are those of a run without the line."""
    vault = _vault(tmp_path, 400)
    args = ["check", str(vault), "--isolated", "--no-cache"]
    assert main(args) == 1
    plain_out, plain_err = capsys.readouterr()
    assert "\r" not in plain_err  # stderr is no terminal: no line
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.001)
    forks: list[int] = []
    real_run = parallel.run

    def counted(*a: Any, **k: Any) -> Any:
        forks.append(1)
        return real_run(*a, **k)

    monkeypatch.setattr(parallel, "run", counted)
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert forks, "the parse did not fork: this test needs a vault big enough"
    assert out == plain_out
    assert err.startswith("\rvaultkit check: checking ")
    assert "] 0.0s\x1b[K" in err
    assert err.endswith("\r\x1b[K")


def test_build_on_a_terminal_shows_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path, 20)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "INTERVAL", 0.001)
    assert main(["build", str(vault), "--out", str(tmp_path / "out"), "--isolated"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("\rvaultkit build: building ")
    assert "\r\x1b[Kbuilt " in err  # erased before the command's own line


def test_a_terminal_that_gives_no_width_gets_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    line = ProgressLine("x", FakeTerminal(), clock=Clock())  # no file descriptor to ask
    assert line.columns == 80
    monkeypatch.setenv("COLUMNS", "0")
    assert ProgressLine("x", FakeTerminal(), clock=Clock()).columns == 80
    monkeypatch.setenv("COLUMNS", "42")
    assert ProgressLine("x", FakeTerminal(), clock=Clock()).columns == 42


def test_a_failing_redraw_never_reaches_the_work() -> None:
    class Broken(FakeTerminal):
        def write(self, text: str) -> int:
            raise KeyError(text)  # anything at all

    with shown("x", stream=Broken(), env={}, delay=0.01, interval=0.005):
        end = time.monotonic() + 0.1
        while time.monotonic() < end:
            sum(range(1000))
