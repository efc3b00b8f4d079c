"""`--format full`: golden cases through the command line, caret alignment on any line,
and the finding printed without its snippet when the source cannot be read."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.helpers.golden import check_file
from vaultkit.cli import main
from vaultkit.edit.model import Applicability, Fix
from vaultkit.lint.report.full import MAX_WIDTH, fix_help, render, render_finding
from vaultkit.lint.report.result import CheckResult
from vaultkit.lint.report.source import line_reader, split_lines
from vaultkit.lint.report.width import widths
from vaultkit.notes.model import Finding, Severity, Span

CASES = Path(__file__).parents[2] / "cases" / "report" / "full"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "vault").is_dir())


def _run_case(case: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
              ) -> str:
    monkeypatch.chdir(case)
    args = (case / "args").read_text(encoding="utf-8").split() if (case / "args").exists() else []
    main(["check", "vault", "--format", "full", "--no-cache", "--isolated", *args])
    return capsys.readouterr().out


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_plain(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Piped (CliRunner-free: capsys is no terminal) and no color variables: plain text."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = _run_case(CASES / name, monkeypatch, capsys)
    assert "\x1b" not in out
    check_file(CASES / name / "expected.txt", out)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_forced_color(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """FORCE_COLOR colors piped output, also when NO_COLOR is set; the text is the same."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    out = _run_case(CASES / name, monkeypatch, capsys)
    check_file(CASES / name / "expected.color.txt", out)
    plain = (CASES / name / "expected.txt").read_text(encoding="utf-8")
    assert _strip_ansi(out) == plain


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def finding(span: Span, message: str = "msg", severity: Severity = Severity.ERROR) -> Finding:
    return Finding("VK101", "unresolved-link", severity, "n.md", span, message)


def test_no_source_prints_the_finding_without_a_snippet() -> None:
    out = render_finding(finding(Span(3, 2, 3, 5)), "v/n.md", None)
    assert out == "error: VK101 [unresolved-link] msg\n --> v/n.md:3:2\n\n"


def test_a_span_past_the_end_of_the_file_prints_no_snippet() -> None:
    """The file changed since the check (shorter now): no wrong line is shown."""
    out = render_finding(finding(Span(9, 1, 9, 4)), "n.md", ["only line"])
    assert "only line" not in out
    assert " --> n.md:9:1" in out


def test_help_line_from_the_fix_hook() -> None:
    findings = (finding(Span(1, 1, 1, 6)), finding(Span(2, 1, 2, 2), "other"))
    result = CheckResult(findings, {"unresolved-link": 2}, 1, 1)
    out = render(
        result,
        lambda p: p,
        lines=lambda _: ["[[X]] a", "b"],
        fix_message=lambda f: "Quote the link" if f.span.line == 1 else None,
    )
    blocks = out.split("\n\n")
    assert blocks[0].endswith("\n  |\nhelp: Quote the link")
    assert "help:" not in blocks[1]


def test_line_reader_reads_each_file_once_and_gives_none_when_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_bytes(b"\xef\xbb\xbfone\r\ntwo\rthree\n")
    (tmp_path / "bad.md").write_bytes(b"ok\n\xff\xfe broken\n")
    lines = line_reader(tmp_path)
    assert lines("a.md") == ["one", "two", "three", ""]
    assert lines("bad.md") is None
    assert lines("gone.md") is None  # vanished after the check
    (tmp_path / "a.md").write_text("changed\n", encoding="utf-8")
    assert lines("a.md") == ["one", "two", "three", ""]  # read once, remembered


