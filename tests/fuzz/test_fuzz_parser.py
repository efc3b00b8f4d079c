"""A fixed-budget fuzz run of the reader, the front-matter reader and the note parser.

Hypothesis with ``derandomize=True`` and a fixed number of examples: CI runs exactly the same
inputs every time and the whole file stays under a minute (about 20 s on the 2-core machine).
Set ``VAULTKIT_FUZZ_EXAMPLES`` to run a longer campaign locally.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.spans import assert_inside, spans_of
from tests.helpers.strategies import BODY, FRAGMENTS, FRONT_MATTER, YAML_FRAGMENTS, notes
from tests.helpers.strategies import settings as fixed
from vaultkit.notes.frontmatter import parse_frontmatter, property_links
from vaultkit.notes.model import FrontMatter
from vaultkit.notes.note import parse_note
from vaultkit.notes.reader import decode
from vaultkit.notes.yaml import full as yaml12

BUDGET = int(os.environ.get("VAULTKIT_FUZZ_EXAMPLES", "1500"))

pytestmark = pytest.mark.slow

ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
MIXED = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS + YAML_FRAGMENTS), ANY_TEXT), max_size=60
).map("".join)


@settings(**fixed(max_examples=BUDGET))
@given(st.one_of(notes(), MIXED, ANY_TEXT))
def test_fuzz_parse_note(text: str) -> None:
    decoded = decode(text.encode("utf-8"), "f.md")
    if not isinstance(decoded, str):
        assert_inside(text, decoded.span, decoded.message)
        return
    note = parse_note("f.md", decoded)
    assert not [t for t in note.findings if t.rule == "parser-error"], note.findings
    for what, span in spans_of(note):
        assert_inside(decoded, span, what)


@settings(**fixed(max_examples=BUDGET))
@given(st.one_of(FRONT_MATTER, MIXED), st.sampled_from(["\n", "\r\n", "\r"]), BODY)
def test_fuzz_front_matter(yaml_text: str, newline: str, body: str) -> None:
    text = f"---{newline}{yaml_text.replace(chr(10), newline)}{newline}---{newline}{body}"
    fm = parse_frontmatter(text)
    assert isinstance(fm, FrontMatter)
    assert fm.data is None or isinstance(fm.data, dict)
    assert (fm.data is None) or fm.problem is None
    assert 0 <= fm.body_offset <= len(text)
    property_links(fm)  # never raises either
    for what, span in spans_of(parse_note("f.md", text)):
        assert_inside(text, span, what)


@settings(**fixed(max_examples=BUDGET // 2))
@given(st.one_of(FRONT_MATTER, MIXED, ANY_TEXT))
def test_fuzz_yaml_loader(src: str) -> None:
    result = yaml12.load(src)
    if result.error is not None:
        assert result.data is None
        assert result.error.line >= 0 and result.error.column >= 0


@settings(**fixed(max_examples=BUDGET // 2))
@given(st.binary(max_size=400))
def test_fuzz_decode_bytes(data: bytes) -> None:
    decoded = decode(data, "b.md")
    if isinstance(decoded, str):
        parse_note("b.md", decoded)
    else:
        assert decoded.rule == "unreadable-file" and decoded.span.line >= 1
