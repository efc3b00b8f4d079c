"""The inline pass, case by case: links, embeds, tags, block ids, comments, code and math
inside one paragraph (reference §1, §2.2, §2.3, §3.4 and the §6 edge cases)."""

from __future__ import annotations

import pytest

from vaultkit.notes.model import LinkKind, LinkSyntax
from vaultkit.notes.tokenizer import tokenize

Row = tuple[str, str, str, str | None, tuple[int, int, int]]


def links(text: str) -> list[Row]:
    """(kind, path, subpath, display, (line, column, end_column)) of every link found."""
    return [
        (
            link.kind.value,
            link.path,
            link.subpath,
            link.display,
            (link.span.line, link.span.column, link.span.end_column),
        )
        for link in tokenize(text).links
    ]


def paths(text: str) -> list[str]:
    return [link.path for link in tokenize(text).links]

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 1: case and extension stay as written; resolution is the resolver's job
        (
            "[[Note]] [[Note.md]] [[note]]",
            [
                ("link", "Note", "", None, (1, 1, 9)),
                ("link", "Note.md", "", None, (1, 10, 21)),
                ("link", "note", "", None, (1, 22, 30)),
            ],
        ),
        # 2: display text; an escaped pipe works outside tables too (trailing '\' dropped)
        (
            "[[Note|Shown]] [[Note#H\\|Shown]]",
            [
                ("link", "Note", "", "Shown", (1, 1, 15)),
                ("link", "Note", "#H", "Shown", (1, 16, 33)),
            ],
        ),
        # 3: a '|' at index 0 does not split
        (
            "[[|alias]] [[|]] [[|#alias]]",
            [
                ("link", "|alias", "", None, (1, 1, 11)),
                ("link", "|", "", None, (1, 12, 17)),
                ("link", "|", "#alias", None, (1, 18, 29)),
            ],
        ),
        ("[[]]", []),  # 4
        ("[[Sq]uare]]", [("link", "Sq]uare", "", None, (1, 1, 12))]),  # 5
        ("[[Nested [[Inner]] x]]", [("link", "Inner", "", None, (1, 10, 19))]),  # 6
        ("[[Multi\nLine]]", []),  # 7
        (
            "[[ Note ]] [[Note |x]]",
            [  # 8
                ("link", "Note", "", None, (1, 1, 11)),
                ("link", "Note", "", "x", (1, 12, 23)),
            ],
        ),
        ("[[Note #H]]", [("link", "Note ", "#H", None, (1, 1, 12))]),  # 9
        ("`[[Note]]`\n\n```\n[[Note]]\n```\n", []),  # 12
        (
            "%%[[Hidden]]%%\n%%\n[[Hidden2]]\n%%\n",
            [  # 13
                ("link", "Hidden", "", None, (1, 3, 13)),
                ("link", "Hidden2", "", None, (3, 1, 12)),
            ],
        ),
        ("<!-- [[Note]] -->\n\ntext <!-- [[N]] --> after\n", []),  # 14
        ("\\[\\[Note\\]\\]", []),  # 15
        ("[[A `b`]]", [("link", "A `b`", "", None, (1, 1, 10))]),  # 16
        ("[[Note]](2FA)", [("link", "Note", "", None, (1, 1, 9))]),  # 17
        (
            "![[img.png|100x145]] ![[img.png|alt|100]] ![[img.png|alt]]",
            [  # 18
                ("embed", "img.png", "", None, (1, 1, 21)),
                ("embed", "img.png", "", "alt", (1, 22, 42)),
                ("embed", "img.png", "", "alt", (1, 43, 59)),
            ],
        ),
        ("[[Note|100]]", [("link", "Note", "", "100", (1, 1, 13))]),  # sizes are for embeds only
        (
            "![[img.png#icon]] ![[Doc.pdf#page=3]]",
            [  # 19
                ("embed", "img.png", "#icon", None, (1, 1, 18)),
                ("embed", "Doc.pdf", "#page=3", None, (1, 19, 38)),
            ],
        ),
        (
            "[a](My%20Note.md) [b](Sub/My%20Note.md) [c](<Sub/My Note.md>)",
            [  # 20
                ("link", "My Note.md", "", "a", (1, 1, 18)),
                ("link", "Sub/My Note.md", "", "b", (1, 19, 40)),
                ("link", "Sub/My Note.md", "", "c", (1, 41, 62)),
            ],
        ),
        ("[w](Sub/My Note.md)", []),  # 21
        (
            "[x](Note) [y](Note.md#My%20H)",
            [  # 22
                ("link", "Note", "", "x", (1, 1, 10)),
                ("link", "Note.md", "#My H", "y", (1, 11, 30)),
            ],
        ),
        (
            "[x](pa#th/f.md) [e]() [u](https://x) [o](obsidian://open)",
            [  # 23
                ("link", "pa", "#th/f.md", "x", (1, 1, 16)),
            ],
        ),
        (
            "[n](../z/Note.md) [[../z/Note]]",
            [  # 24
                ("link", "../z/Note.md", "", "n", (1, 1, 18)),
                ("link", "../z/Note", "", None, (1, 19, 32)),
            ],
        ),
        ("[[https://example.com]]", [("link", "https://example.com", "", None, (1, 1, 24))]),  # 36
        ("[[#Heading]]", [("link", "", "#Heading", None, (1, 1, 13))]),  # 37
        ("[[N#A#B#C]]", [("link", "N", "#A#B#C", None, (1, 1, 12))]),  # 41
        ("![[N#Nope]]", [("embed", "N", "#Nope", None, (1, 1, 12))]),  # 43
        ("[[N#^abc-1]]", [("link", "N", "#^abc-1", None, (1, 1, 13))]),  # 44
        ("![[N]]", [("embed", "N", "", None, (1, 1, 7))]),  # 57
        ("[[a|b|c]]", [("link", "a", "", "b|c", (1, 1, 10))]),
        ("[[Café\u00a0x]]", [("link", "Café x", "", None, (1, 1, 11))]),  # 35 cleanString
        ("[[Cafe\u0301]]", [("link", "Café", "", None, (1, 1, 10))]),  # NFC
        (
            "![alt|100](a.png) ![pic](b.png)",
            [
                ("embed", "a.png", "", "alt", (1, 1, 18)),
                ("embed", "b.png", "", "pic", (1, 19, 32)),
            ],
        ),
        (
            "[x](a.md \"title\") [y](<b c.md> 't') [z](c%2Fd%23e.md)",
            [
                ("link", "a.md", "", "x", (1, 1, 18)),
                ("link", "b c.md", "", "y", (1, 19, 36)),
                ("link", "c%2Fd%23e.md", "", "z", (1, 37, 54)),
            ],
        ),
        (
            "[bad](100%.md) [bad2](%E9.md) [ok](%C3%A9.md)",
            [("link", "é.md", "", "ok", (1, 31, 46))],
        ),
        ("[p](a_(b).md)", [("link", "a_(b).md", "", "p", (1, 1, 14))]),
        ("[[x]]]", [("link", "x", "", None, (1, 1, 6))]),
        (
            "![[x]] ! [[y]]",
            [("embed", "x", "", None, (1, 1, 7)), ("link", "y", "", None, (1, 10, 15))],
        ),
    ],
)
def test_link_grammar(text: str, expected: list[Row]) -> None:
    assert links(text) == expected


