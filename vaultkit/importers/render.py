"""Note text: front matter in schema key order, YAML scalars that read back as written."""

from __future__ import annotations

import json
import re

from vaultkit.importers.mdcontext import fence_marked

TERM_KEYS = ("title", "type", "aliases", "expansion", "tags", "sources", "related")
SOURCE_KEYS = ("title", "type", "source_id", "file", "format", "terms")
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9 _.()+/'&,-]*$")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}
_NUMBER = re.compile(r"^[-+]?(\d[\d_]*\.?\d*([eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F]+|0o[0-7]+)$")
# characters a YAML reader refuses (C1 controls, non-characters) or reads as line breaks
# (NEL, U+2028, U+2029) or strips (BOM): written as escapes so every string reads back as is
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def yaml_scalar(value: object) -> str:
    """A YAML 1.1/1.2-safe scalar: plain when unambiguous, else double-quoted (JSON escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if (
        _PLAIN.match(text)
        and text.strip() == text
        and text.lower() not in _YAML_WORDS
        and not _NUMBER.match(text)
        and ": " not in text
        and " #" not in text
    ):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def front_matter(data: dict[str, object], order: tuple[str, ...]) -> list[str]:
    """YAML lines for ``data`` (keys in ``order`` first); empty lists and strings are left out."""
    lines: list[str] = []
    for key in [*order, *(k for k in data if k not in order)]:
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, (list, tuple)):
            if not value:
                continue
            lines.append(f"{key}:")
            lines.extend(f"  - {yaml_scalar(item)}" for item in value)
        elif value == "" or value is None:
            continue
        else:
            lines.append(f"{key}: {yaml_scalar(value)}")
    return lines


def normalize(text: str) -> str:
    """LF endings, no trailing spaces, exactly one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


_LABEL_LINE = re.compile(r"^ {0,3}(?:\*\*|__)[^*_\n]{1,40}?(?::(?:\*\*|__)|(?:\*\*|__):)[ \t]")


def separate_label_lines(text: str) -> str:
    """A blank line before each label line (``**Range**: ...``) that directly follows other
    text, so each label stays its own paragraph instead of running into the one above."""
    out: list[str] = []
    for line, plain in fence_marked(text):
        if plain and _LABEL_LINE.match(line) and _in_paragraph(out):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _in_paragraph(lines: list[str]) -> bool:
    """The last line is text a following line would run into (not blank, not a table row)."""
    return bool(lines) and bool(lines[-1].strip()) and not lines[-1].lstrip().startswith("|")


_BLOCK_START = re.compile(r"^(?: {4}|\t| {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|```|~~~|\||>|#|\$\$))")


def field_block(label: str, value: str) -> str:
    """A labelled field of an entry: ``**Label:** text`` as one paragraph, or the label on a
    line of its own when the value starts with a block (a list, code, a table, a quote) or
    is empty, so the field never runs into the one before or after it."""
    first = value.split("\n", 1)[0]
    if not value.strip() or _BLOCK_START.match(first):
        return f"**{label}:**\n\n{value}".rstrip()
    return f"**{label}:** {value}"
