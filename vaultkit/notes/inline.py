"""The inline pass: the tokens inside one paragraph, heading, list item or table cell.

It jumps between "interesting" characters with one compiled regex and finds wikilinks and embeds
(tried first, so whatever starts first wins), Markdown links and images, code spans, ``$`` math,
``%%`` comments (their content is still tokenized), HTML comments and inline tags, escapes, body
tags and block ids. The line pass (:mod:`.blocks`) hands it one segment at a time, in text order.
Every search that could repeat over the same text is cached, so unclosed ``[[``, backtick runs,
``$`` and comments stay linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from sys import intern

from vaultkit.lines import LineTable
from vaultkit.notes.linktext import EMBED_SIZE, decode_uri, link_parts, split_bar
from vaultkit.notes.model import (
    Block,
    Comment,
    Link,
    LinkKind,
    LinkSyntax,
    Span,
    Tag,
    new_record,
)
from vaultkit.notes.references import References
from vaultkit.text import clean_string

_INTERESTING = re.compile(r"!\[|[\[`$%<\\#^]")
_BACKTICKS = re.compile(r"`+")
_MD_TEXT = re.compile(r"\[([^\[\]]*)\]\(")
_BRACKET = re.compile(r"[\[\]\\]")
_D = r"(?:[^\s()\\]|\\\S|\\(?=\s|$))"
_MD_DEST = re.compile(rf"<([^<>\n\\]*(?:\\.[^<>\n\\]*)*)>|((?:{_D}|\((?:{_D})*\))*)")
_WS_NL = re.compile(r"[ \t]*\n?[ \t]*")
_TITLE = re.compile(r"\"[^\"]*\"|'[^']*'|\([^()]*\)")
_TAG = re.compile(r"#([^\s\u2000-\u206F\u2E00-\u2E7F'!\"#$%&()*+,.:;<=>?@^`{|}~\[\]\\]+)")
_DIGITS = re.compile(r"[0-9]+")
BLOCK_ID = re.compile(r"\^([A-Za-z0-9-]+)[ \t]*")  # also the whole lazy line after a quote
_DOLLAR_CLOSE = re.compile(r"(?<=[^\s\\$])\$(?![$0-9])")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|//")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
HTML_ATTRIBUTE = (  # one attribute of an HTML tag, shared with the block pass
    r"(?:[ \t\n]+[A-Za-z_:][A-Za-z0-9_.:-]*"
    r"(?:[ \t\n]*=[ \t\n]*(?:[^ \t\n\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)"
)
_INLINE_HTML = re.compile(
    rf"<[A-Za-z][A-Za-z0-9-]*{HTML_ATTRIBUTE}*[ \t\n]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t\n]*>"
    r"|<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>"
)
_SIMPLE_WIKI = re.compile(r"\[\[([^\[\]\\\n]+)\]\]")

LINK, EMBED, WIKI = LinkKind.LINK, LinkKind.EMBED, LinkSyntax.WIKI

# segment kinds: block ids are read at the end of root paragraphs and list items only
ROOT, LIST_ITEM, QUOTED, NO_BLOCK_IDS = 0, 1, 2, 3


def _skip_ws(text: str, pos: int, end: int) -> int:
    """Past spaces and tabs with at most one line break."""
    found = _WS_NL.match(text, pos, end)
    return found.end() if found else pos


class InlinePass:
    """Scans segments of one text, in text order, into the lists it is given."""

    def __init__(
        self,
        text: str,
        table: LineTable,
        *,
        links: list[Link],
        tags: list[Tag],
        block_ids: list[Block],
        comments: list[Comment],
    ) -> None:
        self.text = text
        self.table = table
        self.starts = table.starts  # read directly where a lookup per token counts
        self.links = links
        self.tags = tags
        self.block_ids = block_ids
        self.comments = comments
        self.comment_open = -1  # offset of an open '%%', or -1
        self._far: dict[str, tuple[int, int]] = {}  # whole-text searches: needle -> (from, found)
        self.references: References | None = None  # see read_references
        self.unread: list[tuple[int, int]] | None = None  # where no link is read (if asked)
        self._kind = ROOT
        self._reset_segment()

    def read_references(self) -> None:
        """Also read reference links and their definitions (:mod:`.references`): segments are
        then scanned by :meth:`scan_with_references`, and :meth:`finish` adds the links."""
        self.references = References(self.text)

    def scan_with_references(self, start: int, end: int, kind: int) -> int:
        """:meth:`scan`, after the definitions that open a paragraph or list item."""
        if kind <= QUOTED and self.comment_open < 0:
            assert self.references is not None
            start = self.references.definitions_at(start, end)
            if start >= end:
                return end
        self._kind = kind
        return InlinePass.scan(self, start, end, kind)  # the plain scan: self.scan is this

    def finish(self) -> None:
        """Record a ``%%`` comment still open at the end of the text (it runs to the end), and
        the reference links whose definitions the text holds."""
        if self.comment_open >= 0:
            start = self.comment_open
            self.comments.append(Comment(self.text[start + 2 :], self.span(start, len(self.text))))
            self.comment_open = -1
        if self.references is not None:
            self.links.extend(self.references.links(self.span))

    # ------------------------------------------------------------ positions

    def span(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]``."""
        starts = self.starts
        index = bisect_right(starts, start) - 1
        first = starts[index]
        if end < starts[index + 1]:  # the usual case: on one line
            return new_record(Span, (index + 1, start - first + 1, index + 1, end - first + 1))
        end_line, end_column = self.table.position(end)
        return new_record(Span, (index + 1, start - first + 1, end_line, end_column))

    def _find_far(self, needle: str, start: int) -> int:
        """``text.find(needle, start)`` for non-decreasing starts, amortized linear."""
        cached = self._far.get(needle)
        if cached is not None and cached[0] <= start and (cached[1] < 0 or cached[1] >= start):
            return cached[1]
        found = self.text.find(needle, start)
        self._far[needle] = (start, found)
        return found

    # ------------------------------------------------------------ scanning

    def _reset_segment(self) -> None:
        """Search caches; segments come in increasing order, so stale entries fail their checks."""
        self._runs: dict[int, list[int]] = {}
        self._runs_at = -1  # the segment start _runs belongs to
        self._eol = -1
        self._close_from = -1
        self._close_at = -1
        self._close_eol = -1
        self._dollar_from = -1
        self._dollar_at = -1
        self._dollar_end = -1
        self._pairs: dict[int, int] = {}
        self._pairs_at = -1  # the segment start _pairs and _next belong to
        self._next: dict[str, int] = {}  # token -> its first place at or after the last query

    def scan(self, start: int, end: int, kind: int) -> int:
        """Tokenize ``text[start:end]``; returns where scanning stopped (> end: a token ran on)."""
        text = self.text
        self._segment = start
        search = _INTERESTING.search
        pos = start
        last = start  # end of the previous inline token: tags and block ids may start there
        while True:
            m = search(text, pos, end)
            if m is None:
                return end
            pos = m.start()
            ch = text[pos]
            if ch in "[!":
                embed = ch == "!"
                b = pos + 1 if embed else pos
                if text.startswith("[[", b):
                    stop = self._wikilink(pos, b, end, embed)
                    if stop:
                        pos = last = stop
                        continue
                stop = self._mdlink(pos, b, end, embed)
                if stop:
                    pos = last = stop
                    continue
                if self.references is not None and self.comment_open < 0:
                    task = b == start and self._kind == LIST_ITEM
                    self.references.use_at(pos, b, end, embed, task)
                pos = b + 1
            elif ch == "`":
                stop = self._code(pos, end)
                if stop < 0:
                    pos = -stop
                else:
                    if self.unread is not None:
                        self.unread.append((pos, stop))
                    pos = last = stop
            elif ch == "\\":
                if pos + 1 < end and text[pos + 1] in _PUNCT:
                    pos = last = pos + 2
                else:
                    pos += 1
            elif ch == "#":
                if pos in (start, last) or text[pos - 1].isspace():
                    tag = _TAG.match(text, pos, end)
                    if tag is not None:
                        name = tag.group(1)
                        if not _DIGITS.fullmatch(name):
                            self.tags.append(new_record(Tag, (name, self.span(pos, tag.end()))))
                        pos = tag.end()
                        continue
                pos += 1
            elif ch == "%":
                if text.startswith("%%", pos):
                    self._percent(pos)
                    pos = last = pos + 2
                else:
                    pos += 1
            elif ch == "$":
                stop = self._math(pos, end)
                if stop < 0:
                    pos = -stop
                else:
                    if self.unread is not None:
                        self.unread.append((pos, stop))
                    pos = last = stop
                    if stop > end:
                        return stop
            elif ch == "<":
                if text.startswith("<!--", pos):
                    stop = self._html_comment(pos)
                    if self.unread is not None:
                        self.unread.append((pos, stop))
                    if stop > end:
                        return stop
                    pos = last = stop
                    continue
                tag_m = _INLINE_HTML.match(text, pos, end)
                if tag_m is not None:
                    pos = last = tag_m.end()
                else:
                    pos += 1
            else:  # '^'
                if kind <= LIST_ITEM and (pos in (start, last) or text[pos - 1].isspace()):
                    block = BLOCK_ID.match(text, pos, end)
                    if block is not None and block.end() == end:
                        name = block.group(1)
                        self.block_ids.append(
                            Block(name.lower(), self.span(pos, pos + 1 + len(name)))
                        )
                        return end
                pos += 1

    def _wikilink(self, start: int, b: int, end: int, embed: bool) -> int:
        text = self.text
        inner_at = b + 2
        simple = _SIMPLE_WIKI.match(text, b, end)
        if simple is not None:  # most links: no brackets, backslash or line break inside
            close = simple.end() - 2
        else:
            if self._eol < b:
                eol = text.find("\n", b, end)
                self._eol = end if eol < 0 else eol
            eol = self._eol
            q = b + 3
            if (
                self._close_eol == eol
                and self._close_from <= q
                and (self._close_at < 0 or self._close_at >= q)
            ):
                close = self._close_at
            else:
                close = text.find("]]", q, eol)
                self._close_from, self._close_at, self._close_eol = q, close, eol
            if close < 0:
                return 0
            if text.find("[[", inner_at, close) >= 0:
                return 0
        inner = text[inner_at:close]
        stripped = inner.strip()
        if not stripped:
            return 0
        target, display = split_bar(stripped)
        path, subpath, display = link_parts(target, display, embed)
        path = intern(path)  # one object per name: resolving compares by identity first
        stop = close + 2
        lead = len(inner) - len(inner.lstrip())
        # a wikilink never crosses a line: one lookup gives both spans
        index = bisect_right(self.starts, start) - 1
        shift = 1 - self.starts[index]
        line = index + 1
        target_at = inner_at + lead + shift
        self.links.append(
            new_record(
                Link,
                (
                    EMBED if embed else LINK,
                    WIKI,
                    path,
                    subpath,
                    display,
                    new_record(Span, (line, start + shift, line, stop + shift)),
                    text[start:stop],
                    None,
                    new_record(Span, (line, target_at, line, target_at + len(target))),
                ),
            )
        )
        return stop

    def _mdlink(self, start: int, b: int, end: int, embed: bool) -> int:
        text = self.text
        label = _MD_TEXT.match(text, b, end)
        if label is not None:
            label_end = label.end(1)
        else:
            label_end = self._nested_label(b, end)
            if label_end < 0:
                return 0
        p = _skip_ws(text, label_end + 2, end)
        dest = _MD_DEST.match(text, p, end)
        if dest is None:
            return 0
        angle = dest.group(1)
        raw_dest = angle if angle is not None else dest.group(2)
        q = dest.end()
        ws = _skip_ws(text, q, end)
        if q < ws < end and text[ws] in "\"'(":
            title = _TITLE.match(text, ws, end)
            if title is None:
                return 0
            q = _skip_ws(text, title.end(), end)
        else:
            q = ws
        if q >= end or text[q] != ")":
            return 0
        stop = q + 1
        if not raw_dest or _SCHEME.match(raw_dest):  # '[e]()' and external URLs: not links
            return stop
        decoded = decode_uri(_ESCAPED.sub(r"\1", raw_dest))
        if decoded is None:
            return stop
        path, sep, rest = clean_string(decoded).partition("#")
        display: str | None = text[b + 1 : label_end].strip()
        if embed and display:
            head, bar, last = display.rpartition("|")
            if bar and EMBED_SIZE.fullmatch(last):
                display = head.strip()
        self.links.append(
            Link(
                kind=LinkKind.EMBED if embed else LinkKind.LINK,
                syntax=LinkSyntax.MARKDOWN,
                path=path,
                subpath=f"#{rest}" if sep else "",
                display=display,
                span=self.span(start, stop),
                raw=text[start:stop],
                target_span=self.span(dest.start(), dest.end()),
            )
        )
        return stop

    def _nested_label(self, b: int, end: int) -> int:
        """The closing ``]`` of a link text whose brackets nest (``[a [b] c](x.md)``), or -1.

        Brackets pair as CommonMark pairs them (an escaped one does not count). A text that
        holds a link of its own, a wikilink or a code span is left to the rest of the scan
        (links do not nest; code spans outrank brackets)."""
        first = _BRACKET.search(self.text, b + 1, end)
        if first is None or self.text[first.start()] == "]":
            return -1  # no nesting and no escape: the label the pattern read was all there was
        if self._pairs_at != self._segment:
            self._pairs = self._bracket_pairs(self._segment, end)
            self._next = {}
            self._pairs_at = self._segment
        close = self._pairs.get(b, -1)
        if close < 0 or not self.text.startswith("](", close):
            return -1
        for inner in ("](", "[[", "`"):
            if self._next_at(inner, b, end) < close:
                return -1
        return close

    def _next_at(self, token: str, b: int, end: int) -> int:
        """The first ``token`` at or after ``b`` (``end`` if none). Queries of a segment come
        in increasing order, so a place found stays the answer until ``b`` passes it: the
        segment is searched once per token, however many link texts nest."""
        known = self._next.get(token, -1)
        if known < b:
            known = self.text.find(token, b, end)
            known = self._next[token] = end if known < 0 else known
        return known

    def _bracket_pairs(self, start: int, end: int) -> dict[int, int]:
        """Each ``[`` of ``text[start:end]`` that a ``]`` closes -> that ``]``, in one pass."""
        text = self.text
        pairs: dict[int, int] = {}
        opened: list[int] = []
        escaped = -1
        for found in _BRACKET.finditer(text, start, end):
            at = found.start()
            if at == escaped:
                continue
            char = text[at]
            if char == "\\":
                escaped = at + 1
            elif char == "[":
                opened.append(at)
            elif opened:
                pairs[opened.pop()] = at
        return pairs

    def _code(self, pos: int, end: int) -> int:
        """End of the code span opening at ``pos``; ``-after_run`` when the run is literal."""
        text = self.text
        run = _BACKTICKS.match(text, pos, end)
        assert run is not None
        length = run.end() - pos
        if self._runs_at != self._segment:
            self._runs = {}
            self._runs_at = self._segment
            for other in _BACKTICKS.finditer(text, pos, end):
                self._runs.setdefault(other.end() - other.start(), []).append(other.start())
        candidates = self._runs.get(length, [])
        k = bisect_left(candidates, run.end())
        if k < len(candidates):
            return candidates[k] + length
        return -run.end()

    def _percent(self, pos: int) -> None:
        if self.comment_open < 0:
            self.comment_open = pos
            return
        start = self.comment_open
        self.comment_open = -1
        self.comments.append(Comment(self.text[start + 2 : pos], self.span(start, pos + 2)))

    def _math(self, pos: int, end: int) -> int:
        """End of the math starting at ``pos``; ``-next`` when the '$' is literal."""
        text = self.text
        if text.startswith("$$", pos):
            close = self._find_far("$$", pos + 2)
            return close + 2 if close >= 0 else -(pos + 2)
        if pos + 1 >= end or text[pos + 1].isspace():
            return -(pos + 1)
        q = pos + 1
        if (
            self._dollar_end == end
            and 0 <= self._dollar_from <= q
            and (self._dollar_at < 0 or self._dollar_at >= q + 1)
        ):
            close = self._dollar_at
        else:
            found = _DOLLAR_CLOSE.search(text, q + 1, end)
            close = found.start() if found else -1
            self._dollar_from, self._dollar_at, self._dollar_end = q, close, end
        if close < 0:
            return -(pos + 1)
        return close + 1

    def _html_comment(self, pos: int) -> int:
        text = self.text
        if text.startswith("<!-->", pos):
            return pos + 5
        if text.startswith("<!--->", pos):
            return pos + 6
        close = self._find_far("-->", pos + 4)
        return len(text) + 1 if close < 0 else close + 3
