"""A purpose-built, single-pass scanner of a note body, as Obsidian's metadata parser sees it.

Two levels, both left to right and linear in the input:

* a line pass finds block structure: fenced and indented code, HTML blocks (skipped), ATX and
  setext headings (recorded when root-level), block quotes and callouts, list items, GFM tables
  (split into cells; an unescaped ``|`` inside a wikilink is a ``table-pipe`` finding) and
  paragraphs;
* an inline pass over each paragraph, heading, list item or cell jumps between "interesting"
  characters with one compiled regex and finds wikilinks/embeds (tried first, so whatever starts
  first wins), Markdown links and images, code spans, ``$`` math, ``%%`` comments (their content is
  still tokenized), HTML comments and inline tags, escapes, body tags and block ids.

Input is text whose line breaks are all ``\\n`` (parse.py normalizes ``\\r\\n`` and ``\\r``, which
keeps every line and column). Every search that could repeat over the same text is cached, so
unclosed ``[[``, backtick runs, ``$`` and comments stay linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from sys import intern

from vaultkit.lines import LineTable
from vaultkit.notes.model import (
    Block,
    Comment,
    Heading,
    Link,
    LinkKind,
    LinkSyntax,
    NoteFinding,
    Span,
    Tag,
    new_record,
)
from vaultkit.text import clean_string

# ---------------------------------------------------------------- link text helpers

_SIZE = re.compile(r"\s*\d+\s*(?:x\s*\d+\s*)?")
_HEX = frozenset("0123456789abcdefABCDEF")
_URI_RESERVED = frozenset(";/?:@&=+$,#")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:|//")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def split_wikilink(inner: str, embed: bool) -> tuple[str, str, str | None] | None:
    """(path, subpath, display) of the text between ``[[`` and ``]]``; None when not a link."""
    inner = inner.strip()
    if not inner:
        return None
    target, display = _split_bar(inner)
    return _link_parts(target, display, embed)


def _split_bar(stripped: str) -> tuple[str, str | None]:
    """Target and display text of a stripped wikilink body ('|' first does not count)."""
    bar = stripped.find("|")
    if bar > 0:
        return stripped[:bar].rstrip(), stripped[bar + 1 :].strip()
    return stripped, None


def _link_parts(target: str, display: str | None, embed: bool) -> tuple[str, str, str | None]:
    """(path, subpath, display) from a link's target and display text."""
    if target.endswith("\\"):
        target = target[:-1]
    if embed and display is not None:
        head, sep, last = display.rpartition("|")
        if _SIZE.fullmatch(last):
            display = head.strip() if sep else None
    path, sep, rest = clean_string(target).partition("#")
    return path, (f"#{rest}" if sep else ""), display


