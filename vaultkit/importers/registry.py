"""The format registry: format name -> reader. Adding a format is adding one entry here."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from vaultkit.importers.detect import detect
from vaultkit.importers.markdown import MARKDOWN_FORMATS, parse_markdown
from vaultkit.importers.model import ParseResult
from vaultkit.importers.shapes.cards import parse_cards
from vaultkit.importers.shapes.scraped import parse_scraped

Reader = Callable[[str, str], ParseResult]

READERS: dict[str, Reader] = {
    "markdown": parse_markdown,
    **{name: partial(parse_markdown, forced=name) for name in MARKDOWN_FORMATS},
    "scraped-text": parse_scraped,
    "card-list": parse_cards,
}
FORMATS = ("auto", *MARKDOWN_FORMATS, "scraped-text", "card-list")


def read(text: str, path: str, fmt: str = "auto") -> ParseResult:
    """Parse ``text`` with the reader for ``fmt`` ('auto' detects it)."""
    name = detect(text) if fmt in ("auto", "") else fmt
    return READERS[name](text, path)
