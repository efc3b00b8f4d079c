"""`--format full`: each finding with its source lines and carets under the span.

::

    warning: VK603 [unquoted-property-link] unquoted link [[X]] in 'related' is ...
     --> vault/Note.md:3:10
      |
    1 | ---
    2 | title: Note
    3 | related: [[X]]
      |          ^^^^^
    4 | ---
      |
    help: Quote the link

(the ``help:`` line only where ``fix_message`` gives one).

Only formats: the source lines come from ``lines`` (a function of the vault-relative path that
gives the file's lines, or None when the file cannot be read; see :mod:`.source`), and the help
line from ``fix_message`` (a function of the finding, None when it has no fix). A finding
whose lines are not at hand is still printed, without the snippet. Columns on screen follow
:mod:`.width` (tabs, wide and zero-width characters); a line wider than ``MAX_WIDTH`` is cut
around the span, with ``...`` where text was left out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

from vaultkit.edit.model import Applicability, Fix
from vaultkit.lint.report.color import PLAIN, Palette
from vaultkit.lint.report.width import safe, shown_char, widths
from vaultkit.notes.model import Finding, Span

if TYPE_CHECKING:
    from vaultkit.lint.report.result import CheckResult

LineReader = Callable[[str], "Sequence[str] | None"]
FixMessage = Callable[[Finding], "str | None"]

CONTEXT = 2  # lines shown before and after the span
MAX_WIDTH = 100  # columns of source text shown per line
MAX_SPAN_LINES = 6  # a longer span shows its first and last lines, "..." between
_CUT = "..."


def fix_help(fix: Fix | None) -> str | None:
    """The ``help:`` text of a finding's fix: its message, and how to apply an unsafe one."""
    if fix is None:
        return None
    if fix.applicability is Applicability.UNSAFE:
        return f"{fix.message} (unsafe fix: applied with --fix --unsafe-fixes)"
    if fix.applicability is Applicability.DISPLAY:
        return f"{fix.message} (a suggestion: --fix does not apply it)"
    return fix.message


def render(
    result: CheckResult,
    show: Callable[[str], str],
    *,
    lines: LineReader | None = None,
    fix_message: FixMessage | None = None,
    palette: Palette = PLAIN,
) -> str:
    """Every finding of ``result``, each block followed by a blank line."""
    out = []
    for f in result.findings:
        source = lines(f.path) if lines is not None else None
        fix = fix_message(f) if fix_message is not None else None
        out.append(render_finding(f, show(f.path), source, fix, palette))
    return "".join(out)


def render_finding(
    f: Finding,
    path: str,
    source: Sequence[str] | None,
    fix: str | None = None,
    palette: Palette = PLAIN,
) -> str:
    s = f.span
    message = safe(" ".join(f.message.splitlines()))
    header = (
        f"{palette.severity(f.severity.value, f.severity)}: "
        f"{palette.paint(f.code, 'bold')} [{f.rule}] {message}"
    )
    rows = _snippet(s, source) if source is not None else None
    gutter = len(str(rows.last_number)) if rows else len(str(s.line))
    blue = ("bold", "blue")
    out = [header, f"{' ' * gutter}{palette.paint('-->', *blue)} {safe(path)}:{s.line}:{s.column}"]
    if rows is not None:
        bar = palette.paint(f"{' ' * (gutter + 1)}|", *blue)
        out.append(bar)
        for row in rows.rows:
            if row.number is None:
                out.append(palette.paint(_CUT, *blue))
                continue
            number = palette.paint(f"{row.number:>{gutter}} |", *blue)
            out.append(f"{number} {row.text}".rstrip())
            if row.caret is not None:
                start, width = row.caret
                carets = palette.severity("^" * width, f.severity)
                out.append(f"{bar} {' ' * start}{carets}")
        out.append(bar)
    if fix:
        out.append(f"{palette.paint('help', 'bold', 'cyan')}: {safe(fix)}")
    return "\n".join(out) + "\n\n"


@dataclass(frozen=True)
class _Row:
    number: int | None  # None: the "..." between the ends of a long span
    text: str = ""
    caret: tuple[int, int] | None = None  # (display column from 0, width)


@dataclass(frozen=True)
class _Rows:
    rows: list[_Row]
    last_number: int


