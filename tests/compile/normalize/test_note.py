from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.compile.normalize.note import normalize, normalize_note
from vaultkit.notes.yaml.full import load

ORDER = ("title", "type", "aliases", "expansion", "tags", "sources", "related")
NAMES = {"dreambooth": "DreamBooth", "lora": "LoRA", "ategnatos glossary": "Ategnatos Glossary",
         "dreambooth.md": "DreamBooth", "img.png": "img.png"}


def resolve(path: str) -> str | None:
    return NAMES.get(path.lower())


def norm(text: str) -> str:
    return normalize_note(text, key_order=ORDER, list_keys=("sources", "related"),
                          resolve_link=resolve)


def test_keys_follow_the_schema_order_and_unknown_keys_keep_theirs() -> None:
    text = (
        "---\nzeta: 1\nsources:\n  - x\n# about the title\ntitle: T\nalpha: 2\ntype: term\n"
        "---\nBody\n"
    )
    assert norm(text) == (
        "---\n# about the title\ntitle: T\ntype: term\nsources:\n  - x\nzeta: 1\nalpha: 2\n"
        "---\nBody\n"
    )


def test_values_are_kept_as_written() -> None:
    text = (
        "---\ncreated: 2024-01-02\nrating: 007\ntitle: 'It''s'\nnote: |\n  two\n  lines\n"
        "flag: yes\n---\n"
    )
    out = norm(text)
    assert "created: 2024-01-02\n" in out and "rating: 007\n" in out and "flag: yes\n" in out
    assert out.startswith("---\ntitle: 'It''s'\n")
    assert "note: |\n  two\n  lines\n" in out
    assert load(out.split("---\n")[1]).data == load(text.split("---\n")[1]).data


def test_list_keys_become_lists_and_tags_lose_their_hash() -> None:
    text = '---\ntags: "#ml"\naliases: Low-Rank\nsources: "[[ategnatos glossary]]"\nother: x\n---\n'
    assert norm(text) == (
        '---\naliases:\n  - Low-Rank\ntags:\n  - ml\nsources:\n  - "[[Ategnatos Glossary]]"\n'
        "other: x\n---\n"
    )
    assert norm('---\ntags: ["#a", b, "#1984"]\n---\n') == '---\ntags: [a, b, "1984"]\n---\n'
    assert norm("---\ntags:\n  - '#x y'\n---\n") == "---\ntags:\n  - \"x y\"\n---\n"


def test_empty_list_value_is_left_alone() -> None:
    assert norm("---\ntags:\naliases: []\n---\n") == "---\naliases: []\ntags:\n---\n"


def test_links_get_the_canonical_target_case_and_keep_display_and_subpath() -> None:
    text = (
        "See [[dreambooth|DB]], [[ dreambooth#Intro ]], ![[IMG.PNG|100]], [x](dreambooth.md#a), "
        "[[Unknown thing]], `[[lora]]` and [[lora\\|in table]].\n"
    )
    assert norm(text) == (
        "See [[DreamBooth|DB]], [[ DreamBooth#Intro ]], ![[img.png|100]], [x](DreamBooth.md#a), "
        "[[Unknown thing]], `[[lora]]` and [[LoRA\\|in table]].\n"
    )


def test_property_links_stay_quoted() -> None:
    text = "---\nrelated:\n  - \"[[lora]]\"\n  - '[[dreambooth|DB]]'\n  - plain\n---\n"
    expected = "---\nrelated:\n  - \"[[LoRA]]\"\n  - '[[DreamBooth|DB]]'\n  - plain\n---\n"
    assert norm(text) == expected


def test_line_endings_trailing_spaces_and_final_newline() -> None:
    text = "# T  \r\n\r\nline\t \rnext\n```\ncode  \n```\n  \n\n\n"
    assert norm(text) == "# T\n\nline\nnext\n```\ncode  \n```\n"
    assert norm("") == ""
    assert norm("x") == "x\n"


def test_unclosed_fence_keeps_code_spaces_to_the_end() -> None:
    assert norm("~~~\na  \n") == "~~~\na  \n"


def test_invalid_front_matter_is_left_untouched_and_reported() -> None:
    text = "---\ncreated: {{date}}\ntags: x\n---\nSee [[lora]]  \n"
    result = normalize(text, key_order=ORDER, resolve_link=resolve)
    assert result.text == text
    (line, message), = result.problems
    assert line == 2 and "front matter" in message


def test_duplicate_keys_are_invalid_and_left_untouched() -> None:
    text = "---\ntype: a\ntitle: b\ntype: c\n---\n"
    assert norm(text) == text


def test_flow_mapping_front_matter_keeps_its_order() -> None:
    text = '---\n{"type": "term", "title": "x"}\n---\n'
    assert norm(text) == text


@pytest.mark.parametrize("text", ["---\ntitle: a\n---", "---\ntitle: a\n---\n", "a\n\n\n"])
def test_one_final_newline(text: str) -> None:
    assert norm(text).endswith("\n") and not norm(text).endswith("\n\n")


_LINE = st.one_of(
    st.sampled_from([
        "# Heading  ", "text [[lora]] more", "[[DREAMBOOTH|x]]  ", "```", "~~~", "    code  ",
        "", " ", "\t", "> quote [[lora#h]]", "- item\t", "![[img.png]]", "[a](dreambooth.md)",
        "%% comment [[lora]] %%", "---", "tags: x", "$$", "`[[lora]]`",
    ]),
    st.text(alphabet=" \t#[]|!`~-abc:\"'\r", max_size=12),
)
_FM_LINE = st.sampled_from([
    "title: A", "type: term", "tags: '#x'", "tags: x", "aliases: y", "sources: \"[[lora]]\"",
    "related:\n  - \"[[dreambooth]]\"", "zeta: 1", "# comment", "date: 2024-01-01", "x: [a, '#b']",
    "tags:\n  - '#q'\n  - r", "bad: {{", "key:   ", "list:\n- a\n- b",
])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_FM_LINE, max_size=6, unique=True),
    st.lists(_LINE, max_size=10),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_normalize_is_idempotent(
    fm: list[str], body: list[str], newline: str, with_fm: bool
) -> None:
    text = newline.join(body)
    if with_fm:
        text = newline.join(["---", *fm, "---", text])
    once = norm(text)
    assert norm(once) == once
    result = normalize(text, key_order=ORDER, resolve_link=resolve)
    if result.problems:  # invalid front matter: the note is left exactly as it was
        assert result.text == text
    else:
        assert "\r" not in once and (once == "" or once.endswith("\n"))


def test_trailing_spaces_in_front_matter_go_unless_they_are_a_value() -> None:
    text = "---\ntitle: A   \ntype: term \n---   \nx\n"
    assert norm(text) == "---\ntitle: A\ntype: term\n---\nx\n"
    block = "---\nnote: |\n  keep  \n  me\ntitle: A  \n---\n"
    assert norm(block) == "---\ntitle: A  \nnote: |\n  keep  \n  me\n---\n"
