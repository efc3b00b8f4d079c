"""YAML 1.2 core-schema values, positions and failure modes of vaultkit.notes.yaml.full."""

from __future__ import annotations

import math
import time

import pytest

from vaultkit.notes.model import Span
from vaultkit.notes.yaml.full import load as load_yaml
from vaultkit.notes.yaml.values import resolve_plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("", None),
        ("246", 246),
        ("-7", -7),
        ("+3", 3),
        ("0o17", 15),
        ("0x1F", 31),
        ("017", 17),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("-.inf", -math.inf),
        (".Inf", math.inf),
        ("2024-07-21", "2024-07-21"),
        ("2024-07-21T12:37:00", "2024-07-21T12:37:00"),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("12:30", "12:30"),
        ("hello", "hello"),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core(text: str, expected: object) -> None:
    assert resolve_plain(text) == expected
    assert type(resolve_plain(text)) is type(expected)


def test_nan() -> None:
    assert math.isnan(resolve_plain(".nan"))


def test_quoted_and_tagged_scalars() -> None:
    result = load_yaml('a: "true"\nb: \'12\'\nc: !!str 12\nd: !!int "7"\ne: |\n  block\n')
    assert result.data == {"a": "true", "b": "12", "c": "12", "d": 7, "e": "block\n"}
    assert result.quoted == {"a", "b", "d"}


def test_unknown_tag_is_an_error() -> None:
    result = load_yaml("a: !!binary aGVsbG8=\n")
    assert result.error is not None and result.data is None


def test_positions_of_keys_and_values_are_file_positions() -> None:
    src = 'title: Café\nlist:\n  - one\n  - "two"\nparent:\n  child: 3\n'
    result = load_yaml(src, first_line=2)
    assert result.key_spans["title"] == Span(2, 1, 2, 6)
    assert result.value_spans["title"] == Span(2, 8, 2, 12)  # columns count characters
    assert result.value_spans["list.0"] == Span(4, 5, 4, 8)
    assert result.value_spans["list.1"] == Span(5, 5, 5, 10)
    assert result.key_spans["parent.child"] == Span(7, 3, 7, 8)
    assert result.value_spans["parent.child"] == Span(7, 10, 7, 11)


def test_crlf_and_lone_cr_count_as_one_line_break() -> None:
    for src in ("a: 1\r\nb: 2\r\n", "a: 1\rb: 2\r"):
        result = load_yaml(src, first_line=2)
        assert result.data == {"a": 1, "b": 2}
        assert result.key_spans["b"].line == 3


@pytest.mark.parametrize(
    ("src", "line"),
    [
        ("title: x\n\tbad: 1\n", 1),
        ('title: "never closed\nother: 1\n', 0),
        ("a: 1\na: 2\n", 1),
        ("a: [1,\n", 1),
        ("a: *nope\n", 0),
        ("a: b: c\n", 0),
    ],
)
def test_errors_carry_the_line(src: str, line: int) -> None:
    result = load_yaml(src)
    assert result.data is None
    assert result.error is not None
    assert result.error.line == line


def test_duplicate_key_message() -> None:
    result = load_yaml("k: 1\nk: 2\n")
    assert result.error is not None and "duplicate key 'k'" in result.error.message


def test_keys_become_strings() -> None:
    assert load_yaml("1: a\ntrue: b\n~: c\n").data == {"1": "a", "true": "b", "null": "c"}


def test_billion_laughs_is_capped_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    start = time.perf_counter()
    result = load_yaml("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 2
    assert result.error is not None and "alias" in result.error.message


def test_small_aliases_are_fine() -> None:
    assert load_yaml("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


def test_deep_but_reasonable_nesting_works() -> None:
    depth = 500
    block = "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + f"{'  ' * depth}leaf\n"
    result = load_yaml(block)
    assert result.error is None
    node = result.data
    for i in range(depth):
        node = node[f"k{i}"]
    assert node == "leaf"
    flow = "a: " + "[" * 500 + "]" * 500
    assert load_yaml(flow).error is None


@pytest.mark.parametrize("src", ["a: " + "[" * 100_000 + "]" * 100_000, "- " * 50_000 + "x"])
def test_absurd_nesting_is_an_error_not_a_crash(src: str) -> None:
    result = load_yaml(src)
    assert result.error is not None
    assert "nesting" in result.error.message


def test_empty_and_comment_only() -> None:
    assert load_yaml("").empty
    assert load_yaml("# just a comment\n").empty


def test_unencodable_text_is_an_error() -> None:
    assert load_yaml("a: \ud800\n").error is not None


def test_control_character_position_counts_characters() -> None:
    result = load_yaml("a: 1\nb: é\x08y\n")
    assert result.error is not None
    assert "#x0008" in result.error.message
    assert (result.error.line, result.error.column) == (1, 4)


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_are_ordinary_characters(char: str) -> None:
    result = load_yaml(f'a: x{char}y\n"k{char}": "[[T]]"\nb: 1\n', first_line=2)
    assert result.error is None
    assert result.data == {"a": f"x{char}y", f"k{char}": "[[T]]", "b": 1}
    assert result.value_spans["b"].line == 4
    assert f"k{char}" in result.quoted
