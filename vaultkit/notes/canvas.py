"""A canvas file (``.canvas``, JSON Canvas 1.0) to a Note record: its links, as Obsidian's link
cache counts them.

A canvas is JSON: ``{"nodes": [...], "edges": [...]}``. Two kinds of node hold links:

- a text node (``"type": "text"``): its ``text`` is Markdown, read by the same tokenizer as a
  note body (links, embeds, Markdown links);
- a file node (``"type": "file"``): ``file`` names a vault path exactly (not a link text that
  is resolved by shortest name), with an optional ``subpath`` (``#Heading``, ``#^block``). Its
  link has the syntax :attr:`~vaultkit.notes.model.LinkSyntax.CANVAS`.

Every position is one of the ``.canvas`` file: a link in a text node sits where its characters
are written inside the JSON string (escapes such as ``\\n`` and ``\\u00e9`` counted as written);
a file node's link spans its ``file`` value. A file that is not JSON, or not shaped as a canvas
where links are read (the root an object; ``nodes`` and ``edges`` lists of objects; a node's
``type``, a text node's ``text``, a file node's ``file`` and ``subpath`` strings; a ``subpath``
starting with ``#``), gets an ``invalid-canvas`` finding with the reason and position; the
links of the well-shaped nodes still count. An empty file is an empty canvas. Pure; never
raises.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, untyped
from typing import Any, NamedTuple

from vaultkit.lines import LineTable
from vaultkit.notes.model import (
    FrontMatter,
    Link,
    LinkKind,
    LinkSyntax,
    Note,
    NoteFinding,
    Span,
)
from vaultkit.notes.tokenizer import tokenize

RULE = "invalid-canvas"
_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


class JStr(NamedTuple):
    """A JSON string value and where its literal lies (``start``: the opening quote,
    ``end``: just after the closing quote)."""

    value: str
    start: int
    end: int


class JObj(NamedTuple):
    """A JSON object: its members (the last of duplicate keys wins, as in JSON.parse) and the
    offset of its ``{``."""

    members: dict[str, Any]
    start: int


class JList(NamedTuple):
    items: list[Any]
    start: int


class JScalar(NamedTuple):
    """A number, ``true``, ``false`` or ``null``, and where it starts."""

    value: Any
    start: int


Located = JStr | JObj | JList | JScalar


def _skip(text: str, i: int) -> int:
    """The offset of the first character at or after ``i`` that is not JSON whitespace."""
    found = _SPACE.match(text, i)
    return i if found is None else found.end()


def _located(text: str, i: int) -> tuple[Located, int]:
    """The JSON value at offset ``i`` of ``text`` (already known to be valid JSON), every
    value carrying its offset; and the offset after it."""
    i = _skip(text, i)
    char = text[i]
    if char == '"':
        value, end = scanstring(text, i + 1)
        return JStr(value, i, end), end
    if char == "{":
        members: dict[str, Any] = {}
        start = i
        i = _skip(text, i + 1)
        while text[i] != "}":
            key, i = scanstring(text, i + 1)
            i = _skip(text, i) + 1  # past ':'
            members[key], i = _located(text, i)
            i = _skip(text, i)
            if text[i] == ",":
                i = _skip(text, i + 1)
        return JObj(members, start), i + 1
    if char == "[":
        items: list[Any] = []
        start = i
        i = _skip(text, i + 1)
        while text[i] != "]":
            item, i = _located(text, i)
            items.append(item)
            i = _skip(text, i)
            if text[i] == ",":
                i = _skip(text, i + 1)
        return JList(items, start), i + 1
    found = _SCALAR.match(text, i)
    if found is None:  # pragma: no cover - the text was checked to be JSON
        raise ValueError(f"unexpected {char!r} at offset {i}")
    return JScalar(json.loads(found.group()), i), found.end()


def _decoded(text: str, literal: JStr) -> tuple[str, list[int]]:
    """The string ``literal`` holds, line breaks as ``\\n`` only, and for each of its characters
    (and one past the end) the file offset where it is written."""
    chars: list[str] = []
    at: list[int] = []
    i, end = literal.start + 1, literal.end - 1
    while i < end:
        char = text[i]
        if char != "\\":
            chars.append(char)
            at.append(i)
            i += 1
            continue
        code = text[i + 1]
        if code != "u":
            chars.append({"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}.get(code, code))
            at.append(i)
            i += 2
            continue
        unit = int(text[i + 2 : i + 6], 16)
        step = 6
        if 0xD800 <= unit < 0xDC00 and text[i + 6 : i + 8] == "\\u":
            low = int(text[i + 8 : i + 12], 16)
            if 0xDC00 <= low < 0xE000:
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                step = 12
        chars.append(chr(unit))
        at.append(i)
        i += step
    at.append(end)
    if "\r" in chars:  # as normalize_breaks: '\r\n' and a lone '\r' become one '\n'
        kept_chars: list[str] = []
        kept_at: list[int] = []
        k = 0
        while k < len(chars):
            char = chars[k]
            kept_at.append(at[k])  # '\r\n' sits where its '\r' is written
            if char == "\r":
                char = "\n"
                if k + 1 < len(chars) and chars[k + 1] == "\n":
                    k += 1
            kept_chars.append(char)
            k += 1
        chars, at = kept_chars, [*kept_at, end]
    return "".join(chars), at


class _Canvas:
    """One canvas being read: its text, line table, links and findings."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.table = LineTable(text)
        self.links: list[Link] = []
        self.findings: list[NoteFinding] = []

    def span(self, start: int, end: int) -> Span:
        line, column = self.table.position(start)
        end_line, end_column = self.table.position(end)
        return Span(line, column, end_line, end_column)

    def problem(self, start: int, end: int, message: str) -> None:
        self.findings.append(NoteFinding(RULE, self.span(start, end), message))

    def read(self) -> None:
        text = self.text
        if not text.strip():
            return  # a new, empty canvas
        try:
            json.loads(text, parse_constant=_no_constant)
        except ValueError as exc:  # JSONDecodeError, or NaN/Infinity
            pos = getattr(exc, "pos", 0)
            line, column = self.table.position(min(pos, len(text)))
            reason = getattr(exc, "msg", str(exc))
            message = f"not valid JSON: {reason} at line {line}, column {column}"
            self.findings.append(NoteFinding(RULE, Span.point(line, column), message))
            return
        except RecursionError:
            message = "not valid JSON: nested too deeply"
            self.findings.append(NoteFinding(RULE, Span.point(), message))
            return
        root, _ = _located(text, 0)
        if not isinstance(root, JObj):
            self.problem(_start(root), _start(root) + 1, "a canvas is a JSON object")
            return
        for key in ("nodes", "edges"):
            value = root.members.get(key)
            if value is not None and not isinstance(value, JList):
                self.problem(_start(value), _start(value) + 1, f"'{key}' must be a list")
        nodes = root.members.get("nodes")
        if isinstance(nodes, JList):
            for node in nodes.items:
                self.node(node)
        edges = root.members.get("edges")
        if isinstance(edges, JList):
            for edge in edges.items:
                if not isinstance(edge, JObj):
                    self.problem(_start(edge), _start(edge) + 1, "an edge must be an object")

    def node(self, node: Any) -> None:
        if not isinstance(node, JObj):
            self.problem(_start(node), _start(node) + 1, "a node must be an object")
            return
        kind = node.members.get("type")
        if not isinstance(kind, JStr):
            at = node.start if kind is None else _start(kind)
            self.problem(at, at + 1, "a node needs a string 'type'")
            return
        if kind.value == "text":
            value = self.string(node, "text", required=True)
            if value is not None:
                self.text_node(value)
        elif kind.value == "file":
            file = self.string(node, "file", required=True)
            subpath = self.string(node, "subpath", required=False)
            if file is not None:
                self.file_node(file, subpath)

    def string(self, node: JObj, key: str, *, required: bool) -> JStr | None:
        value = node.members.get(key)
        if isinstance(value, JStr):
            return value
        if value is not None or required:
            at = node.start if value is None else _start(value)
            kind = node.members["type"].value
            self.problem(at, at + 1, f"a {kind} node needs a string '{key}'")
        return None

    def text_node(self, literal: JStr) -> None:
        decoded, at = _decoded(self.text, literal)
        tokens = tokenize(decoded)
        if not tokens.links and not tokens.findings:
            return
        lines = LineTable(decoded)

        def moved(span: Span) -> Span:
            start = at[lines.offset(span.line, span.column)]
            end = at[lines.offset(span.end_line, span.end_column)]
            return self.span(start, end)

        for link in tokens.links:
            target = link.target_span
            self.links.append(
                link._replace(
                    span=moved(link.span), target_span=None if target is None else moved(target)
                )
            )
        self.findings.extend(found._replace(span=moved(found.span)) for found in tokens.findings)

    def file_node(self, file: JStr, subpath: JStr | None) -> None:
        tail = ""
        if subpath is not None and subpath.value:
            if subpath.value.startswith("#"):
                tail = subpath.value
            else:
                self.problem(subpath.start, subpath.end, "a 'subpath' starts with '#'")
        span = self.span(file.start, file.end)
        raw = self.text[file.start : file.end]
        self.links.append(
            Link(LinkKind.LINK, LinkSyntax.CANVAS, file.value, tail, None, span, raw, None, span)
        )


def _start(value: Located) -> int:
    return value.start


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def parse_canvas(path: str, text: str) -> Note:
    """The Note of the canvas ``path`` with contents ``text`` (BOM removed): its links in file
    order and its ``invalid-canvas`` (and ``table-pipe``) findings; no front matter."""
    canvas = _Canvas(path, text)
    try:
        canvas.read()
    except Exception as exc:  # a bug must not stop the run: report it on this file instead
        failure = NoteFinding(
            "parser-error", Span.point(), f"vaultkit could not parse this canvas: {exc!r}"
        )
        return Note(path=path, frontmatter=FrontMatter(), findings=(failure,))
    links = sorted(canvas.links, key=lambda link: (link.span.line, link.span.column))
    findings = sorted(canvas.findings, key=lambda f: (f.span.line, f.span.column))
    return Note(path=path, frontmatter=FrontMatter(), links=tuple(links), findings=tuple(findings))
