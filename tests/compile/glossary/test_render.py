from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.anchors import assert_github_links_land, assert_obsidian_links_land, read_back
from vaultkit.compile.glossary.records import Definition, DefLink, GlossaryData, Source, Term
from vaultkit.compile.glossary.render import GlossaryError, bucket_of, is_generated, render_glossary


def _definition(text: str, source: str = "a", title: str = "Source A", **links: str) -> Definition:
    found = []
    for surface, target in links.items():
        token = f"[[{surface}]]"
        start = text.index(token)
        found.append(DefLink(start, start + len(token), target or None, surface))
    return Definition(source, title, text, tuple(found))


SOURCES = (Source("a", "Source A", "md-table", "sources/a.txt"), Source("b", "Source B", "txt"))


def _data() -> GlossaryData:
    lora_def = "A fine-tuning method; see [[DreamBooth]] and [[Adapter]]."
    terms = (
        Term("LoRA.md", "LoRA", ("Low-Rank Adaptation", "LoRAs"), "Low-Rank Adaptation",
             (_definition(lora_def, DreamBooth="DreamBooth.md", Adapter=""),),
             (("DreamBooth", "DreamBooth.md"),)),
        Term("DreamBooth.md", "DreamBooth", (), None,
             (_definition("Personalises a model."),
              _definition("Fine-tunes on a few\nimages.\n\n```\ncode\n```", "b", "Source B"))),
        Term("C++.md", "C++", (), None, (_definition("A language."),)),
        Term("C#.md", "C#", (), None, (_definition("Another language."),)),
        Term("A.md", "A", (), None, (_definition("The letter."),)),
        Term("Glossary.md", "Glossary", (), None, (_definition("A list of terms."),)),
        Term("x/Scale.md", "Scale", (), None, (_definition("Size, in A."),)),
        Term("y/Scale.md", "Scale", (), None, (_definition("Size, in B.", "b", "Source B"),)),
        Term("Éclair.md", "Éclair", (), None, (_definition("Pastry."),)),
        Term("2FA.md", "2FA", (), None, (_definition("Two factors."),)),
        Term("Привет.md", "Привет", (), None, (_definition("Hello."),)),
        Term("init.md", "__init__", (), None, (_definition("Python."),)),
    )
    return GlossaryData(terms, SOURCES, "vault/")


def test_counts_in_header_equal_what_follows() -> None:
    text = render_glossary(_data())
    concepts = len(re.findall(r"^### ", text, re.M))
    match = re.search(r"\*\*(\d+) concepts\*\* from \*\*(\d+) sources\*\*", text)
    assert match is not None
    rows = text.split("## Sources", 1)[1].strip().split("\n")[2:]
    assert (int(match.group(1)), int(match.group(2))) == (concepts, len(rows)) == (12, 2)
    assert "| Source A | md-table | 11 |" in rows
    assert "| Source B | txt | 2 |" in rows


def test_every_github_link_lands_and_anchors_are_unique() -> None:
    text = render_glossary(_data())
    assert_github_links_land(text)
    headings, anchors, _ = read_back(text)
    assert "init" not in anchors and "__init__" in anchors
    # 'C++' and 'C#' both slug to 'c': their headings spell out what the slug drops
    assert {"C++ (C plus sign plus sign)", "C# (C number sign)"} <= set(headings)
    # homographs and collisions are qualified by design, never by -N suffixes
    assert "Scale (Source A)" in headings and "Scale (Source B)" in headings
    assert not any(re.search(r"-\d$", a) for a in anchors if a not in ("2fa",))


def test_every_obsidian_link_lands() -> None:
    text = render_glossary(_data(), flavor="obsidian")
    assert_obsidian_links_land(text)
    assert "[[#DreamBooth]]" in text
    assert "](#" not in text


def test_definitions_links_and_attribution() -> None:
    text = render_glossary(_data())
    block = text.split("### LoRA", 1)[1].split("###", 1)[0]
    assert "**LoRA** — *Low-Rank Adaptation*" in block
    assert "Also: *LoRAs*" in block  # the expansion is not repeated as an alias
    assert "see [DreamBooth](#dreambooth) and Adapter." in block  # non-term: plain text
    assert "— *source: Source A*" in block
    assert "See also: [DreamBooth](#dreambooth)" in block
    several = text.split("### DreamBooth", 1)[1].split("###", 1)[0]
    assert "1. Personalises a model." in several
    assert "2. Fine-tunes on a few\n   images." in several
    assert "   ```\n   code\n   ```" in several
    assert several.count("— *source:") == 2


def test_identical_definitions_are_merged_with_all_attributions() -> None:
    same = (_definition("Same words."), _definition("Same  words.", "b", "Source B"))
    text = render_glossary(GlossaryData((Term("T.md", "T", definitions=same),), SOURCES))
    assert "— *sources: Source A, Source B*" in text
    assert "1." not in text


