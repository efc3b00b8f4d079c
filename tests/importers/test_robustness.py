"""Bad and huge inputs: clear diagnostics, no tracebacks, time linear in the input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from vaultkit.cli import main
from vaultkit.importers import read
from vaultkit.importers.linker import protected_spans


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\xff\xfe garbage \x81\n\n",
        "ä".encode("cp1252"),
        b"\xef\xbb\xbf# T\r\n\r\n**A**\r\n: b\r\n",
    ],
)
def test_odd_files_do_not_crash(
    tmp_path: Path, data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "g.md").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    assert main(["import", "g.md", "--into", "vault", "-q"]) in (0, 1)


@pytest.mark.parametrize(
    "text",
    [
        "term\n" * 20000,
        "- x\n-\n" * 10000,
        "# H\n" * 20000,
        "**T**\n: d\n" * 10000,
        "| **a** | b |\n" * 20000,
        "- **a**: b\n" * 10000,
        "## T\ntext\n" * 10000,
        "(" * 50000,
        "x " * 100000,
    ],
)
def test_large_inputs_stay_fast(text: str) -> None:
    started = time.perf_counter()
    read(text, "big")
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize(
    "line",
    [
        "`" * 20000 + "a",
        "$$" * 20000,
        "[[" * 20000,
        "%%" * 20000,
        "`a" * 20000,
        "[" * 20000,
        "](" * 20000,
    ],
)
def test_protected_spans_are_linear(line: str) -> None:
    started = time.perf_counter()
    protected_spans(line)
    assert time.perf_counter() - started < 1
