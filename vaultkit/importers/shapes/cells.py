"""Terms as written in a table cell or a heading: links, HTML, emoji markers, notation.

``[Term](url)``, ``<span class="x">Term</span>``, ``**Term** ✅``, ``### **Feature** ($x$)``
all name the term ``Term``/``Feature``; a parenthesis that holds only math or code is notation,
not part of the name (it is returned apart so it is kept).
"""

from __future__ import annotations

import re
import unicodedata

from vaultkit.importers.labels import clean_term

_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\((?:[^()\n]|\([^()\n]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_ATTRS = re.compile(r"\s*\{[#.][^{}\n]*\}\s*$")  # "## Term {#anchor}"
_NOTATION = re.compile(r"\s*\(\s*(\$[^$\n]+\$|`[^`\n]+`)\s*\)\s*$")
_MATH = re.compile(r"\s*\$[^$\n]+\$\s*$")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " "}


def _is_marker(ch: str) -> bool:
    """Emoji and symbol markers (✅ 🧪 ⚠️ ★) and the joiners/selectors that go with them."""
    return unicodedata.category(ch) in {"So", "Sk", "Cf", "Mn", "Me"} or ch in "\ufe0f\u200d"


def strip_markers(text: str) -> str:
    """Emoji/symbol markers at either end of a cell removed."""
    text = text.strip()
    while text and (_is_marker(text[-1]) or text[-1].isspace()):
        text = text[:-1]
    while text and (_is_marker(text[0]) or text[0].isspace()):
        text = text[1:]
    return text


def plain_cell(text: str) -> str:
    """A cell's text without images, link targets, HTML tags or entities (markup kept)."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _TAG.sub("", text)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return text


def term_cell(cell: str) -> str:
    """The term a table cell names."""
    return clean_term(strip_markers(plain_cell(cell)))


_SPACES = re.compile(r"[ \t]+")


def heading_term(raw: str) -> tuple[str, str]:
    """(term, notation) of a heading line such as ``### **Feature** ($x$) {#feature}``."""
    # runs of spaces made one first: the patterns below, anchored at the end, would take time
    # quadratic in a long run
    text = _SPACES.sub(" ", re.sub(r"^\s{0,3}#{1,6}[ \t]*", "", raw)).rstrip(" ")
    closed = text.rstrip("#")  # a closing sequence needs a space before it
    if closed != text and closed[-1:] == " ":
        text = closed.rstrip(" ")
    text = _ATTRS.sub("", text)
    text = plain_cell(text)
    notation = ""
    match = _NOTATION.search(text) or _MATH.search(text)
    if match and match.start() > 0:
        notation = match.group(0).strip()
        text = text[: match.start()]
    return clean_term(strip_markers(text)), notation
