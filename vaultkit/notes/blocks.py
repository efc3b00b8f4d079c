"""The line pass: the block structure of a note body, line by line.

It finds fenced and indented code, HTML blocks (skipped), ATX and setext headings (recorded when
root-level), block quotes and callouts, list items, GFM tables (split into cells; an unescaped
``|`` inside a wikilink is a ``table-pipe`` finding) and paragraphs, and hands each paragraph,
heading, list item or cell to the inline pass (:mod:`.inline`). A token that runs past its
segment (an HTML comment or ``$$`` math) makes the line pass resume after it. Asked to
(``unread``), it also notes the lines of code and HTML blocks, where no link is read.
"""

from __future__ import annotations

import re

from vaultkit.notes.inline import (
    BLOCK_ID,
    HTML_ATTRIBUTE,
    LIST_ITEM,
    NO_BLOCK_IDS,
    QUOTED,
    ROOT,
    InlinePass,
)
from vaultkit.notes.model import Block, Heading, NoteFinding, new_record

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
    rf"(?:<[A-Za-z][A-Za-z0-9-]*{HTML_ATTRIBUTE}*[ \t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$"
)
_PIPE = re.compile(r"(?<!\\)\|")


class BlockPass:
    """Runs over the lines of one text; the inline pass scans what the lines hold."""

    def __init__(
        self,
        text: str,
        lines: list[str],
        starts: list[int],
        inline: InlinePass,
        *,
        headings: list[Heading],
        findings: list[NoteFinding],
    ) -> None:
        self.text = text
        self.lines = lines  # text.split("\n")
        self.starts = starts  # where each line starts (LineTable.starts)
        self.inline = inline
        self.scan_inline = inline.scan
        self.span = inline.span
        self.headings = headings
        self.findings = findings
        self.skip = -1  # a token that ran past its segment: resume the line pass here
        self.definition_seen = False  # a paragraph opens with '[...]:' (inline.references off)
        self.unread: list[tuple[int, int]] | None = None  # code and HTML blocks (if asked)

    def run(self, first: int) -> None:
        """Scan the lines from ``lines[first]`` (0-based) to the end."""
        text, lines, starts = self.text, self.lines, self.starts
        count = len(lines)
        para = -1  # first line of the open paragraph
        para_at = 0  # offset where its text starts
        para_kind = ROOT
        fence: tuple[str, int] | None = None
        html_end: str | None = None  # '' = ends at a blank line
        in_table = False
        opened = 0  # where the open fence or HTML block started
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
                para, para_at, para_kind = i, self.skip, ROOT
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
                    self._unread(opened, le)
                i += 1
                continue
            if html_end is not None:
                if html_end == "":
                    if not line.strip():
                        html_end = None
                        self._unread(opened, ls)
                elif html_end.lower() in line.lower():
                    html_end = None
                    self._unread(opened, le)
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
                    para, para_at, para_kind = i, ls, ROOT
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
                self._unread(ls, le)
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
                    opened = ls
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
                        html_end, opened = end_marker, ls
                    else:
                        self._unread(ls, le)
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
                        opened = ls
                    else:
                        para, para_at = i, item_at
                        para_kind = QUOTED if depth else LIST_ITEM
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
            if para >= 0 and depth > 0 and para_kind != QUOTED:
                self._flush(para, para_at, i - 1, para_kind)
                para = -1
                if self.skip > ls:
                    continue
            if para < 0:
                lists[:] = inner_lists
                if depth:
                    para_kind = QUOTED
                elif inner_lists:
                    para_kind = LIST_ITEM
                else:
                    para_kind = ROOT
                para, para_at = i, s
            i += 1
        if para >= 0:
            self._flush(para, para_at, count - 1, para_kind)
        if fence is not None or html_end is not None:  # open to the end of the text
            self._unread(opened, len(text))

    def _unread(self, start: int, end: int) -> None:
        """Note ``text[start:end]`` as read for no link (if asked), one with the span before
        it when only a line break parts them (the lines of an indented code block)."""
        unread = self.unread
        if unread is None:
            return
        if unread and unread[-1][1] + 1 == start:
            unread[-1] = (unread[-1][0], end)
        else:
            unread.append((start, end))

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
        if (
            self.text[start] == "["  # a paragraph holds text: start < end
            and kind <= QUOTED
            and "]:" in self.lines[first]
            and self.inline.references is None
        ):
            self.definition_seen = True  # maybe a reference definition: see tokenizer
        resume = self.scan_inline(start, end, kind)
        if resume > end:
            self.skip = resume
        elif kind == QUOTED and last > first:
            self._lazy_block_id(last)

    def _lazy_block_id(self, last: int) -> None:
        """A block id alone on the quote's last line, written without ``>`` (a lazy
        continuation line): Obsidian gives it to the quote or callout above it."""
        found = BLOCK_ID.fullmatch(self.lines[last])
        if found is None or self.inline.comment_open >= 0:
            return
        at = self.starts[last]
        name = found.group(1)
        self.inline.block_ids.append(
            new_record(Block, (name.lower(), self.span(at, at + 1 + len(name))))
        )

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
        if root and self.inline.comment_open < 0:
            line_end = s + len(text[s:le].rstrip(" \t"))
            self.headings.append(new_record(Heading, (level, heading, self.span(s, line_end))))
        resume = self.scan_inline(marker.end(), le, NO_BLOCK_IDS)
        if resume > le:
            self.skip = resume

    def _setext(self, start: int, text_end: int, s: int, le: int, kind: int) -> None:
        text = self.text
        if kind == ROOT and self.inline.comment_open < 0:
            level = 1 if text[s] == "=" else 2
            heading = text[start:text_end].strip()
            line_end = s + len(text[s:le].rstrip(" \t"))
            self.headings.append(new_record(Heading, (level, heading, self.span(start, line_end))))
        resume = self.scan_inline(start, text_end, NO_BLOCK_IDS)
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
                self.findings.append(
                    NoteFinding(
                        "table-pipe",
                        self.span(begin, close + 2),
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
            resume = self.scan_inline(start, end, NO_BLOCK_IDS)
            if resume > end:
                self.skip = resume
