"""One note's text to a Note record: front matter, property links and body tokens. Pure."""

from __future__ import annotations

from vaultkit.notes.frontmatter import parse_frontmatter, property_links
from vaultkit.notes.model import FrontMatter, Note, NoteFinding, Span
from vaultkit.notes.tokenizer import tokenize


def normalize_breaks(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` to ``\\n``: same lines, same columns, simpler scanning."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_note(path: str, text: str, unread: list[Span] | None = None) -> Note:
    """Parse ``text`` (the file after BOM removal) into a Note; positions are file positions.

    Links come in file order: property links first (front matter comes first), then body links.
    Never raises: an internal failure becomes a ``parser-error`` finding on an otherwise empty note.
    ``unread``, when given, receives the spans of the body where no link is read (code, math,
    HTML comments and blocks; see :func:`~vaultkit.notes.tokenizer.tokenize`).
    """
    try:
        fm = parse_frontmatter(text)
        tokens = tokenize(normalize_breaks(text), fm.body_line, unread)
        links = property_links(fm)
        body_links = sorted(tokens.links, key=lambda link: (link.span.line, link.span.column))
        return Note(
            path=path,
            frontmatter=fm,
            links=(*links, *body_links),
            headings=tuple(tokens.headings),
            blocks=tuple(tokens.blocks),
            tags=tuple(tokens.tags),
            comments=tuple(tokens.comments),
            findings=tuple(tokens.findings),
        )
    except Exception as exc:  # a bug must not stop the run: report it on this note instead
        failure = NoteFinding(
            "parser-error", Span(1, 1, 1, 1), f"vaultkit could not parse this note: {exc!r}"
        )
        return Note(path=path, frontmatter=FrontMatter(), findings=(failure,))
