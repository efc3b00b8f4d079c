"""Shared helpers of the Markdown formats: heading context, categories, item splitting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from vaultkit.importers.furniture import is_furniture, is_letter_heading, plain_heading
from vaultkit.importers.mdblocks import Block, inline_text

_ALSO_CALLED = re.compile(
    r"\b(?:also (?:called|known as|written(?: as)?|spelled(?: as)?)|a\.k\.a\.?|aka)"
    r"\s+([^.;:()]{1,80}?)"
    r"(?=[.;:()]|,\s+(?:it|which|and|but|so)\b|$)",
    re.IGNORECASE,
)
_OR_SPLIT = re.compile(r",\s*(?:or\s+)?|\s+or\s+")


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str  # plain text of the heading
    line: int


def document_title(blocks: list[Block]) -> str:
    """The first level-1 heading, or the first heading when the document starts with one."""
    for block in blocks:
        if block.type == "heading" and block.token.get("attrs", {}).get("level") == 1:
            return inline_text(block.token).strip()
    if blocks and blocks[0].type == "heading":
        return inline_text(blocks[0].token).strip()
    return ""


def category_at(stack: list[Heading], title: str) -> str:
    """The nearest heading above that names a category (not the title, a letter, or furniture)."""
    for heading in reversed(stack):
        if heading.text == title and heading.level == 1:
            continue
        if is_letter_heading(heading.text) or is_furniture(heading.text):
            continue
        return plain_heading(heading.text)
    return ""


def push_heading(stack: list[Heading], heading: Heading) -> None:
    while stack and stack[-1].level >= heading.level:
        stack.pop()
    stack.append(heading)


def stated_aliases(definition: str) -> tuple[str, ...]:
    """Names a definition itself gives: 'Also called X or Y', 'also known as X', 'also
    written X, Y' (a declared spelling variant)."""
    found: list[str] = []
    for match in _ALSO_CALLED.finditer(definition):
        for part in _OR_SPLIT.split(match.group(1)):
            name = part.strip().strip("`*_\"'“”").strip()
            name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
            if name and len(name.split()) <= 5 and name not in found:
                found.append(name)
    return tuple(found)


def dedent_lines(lines: list[str], width: int) -> list[str]:
    """Remove up to ``width`` leading spaces from continuation lines."""
    out = []
    for line in lines:
        strip = len(line) - len(line.lstrip(" "))
        out.append(line[min(strip, width) :])
    return out


def trim_blank(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and (not lines[end - 1].strip() or _is_rule(lines[end - 1])):
        end -= 1
    return [line.rstrip() for line in lines[start:end]]


def _is_rule(line: str) -> bool:
    return bool(re.fullmatch(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})", line))


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def fence_marked(text: str) -> Iterator[tuple[str, bool]]:
    """Each line of ``text`` with whether it is plain text: not a code fence's marker and not
    inside a fenced block (a fence closes on a marker of its character, at least as long)."""
    fence = ""
    for line in text.split("\n"):
        marker = _FENCE.match(line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = ""
            yield line, False
        elif marker:
            fence = marker.group(1)
            yield line, False
        else:
            yield line, True
