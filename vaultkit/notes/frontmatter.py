"""The front-matter block as Obsidian reads it, and Obsidian's property rules on its data.

Block rules (reference §3.1): the file starts with ``---`` and a line break; the block closes at the
next line starting with ``---``; an empty block is no front matter; a block that never closes is no
front matter either (the body starts at line 1) but carries a problem so the engine can report it.
Line breaks ``\\r\\n``, ``\\r`` and ``\\n`` each count as one.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from vaultkit.notes.linktext import split_wikilink
from vaultkit.notes.model import FrontMatter, Link, LinkKind, LinkSyntax, NoteFinding, Span
from vaultkit.notes.yaml.full import load as load_yaml

_BREAK = re.compile(r"\r\n|\r|\n")
_CLOSE = re.compile(r"(?:\r\n|\r|\n)---")
_WHOLE_LINK = re.compile(r"\[\[(.+?)\]\]")
_TAGS_KEY = re.compile(r"tags", re.IGNORECASE)
_ALIASES_KEY = re.compile(r"aliases", re.IGNORECASE)


class Fences(NamedTuple):
    """Where a closed front-matter block lies in its text (character offsets)."""

    raw_start: int  # the text between the fences starts here
    raw_end: int  # and ends here (the line break before the closing fence)
    fence: int  # the closing fence's line starts here
    fence_end: int  # and ends here (before its line break)
    body: int  # the body starts here


def _opening(text: str) -> int | None:
    """Where the text after the opening fence starts, or None when ``text`` opens no block."""
    if not text.startswith("---"):
        return None
    opening = _BREAK.match(text, 3)  # None: '--- ' (trailing space), '----', or just '---'
    return None if opening is None else opening.end()


def find_block(text: str) -> Fences | None:
    """The front-matter block of ``text`` as Obsidian splits it (an empty one included);
    None when there is none or it never closes."""
    raw_start = _opening(text)
    if raw_start is None:
        return None
    close = _CLOSE.search(text, 3)
    if close is None:
        return None
    fence = close.end() - 3
    line_end = _BREAK.search(text, fence)
    if line_end is None:
        return Fences(raw_start, max(close.start(), raw_start), fence, len(text), len(text))
    return Fences(raw_start, max(close.start(), raw_start), fence, line_end.start(), line_end.end())


def parse_frontmatter(text: str) -> FrontMatter:
    """Find and parse the front-matter block of ``text``. Never raises."""
    block = find_block(text)
    if block is None:
        if _opening(text) is None:
            return FrontMatter()
        return FrontMatter(problem=_invalid(Span(1, 1, 1, 4), "front matter never closes"))
    raw = text[block.raw_start : block.raw_end]
    if not raw.strip():  # '---' then '---' (or only blank lines): no front matter
        return FrontMatter()
    close_line = 3 + len(_BREAK.findall(raw))
    base: dict[str, Any] = {
        "present": True,
        "raw": raw,
        "block_span": Span(1, 1, close_line, block.fence_end - block.fence + 1),
        "body_line": close_line + 1,
        "body_offset": block.body,
        "is_json": raw.lstrip().startswith("{"),
    }
    result = load_yaml(raw, first_line=2)
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
    return _find_item(data, pattern)[1]


def _find_item(data: dict[str, Any] | None, pattern: re.Pattern[str]) -> tuple[str, Any]:
    """The first key matching ``pattern`` (the one Obsidian reads) and its value."""
    if data:
        for key, value in data.items():
            if isinstance(key, str) and pattern.fullmatch(key):
                return key, value
    return "", None


def alias_entries(data: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(alias, dotted key path) of each alias as Obsidian reads them: the first key matching
    /^aliases$/i; a string is one alias (no comma split); blank items are skipped."""
    key, value = _find_item(data, _ALIASES_KEY)
    if isinstance(value, str):
        return [(value.strip(), key)] if value.strip() else []
    if not isinstance(value, list):
        return []
    return [
        (item.strip(), f"{key}.{i}")
        for i, item in enumerate(value)
        if isinstance(item, str) and item.strip()
    ]


def obsidian_aliases(data: dict[str, Any] | None) -> list[str]:
    """Aliases as Obsidian reads them (see :func:`alias_entries`)."""
    return [alias for alias, _ in alias_entries(data)]


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
