"""The line pass, case by case: code, HTML blocks, quotes, lists, headings and tables decide
which text the inline pass sees (reference §1, §3.4 and the §6 edge cases)."""

from __future__ import annotations

import pytest

from vaultkit.notes.tokenizer import tokenize


def paths(text: str) -> list[str]:
    return [link.path for link in tokenize(text).links]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("```\n[[a]]\n```\n[[b]]", ["b"]),
        ("~~~\n[[a]]\n```\n[[b]]\n~~~\n[[c]]", ["c"]),  # a ``` line does not close ~~~
        ("````\n```\n[[a]]\n````\n[[b]]", ["b"]),  # a shorter fence does not close
        ("```\n[[a]]", []),  # an unclosed fence runs to the end
        ("``` js `x`\n[[a]]", ["a"]),  # backtick info strings cannot hold backticks: not a fence
        (
            "    [[code]]\n\npara\n    [[lazy]]",
            ["lazy"],
        ),  # indented code cannot interrupt a paragraph
        ("- item\n\n      [[code in item]]\n\n  [[in item]]", ["in item"]),
        ("```x [[a]]", []),  # a fence with info string 'x [[a]]', unclosed: code to the end
        ("<div>\n[[in]]\n</div>\n\n[[after]]", ["after"]),
        ("<!--\n[[a]]\n\n[[b]]\n-->\n[[c]]", ["c"]),
        ("<!-- never closed [[a]]\n\n[[b]]", []),
        ("> [[q]] #t\n> > [[qq]]", ["q", "qq"]),
        ("> [!note] Title [[c]]\n> body [[d]]", ["c", "d"]),
        ("## See [[Other]]", ["Other"]),
    ],
)
def test_block_contexts_where_links_are_ignored_or_counted(text: str, expected: list[str]) -> None:
    assert paths(text) == expected


def test_table_pipe_trap_and_escaped_pipe() -> None:
    text = (
        "| a | b |\n| --- | :-: |\n| [[Note\\|Shown]] | [[Bad|x]] |\n| ![[i.png|20]] | [[ok]] |\n"
    )
    tokens = tokenize(text)
    assert [(lk.path, lk.display) for lk in tokens.links] == [("Note", "Shown"), ("ok", None)]
    assert [(t.rule, t.span.line, t.span.column, t.span.end_column) for t in tokens.findings] == [
        ("table-pipe", 3, 21, 30),
        ("table-pipe", 4, 3, 16),
    ]


def test_pipes_outside_tables_are_not_traps() -> None:
    tokens = tokenize("a | b\n\n[[Note|Shown]]\n")
    assert tokens.findings == []
    assert [lk.display for lk in tokens.links] == ["Shown"]


def test_table_without_leading_pipe_and_end_at_blank_line() -> None:
    tokens = tokenize("a | b\n--|--\n[[x|y]] | z\n\n[[x|y]]\n")
    assert len(tokens.findings) == 1
    assert [lk.display for lk in tokens.links] == ["y"]


def test_headings_root_level_only_text_raw() -> None:
    text = (
        "# A\n## See [[Other]] #tag ##\n> ## In quote\n- item\n  # In list\n# Root again\n"
        "#NoSpace\n####### seven\n   ### indented 3\n    # code\nSetext\n===\nTwo\n---\n"
    )
    heads = [(h.level, h.text, h.span.line, h.span.column) for h in tokenize(text).headings]
    assert heads == [
        (1, "A", 1, 1),
        (2, "See [[Other]] #tag", 2, 1),
        (1, "Root again", 6, 1),
        (3, "indented 3", 9, 4),
        (1, "Setext", 11, 1),
        (2, "Two", 13, 1),
    ]
    assert [t.name for t in tokenize(text).tags] == ["tag", "NoSpace"]


def test_heading_inside_an_open_percent_comment_is_not_a_heading() -> None:
    assert tokenize("%%\n# Hidden\n%%\n# Shown\n").headings[0].text == "Shown"
    assert len(tokenize("%%\n# Hidden\n%%\n# Shown\n").headings) == 1


def test_thematic_break_is_not_a_setext_heading_without_paragraph() -> None:
    assert tokenize("---\n# A\n\n---\n").headings[0].text == "A"
    assert len(tokenize("para\n\n---\n").headings) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<pre>\n[[a]]\n\n[[b]]\n</pre>\n[[c]]", ["c"]),  # raw blocks end at their closing tag
        ("<script>x</script> [[a]]\n[[b]]", ["b"]),  # which may be on the opening line
        ("<?php [[a]]\n\n?>\n[[b]]", ["b"]),
        ("<!DOCTYPE html [[a]]>\n[[b]]", ["b"]),
        ("<![CDATA[\n[[a]]\n]]>\n[[b]]", ["b"]),
        ("para\n<span>\n[[a]]", ["a"]),  # a lone inline tag cannot interrupt a paragraph
        ("<span>\n[[a]]\n\n[[b]]", ["b"]),  # but starts an HTML block elsewhere
        ("para\n<div>\n[[a]]\n\n[[b]]", ["b"]),  # block tags do interrupt
    ],
)
def test_html_block_start_conditions(text: str, expected: list[str]) -> None:
    assert paths(text) == expected


def test_fence_inside_quote_and_list() -> None:
    assert paths("> ```\n> [[a]]\n> ```\n> [[b]]") == ["b"]
    assert paths("- item\n  ```\n  [[a]]\n  ```\n- [[b]]") == ["b"]
    assert paths("- ```\n  [[a]]\n  ```\n[[b]]") == ["b"]


def test_heading_and_block_records_for_cases_38_to_48() -> None:
    text = (
        "### `hasTag()`\n"  # 38: raw text, matched later through stripHeading
        "## Q&A: Foo (bar)?\n"  # 39
        "## _Intro_\n"  # 40: '_' kept
        "# A\n## B\n### C\n"  # 41
        "> ## Inside callout\n\n"  # 42: not root-level, not recorded
        "## H\npara ^id\n"  # 48: the block exists; the subpath check is the resolver's
    )
    tokens = tokenize(text)
    assert [(h.level, h.text) for h in tokens.headings] == [
        (3, "`hasTag()`"),
        (2, "Q&A: Foo (bar)?"),
        (2, "_Intro_"),
        (1, "A"),
        (2, "B"),
        (3, "C"),
        (2, "H"),
    ]
    assert [(b.id, b.span.line) for b in tokens.blocks] == [("id", 10)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a block id alone on a lazy continuation line (no '>') belongs to the quote/callout
        ("> [!info]\n> Autocomplete switches.\n^search-large\n", [("search-large", 3, 1, 14)]),
        ("> quote\n^Ab-1  \n\nnext\n", [("ab-1", 2, 1, 6)]),
        ("> quote\n\n^after-blank\n", [("after-blank", 3, 1, 13)]),  # a root paragraph's
        ("> quote ^inside\n", []),  # inside the quote: not a block id (Obsidian's cache agrees)
        ("> quote\nmore words ^lazy-text\n", []),  # only an id alone on the lazy line
        ("> quote\n%%\n^in-comment\n", []),  # inside an open comment
        ("> quote\n ^indented\n", []),
    ],
)
def test_a_block_id_on_the_lazy_line_after_a_quote(
    text: str, expected: list[tuple[str, int, int, int]]
) -> None:
    blocks = tokenize(text).blocks
    assert [(b.id, b.span.line, b.span.column, b.span.end_column) for b in blocks] == expected
