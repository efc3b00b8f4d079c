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

from vaultkit.model import Comment, Finding, Note

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


def apply(findings: Iterable[Finding], table: dict[str, Suppressions]) -> list[Finding]:
    return [f for f in findings if f.path not in table or not table[f.path].covers(f)]
