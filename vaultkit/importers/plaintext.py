"""Helpers for plain-text sources: Markdown escaping, paragraphs, labelled lines, sorted order."""

from __future__ import annotations

import bisect
import re
import unicodedata

_BULLET = re.compile(r"^[-*•‣◦]\s+")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(\s)")
_LABEL = re.compile(r"^(?P<label>[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'/-]{0,28}?)\s*:\s*(?P<value>.*)$")
LABELS: dict[str, str] = {
    "also": "aliases",
    "aka": "aliases",
    "also known as": "aliases",
    "also called": "aliases",
    "aliases": "aliases",
    "alias": "aliases",
    "synonyms": "aliases",
    "synonym": "aliases",
    "abbreviation": "aliases",
    "see also": "see_also",
    "related": "see_also",
    "related terms": "see_also",
    "see": "see_also",
    "cf": "see_also",
    "compare": "see_also",
    "examples": "Examples",
    "example": "Examples",
    "e.g": "Examples",
    "pros": "Pros",
    "cons": "Cons",
    "advantages": "Pros",
    "disadvantages": "Cons",
    "note": "Note",
    "notes": "Note",
    "category": "category",
    "tags": "category",
}
_INLINE = re.compile(
    r"\\|`|\*|\[|\]|<|\$|%%|==|~~|(?<![\w])_|_(?![\w])|(?:(?<=\s)|^)[#^]|&(?=#?\w+;)"
)


def escape(text: str) -> str:
    """Escape Markdown/Obsidian syntax so plain text renders exactly as written."""
    out = _INLINE.sub(lambda m: "".join("\\" + ch for ch in m.group(0)), text)
    if out[:1] in {">", "+", "=", "|"} or (out[:1] == "-" and not out.startswith("- ")):
        out = "\\" + out
    return _ORDERED.sub(r"\1\\\2\3", out)


def to_markdown(lines: list[str]) -> str:
    """Plain lines as Markdown: each line its own paragraph, runs of bullet lines one list."""
    out: list[str] = []
    previous_bullet = False
    for line in lines:
        text = line.strip()
        if not text:
            continue
        bullet = _BULLET.match(text)
        rendered = "- " + escape(text[bullet.end() :]) if bullet else escape(text)
        if out and not (bullet and previous_bullet):
            out.append("")
        out.append(rendered)
        previous_bullet = bool(bullet)
    return "\n".join(out)


def is_bullet(text: str) -> bool:
    return bool(_BULLET.match(text))


def parse_label(text: str) -> tuple[str, str, str] | None:
    """(field, label as written, value) for 'See also: A , B' style lines, else None."""
    match = _LABEL.match(text)
    if not match:
        return None
    label = match.group("label").strip()
    field = LABELS.get(label.casefold().rstrip("."))
    if field is None:
        return None
    return field, label, match.group("value").strip()


def split_list(value: str) -> tuple[str, ...]:
    """'A , B, C' -> ('A', 'B', 'C'); items keep inner punctuation."""
    parts = re.split(r"\s+,\s+", value) if " , " in value else value.split(",")
    parts = [p.strip().rstrip(".").strip() for p in parts]
    return tuple(p for p in parts if p)


def order_key(term: str) -> str:
    """The first letter or digit of a term, accent-free and case-folded ('' if none)."""
    for ch in unicodedata.normalize("NFD", term):
        if ch.isalnum():
            return ch.casefold()
    return ""


def longest_sorted(keys: list[str]) -> set[int]:
    """Indices of a longest non-decreasing subsequence of ``keys`` (patience sorting)."""
    tails: list[str] = []
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(keys)
    for index, key in enumerate(keys):
        pos = bisect.bisect_right(tails, key)
        if pos == len(tails):
            tails.append(key)
            tail_index.append(index)
        else:
            tails[pos] = key
            tail_index[pos] = index
        previous[index] = tail_index[pos - 1] if pos else -1
    chosen: set[int] = set()
    at = tail_index[-1] if tail_index else -1
    while at >= 0:
        chosen.add(at)
        at = previous[at]
    return chosen
