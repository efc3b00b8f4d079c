"""Properties over generated notes and vaults (issue 7): the parser never fails and reports only
positions inside the file; ``fmt`` is idempotent and keeps every word; ``build`` twice and
``import`` twice give the same bytes."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.helpers.faults import snapshot
from tests.helpers.spans import assert_inside, spans_of
from tests.helpers.strategies import (
    WORDS,
    body_tokens,
    notes,
    vault_notes,
    words,
    write_vault,
)
from tests.helpers.strategies import settings as fixed
from vaultkit.cli import main
from vaultkit.compile.inplace import format_vault
from vaultkit.compile.normalize.note import normalize
from vaultkit.config import CheckConfig
from vaultkit.importers.mojibake import repair
from vaultkit.notes.model import Span
from vaultkit.notes.note import parse_note
from vaultkit.notes.reader import decode


def slice_of(text: str, span: Span) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    flat = "\n".join(lines)
    start = starts[span.line - 1] + span.column - 1
    return flat[start : starts[span.end_line - 1] + span.end_column - 1]


# --- the parser -------------------------------------------------------------------------------


@settings(**fixed(max_examples=400))
@given(notes())
def test_parser_never_fails_and_positions_lie_inside_the_file(source: str) -> None:
    text = decode(source.encode("utf-8", "surrogatepass"), "n.md")
    if not isinstance(text, str):  # a NUL byte: reported at a real position, not parsed
        assert_inside(source, text.span, text.message)
        return
    note = parse_note("n.md", text)
    assert not [t for t in note.findings if t.rule == "parser-error"], note.findings
    for what, span in spans_of(note):
        assert_inside(text, span, what)
    for link in note.links:
        if link.key is None:  # a body link: its span covers exactly its source text
            assert slice_of(text, link.span) == link.raw.replace("\r\n", "\n"), link


@settings(**fixed(max_examples=60))
@given(st.lists(WORDS, min_size=1, max_size=5), st.sampled_from(["\n", "\r\n", "\r"]))
def test_line_endings_do_not_move_positions(parts: list[str], newline: str) -> None:
    lines = [f"{w} [[{w}]]" for w in parts]
    lf = parse_note("n.md", "\n".join(lines))
    other = parse_note("n.md", newline.join(lines))
    assert [link.span for link in lf.links] == [link.span for link in other.links]


# --- fmt --------------------------------------------------------------------------------------


def _fm_words(text: str) -> Counter[str]:
    """Word runs of the front matter (keys move and lists change shape; words stay)."""
    whole = Counter(words(text.replace("\r", "")))
    whole.subtract(Counter(words(" ".join(body_tokens(text)))))
    return +whole


LIST_KEYS = ("aliases", "tags", "related")
ORDER = ("title", "type", "aliases", "tags")


@settings(**fixed(max_examples=300))
@given(notes())
def test_normalization_keeps_every_word_of_any_note(source: str) -> None:
    """fmt's core on messy notes (bad YAML, CR, comments, fences): same words, stable."""
    text = decode(source.encode("utf-8"), "n.md")
    if not isinstance(text, str):
        return
    result = normalize(text, key_order=ORDER, list_keys=LIST_KEYS)
    assert Counter(words(result.text)) == Counter(words(text))
    assert normalize(result.text, key_order=ORDER, list_keys=LIST_KEYS).text == result.text


@settings(**fixed(max_examples=60))
@given(vault_notes())
def test_fmt_is_idempotent_and_keeps_every_word(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vault"
        write_vault(root, files)
        report = format_vault(root, CheckConfig(), write=True)
        again = format_vault(root, CheckConfig(), write=False)
        assert again.changed == (), again.diff
        for name, before in files.items():
            after = (root / name).read_bytes().decode("utf-8")
            if any(name in p for p in report.problems) and after == before:
                continue  # left as is and reported
            assert body_tokens(after) == body_tokens(before), name
            assert _fm_words(after) == _fm_words(before), name


# --- build and import ---------------------------------------------------------------------------


@settings(**fixed(max_examples=25))
@given(vault_notes())
def test_build_twice_is_identical(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_vault(root / "vault", files)
        assert _quiet(["build", str(root / "vault"), "--out", str(root / "one"), "--isolated"]) == 0
        assert _quiet(["build", str(root / "vault"), "--out", str(root / "two"), "--isolated"]) == 0
        first = snapshot(root / "one")
        assert snapshot(root / "two") == first
        assert _quiet(["build", str(root / "vault"), "--out", str(root / "one"), "--isolated"]) == 0
        assert snapshot(root / "one") == first  # building again over itself changes nothing


_TERM = WORDS.filter(lambda w: w[0].isalpha())


@st.composite
def glossaries(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A glossary file and the words a person wrote in it (terms and definitions)."""
    terms = draw(st.lists(_TERM, min_size=1, max_size=6, unique_by=str.casefold))
    defs = [" ".join(draw(st.lists(WORDS, min_size=1, max_size=6))) for _ in terms]
    written = words(" ".join([*terms, *defs]))
    if draw(st.booleans()):
        rows = [f"| **{t}** | {d} |" for t, d in zip(terms, defs, strict=True)]
        return "# Gen Glossary\n\n| Term | Meaning |\n|---|---|\n" + "\n".join(rows) + "\n", written
    items = [f"**{t}**\n: {d}\n" for t, d in zip(terms, defs, strict=True)]
    return "# Gen Glossary\n\n" + "\n".join(items), written


@settings(**fixed(max_examples=25))
@given(glossaries())
def test_import_twice_is_identical(generated: tuple[str, list[str]]) -> None:
    glossary, written = generated
    assume(repair(glossary)[1] == ())  # mojibake repair is the one sanctioned (reported) change
    with tempfile.TemporaryDirectory() as tmp:
        trees = []
        for name in ("one", "two"):
            root = Path(tmp) / name
            (root / "sources").mkdir(parents=True)
            (root / "pyproject.toml").write_bytes(b"")
            (root / "sources" / "g.md").write_text(glossary, encoding="utf-8")
            with pytest.MonkeyPatch.context() as patch:
                patch.chdir(root)
                assert _quiet(["import", "sources/g.md", "--into", "vault", "-q"]) in (0, 1)
                first = snapshot(root)
                assert _quiet(["import", "sources/g.md", "--into", "vault", "-q"]) in (0, 1)
                assert snapshot(root) == first  # importing again changes nothing
            trees.append(first)
        assert trees[0] == trees[1]
        assert Counter(written) - _imported_words(trees[0]) == Counter()  # no word lost


def _imported_words(tree: dict[str, bytes]) -> Counter[str]:
    """Every word of every note the import wrote (each definition word must be in one)."""
    total: Counter[str] = Counter()
    for rel, data in tree.items():
        if rel.startswith("vault/") and rel.endswith(".md"):
            total.update(words(data.decode("utf-8")))
    return total


def _quiet(args: list[str]) -> int:
    import contextlib
    import io

    sink: Any = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        return main(args)
