"""The front-matter block as Obsidian reads it, and Obsidian's property rules on its data.

Block rules (reference §3.1): the file starts with ``---`` and a line break; the block closes at the
next line starting with ``---``; an empty block is no front matter; a block that never closes is no
front matter either (the body starts at line 1) but carries a problem so the engine can report it.
Line breaks ``\\r\\n``, ``\\r`` and ``\\n`` each count as one.
"""

from __future__ import annotations

import re
from typing import Any

from vaultkit.notes.linktext import split_wikilink
from vaultkit.notes.model import FrontMatter, Link, LinkKind, LinkSyntax, NoteFinding, Span
from vaultkit.notes.yaml import full as yaml12

_BREAK = re.compile(r"\r\n|\r|\n")
_CLOSE = re.compile(r"(?:\r\n|\r|\n)---")
_WHOLE_LINK = re.compile(r"\[\[(.+?)\]\]")
_TAGS_KEY = re.compile(r"tags", re.IGNORECASE)
_ALIASES_KEY = re.compile(r"aliases", re.IGNORECASE)


def parse_frontmatter(text: str) -> FrontMatter:
    """Find and parse the front-matter block of ``text``. Never raises."""
    if not text.startswith("---"):
        return FrontMatter()
    opening = _BREAK.match(text, 3)
    if opening is None:  # '--- ' (trailing space), '----', or a file that is just '---'
        return FrontMatter()
    raw_start = opening.end()
    close = _CLOSE.search(text, 3)
    if close is None:
        return FrontMatter(problem=_invalid(Span(1, 1, 1, 4), "front matter never closes"))
    raw = text[raw_start : close.start()] if close.start() >= raw_start else ""
    if not raw.strip():  # '---' then '---' (or only blank lines): no front matter
        return FrontMatter()
    close_line = 3 + len(_BREAK.findall(raw))
    fence_start = close.end() - 3
    line_end = _BREAK.search(text, fence_start)
    if line_end is None:
        body_offset = len(text)
        fence_end_col = len(text) - fence_start + 1
    else:
        body_offset = line_end.end()
        fence_end_col = line_end.start() - fence_start + 1
    block_span = Span(1, 1, close_line, fence_end_col)
    base: dict[str, Any] = {
        "present": True,
        "raw": raw,
        "block_span": block_span,
        "body_line": close_line + 1,
        "body_offset": body_offset,
        "is_json": raw.lstrip().startswith("{"),
    }
    result = yaml12.load(raw, first_line=2)
    if result.error is not None:
        err = result.error
        span = _clamped_point(text, err.line + 2, err.column + 1)
        return FrontMatter(**base, problem=_invalid(span, f"invalid YAML: {err.message}"))
    if result.empty or result.data is None:
        return FrontMatter(**base)
    if not isinstance(result.data, dict):
        kind = "a list" if isinstance(result.data, list) else "a single value"
        problem = _invalid(
            _first_content(raw), f"front matter is {kind}, not a mapping of properties"
        )
        return FrontMatter(**base, problem=problem)
    return FrontMatter(
        **base,
        data=result.data,
        value_spans=result.value_spans,
        key_spans=result.key_spans,
        quoted=frozenset(result.quoted),
    )


def _clamped_point(text: str, line: int, column: int) -> Span:
    """A one-character span at line:column, kept inside that line of ``text``."""
    lines = _BREAK.split(text, maxsplit=line)
    line = min(line, len(lines))
    length = len(lines[line - 1]) if line <= len(lines) else 0
    column = min(column, length + 1)
    return Span(line, column, line, min(column + 1, length + 1))


def _first_content(raw: str) -> Span:
    """Span of the first non-blank, non-comment line of the YAML text (file positions)."""
    for index, line in enumerate(_BREAK.split(raw)):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            column = len(line) - len(line.lstrip()) + 1
            return Span(index + 2, column, index + 2, len(line.rstrip()) + 1)
    return Span.point(2, 1)


def _find_key(data: dict[str, Any] | None, pattern: re.Pattern[str]) -> Any:
    if not data:
        return None
    for key, value in data.items():
        if pattern.fullmatch(key):
            return value
    return None


def obsidian_aliases(data: dict[str, Any] | None) -> list[str]:
    """Aliases as Obsidian reads them: key /^aliases$/i; a string is one alias (no comma split)."""
    value = _find_key(data, _ALIASES_KEY)
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    out = []
    for item in items:
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
    return out


def obsidian_tags(data: dict[str, Any] | None) -> list[str]:
    """Front-matter tags as Obsidian reads them, without the #; items with spaces are dropped."""
    value = _find_key(data, _TAGS_KEY)
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    out = []
    for item in items:
        if not isinstance(item, str):
            continue
        tag = item.strip()
        if not tag or any(ch.isspace() for ch in tag):
            continue
        tag = tag.removeprefix("#")
        if tag:
            out.append(tag)
    return out


def property_links(fm: FrontMatter) -> list[Link]:
    """Quoted ``"[[...]]"`` string values, recursively (keys are dotted paths), in file order."""
    if not fm.data or not fm.quoted:
        return []
    links = []
    for key in fm.quoted:
        value = _lookup(fm.data, key)
        if not isinstance(value, str):
            continue
        match = _WHOLE_LINK.fullmatch(value)
        if match is None:
            continue
        inner = match.group(1)
        if "[[" in inner.strip():
            continue
        parts = split_wikilink(inner, embed=False)
        if parts is None:
            continue
        path, subpath, display = parts
        span = fm.value_spans.get(key, fm.block_span)
        links.append(
            Link(
                kind=LinkKind.PROPERTY,
                syntax=LinkSyntax.PROPERTY,
                path=path,
                subpath=subpath,
                display=display,
                span=span,
                raw=value,
                key=key,
            )
        )
    links.sort(key=lambda link: (link.span.line, link.span.column))
    return links


def _lookup(data: Any, dotted: str) -> Any:
    """Follow a dotted key path; keys may themselves contain dots, so try longest matches first."""
    if not dotted:
        return data
    if isinstance(data, dict):
        if dotted in data:
            return data[dotted]
        parts = dotted.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:cut])
            if head in data:
                found = _lookup(data[head], ".".join(parts[cut:]))
                if found is not None:
                    return found
        return None
    if isinstance(data, list):
        head, _, rest = dotted.partition(".")
        if head.isdigit() and int(head) < len(data):
            return _lookup(data[int(head)], rest)
    return None


def _invalid(span: Span, message: str) -> NoteFinding:
    return NoteFinding("invalid-yaml", span, message)
