"""Markdown read through mistune, with each top-level block mapped back to its source lines.

mistune 3's AST carries no positions. A small BlockState subclass records the parser's cursor
whenever a top-level token is created, so every block knows the exact source line range it
came from; format modules then take definitions verbatim from those lines instead of
re-rendering the AST.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import mistune
from mistune.core import BlockState

from vaultkit.lines import LineTable


class _PosState(BlockState):
    """Records, for every top-level token, the cursor position where it began.

    The top-level parser assigns ``cursor`` after each block; tokens that appear between two
    assignments began where the previous new token ended (a token that replaced others, like
    a definition list absorbing its head paragraph, inherits their start).
    """

    def __init__(self, parent: Any = None) -> None:
        self._cursor = 0
        self.starts: dict[int, int] = {}
        self._keep: list[Any] = []  # keeps replaced tokens alive so their ids stay unique
        self._boundary = 0  # the cursor right after the last snapshot that saw new tokens
        self._known = 0  # tokens seen at the last snapshot
        self._tail: list[int] = []  # ids of the last few of them (rules only touch the end)
        super().__init__(parent)

    @property
    def cursor(self) -> int:
        return self._cursor

    @cursor.setter
    def cursor(self, value: int) -> None:
        at_top = getattr(self, "parent", 1) is None and hasattr(self, "tokens")
        if at_top and self._snapshot(self._boundary):
            self._boundary = value
        self._cursor = value

    def _snapshot(self, before: int) -> bool:
        window = self.tokens[max(0, self._known - 3) :]
        present = {id(token) for token in window}
        removed = [i for i in self._tail if i not in present]
        fresh = [token for token in window if id(token) not in self.starts]
        inherited = [self.starts[r] for r in removed if r in self.starts]
        first = min([before, *inherited])
        positions = self._split(first, fresh) if len(fresh) > 1 else [first]
        for token, position in zip(fresh, positions, strict=False):
            self.starts[id(token)] = position
            self._keep.append(token)
        self._known = len(self.tokens)
        self._tail = [id(token) for token in self.tokens[-3:]]
        return bool(fresh) or bool(removed)

    def _split(self, begin: int, fresh: list[Any]) -> list[int]:
        """Starts of several tokens created by one rule (a list that also parsed what ends it)."""
        positions = [begin]
        pos = begin
        for token in fresh[1:]:
            kind = token.get("type", "")
            if kind == "blank_line":
                positions.append(positions[-1])
                continue
            shape = _SHAPES.get(kind, _ANY)
            scan = self.src.find("\n", pos) + 1
            while 0 < scan < len(self.src):
                stop = self.src.find("\n", scan)
                line = self.src[scan : stop if stop >= 0 else None]
                if line.strip() and shape.match(line):
                    pos = scan
                    break
                if stop < 0:
                    break
                scan = stop + 1
            positions.append(pos)
        return positions

    def start_of(self, token: Any) -> int | None:
        return self.starts.get(id(token))


_SHAPES = {
    "list": re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)"),
    "block_quote": re.compile(r" {0,3}>"),
    "heading": re.compile(r" {0,3}#"),
    "block_code": re.compile(r" {0,3}(?:```|~~~)| {4}"),
    "table": re.compile(r".*\|"),
    "thematic_break": re.compile(r" {0,3}(?:[-*_][ \t]*){3,}$"),
}
_ANY = re.compile(r" {0,3}\S")

_MARKDOWN = mistune.create_markdown(
    renderer=None, plugins=["table", "def_list", "strikethrough", "math", "footnotes"]
)


@dataclass(frozen=True, slots=True)
class Block:
    """A top-level Markdown block: its AST token and its 1-based inclusive line range."""

    type: str
    token: dict[str, Any]
    start: int
    end: int
    lines: tuple[str, ...]  # the source lines start..end

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def inline_text(token: dict[str, Any] | list[Any]) -> str:
    """The plain text of an inline token tree (emphasis and code markers dropped)."""
    if isinstance(token, list):
        return "".join(inline_text(child) for child in token)
    if "children" in token:
        return inline_text(token["children"])
    if token.get("type") in {"softbreak", "linebreak"}:
        return " "
    return str(token.get("raw", ""))


_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}[ \t][^\n]*", re.MULTILINE)
_SPACE_RUN = re.compile(r"[ \t]{2,}")


def _tight_headings(text: str) -> str:
    """``text`` with each run of spaces inside an ATX heading line made one space: the heading
    says the same, and mistune's heading pattern takes time quadratic in such a run (a line of
    50,000 spaces took 24 s). Line numbers do not move."""
    return _HEADING_LINE.sub(lambda m: _SPACE_RUN.sub(" ", m.group(0)), text)


def parse_blocks(text: str) -> list[Block]:
    """Top-level blocks of ``text`` (LF line endings expected), blank lines dropped."""
    source = _tight_headings(text if text.endswith("\n") else text + "\n")
    state = _PosState()
    state.process(source)
    _MARKDOWN.block.parse(state)
    state.cursor = state.cursor  # final snapshot
    tokens: list[dict[str, Any]] = list(state.tokens)
    starts: list[int] = []
    for token in tokens:  # positions never go back (a safety net; they should not)
        found = state.start_of(token)
        starts.append(max(found if found is not None else 0, starts[-1] if starts else 0))
    line_of = LineTable(source).position
    all_lines = source.split("\n")
    blocks: list[Block] = []
    previous_last = 0
    for index, token in enumerate(tokens):
        begin = starts[index]
        finish = next(
            (
                starts[later]
                for later in range(index + 1, len(tokens))
                if tokens[later].get("type") != "blank_line"
            ),
            len(source),
        )
        first = line_of(begin)[0]
        last = line_of(max(begin, finish - 1))[0]
        while last > first and not all_lines[last - 1].strip():
            last -= 1
        first = max(first, previous_last + 1)  # safety net for rules that emit several blocks
        last = max(last, first)
        if token.get("type") == "blank_line" or first > len(all_lines):
            continue
        previous_last = last
        node = dict(token)
        if node.get("type") in {"paragraph", "heading"} and "text" in node:
            node["children"] = _MARKDOWN.inline(node.pop("text"), state.env)
        blocks.append(
            Block(str(node.get("type")), node, first, last, tuple(all_lines[first - 1 : last]))
        )
    return blocks