def test_link_records_carry_syntax_raw_and_target_span() -> None:
    wiki, md = tokenize("x [[ Note#H | Shown ]] [t](Note.md)").links
    assert wiki.syntax is LinkSyntax.WIKI and md.syntax is LinkSyntax.MARKDOWN
    assert wiki.kind is LinkKind.LINK
    assert wiki.raw == "[[ Note#H | Shown ]]"
    assert wiki.target_span is not None
    assert (wiki.target_span.column, wiki.target_span.end_column) == (6, 12)
    assert md.raw == "[t](Note.md)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("``[[a]]`` `` ` `` [[b]] ``x", ["b"]),
        ("x ```y [[a]]", ["a"]),  # not at line start: an unmatched backtick run is literal
        ("`a\n[[b]]`", []),  # code spans may span lines of a paragraph
        ("`a\n\n[[b]]`", ["b"]),  # but not paragraphs
        ("x <span title='[[a]]'>[[b]]</span>", ["b"]),
        ("<https://x.y/[[a]]> [[b]]", ["b"]),
        ("$x [[a]]$ [[b]]", ["b"]),
        ("$$\n[[a]]\n\n$$ [[b]]", ["b"]),
        ("costs $5 and [[a]] $10", ["a"]),
        ("$ [[a]] $", ["a"]),  # '$' followed by a space does not open math
        ("%% [[a]]\n\n[[b]]", ["a", "b"]),  # an unclosed %% comment still has its links counted
    ],
)
def test_inline_contexts_where_links_are_ignored_or_counted(text: str, expected: list[str]) -> None:
    assert paths(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("text ^Abc-1", [("abc-1", 1, 6)]),  # 44: stored lower-cased
        ("text ^my_id", []),  # 45: no '_'
        ("![[img.png]]^img-id", [("img-id", 1, 13)]),  # 46: right after another token
        ("- a\n- b\n\n^lst", [("lst", 4, 1)]),  # 47: a lone id paragraph after a list
        ("para ^one\nmore text", []),  # not the end of the paragraph
        (
            "para ^one\n\n- item ^two\n- next ^three\n",
            [("one", 1, 6), ("two", 3, 8), ("three", 4, 8)],
        ),
        ("word^x", []),  # needs whitespace or a token before it
        ("> quoted ^q\n\n^after-quote", [("after-quote", 3, 1)]),
        ("## Heading ^h", []),
        ("```\ncode ^c\n```", []),
        ("para ^id  ", [("id", 1, 6)]),
    ],
)
def test_block_ids(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert [(b.id, b.span.line, b.span.column) for b in tokenize(text).blocks] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#1984 #y1984 (#y1985 #a/b #t-1_x", ["y1984", "a/b", "t-1_x"]),  # 56
        ("%% #c %%\n\n<!-- #d -->\n`#e` #f.g #h,i", ["c", "f", "h"]),  # 56
        ("\\[\\[#Escaped Links\\]\\]", ["Escaped"]),  # a tag may follow another inline token
        ("[[x]]#after x#not", ["after"]),
        ("#café #日本 #a\u2001b", ["café", "日本", "a"]),
        ("# Heading\n#tag", ["tag"]),
        ("```\n#no\n```\n    #no\n", []),
    ],
)
def test_tags(text: str, expected: list[str]) -> None:
    assert [t.name for t in tokenize(text).tags] == expected


