"""Hypothesis strategies for notes and vaults, shared by the property tests and the fuzz run.

Notes are built from fragments that exercise every construct the tokenizer and the front-matter
reader know (links, embeds, code, math, comments, tables, headings, block ids, fences), glued
with arbitrary text, so a generated note is usually almost Markdown and sometimes nonsense.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

FRAGMENTS = (
    "[[", "]]", "![[", "[", "]", "(", ")", "](", "|", "#", "^", "\\", "`", "```", "~~~", "$",
    "$$", "%%", "<!--", "-->", "<", ">", "*", "_", "-", "- ", "> ", "> [!note]", "#tag", "##",
    "# ", "^block-1", "[[Note]]", "[[Note#Head|shown]]", "![[pic.png|100x20]]", "[a](b.md)",
    "[x](<a b.md>)", "![i](img.png)", "[[a|b|c]]", "[[#^id]]", "| a | b |", "|---|---|",
    "\t", "    ", "\u00a0", "\u200b", "é", "🧠", "\ufeff", ":", "\"", "'", "{", "}", "&amp;",
    "%20", "%E2%82%AC", "http://x.y/z", "\n", "\r\n", "\r", "\n\n", "---", "...",
)

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", max_codepoint=0x1FFFF), max_size=12
)
BODY = st.lists(st.one_of(st.sampled_from(FRAGMENTS), _TEXT), max_size=40).map("".join)

YAML_FRAGMENTS = (
    "title: x", "tags: [a, b]", "tags: #a", "aliases:\n  - A\n  - B", "related: \"[[Note]]\"",
    "key: 'single", "key: \"double", "\tindent: 1", "- item", "a: &x [1, 2]", "b: *x",
    "c: *missing", "d: !!binary aGk=", "e: !custom x", "f: 2024-01-02", "g: 0o17", "h: yes",
    "i: |\n  block\n  text", "j: >\n  folded", "k: {a: 1, b: [2, 3]}", "l:\n  m:\n    n: 1",
    "? complex\n: key", "title: a\ntitle: b", "x: 1e400", "y: .nan", "z: ~", "\"quoted key\": 1",
    "[not, a, map]", "just a scalar", "%YAML 1.2", "---", "...", "#comment", ":", "- - -",
)
FRONT_MATTER = st.lists(
    st.one_of(st.sampled_from(YAML_FRAGMENTS), _TEXT), max_size=8
).map("\n".join)


@st.composite
def notes(draw: st.DrawFn) -> str:
    """A note: usually front matter between fences, then a body; sometimes neither."""
    body = draw(BODY)
    shape = draw(st.sampled_from(["plain", "fm", "unclosed", "json", "bom"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    if shape == "plain":
        return body
    fm = draw(FRONT_MATTER).replace("\n", newline)
    if shape == "unclosed":
        return f"---{newline}{fm}{newline}{body}"
    if shape == "json":
        return f"---{newline}{{\"title\": \"j\", \"tags\": [\"a\"]}}{newline}---{newline}{body}"
    text = f"---{newline}{fm}{newline}---{newline}{body}"
    return text if shape == "fm" else "\ufeff" + text


# --- vaults for fmt and build -----------------------------------------------------------------

NAMES = ("Alpha", "Beta note", "Gamma (v2)", "Delta & co", "Café", "Ωmega")
WORDS = st.text(
    alphabet=st.characters(
        whitelist_categories=("L", "N"), max_codepoint=0x2FFF, blacklist_characters="\u0130"
    ),
    min_size=1,
    max_size=8,
)
_INLINE = st.one_of(
    WORDS,
    WORDS.map(lambda w: f"**{w}**"),
    WORDS.map(lambda w: f"`{w}`"),
    WORDS.map(lambda w: f"#{w}"),
    st.sampled_from(NAMES).map(lambda n: f"[[{n}]]"),
    st.tuples(st.sampled_from(NAMES), WORDS).map(lambda p: f"[[{p[0]}|{p[1]}]]"),
    WORDS.map(lambda w: f"[[missing {w}]]"),
    st.sampled_from(["%% comment %%", "$x^2$", "<!-- c -->", "^id1", "&", "-", "|"]),
)
_SPACE = st.sampled_from([" ", "  ", "\t", " \u00a0"])
_LINE = st.lists(st.tuples(_INLINE, _SPACE), max_size=8).map(
    lambda parts: "".join(w + s for w, s in parts)
)
_BLOCK = st.one_of(
    _LINE,
    _LINE.map(lambda s: f"# {s}"),
    _LINE.map(lambda s: f"- {s}"),
    _LINE.map(lambda s: f"> {s}"),
    _LINE.map(lambda s: f"| {s} | x |"),
    _LINE.map(lambda s: f"```\n{s}   \n```"),
    st.just(""),
)
_FM_VALUE = st.one_of(
    WORDS,
    st.lists(WORDS, min_size=1, max_size=3).map(lambda ws: "[" + ", ".join(ws) + "]"),
    WORDS.map(lambda w: f"#{w}"),
    st.sampled_from(NAMES).map(lambda n: f'"[[{n}]]"'),
)
_FM = st.lists(
    st.tuples(st.sampled_from(["title", "tags", "aliases", "related", "mine", "type"]), _FM_VALUE),
    max_size=5,
    unique_by=lambda kv: kv[0],
)


@st.composite
def vault_notes(draw: st.DrawFn) -> dict[str, str]:
    """File name -> text for a small vault of mostly valid notes with messy whitespace."""
    chosen = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    result = {}
    for name in chosen:
        newline = draw(st.sampled_from(["\n", "\r\n"]))
        blocks = draw(st.lists(_BLOCK, max_size=8))
        pairs = draw(_FM)
        body = newline.join(blocks) + draw(st.sampled_from(["", "\n", "\n\n\n", "  "]))
        if pairs:
            fm = newline.join(f"{k}: {v}" for k, v in pairs)
            body = f"---{newline}{fm}{newline}---{newline}{body}"
        result[f"{name}.md"] = body
    return result


def write_vault(root: Path, files: dict[str, str]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_bytes(text.encode("utf-8"))


_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The word runs of ``text`` in order (what a person wrote, whatever the layout)."""
    return _WORD.findall(text)


def body_tokens(text: str) -> list[str]:
    """The non-whitespace tokens of ``text`` after its front matter, in order."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            text = text[end + 5 :]
    return text.split()


def settings(**kw: Any) -> dict[str, Any]:
    """Fixed-budget, reproducible hypothesis settings (CI runs exactly these examples)."""
    from hypothesis import HealthCheck

    base: dict[str, Any] = {
        "derandomize": True,
        "deadline": None,
        "database": None,
        "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    }
    base.update(kw)
    return base