def _snippet(s: Span, source: Sequence[str]) -> _Rows | None:
    """The rows to print for span ``s``, or None when it lies outside ``source``."""
    if not 1 <= s.line <= len(source):
        return None
    first, last, end_column = s.line, max(s.end_line, s.line), s.end_column
    if last > first and end_column <= 1:  # ends at the start of a line: the line before
        last -= 1
        end_column = len(source[last - 1]) + 1
    if last > len(source):
        last, end_column = len(source), len(source[-1]) + 1
    # each spanned line's underline, in characters: [start, end) from 0
    marks: dict[int, tuple[int, int]] = {}
    for number in range(first, last + 1):
        line = source[number - 1]
        start = s.column - 1 if number == first else len(line) - len(line.lstrip())
        end = end_column - 1 if number == last else len(line)
        marks[number] = (start, max(end, start + 1))
    shown = _shown_numbers(source, first, last)
    widest = max(_width(source[n - 1]) for n in shown if n is not None)
    window = _window(source[first - 1], marks[first], widest)
    rows: list[_Row] = []
    for shown_number in shown:
        if shown_number is None:
            rows.append(_Row(None))
            continue
        text, caret = _cut(source[shown_number - 1], window, marks.get(shown_number))
        rows.append(_Row(shown_number, text, caret))
    return _Rows(rows, max(n for n in shown if n is not None))


def _shown_numbers(source: Sequence[str], first: int, last: int) -> list[int | None]:
    span: list[int | None] = list(range(first, last + 1))
    if len(span) > MAX_SPAN_LINES:
        keep = MAX_SPAN_LINES // 2
        span = [*range(first, first + keep), None, *range(last - keep + 1, last + 1)]
    before = list(range(max(first - CONTEXT, 1), first))
    after = list(range(last + 1, min(last + CONTEXT, len(source)) + 1))
    while before and not source[before[0] - 1].strip():  # no blank lines at the edges
        before.pop(0)
    while after and not source[after[-1] - 1].strip():
        after.pop()
    return [*before, *span, *after]


def _width(line: str) -> int:
    return _columns(line)[-1]


def _window(line: str, mark: tuple[int, int], widest: int) -> tuple[int, int]:
    """The display columns [left, right) shown of every line: all of them when the widest
    line fits, else MAX_WIDTH columns around the start of the span on its first line."""
    if widest <= MAX_WIDTH:
        return 0, widest + 1  # + 1: a caret may stand just after the end of a line
    cols = _columns(line)
    start = _col(cols, mark[0])
    span_width = min(_col(cols, mark[1]) - start, MAX_WIDTH // 2)
    margin = (MAX_WIDTH - span_width) // 2
    left = max(0, min(start - margin, cols[-1] - MAX_WIDTH))
    left = min(left, start)
    return left, left + MAX_WIDTH


@lru_cache(maxsize=512)
def _columns(line: str) -> Sequence[int]:
    """cols[i]: the display column where character i starts; cols[-1]: the line's width."""
    if line.isascii() and line.isprintable():  # most lines: one column per character
        return range(len(line) + 1)
    return tuple(accumulate(widths(line), initial=0))


def _col(cols: Sequence[int], index: int) -> int:
    """Display column of character ``index`` (past the end: one column per missing char)."""
    return cols[index] if index < len(cols) else cols[-1] + index - (len(cols) - 1)


def _cut(
    line: str, window: tuple[int, int], mark: tuple[int, int] | None
) -> tuple[str, tuple[int, int] | None]:
    """The text of ``line`` shown in ``window`` and the caret (start, width) of ``mark``."""
    left, right = window
    cols = _columns(line)
    lead = len(_CUT) if left > 0 else 0
    if lead == 0 and cols[-1] <= right:  # the whole line is shown
        whole = line if isinstance(cols, range) else "".join(map(shown_char, line))
        return whole, _caret(cols, mark, window, lead)
    # the characters wholly inside the window: first..end (cols is non-decreasing)
    first = bisect_left(cols, left)
    end = max(bisect_right(cols, right) - 1, first)  # char k ends at cols[k + 1] <= right
    while first < end and cols[first + 1] == cols[first]:
        first += 1  # a zero-width mark belongs to the character cut away before it
    parts: list[str] = []
    if lead:
        parts.append(_CUT if first > 0 and line else " " * lead)
    if first < end:
        piece = line[first:end]
        parts.append(" " * (cols[first] - left))
        parts.append(piece if isinstance(cols, range) else "".join(map(shown_char, piece)))
    if end < len(line) and cols[-1] > right:
        parts.append(_CUT)
    return "".join(parts), _caret(cols, mark, window, lead)


def _caret(
    cols: Sequence[int], mark: tuple[int, int] | None, window: tuple[int, int], lead: int
) -> tuple[int, int] | None:
    """The (start, width) on screen of the characters ``mark`` covers, inside ``window``."""
    if mark is None:
        return None
    left, right = window
    start = max(_col(cols, mark[0]), left)
    end = min(max(_col(cols, mark[1]), start + 1), right)
    if end <= start:
        start, end = right - 1, right
    return start - left + lead, end - start