def test_sort_and_buckets() -> None:
    text = render_glossary(_data())
    headings, _, _ = read_back(text)
    assert headings.index("Digits 0–9") < headings.index("2FA") < headings.index("Letter A")
    assert headings.index("Letter D") < headings.index("Letter E") < headings.index("Éclair")
    assert headings[-3:] == ["Other scripts and symbols", "Привет", "Sources"]
    assert headings.index("Letter I") < headings.index("__init__") < headings.index("Letter L")
    assert bucket_of("ångström") == "Letter A"
    assert bucket_of("_x") == "Letter X"  # filed by its first letter or digit
    assert bucket_of("(2+1)D") == "Digits 0–9"
    assert bucket_of("“Quoted”") == "Letter Q"
    assert bucket_of("→ ∞") == "Other scripts and symbols"


def test_jump_bar_links_only_present_letters() -> None:
    text = render_glossary(_data())
    bar = next(line for line in text.split("\n") if line.startswith("**Jump to:**"))
    assert "[A](#letter-a)" in bar and "[0–9](#digits-09)" in bar and " B " in bar
    assert "[Other](#other-scripts-and-symbols)" in bar


def test_generated_marker_and_determinism() -> None:
    data = _data()
    text = render_glossary(data)
    assert is_generated(text) and text == render_glossary(data)
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert not is_generated("# Glossary\n")


def test_unknown_flavor() -> None:
    with pytest.raises(GlossaryError):
        render_glossary(_data(), flavor="html")


_TITLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
).filter(lambda t: t.strip())


@settings(max_examples=60, deadline=None)
@given(st.lists(_TITLE, min_size=1, max_size=8))
def test_any_titles_give_unique_landing_anchors(titles: list[str]) -> None:
    paths = [f"n{number}.md" for number in range(len(titles))]
    terms = []
    for number, title in enumerate(titles):
        other = paths[(number + 1) % len(paths)]
        definition = Definition("a", "Source A", "See [[x]].", (DefLink(4, 9, other, "x"),))
        terms.append(Term(paths[number], title, definitions=(definition,)))
    data = GlossaryData(tuple(terms), SOURCES)
    assert_github_links_land(render_glossary(data))
    assert_obsidian_links_land(render_glossary(data, flavor="obsidian"))


def test_paths_that_differ_only_in_case_still_get_unique_headings() -> None:
    terms = tuple(
        Term(path, "X", definitions=(_definition("Same source."),)) for path in ("a/X.md", "A/x.md")
    )
    text = render_glossary(GlossaryData(terms, SOURCES))
    headings, _, _ = read_back(text)
    assert {"X (A/x, note 1)", "X (a/X, note 2)"} <= set(headings)
    assert_github_links_land(text, expect_links=False)
    assert_obsidian_links_land(render_glossary(GlossaryData(terms, SOURCES), flavor="obsidian"),
                               expect_links=False)


def test_every_alias_and_expansion_is_an_index_line_under_its_letter() -> None:
    terms = (
        Term("Super-resolution.md", "Super-resolution", ("Upscaling", "SR", "super-Resolution"),
             None, (_definition("Making images larger."),)),
        Term("KV.md", "KV", ("Key-Value",), "Key-Value", (_definition("Pairs."),)),
        Term("Up.md", "Up", ("SR",), None, (_definition("A direction."),)),
    )
    text = render_glossary(GlossaryData(terms, SOURCES, "vault/"))
    letter_u = text.split("## Letter U\n", 1)[1].split("\n## ", 1)[0]
    assert "- *Upscaling* → see [Super-resolution](#super-resolution)\n" in letter_u
    assert letter_u.index("*Upscaling*") < letter_u.index("### Up")
    letter_k = text.split("## Letter K\n", 1)[1].split("\n## ", 1)[0]
    assert "- *Key-Value* → see [KV](#kv)" in letter_k  # once, though alias and expansion
    assert text.count("*Key-Value* →") == 1
    assert "*super-Resolution* →" not in text  # the title in another case: a heading already
    assert text.count("- *SR* → see") == 2  # one line per term that has the name
    assert_github_links_land(text)
    obsidian = render_glossary(GlossaryData(terms, SOURCES, "vault/"), flavor="obsidian")
    assert "- *Upscaling* → see [[#Super-resolution]]" in obsidian
    assert_obsidian_links_land(obsidian)


def test_a_letter_with_only_aliases_gets_its_section_and_link() -> None:
    terms = (Term("B.md", "Bee", ("Zumbador",), None, (_definition("An insect."),)),)
    text = render_glossary(GlossaryData(terms, SOURCES, "vault/"))
    assert "[Z](#letter-z)" in text and "## Letter Z\n\n- *Zumbador* → see [Bee](#bee)" in text
    assert_github_links_land(text)


def test_a_definition_without_text_only_attributes() -> None:
    terms = (
        Term("KV.md", "KV", (), "Key-Value", (_definition("", "b", "Source B"),)),
        Term("GPU.md", "GPU", (), "Graphics Processing Unit",
             (_definition("The chip."), _definition("", "b", "Source B"))),
    )
    text = render_glossary(GlossaryData(terms, SOURCES, "vault/"))
    kv = text.split("### KV\n", 1)[1].split("\n#", 1)[0]
    assert kv.strip() == "**KV** — *Key-Value*\n\n— *source: Source B*"
    gpu = text.split("### GPU\n", 1)[1].split("\n#", 1)[0]
    assert "1." not in gpu and "The chip.\n\n— *source: Source A*" in gpu
    assert "— *also listed in: Source B*" in gpu
