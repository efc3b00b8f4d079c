"""Rules fed by the scanner and tokenizer: unreadable files and tokenizer findings."""

from __future__ import annotations

from collections.abc import Iterable

from vaultkit.lint.rules.context import RuleContext
from vaultkit.lint.rules.registry import RULES, VAULT, rule
from vaultkit.notes.model import Finding, RawFinding, Severity
from vaultkit.notes.scan import is_canvas_name


@rule(
    "VK901",
    "unreadable-file",
    Severity.ERROR,
    "A vault file that cannot be read as a note: not UTF-8, binary, unreadable, a symlink "
    "outside the vault or a loop.",
    scope=VAULT,
)
def unreadable_file(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["unreadable-file"]
    for problem in ctx.problems:
        entry = RULES.get(problem.rule)
        if entry is not None and entry.name != "unreadable-file":
            continue  # graded under its own rule by the engine
        yield this.finding(problem.path, problem.span, problem.message)


@rule(
    "VK604",
    "table-pipe",
    Severity.WARNING,
    "A link in a table cell with an unescaped `|`: the pipe splits the cell and the link is lost.",
    "Write [[Note\\|Shown]] inside tables.",
)
def table_pipe(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["table-pipe"]
    for path, note in ctx.notes.items():
        for found in note.findings:
            if found.rule == "table-pipe":
                yield this.finding(path, found.span, found.message)


@rule(
    "VK902",
    "invalid-canvas",
    Severity.ERROR,
    "A canvas (.canvas) that is not valid JSON, or not shaped as JSON Canvas where links are read.",
    "The message says why and points at the place: a JSON syntax error, a root that is not an "
    "object, `nodes`/`edges` that are not lists of objects, a node without a string `type`, a "
    "text node without a string `text`, a file node without a string `file`, a `subpath` that "
    "does not start with `#`. The links of the well-formed nodes are still read.",
)
def invalid_canvas(ctx: RuleContext) -> Iterable[Finding]:
    this = RULES["invalid-canvas"]
    for path, note in ctx.notes.items():
        if note.findings and is_canvas_name(path):
            for found in note.findings:
                if found.rule == "invalid-canvas":
                    yield this.finding(path, found.span, found.message)


def other_problems(problems: Iterable[RawFinding]) -> Iterable[Finding]:
    """Scanner problems filed under another registered rule (e.g. an unclosed front matter)."""
    for problem in problems:
        entry = RULES.get(problem.rule)
        if entry is not None and entry.name != "unreadable-file":
            yield entry.finding(problem.path, problem.span, problem.message)