def test_tag_spans() -> None:
    (tag,) = tokenize("x\n  #abc def").tags
    assert (tag.span.line, tag.span.column, tag.span.end_column) == (2, 3, 7)


def test_comments_are_recorded_with_text_and_span() -> None:
    text = "a %% one %% b\n%% vaultkit:begin source=x %%\n%%\nmulti\n%%\n%% open"
    found = [
        (c.text, c.span.line, c.span.column, c.span.end_line, c.span.end_column)
        for c in tokenize(text).comments
    ]
    assert found == [
        (" one ", 1, 3, 1, 12),
        (" vaultkit:begin source=x ", 2, 1, 2, 30),
        ("\nmulti\n", 3, 1, 5, 3),
        (" open", 6, 1, 6, 8),
    ]


def test_percent_signs_in_code_are_not_comments() -> None:
    tokens = tokenize("`%%` [[x]] %\n\n```\n%%\n```\n[[y]]")
    assert tokens.comments == []
    assert [lk.path for lk in tokens.links] == ["x", "y"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # link text whose brackets nest is still link text (CommonMark)
        ("[a [b] c](x.md)", [("x.md", "a [b] c", 1, 16)]),
        ("[a [b [c] d] e](z.md#H)", [("z.md", "a [b [c] d] e", 1, 24)]),
        ("![alt [1]](img.png)", [("img.png", "alt [1]", 1, 20)]),
        (
            "[p [q] r](x.md) and [s [t] u](y.md)",
            [("x.md", "p [q] r", 1, 16), ("y.md", "s [t] u", 21, 36)],
        ),
        ("[a \\[b c](x.md)", [("x.md", "a \\[b c", 1, 16)]),  # an escaped bracket pairs nothing
        ("[a\n[b] c](x.md)", [("x.md", "a\n[b] c", 1, 13)]),  # over a line break in a paragraph
        # links do not nest: the inner link is the link
        ("[a [b](y.md) c](x.md)", [("y.md", "b", 4, 13)]),
        ("[x]](y.md)", []),  # the brackets do not pair
        ("[a [b] `c]` d](x.md)", []),  # a code span in the text: left alone
    ],
)
def test_link_text_with_nested_brackets(
    text: str, expected: list[tuple[str, str, int, int]]
) -> None:
    found = tokenize(text).links
    assert [(x.path, x.display, x.span.column, x.span.end_column) for x in found] == expected


def test_a_wikilink_inside_markdown_link_text_is_still_a_wikilink() -> None:
    """The wikilink wins and the Markdown link around it is no link, internal or external.

    Evidence (no metadata-cache snapshot of this exact text was found in the corpora):
    - Obsidian's tokenizer tries the wikilink rule before the link rule and refuses a link text
      that holds ``[[`` (reference obsidian-links.md §1.1: "If it still contains ``[[``, this is
      not a link"; ``[[Nested [[Inner]] x]]`` gives only ``Inner``, observed);
    - when Obsidian renders a ``[[`` inside other brackets it "gives the inner ``[[...]]``
      priority and doesn't regard the outer [...] as markup" (iron-vault-plugin/iron-vault#100);
    - pulldown-cmark's wikilink extension, written to follow Obsidian, specifies the same
      ("They also take precedence over inline links": ``[also [[Ambiguous]]](https://...)``
      renders the wikilink and leaves the brackets and URL as text; pulldown-cmark
      specs/wikilinks.md).
    """
    found = tokenize("[Convert [[internal links]] to tags](https://help.obsidian.md)").links
    assert [(x.syntax, x.path) for x in found] == [(LinkSyntax.WIKI, "internal links")]
    found = tokenize("[a [[b]] c](x.md) and ![a [[c]]](y.png)").links
    assert [(x.syntax, x.path) for x in found] == [(LinkSyntax.WIKI, "b"), (LinkSyntax.WIKI, "c")]