def test_unreadable_note_through_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("[[b]]\n", encoding="utf-8")
    (vault / "b.md").write_bytes(b"[[a]]\n\xff\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "vault", "--format", "full", "--no-cache", "--isolated"]) == 1
    out = capsys.readouterr().out
    assert "error: VK901 [unreadable-file] not valid UTF-8: byte 0xff at line 2, column 1\n" \
           " --> vault/b.md:2:1\n\n" in out


def test_control_characters_never_reach_the_terminal() -> None:
    out = render_finding(finding(Span(1, 6, 1, 11), "bad \x1b[31m"), "n.md", ["\x1b[2J [[X]]"])
    assert "\x1b" not in out
    assert "\u241b[2J [[X]]" in out


def test_a_long_span_shows_its_ends() -> None:
    source = [f"line {n}" for n in range(1, 21)]
    out = render_finding(finding(Span(2, 1, 15, 3)), "n.md", source)
    shown = [row.split("|")[0].strip() for row in out.splitlines()[3:-1]]
    assert [s for s in shown if s] == ["1", "2", "3", "4", "...", "13", "14", "15", "16", "17"]


def test_a_span_ending_at_the_start_of_a_line_stops_on_the_line_before() -> None:
    out = render_finding(finding(Span(1, 1, 3, 1)), "n.md", ["---", "a: b", "---", "text"])
    rows = out.splitlines()
    assert rows[3:] == [
        "1 | ---", "  | ^^^", "2 | a: b", "  | ^^^^", "3 | ---", "4 | text", "  |", "",
    ]


_ALPHABET = st.sampled_from(
    ["a", "b", " ", "\t", "字", "漢", "🚀", "❤\ufe0f", "e\u0301", "é", "ｱ", "x", "\u200d"]
)


@settings(max_examples=300, deadline=None)
@given(
    before=st.lists(_ALPHABET, max_size=160).map("".join),
    after=st.lists(_ALPHABET, max_size=160).map("".join),
)
@example(before="字" * 80 + "a", after="")  # a wide character across the cut
@example(before="❤\ufe0f" + "a" * 16 + "\t\t\t" + "字" * 8, after="a" * 25 + "\t" * 5)  # found
# by hypothesis: the cut fell between a character and its emoji selector
@example(before="a" + "字" * 80, after="b" * 200)
def test_carets_sit_under_the_span_on_any_line(before: str, after: str) -> None:
    """Whatever wide, zero-width or tab characters come first, and wherever the line is cut,
    the carets start under the span's first character and are as wide as the span."""
    line = f"{before}[[Target]]{after}"
    start = len(before)
    out = render_finding(finding(Span(1, start + 1, 1, start + 11)), "n.md", [line])
    rows = out.splitlines()
    text_row, caret_row = rows[3], rows[4]
    assert text_row.startswith("1 | ") and caret_row.startswith("  | ")
    shown, carets = text_row[4:], caret_row[4:]
    at = shown.index("[[Target]]")
    assert carets == " " * sum(widths(shown[:at])) + "^" * 10
    assert sum(widths(shown)) <= MAX_WIDTH + 6  # cut marks on both sides at most


def test_split_lines_numbers_lines_as_the_check_does() -> None:
    assert split_lines("a\r\nb\rc\n") == ["a", "b", "c", ""]


def test_colors_on_a_terminal_plain_when_piped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("[[gone]]\n", encoding="utf-8")
    for name in ("FORCE_COLOR", "NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    args = ["check", str(vault), "--format", "full", "--no-cache", "--isolated"]
    main(args)
    assert "\x1b[" not in capsys.readouterr().out  # piped
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    main(args)
    assert "\x1b[1;31merror\x1b[0m" in capsys.readouterr().out  # a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    main(args)
    assert "\x1b[" not in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "")  # empty: not set
    main(args)
    assert "\x1b[" in capsys.readouterr().out


def test_fix_help_says_how_an_unsafe_fix_is_applied() -> None:
    assert fix_help(None) is None
    assert fix_help(Fix("Quote the link", Applicability.SAFE, ())) == "Quote the link"
    assert fix_help(Fix("Link to N.md", Applicability.UNSAFE, ())) == (
        "Link to N.md (unsafe fix: applied with --fix --unsafe-fixes)"
    )
    assert "--fix does not apply it" in str(fix_help(Fix("x", Applicability.DISPLAY, ())))
