"""Bytes to text, or a RawFinding with the position of the first bad byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vaultkit.notes.model import RawFinding
from vaultkit.notes.reader import decode, read_text


def test_plain_utf8_and_line_breaks_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("caf\u00e9\r\nx\ry\n".encode())
    assert read_text(path, "a.md") == "caf\u00e9\r\nx\ry\n"


def test_bom_is_stripped_and_only_the_bom() -> None:
    assert decode(b"\xef\xbb\xbf---\ntitle: x\n", "a.md") == "---\ntitle: x\n"
    assert decode(b"x\xef\xbb\xbf", "a.md") == "x\ufeff"


def test_nul_byte_is_binary() -> None:
    problem = decode(b"# Title\n\x00\x01", "b.md")
    assert isinstance(problem, RawFinding)
    assert problem.rule == "unreadable-file" and "binary" in problem.message


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        ("line one\ncaf\xe9 au lait\n".encode("latin-1"), 2, 4),
        (b"\xff", 1, 1),
        (b"a\r\nb\rc\xe9", 3, 2),
        ("\u00e9\u00e9\n\u00e9x\xff".encode()[:-1] + b"\xff", 2, 3),
        (b"\xef\xbb\xbfab\xc3", 1, 3),  # columns count characters after the BOM
    ],
)
def test_invalid_utf8_reports_line_and_column(data: bytes, line: int, column: int) -> None:
    problem = decode(data, "c.md")
    assert isinstance(problem, RawFinding)
    assert (problem.span.line, problem.span.column) == (line, column)
    assert f"line {line}, column {column}" in problem.message


def test_vanished_file_is_a_problem(tmp_path: Path) -> None:
    problem = read_text(tmp_path / "gone.md", "gone.md")
    assert isinstance(problem, RawFinding) and "vanished" in problem.message
    assert problem.path == "gone.md"


def test_folder_is_a_problem(tmp_path: Path) -> None:
    assert isinstance(read_text(tmp_path, "x.md"), RawFinding)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "locked.md"
    path.write_text("x")
    path.chmod(0)
    try:
        problem = read_text(path, "locked.md")
    finally:
        path.chmod(0o644)
    assert isinstance(problem, RawFinding) and "permission" in problem.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    problem = read_text(pipe, "pipe.md")
    assert isinstance(problem, RawFinding) and "regular file" in problem.message


def test_large_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * (3 << 20) + "é".encode())
    text = read_text(path, "big.md")
    assert isinstance(text, str) and len(text) == (3 << 20) + 1
