"""The format registry: format name -> reader. Adding a format is adding one entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from vaultkit.importers.detect import detect
from vaultkit.importers.markdown import MARKDOWN_FORMATS, parse_markdown
from vaultkit.importers.metadata import split_metadata
from vaultkit.importers.model import ImportMessage, ParseResult
from vaultkit.importers.shapes.cards import parse_cards
from vaultkit.importers.shapes.dialects import DIALECTS
from vaultkit.importers.shapes.fields import with_fields
from vaultkit.importers.shapes.redirects import settle
from vaultkit.importers.shapes.scraped import parse_scraped

Reader = Callable[[str, str], ParseResult]

READERS: dict[str, Reader] = {
    "markdown": parse_markdown,
    **{name: partial(parse_markdown, forced=name) for name in MARKDOWN_FORMATS},
    "scraped-text": parse_scraped,
    "card-list": parse_cards,
    **DIALECTS,
}
FORMATS = ("auto", *MARKDOWN_FORMATS, "scraped-text", "card-list", *DIALECTS)


def read(text: str, path: str, shape: str = "auto") -> ParseResult:
    """Parse ``text`` with the reader for ``shape`` ('auto' detects it).

    Front matter at the top (:mod:`.metadata`) is no entry: it is kept as text outside the
    entries, and its title is the source's title. Label lines that recur across entries are
    read as fields (:func:`.shapes.fields.with_fields`).
    """
    meta = split_metadata(text)
    name = detect(meta.text, path) if shape in ("auto", "") else shape
    result = settle(with_fields(READERS[name](meta.text, path)), path)
    if meta.problem:
        problem = ImportMessage(path, 1, "warning", meta.problem)
        return replace(result, diagnostics=(problem, *result.diagnostics))
    if not meta.block:
        return result
    return replace(
        result,
        title=meta.title or result.title,
        furniture=((1, meta.block), *result.furniture),
    )
