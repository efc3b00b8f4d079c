"""Glossary dialects recognised by their own syntax, before the Markdown/plain-text guess.

Sphinx ``.. glossary::`` (reStructuredText), MyST ``{glossary}`` blocks, AsciiDoc description
lists, Python-Markdown abbreviation files and HTML ``<dl>`` lists each have markers that
ordinary prose does not; the file's extension settles AsciiDoc and reStructuredText.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vaultkit.importers.model import ParseResult
from vaultkit.importers.shapes.abbr import ABBR, parse_abbreviations
from vaultkit.importers.shapes.asciidoc import ITEM, parse_asciidoc
from vaultkit.importers.shapes.htmldl import parse_html_dl
from vaultkit.importers.shapes.sphinx import parse_myst_glossary, parse_rst_glossary

DIALECTS: dict[str, Callable[[str, str], ParseResult]] = {
    "rst-glossary": parse_rst_glossary,
    "myst-glossary": parse_myst_glossary,
    "asciidoc-dlist": parse_asciidoc,
    "md-abbr": parse_abbreviations,
    "html-dl": parse_html_dl,
}
# [ \t] rather than \s: a pattern that may cross newlines is quadratic on blank lines
_RST = re.compile(r"^[ \t]*\.\.[ \t]+glossary::[ \t]*$", re.MULTILINE)
_MYST = re.compile(r"^[ \t]*(?::{3,}|`{3,}|~{3,})[ \t]*\{glossary\}[ \t]*$", re.MULTILINE)
_DT = re.compile(r"<dt[\s>]", re.IGNORECASE)


def detect_dialect(text: str, path: str = "") -> str:
    """The dialect ``text`` is written in, or '' for Markdown and plain text."""
    suffix = path.rsplit(".", 1)[-1].casefold() if "." in path else ""
    if _RST.search(text):
        return "rst-glossary"
    if _MYST.search(text):
        return "myst-glossary"
    lines = [line for line in text.split("\n") if line.strip() and not line.startswith("<!--")]
    abbrs = sum(1 for line in lines if ABBR.match(line))
    if abbrs >= 2 and abbrs * 10 >= len(lines) * 6:
        return "md-abbr"
    items = sum(1 for line in lines if ITEM.match(line))
    if items >= 2 and (suffix in {"adoc", "asciidoc", "asc"} or items * 10 >= len(lines) * 4):
        return "asciidoc-dlist"
    if len(_DT.findall(text)) >= 2 and re.search(r"<dl[\s>]", text, re.IGNORECASE):
        return "html-dl"
    return ""
