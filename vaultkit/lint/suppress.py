"""Inline suppression in Obsidian comments, which Obsidian does not render.

- ``%% vaultkit-ignore rule-a, rule-b %%`` suppresses those rules on its line; when the comment
  is alone on its line, on the next line too.
- ``%% vaultkit-ignore-file rule %%`` suppresses the rules in the whole file.
- No rule list means every rule. Rules are named by name or code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vaultkit.notes.model import Comment, Finding, Note

ALL = "*"
_DIRECTIVE = re.compile(r"^vaultkit-ignore(-file)?(?:\s+(.*))?$", re.DOTALL)


@dataclass
class Suppressions:
    file_rules: set[str] = field(default_factory=set)
    line_rules: dict[int, set[str]] = field(default_factory=dict)

    def covers(self, finding: Finding) -> bool:
        keys = {ALL, finding.rule, finding.code.lower()}
        if self.file_rules & keys:
            return True
        return bool(self.line_rules.get(finding.span.line, set()) & keys)

    def pack(self) -> tuple[tuple[str, ...], tuple[tuple[int, tuple[str, ...]], ...]]:
        """Plain values for storage (sorted, so equal suppressions pack equal)."""
        lines = tuple(
            sorted((line, tuple(sorted(names))) for line, names in self.line_rules.items())
        )
        return tuple(sorted(self.file_rules)), lines

    @classmethod
    def unpack(cls, packed: object) -> Suppressions:
        """The inverse of :meth:`pack`; TypeError/ValueError on a wrong shape."""
        if not isinstance(packed, tuple) or len(packed) != 2:
            raise TypeError("expected (file rules, line rules)")
        file_rules, lines = packed
        out = cls({_name(n) for n in file_rules})
        for line, names in lines:
            if type(line) is not int:
                raise TypeError("a line number must be an int")
            out.line_rules[line] = {_name(n) for n in names}
        return out


def _name(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("a rule name must be a string")
    return value


def parse_directive(text: str) -> tuple[bool, set[str]] | None:
    """('%% vaultkit-ignore-file a, b %%') -> (True, {'a', 'b'}); None if not a directive."""
    body = text.strip()
    if body.startswith("%%"):
        body = body[2:]
    if body.endswith("%%"):
        body = body[:-2]
    match = _DIRECTIVE.match(body.strip())
    if match is None:
        return None
    names = {n.strip().lower() for n in re.split(r"[,\s]+", match.group(2) or "") if n.strip()}
    return bool(match.group(1)), names or {ALL}


def _alone(comment: Comment, lines: list[str]) -> bool:
    span = comment.span
    if span.line - 1 >= len(lines) or span.end_line - 1 >= len(lines):
        return False
    before = lines[span.line - 1][: span.column - 1]
    after = lines[span.end_line - 1][span.end_column - 1 :]
    return not before.strip() and not after.strip()


def suppressions_for(note: Note, read_lines: Callable[[], list[str]]) -> Suppressions | None:
    """The suppressions a note declares; ``read_lines`` is only called when one is found."""
    found = [(c, d) for c in note.comments if (d := parse_directive(c.text)) is not None]
    if not found:
        return None
    lines: list[str] | None = None
    result = Suppressions()
    for comment, (whole_file, names) in found:
        if whole_file:
            result.file_rules |= names
            continue
        if lines is None:
            lines = read_lines()
        targets = set(range(comment.span.line, comment.span.end_line + 1))
        if _alone(comment, lines):
            targets.add(comment.span.end_line + 1)
        for line in targets:
            result.line_rules.setdefault(line, set()).update(names)
    return result


def note_suppressions(note: Note, abspath: Path) -> Suppressions | None:
    """The suppressions ``note`` declares (its file is read only for a line-level one)."""
    if not note.comments:
        return None
    return suppressions_for(note, lambda: _lines(abspath))


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def apply(findings: Iterable[Finding], table: dict[str, Suppressions]) -> list[Finding]:
    return [f for f in findings if f.path not in table or not table[f.path].covers(f)]