def decode_uri(text: str) -> str | None:
    """JavaScript's decodeURI: reserved characters stay escaped; None where decodeURI throws."""
    if "%" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = text.find("%", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        byte = _hex_byte(text, j)
        if byte is None:
            return None
        if byte < 0x80:
            char = chr(byte)
            out.append(text[j : j + 3] if char in _URI_RESERVED else char)
            i = j + 3
            continue
        if byte & 0xE0 == 0xC0:
            count = 2
        elif byte & 0xF0 == 0xE0:
            count = 3
        elif byte & 0xF8 == 0xF0:
            count = 4
        else:
            return None
        data = [byte]
        p = j + 3
        for _ in range(count - 1):
            nxt = _hex_byte(text, p)
            if nxt is None or nxt & 0xC0 != 0x80:
                return None
            data.append(nxt)
            p += 3
        try:
            out.append(bytes(data).decode("utf-8"))
        except UnicodeDecodeError:
            return None
        i = p
    return "".join(out)


def _hex_byte(text: str, at: int) -> int | None:
    if text[at : at + 1] != "%":
        return None
    pair = text[at + 1 : at + 3]
    if len(pair) != 2 or pair[0] not in _HEX or pair[1] not in _HEX:
        return None
    return int(pair, 16)


# ---------------------------------------------------------------- inline grammar

_INTERESTING = re.compile(r"!\[|[\[`$%<\\#^]")
_BACKTICKS = re.compile(r"`+")
_MD_TEXT = re.compile(r"\[([^\[\]]*)\]\(")
_D = r"(?:[^\s()\\]|\\\S|\\(?=\s|$))"
_MD_DEST = re.compile(rf"<([^<>\n\\]*(?:\\.[^<>\n\\]*)*)>|((?:{_D}|\((?:{_D})*\))*)")
_WS_NL = re.compile(r"[ \t]*\n?[ \t]*")
_TITLE = re.compile(r"\"[^\"]*\"|'[^']*'|\([^()]*\)")
_TAG = re.compile(r"#([^\s\u2000-\u206F\u2E00-\u2E7F'!\"#$%&()*+,.:;<=>?@^`{|}~\[\]\\]+)")
_DIGITS = re.compile(r"[0-9]+")
_BLOCK_ID = re.compile(r"\^([A-Za-z0-9-]+)[ \t]*")
_DOLLAR_CLOSE = re.compile(r"(?<=[^\s\\$])\$(?![$0-9])")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ATTR = (
    r"(?:[ \t\n]+[A-Za-z_:][A-Za-z0-9_.:-]*"
    r"(?:[ \t\n]*=[ \t\n]*(?:[^ \t\n\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)"
)
_INLINE_HTML = re.compile(
    rf"<[A-Za-z][A-Za-z0-9-]*{_ATTR}*[ \t\n]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t\n]*>"
    r"|<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>"
)
_PIPE = re.compile(r"(?<!\\)\|")
_SIMPLE_WIKI = re.compile(r"\[\[([^\[\]\\\n]+)\]\]")

# ---------------------------------------------------------------- block grammar

_BLOCK_CHARS = frozenset(" \t>#`~-*+_=0123456789<|$")
_QUOTE = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_FENCE = re.compile(r"`{3,}|~{3,}")
_ATX = re.compile(r"#{1,6}(?=[ \t]|$)")
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*$")
_THEMATIC = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_LIST = re.compile(r"(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]|$)")
_DELIM = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_HTML_RAW = re.compile(r"<(script|pre|style|textarea)(?=[\s>]|$)", re.IGNORECASE)
_HTML_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
    "dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|"
    "header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|"
    "param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
_HTML_BLOCK = re.compile(rf"</?(?:{_HTML_TAGS})(?=[ \t/>]|$)", re.IGNORECASE)
_HTML_LONE_TAG = re.compile(
    rf"(?:<[A-Za-z][A-Za-z0-9-]*{_ATTR}*[ \t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$"
)

LINK, EMBED, WIKI = LinkKind.LINK, LinkKind.EMBED, LinkSyntax.WIKI

# paragraph kinds: block ids are read at the end of root paragraphs and list items only
_ROOT, _LIST_ITEM, _QUOTED, _NO_BLOCK_IDS = 0, 1, 2, 3


@dataclass
class Tokens:
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    findings: list[NoteFinding] = field(default_factory=list)


def tokenize(text: str, first_line: int = 1) -> Tokens:
    """Tokens of ``text`` (line breaks all ``\\n``) from 1-based line ``first_line`` on."""
    scanner = _Scanner(text)
    scanner.run(first_line - 1)
    return scanner.out


def _skip_ws(text: str, pos: int, end: int) -> int:
    """Past spaces and tabs with at most one line break."""
    found = _WS_NL.match(text, pos, end)
    return found.end() if found else pos


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.table = LineTable.of_lines(self.lines)
        self.starts = self.table.starts  # read directly where a lookup per token counts
        self.out = Tokens()
        self.comment_open = -1  # offset of an open '%%', or -1
        self.skip = -1  # a token that ran past its segment: resume the line pass here
        self._far: dict[str, tuple[int, int]] = {}  # whole-text searches: needle -> (from, found)
        self._reset_segment()

    # ------------------------------------------------------------ positions

    def _span(self, start: int, end: int) -> Span:
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

    # ------------------------------------------------------------ line pass

    def run(self, first: int) -> None:
        text, lines, starts = self.text, self.lines, self.starts
        count = len(lines)
        para = -1  # first line of the open paragraph
        para_at = 0  # offset where its text starts
        para_kind = _ROOT
        fence: tuple[str, int] | None = None
        html_end: str | None = None  # '' = ends at a blank line
        in_table = False
        lists: list[int] = []  # content columns of the open list items
        i = first
        while i < count:
            line = lines[i]
            ls = starts[i]
            le = ls + len(line)
            if self.skip > ls:
                if self.skip >= le:
                    i += 1
                    continue
                para, para_at, para_kind = i, self.skip, _ROOT
                fence, html_end, in_table = None, None, False
                lists.clear()
                self.skip = -1
                i += 1
                continue
            if not line and fence is None and html_end is None:
                if para >= 0:
                    self._flush(para, para_at, i - 1, para_kind)
                    para = -1
                in_table = False
                i += 1
                continue
            if fence is not None:
                stripped = line.lstrip(" \t>")
                if stripped.startswith(fence[0] * fence[1]) and not stripped.strip(
                    fence[0] + " \t"
                ):
                    fence = None
                i += 1
                continue
            if html_end is not None:
                if html_end == "":
                    if not line.strip():
                        html_end = None
                elif html_end.lower() in line.lower():
                    html_end = None
                i += 1
                continue
            c0 = line[:1]
            if (
                c0
                and c0 not in _BLOCK_CHARS
                and not in_table
                and ("|" not in line or not self._delimiter_follows(i))
            ):
                # the common case: a line of paragraph text starting at column 1
                if para < 0:  # else a continuation line (lazy when the paragraph is nested)
                    lists.clear()
                    para, para_at, para_kind = i, ls, _ROOT
                i += 1
                continue
            if not line.strip():
                if para >= 0:
                    self._flush(para, para_at, i - 1, para_kind)
                    para = -1
                in_table = False
                i += 1
                continue
            # quote markers, then the indentation of what follows them
            quote = _QUOTE.match(text, ls, le) if c0 in " >" else None
            depth = quote.group().count(">") if quote else 0
            cs = quote.end() if quote else ls
            content = text[cs:le] if quote else line
            body = content.lstrip(" \t")
            if not body:  # '>' alone: a blank line inside a quote
                if para >= 0:
                    self._flush(para, para_at, i - 1, para_kind)
                    para = -1
                in_table = False
                i += 1
                continue
            lead = content[: len(content) - len(body)]
            indent = len(lead.expandtabs(4)) if "\t" in lead else len(lead)
            s = cs + len(lead)
            ch = body[0]
            inner_lists = [c for c in lists if c <= indent] if lists and depth == 0 else []
            base = inner_lists[-1] if inner_lists else 0
            if indent - base >= 4 and para < 0 and not in_table:
                lists[:] = inner_lists
                i += 1  # indented code block
                continue
            block_start = False
            if ch in "`~":
                fm = _FENCE.match(text, s, le)
                if fm and not (ch == "`" and "`" in text[fm.end() : le]):
                    if para >= 0:
                        self._flush(para, para_at, i - 1, para_kind)
                        para = -1
                        if self.skip > ls:
                            continue
                    lists[:] = inner_lists
                    fence = (ch, fm.end() - fm.start())
                    in_table = False
                    i += 1
                    continue
            if ch == "#" and _ATX.match(text, s, le):
                if para >= 0:
                    self._flush(para, para_at, i - 1, para_kind)
                    para = -1
                    if self.skip > ls:
                        continue
                lists[:] = inner_lists
                self._atx(s, le, root=depth == 0 and not inner_lists)
                in_table = False
                i += 1
                continue
            if ch in "=-" and para >= 0 and not in_table and _SETEXT.match(text, s, le):
                self._setext(para_at, starts[i - 1] + len(lines[i - 1]), s, le, para_kind)
                para = -1
                i += 1
                continue
            if ch in "-*_" and _THEMATIC.match(text, s, le):
                block_start = True
            elif ch == "<":
                end_marker = self._html_start(text, s, le, para >= 0)
                if end_marker is not None:
                    if para >= 0:
                        self._flush(para, para_at, i - 1, para_kind)
                        para = -1
                        if self.skip > ls:
                            continue
                    if end_marker == "" or end_marker.lower() not in text[s + 2 : le].lower():
                        html_end = end_marker
                    in_table = False
                    i += 1
                    continue
            if block_start:
                if para >= 0:
                    self._flush(para, para_at, i - 1, para_kind)
                    para = -1
                    if self.skip > ls:
                        continue
                in_table = False
                i += 1
                continue
            marker = _LIST.match(text, s, le) if ch in "-+*0123456789" else None
            if marker is not None and (para < 0 or depth > 0 or text[marker.end() : le].strip()):
                if para >= 0:
                    self._flush(para, para_at, i - 1, para_kind)
                    para = -1
                    if self.skip > ls:
                        continue
                after = text[marker.end() : le]
                rest = after.lstrip(" \t")
                gap = len(after) - len(rest)
                width = marker.end() - marker.start()
                content_col = indent + width + (gap if 1 <= gap <= 4 else 1)
                if depth == 0:
                    lists[:] = [*inner_lists, content_col]
                in_table = False
                item_at = marker.end() + gap
                if rest:
                    if rest[0] == "#" and _ATX.match(text, item_at, le):
                        self._atx(item_at, le, root=False)
                    elif rest[0] in "`~" and _FENCE.match(text, item_at, le):
                        fm = _FENCE.match(text, item_at, le)
                        assert fm is not None
                        fence = (rest[0], fm.end() - fm.start())
                    else:
                        para, para_at = i, item_at
                        para_kind = _QUOTED if depth else _LIST_ITEM
                i += 1
                continue
            if not in_table and "|" in line and self._delimiter_follows(i):
                if para >= 0:
                    self._flush(para, para_at, i - 1, para_kind)
                    para = -1
                    if self.skip > ls:
                        continue
                lists[:] = inner_lists
                self._table_row(cs, le)
                in_table = True
                i += 2
                continue
            if in_table:
                self._table_row(cs, le)
                i += 1
                continue
            # a paragraph line
            if para >= 0 and depth > 0 and para_kind != _QUOTED:
                self._flush(para, para_at, i - 1, para_kind)
                para = -1
                if self.skip > ls:
                    continue
            if para < 0:
                lists[:] = inner_lists
                if depth:
                    para_kind = _QUOTED
                elif inner_lists:
                    para_kind = _LIST_ITEM
                else:
                    para_kind = _ROOT
                para, para_at = i, s
            i += 1
        if para >= 0:
            self._flush(para, para_at, count - 1, para_kind)
        if self.comment_open >= 0:
            start = self.comment_open
            self.out.comments.append(Comment(text[start + 2 :], self._span(start, len(text))))
            self.comment_open = -1

    def _delimiter_follows(self, i: int) -> bool:
        if i + 1 >= len(self.lines):
            return False
        nxt = self.lines[i + 1]
        if "-" not in nxt:
            return False
        quote = _QUOTE.match(nxt)
        start = quote.end() if quote else 0
        body = nxt[start:].lstrip(" \t")
        return (
            bool(body) and _DELIM.match(body) is not None and ("|" in body or "|" in self.lines[i])
        )

    @staticmethod
    def _html_start(text: str, s: int, le: int, in_para: bool) -> str | None:
        """The end marker of the HTML block starting at ``s`` ('' = a blank line), or None."""
        if text.startswith("<!--", s):
            return "-->"
        if text.startswith("<?", s):
            return "?>"
        if text.startswith("<![CDATA[", s):
            return "]]>"
        if text.startswith("<!", s) and text[s + 2 : s + 3].isalpha():
            return ">"
        raw = _HTML_RAW.match(text, s, le)
        if raw is not None:
            return f"</{raw.group(1)}>"
        if _HTML_BLOCK.match(text, s, le):
            return ""
        if not in_para and _HTML_LONE_TAG.match(text, s, le):
            return ""
        return None

    def _flush(self, first: int, start: int, last: int, kind: int) -> None:
        end = self.starts[last] + len(self.lines[last])
        resume = self._inline(start, end, kind)
        if resume > end:
            self.skip = resume

    def _atx(self, s: int, le: int, root: bool) -> None:
        text = self.text
        marker = _ATX.match(text, s, le)
        assert marker is not None
        level = marker.end() - s
        raw = text[marker.end() : le].rstrip(" \t")
        trimmed = raw.rstrip("#")
        if len(trimmed) < len(raw) and (not trimmed or trimmed[-1] in " \t"):
            raw = trimmed.rstrip(" \t")
        heading = raw.strip()
        if root and self.comment_open < 0:
            line_end = s + len(text[s:le].rstrip(" \t"))
            self.out.headings.append(new_record(Heading, (level, heading, self._span(s, line_end))))
        resume = self._inline(marker.end(), le, _NO_BLOCK_IDS)
        if resume > le:
            self.skip = resume

    def _setext(self, start: int, text_end: int, s: int, le: int, kind: int) -> None:
        text = self.text
        if kind == _ROOT and self.comment_open < 0:
            level = 1 if text[s] == "=" else 2
            heading = text[start:text_end].strip()
            line_end = s + len(text[s:le].rstrip(" \t"))
            span = self._span(start, line_end)
            self.out.headings.append(new_record(Heading, (level, heading, span)))
        resume = self._inline(start, text_end, _NO_BLOCK_IDS)
        if resume > text_end:
            self.skip = resume

    def _table_row(self, start: int, end: int) -> None:
        text = self.text
        p = start
        while True:  # links that the cell split destroys
            p = text.find("[[", p, end)
            if p < 0:
                break
            close = text.find("]]", p + 3, end)
            if close < 0:
                break
            nxt = text.find("[[", p + 2, close)
            if nxt >= 0:
                p = nxt
                continue
            if _PIPE.search(text, p + 2, close):
                begin = p - 1 if p > start and text[p - 1] == "!" else p
                self.out.findings.append(
                    NoteFinding(
                        "table-pipe",
                        self._span(begin, close + 2),
                        f"the unescaped '|' in {text[begin : close + 2]!r} splits the table cell, "
                        "so Obsidian sees no link; write '\\|'",
                    )
                )
            p = close + 2
        cell = start
        for bar in _PIPE.finditer(text, start, end):
            self._cell(cell, bar.start())
            cell = bar.end()
        self._cell(cell, end)

    def _cell(self, start: int, end: int) -> None:
        if start < end:
            resume = self._inline(start, end, _NO_BLOCK_IDS)
            if resume > end:
                self.skip = resume

    # ------------------------------------------------------------ inline pass

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

    def _inline(self, start: int, end: int, kind: int) -> int:
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
                pos = b + 1
            elif ch == "`":
                stop = self._code(pos, end)
                if stop < 0:
                    pos = -stop
                else:
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
                            span = self._span(pos, tag.end())
                            self.out.tags.append(new_record(Tag, (name, span)))
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
                    pos = last = stop
                    if stop > end:
                        return stop
            elif ch == "<":
                if text.startswith("<!--", pos):
                    stop = self._html_comment(pos)
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
                if kind <= _LIST_ITEM and (pos in (start, last) or text[pos - 1].isspace()):
                    block = _BLOCK_ID.match(text, pos, end)
                    if block is not None and block.end() == end:
                        name = block.group(1)
                        self.out.blocks.append(
                            Block(name.lower(), self._span(pos, pos + 1 + len(name)))
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
        target, display = _split_bar(stripped)
        path, subpath, display = _link_parts(target, display, embed)
        path = intern(path)  # one object per name: resolving compares by identity first
        stop = close + 2
        lead = len(inner) - len(inner.lstrip())
        # a wikilink never crosses a line: one lookup gives both spans
        index = bisect_right(self.starts, start) - 1
        shift = 1 - self.starts[index]
        line = index + 1
        target_at = inner_at + lead + shift
        self.out.links.append(
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
        if label is None:
            return 0
        p = _skip_ws(text, label.end(), end)
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
        display: str | None = label.group(1).strip()
        if embed and display:
            head, bar, last = display.rpartition("|")
            if bar and _SIZE.fullmatch(last):
                display = head.strip()
        self.out.links.append(
            Link(
                kind=LinkKind.EMBED if embed else LinkKind.LINK,
                syntax=LinkSyntax.MARKDOWN,
                path=path,
                subpath=f"#{rest}" if sep else "",
                display=display,
                span=self._span(start, stop),
                raw=text[start:stop],
                target_span=self._span(dest.start(), dest.end()),
            )
        )
        return stop

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
        self.out.comments.append(Comment(self.text[start + 2 : pos], self._span(start, pos + 2)))

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
