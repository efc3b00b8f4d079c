"""vaultkit.notes.sections: the one definition of the importer's source sections."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vaultkit.notes.sections import (
    Section,
    end_marker,
    find_sections,
    marked_sources,
    section,
    section_hash,
)


@given(st.text(alphabet=st.sampled_from("ab %#`\n\t:=-"), max_size=40))
def test_a_written_section_reads_back_with_its_hash(inner: str) -> None:
    text = f"# Title\n\n{section('src-1', inner)}\n"
    (found,) = find_sections(text)
    assert found.source == "src-1"
    assert found.hash == section_hash(found.inner)
    assert text[found.start : found.end] == section("src-1", inner)
    assert found.inner == "\n".join(line.rstrip() for line in inner.split("\n")).rstrip("\n")


def test_markers_are_whole_lines() -> None:
    inner = f"Quoting the marker: `{end_marker('a')}` is not the end.\nLast line."
    text = f"{section('a', inner)}\n"
    (found,) = find_sections(text)
    assert found.inner == inner and found.hash == section_hash(inner)
    assert find_sections(f"text %% vaultkit:begin source=a %%\n{end_marker('a')}\n") == []


def test_spaces_and_crlf_around_a_marker_line_are_allowed() -> None:
    text = "  %% vaultkit:begin source=a hash=abc %% \r\nbody\r\n\t%% vaultkit:end source=a %%\r\n"
    assert find_sections(text) == [Section("a", "abc", 0, len(text) - 1, "body\r")]


def test_an_unclosed_section_is_skipped_and_reading_goes_on() -> None:
    text = (
        "%% vaultkit:begin source=a %%\nnever closed\n"
        "%% vaultkit:begin source=b hash=1 %%\nB\n%% vaultkit:end source=b %%\n"
        "%% vaultkit:end source=c %%\n"
    )
    assert [(s.source, s.hash, s.inner) for s in find_sections(text)] == [("b", "1", "B")]
    assert marked_sources(text) == {"a", "b"}


def test_a_begin_marker_inside_a_section_is_its_text() -> None:
    text = (
        "%% vaultkit:begin source=a %%\n%% vaultkit:begin source=b %%\nx\n"
        "%% vaultkit:end source=a %%\n%% vaultkit:end source=b %%\n"
    )
    assert [(s.source, s.hash, s.inner) for s in find_sections(text)] == [
        ("a", None, "%% vaultkit:begin source=b %%\nx")
    ]


def test_an_empty_section_and_other_words_in_a_begin_marker() -> None:
    text = "%% vaultkit:begin source=a hash=xyz note %%\n%% vaultkit:end source=a %%"
    assert find_sections(text) == [Section("a", None, 0, len(text), "")]
    assert marked_sources("%% vaultkit:begin source= %%\n") == set()
