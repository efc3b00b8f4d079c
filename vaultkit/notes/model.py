"""Immutable records that cross stage boundaries: scan -> parse -> resolve -> rules -> report.

Positions are 1-based lines and columns of the file as stored (the opening ``---`` is line 1),
columns counted in characters, ``end_column`` exclusive.

The finding family, from where a finding is made to where it is reported:
:class:`NoteFinding` (rule, span, message: made while parsing one note), :class:`RawFinding`
(adds the path: made by the scanner, the reader or a rule, not yet graded) and
:class:`Finding` (adds the stable code and the severity: what reporters print). Outside this
module, ``vaultkit.lint.schemas.SchemaViolation`` (a failing key path, before it has a span)
and ``vaultkit.importers.model.ImportMessage`` (a message about a line of a source glossary).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Span(NamedTuple):
    """A tuple, not a dataclass: a vault of 10,000 notes holds over half a million of them,
    and a tuple is twice as cheap to create and to unpickle. The records a parse makes by
    the hundred thousand (links, headings, blocks, tags, ...) are NamedTuples for the same
    reason; records made once per finding or note stay frozen dataclasses."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int = 1, column: int = 1) -> Span:
        return cls(line, column, line, column + 1)


WHOLE_FILE = Span(1, 1, 1, 1)

new_record = tuple.__new__
"""``new_record(Cls, (a, b, ...))`` builds the NamedTuple ``Cls`` without running its
Python-level ``__new__`` (several times faster; hot loops make records by the hundred thousand).

The contract: the tuple holds every field of ``Cls`` in order, defaults included, because
nothing fills in or counts them. Call it directly with a tuple literal;
tests/notes/test_model.py checks every call in the package against the class's fields and
lists the few calls whose tuple is not a literal, each with the reason it is safe.
"""


class LinkKind(str, Enum):
    LINK = "link"
    EMBED = "embed"
    PROPERTY = "property"


class LinkSyntax(str, Enum):
    WIKI = "wiki"
    MARKDOWN = "markdown"
    PROPERTY = "property"  # a quoted "[[...]]" front-matter value
    CANVAS = "canvas"  # a canvas file node: an exact vault path, not a link text
    REFERENCE = "reference"  # [text][label], [label][], [label]: the target is the destination
    # of the note's '[label]: dest' definition (target_span points there, outside the link)


class Link(NamedTuple):
    """One link, embed or property link, as Obsidian's metadata cache records it."""

    kind: LinkKind
    syntax: LinkSyntax
    path: str  # link path: text before the first '#', cleaned (NBSP->space, trimmed, NFC)
    subpath: str  # '' or the rest from the first '#', e.g. '#H#S', '#^id'
    display: str | None  # display text after '|' (None when absent; sizes on embeds excluded)
    span: Span  # the whole token, e.g. '[[Note|x]]' or '![alt](a.png)'
    raw: str  # the source text of the whole token
    key: str | None = None  # dotted front-matter key for property links ('related.0')
    target_span: Span | None = None  # the span of the target text inside the token


class Heading(NamedTuple):
    level: int
    text: str  # raw heading text as in the source (links kept), trimmed
    span: Span


class Block(NamedTuple):
    id: str  # lower-cased block id (without '^')
    span: Span


class Tag(NamedTuple):
    name: str  # without '#', case preserved
    span: Span


class Comment(NamedTuple):
    """An Obsidian '%% ... %%' comment: vaultkit reads inline suppressions from these."""

    text: str
    span: Span


class NoteFinding(NamedTuple):
    """A finding made while parsing one note, before any rule runs: a construct Obsidian
    silently mishandles (``table-pipe``), invalid front matter (``invalid-yaml``), a parser
    failure (``parser-error``). The note's path is the note's own."""

    rule: str
    span: Span
    message: str


@dataclass(frozen=True)
class FrontMatter:
    """The front-matter block as Obsidian reads it.

    ``data`` is None when there is no block, or the block is invalid or not a mapping
    (Obsidian then has no properties); ``problem`` says why for an invalid block.
    ``value_spans``/``key_spans`` map dotted key paths ('a', 'list.0', 'parent.child') to spans.
    """

    present: bool = False
    data: dict[str, Any] | None = None
    problem: NoteFinding | None = None
    raw: str = ""  # the text between the fences
    block_span: Span = WHOLE_FILE  # from the opening '---' to the closing fence
    body_line: int = 1  # first line of the body
    body_offset: int = 0  # character offset where the body starts
    value_spans: dict[str, Span] = field(default_factory=dict)
    key_spans: dict[str, Span] = field(default_factory=dict)
    quoted: frozenset[str] = frozenset()  # dotted keys whose scalar value was quoted in YAML
    is_json: bool = False


@dataclass(frozen=True)
class Note:
    path: str  # vault-relative POSIX path as stored on disk
    frontmatter: FrontMatter
    links: tuple[Link, ...] = ()  # body links + embeds + property links, in file order
    headings: tuple[Heading, ...] = ()  # root-level headings only
    blocks: tuple[Block, ...] = ()
    tags: tuple[Tag, ...] = ()  # body tags
    comments: tuple[Comment, ...] = ()
    findings: tuple[NoteFinding, ...] = ()

    @property
    def properties(self) -> dict[str, Any]:
        return self.frontmatter.data or {}


class RawFinding(NamedTuple):
    """A finding before grading: the rule name and where; the engine adds code and severity.

    Used by the scanner and reader (``unreadable-file``) and anything else below the rules.
    """

    rule: str
    path: str
    span: Span
    message: str


class Finding(NamedTuple):
    """One diagnostic: immutable, with a stable code and kebab-case rule name (a tuple: a check
    of a big vault reads tens of thousands back from its cache, and a tuple is made in a third
    of the time a frozen dataclass takes)."""

    code: str
    rule: str
    severity: Severity
    path: str  # vault-relative POSIX path; reporters make it user-relative
    span: Span
    message: str

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)
