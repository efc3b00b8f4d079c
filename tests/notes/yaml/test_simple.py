"""The fast front-matter reader agrees with the full one wherever it answers at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.notes.frontmatter import parse_frontmatter
from vaultkit.notes.yaml.full import YamlResult, load_full
from vaultkit.notes.yaml.simple import load_simple

ROOT = Path(__file__).resolve().parents[3]


def _same(fast: YamlResult, full: YamlResult) -> None:
    assert full.error is None
    assert fast.data == full.data
    assert [type(v) for v in fast.data.values()] == [type(v) for v in full.data.values()]
    assert list(fast.value_spans.items()) == list(full.value_spans.items())  # same order too
    assert list(fast.key_spans.items()) == list(full.key_spans.items())
    assert fast.quoted == full.quoted
    assert not fast.empty and not full.empty


# mostly simple pieces, plus YAML findings (indicators, comments, escapes, odd spaces)
_SIMPLE = st.sampled_from(
    [
        "a", "Ada Lovelace", "café", "数据", "status/stale", "C#", "x:y", "12", "-5", "0o17",
        "0x1F", "1e3", ".5", ".inf", "~", "null", "Null", "true", "False", "yes", "2020-06-09",
        "2021-05-10T01:05:00", "it's", 'say "hi"', "http://e.org/a#b", "a.b", "+1", "1_000",
    ]
)  # fmt: skip
_TRAPS = st.sampled_from(
    [
        "a # b", "x: y", "x:",
        "12", "-5", "0o17", "0x1F", "1e3", ".5", ".inf", "~", "null", "Null", "true", "False",
        "yes", "2020-06-09", "2021-05-10T01:05:00", "[[Note]]", "[[A|b]]", "a, b", "[x]",
        "{x}", "&a", "*a", "!t", "|", ">", "%", "@", "`x`", "?", "-", "- x", "'q'", '"q"',
        "it's", 'say "hi"', "a\\b", "tab\there", "nbsp\u00a0x", "ls\u2028x", "x ", " x",
        "http://e.org/a#b", "#tag", "a ,b", "", "a\u0085b",
    ]
)  # fmt: skip
_WORDS = st.one_of(_SIMPLE, _SIMPLE, _SIMPLE, _SIMPLE, _SIMPLE, _SIMPLE, _SIMPLE, _TRAPS)
_GOOD_KEYS = st.sampled_from(["title", "tags", "aliases", "a-b", "_x", "k2", "status", "type"])
_ODD_KEYS = st.sampled_from(["True", "true", "null", "NULL", "my key", "1a", "é", "title"])


@st.composite
def _value(draw: st.DrawFn) -> str:
    word = draw(_WORDS)
    style = draw(st.sampled_from(["plain", "plain", "double", "single"]))
    if style == "double":
        return f'"{word}"'
    if style == "single":
        return f"'{word}'"
    return word


@st.composite
def _front_matter(draw: st.DrawFn) -> str:
    lines: list[str] = []
    keys = draw(st.lists(_GOOD_KEYS, min_size=1, max_size=6, unique=True))
    if draw(st.integers(0, 3)) == 0:  # sometimes an odd key: duplicate, quoted-looking, spaced
        keys.insert(draw(st.integers(0, len(keys))), draw(_ODD_KEYS))
    for key in keys:
        sep = ": " if draw(st.integers(0, 9)) else draw(st.sampled_from([":  ", ":", " : "]))
        shape = draw(st.sampled_from(["scalar", "scalar", "empty", "block", "flow"]))
        if shape == "scalar":
            lines.append(f"{key}{sep}{draw(_value())}")
        elif shape == "empty":
            lines.append(f"{key}:{draw(st.sampled_from(['', ' ']))}")
        elif shape == "flow":
            items = draw(st.lists(_value(), max_size=4))
            joint = draw(st.sampled_from([", ", ",", " , "]))
            lines.append(f"{key}{sep}[{joint.join(items)}]")
        else:
            lines.append(f"{key}:")
            indent = draw(st.sampled_from(["", "  ", "    "]))
            for _ in range(draw(st.integers(1, 3))):
                dash = draw(st.sampled_from(["- ", "-  ", "-"]))
                lines.append(f"{indent}{dash}{draw(_value())}")
                if draw(st.integers(0, 5)) == 0:
                    lines.append(draw(st.sampled_from(["", "  ", "  more", "# c"])))
        if draw(st.integers(0, 6)) == 0:
            lines.append("")
    text = "\n".join(lines)
    return text + draw(st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_front_matter())
def test_fast_reader_matches_the_full_reader(src: str) -> None:
    fast = load_simple(src, 2)
    if fast is not None:
        _same(fast, load_full(src, 2))


def test_the_generator_reaches_the_fast_path_often() -> None:
    """Guard against a vacuous property: most generated blocks must take the fast path."""
    taken = 0

    @settings(max_examples=400, deadline=None, database=None)
    @given(_front_matter())
    def count(src: str) -> None:
        nonlocal taken
        taken += load_simple(src, 2) is not None

    count()
    assert taken >= 40


@pytest.mark.parametrize(
    "src",
    [
        'title: "A B"\naliases:\n  - Ordered Optimizer\ntags: [book, "x y", status/stale]\nn: 5',
        "a:\n- x\n- 'y'\nb: 1",
        "a:\n  - x\n\n  - y\n\n",
        "a:\n\nb: 2",
        "a: []\nb: [ ]",
        "True: 1\nnull: ~",
    ],
)
def test_known_simple_blocks_take_the_fast_path(src: str) -> None:
    fast = load_simple(src, 2)
    assert fast is not None
    _same(fast, load_full(src, 2))


@pytest.mark.parametrize(
    "src",
    [
        "a: 1\na: 2",  # duplicate key: the full reader reports it
        "a: b: c",  # not YAML
        "a: x # comment",
        "a: |\n  text",
        "a:\n  b: 1",  # nested mapping
        "a: x\n  continued",
        "a: [b, [c]]",
        'a: "esc\\"aped"',
        "a: x ",
        "a: \u2028",
        "- a\n- b",  # a list, not a mapping
    ],
)
def test_anything_else_goes_to_the_full_reader(src: str) -> None:
    assert load_simple(src, 2) is None


def test_every_front_matter_in_the_repository_agrees() -> None:
    """The real vault, the seed sources and every test case: same result either way."""
    seen = taken = 0
    for path in sorted(ROOT.glob("**/*.md")):
        if ".venv" in path.parts or ".git" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        fm = parse_frontmatter(text)
        if not fm.present or not fm.raw.strip():
            continue
        seen += 1
        fast = load_simple(fm.raw, 2)
        if fast is not None:
            taken += 1
            _same(fast, load_full(fm.raw, 2))
    assert seen > 500 and taken > seen // 2
