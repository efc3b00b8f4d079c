"""Reference-style Markdown links: ``[text][label]``, ``[label][]``, ``[label]`` and the
``[label]: destination "title"`` definitions they take their destination from (CommonMark).

- A definition starts a paragraph (also in a quote or list item) and may be followed by more
  definitions, then by the paragraph's text; it is not rendered, so nothing in it is a link or
  a tag. Label, destination and an optional title sit on one line; a title may also be the whole
  next line. The first definition of a label wins.
- Labels match case-insensitively (Unicode case folding) with inner whitespace collapsed, and a
  definition may come after its use: uses are collected while the note is scanned and matched
  once it has been read (:meth:`References.links`).
- ``[^1]`` is a footnote, not a reference, and a task's ``[ ]``/``[x]`` is not one either.
- Nothing inside code, math or comments (HTML or ``%%``) is a use or a definition.

A use whose label has a definition is a link (an embed for ``![alt][label]``) read from the
destination exactly as an inline ``[text](destination)`` is: external URLs and an empty
destination are not links. Its ``target_span`` is where the destination is written, in the
definition. Uses and definitions are read only in a note in which a paragraph opens with
``[...]:`` (:func:`vaultkit.notes.tokenizer.tokenize` reads such a note a second time), so other
notes pay nothing.

Evidence: what Obsidian's metadata cache records for reference links could not be established.
The issue and page corpora (Obsidian forum threads, obsidian-api issues, plugin trackers) and the
obsidian-tasks metadata snapshots (reference obsidian-links.md, source OTD) hold no observation of
one; Obsidian's Reading view renders them as links (it renders CommonMark). vaultkit counts them
as links, as issue 14 asks; an app check (``metadataCache.getFileCache(file).links`` of a note
with ``[a][r]`` and ``[r]: Note.md``) would settle it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from vaultkit.notes.linktext import EMBED_SIZE, decode_uri
from vaultkit.notes.model import Link, LinkKind, LinkSyntax, Span
from vaultkit.text import clean_string

_LABEL = r"\[((?:[^\[\]\\]|\\.){0,999})\]"
_DEFINITION = re.compile(
    rf"[ ]{{0,3}}{_LABEL}:[ \t]*\n?[ \t>]*(?:<([^<>\n]*)>|([^\s<][^\s]*))"
    r"(?:[ \t]+(?P<title>\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*(?:\n|$)"
)
_TITLE_LINE = re.compile(r"[ \t>]*(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\))[ \t]*(?:\n|$)")
_USE = re.compile(rf"{_LABEL}(?:{_LABEL})?")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|//")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def label_key(label: str) -> str:
    """The key two labels match on: case-folded, inner whitespace collapsed, trimmed."""
    return " ".join(label.split()).casefold()


class Definition(NamedTuple):
    destination: str  # as written (inside '<...>' for the angle form)
    start: int  # offsets of the destination in the text
    end: int


class Use(NamedTuple):
    start: int  # of '[' (or '!' for an image)
    stop: int  # after the last ']'
    key: str
    text: str  # the link text, as written
    embed: bool


class References:
    """The definitions and candidate uses of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.definitions: dict[str, Definition] = {}
        self.uses: list[Use] = []

    def definitions_at(self, start: int, end: int) -> int:
        """Read the definitions that open the paragraph ``text[start:end]``; returns where its
        text begins (``end`` when the paragraph is all definitions)."""
        text = self.text
        pos = start
        while True:
            found = _DEFINITION.match(text, pos, end)
            if found is None:
                return pos
            label = found.group(1)
            if not label.strip() or label.startswith("^"):
                return pos  # a blank label is no label; '[^1]:' is a footnote
            angle = found.group(2)
            group = 2 if angle is not None else 3
            at = found.end()
            if found.group("title") is None and text[at - 1 : at] == "\n":
                title = _TITLE_LINE.match(text, at, end)  # the title on the next line
                if title is not None:
                    at = title.end()
            self.definitions.setdefault(
                label_key(label),
                Definition(found.group(group), found.start(group), found.end(group)),
            )
            pos = at
            if pos >= end:
                return end

    def use_at(self, start: int, b: int, end: int, embed: bool, task: bool) -> None:
        """Note the brackets at ``b`` (``start``: the '!' of an image) as a possible use;
        ``task``: a list item's first brackets, which may be its task marker."""
        found = _USE.match(self.text, b, end)
        if found is None:
            return
        text, label = found.group(1), found.group(2)
        if text.startswith("^") and label is None:
            return  # a footnote reference
        after = self.text[found.end() : found.end() + 1]
        if task and label is None and len(text) == 1 and after in " \t":
            return  # '- [ ] task' / '- [x] done'
        key = label_key(label if label else text)
        if key:
            self.uses.append(Use(start, found.end(), key, text, embed))

    def links(self, span: Callable[[int, int], Span]) -> list[Link]:
        """The uses whose label has a definition, as links (left to right; a use that starts
        inside an earlier link's brackets is part of that link)."""
        out: list[Link] = []
        if not self.definitions:
            return out
        taken = -1
        for use in self.uses:
            if use.start < taken:
                continue
            definition = self.definitions.get(use.key)
            if definition is None:
                continue
            taken = use.stop
            link = self._link(use, definition, span)
            if link is not None:
                out.append(link)
        return out

    def _link(
        self, use: Use, definition: Definition, span: Callable[[int, int], Span]
    ) -> Link | None:
        raw_dest = definition.destination
        if not raw_dest or _SCHEME.match(raw_dest):  # as '[e]()' and external URLs
            return None
        decoded = decode_uri(_ESCAPED.sub(r"\1", raw_dest))
        if decoded is None:
            return None
        path, sep, rest = clean_string(decoded).partition("#")
        display: str | None = use.text.strip()
        if use.embed and display:
            head, bar, last = display.rpartition("|")
            if bar and EMBED_SIZE.fullmatch(last):
                display = head.strip()
        return Link(
            kind=LinkKind.EMBED if use.embed else LinkKind.LINK,
            syntax=LinkSyntax.REFERENCE,
            path=path,
            subpath=f"#{rest}" if sep else "",
            display=display,
            span=span(use.start, use.stop),
            raw=self.text[use.start : use.stop],
            target_span=span(definition.start, definition.end),
        )
