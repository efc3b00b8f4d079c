from __future__ import annotations

from vaultkit.compile.glossary.reader import definition_of, read_glossary, sections
from vaultkit.notes.note import parse_note
from vaultkit.notes.resolve import LinkIndex

TERM = """---
title: LoRA
type: term
aliases: [Low-Rank Adaptation, LoRAs]
expansion: Low-Rank Adaptation
related:
  - "[[dreambooth]]"
  - "[[Nowhere]]"
---
# LoRA

Intro written by a person.

%% vaultkit:begin source=a hash=1 %%
## Alpha
See [[DreamBooth|the DB note]] and ![[fig.png]].

### Details
Setext too
----------
%% vaultkit:end source=a %%

%% vaultkit:begin source=b %%
## Beta
Never closed.
"""


def test_sections_need_both_markers_and_drop_their_heading() -> None:
    found = sections(TERM.split("---\n", 2)[2])
    assert [(s, t) for s, t, _ in found] == [("a", "Alpha")]
    assert found[0][2].startswith("See [[DreamBooth")


def test_a_section_that_never_closes_hides_no_later_section() -> None:
    body = "%% vaultkit:begin source=a %%\nopen\n%% vaultkit:begin source=b %%\n## B\nText\n"
    found = sections(body + "%% vaultkit:end source=b %%\n")
    assert found == [("b", "B", "Text")]


def test_read_glossary_records() -> None:
    texts = {
        "LoRA.md": TERM,
        "DreamBooth.md": "---\ntitle: DreamBooth\ntype: term\n---\n",
        "Sources/Alpha.md": (
            "---\ntitle: Alpha Glossary\ntype: source\nsource_id: a\nformat: txt\n---\n"
        ),
        "Plain.md": "---\ntitle: Not a term\n---\n",
    }
    notes = {path: parse_note(path, text) for path, text in texts.items()}
    index = LinkIndex([*texts, "fig.png"])
    data = read_glossary(notes, texts, index, "vault/")
    assert [t.path for t in data.terms] == ["DreamBooth.md", "LoRA.md"]
    lora = data.terms[1]
    assert lora.title == "LoRA" and lora.expansion == "Low-Rank Adaptation"
    assert lora.aliases == ("Low-Rank Adaptation", "LoRAs")
    assert lora.related == (("dreambooth", "DreamBooth.md"), ("Nowhere", None))
    (definition,) = lora.definitions
    assert definition.source_title == "Alpha Glossary"  # the source note's title wins
    assert "**Details**" in definition.text and "**Setext too**" in definition.text
    assert "----------" not in definition.text
    first, embed = definition.links
    assert definition.text[first.start : first.end] == "[[DreamBooth|the DB note]]"
    assert (first.target, first.surface, first.embed) == ("DreamBooth.md", "the DB note", False)
    assert definition.text[embed.start : embed.end] == "![[fig.png]]" and embed.embed
    assert [s.title for s in data.sources] == ["Alpha Glossary"]


def test_aliases_are_read_as_obsidian_reads_them() -> None:
    texts = {
        "A.md": "---\ntype: term\nAliases: Solo, not split\n---\n",
        "B.md": "---\ntype: term\nalias: Old key\naliases: [' x ', 3, '']\n---\n",
    }
    notes = {path: parse_note(path, text) for path, text in texts.items()}
    data = read_glossary(notes, texts, LinkIndex(texts), "vault/")
    assert [t.aliases for t in data.terms] == [("Solo, not split",), ("x",)]


def test_headings_in_quotes_and_lists_become_bold_too() -> None:
    text = "> ## Quoted\n- ### Listed ##\n1. # Numbered\n```\n- # code\n```\n- #hashtag\n## Root"
    definition, _ = definition_of("a", "A", text, "T.md", LinkIndex(["T.md"]))
    assert definition.text == (
        "> **Quoted**\n- **Listed**\n1. **Numbered**\n```\n- # code\n```\n- #hashtag\n**Root**"
    )


PAIR = """---
title: Sampler
type: term
aliases: [scheduler]
related:
  - "[[Steps]]"
  - "[[DDIM]]"
---
%% vaultkit:begin source=a hash=1 %%
## Alpha
Takes denoising steps.

**Also:** scheduler

**See also:** [[Steps]], [[DDIM|DDIM (Denoising Diffusion Implicit Models)]]
%% vaultkit:end source=a %%

%% vaultkit:begin source=b hash=1 %%
## Beta
Orders a dataset.

**Also:** scheduler, picker

**See also:** [[Steps]], Euler
%% vaultkit:end source=b %%
"""


def test_see_also_and_also_lines_print_once() -> None:
    texts = {"Sampler.md": PAIR, "Steps.md": "---\ntitle: Steps\ntype: term\n---\n",
             "DDIM.md": "---\ntitle: DDIM\ntype: term\n---\n"}
    notes = {path: parse_note(path, text) for path, text in texts.items()}
    data = read_glossary(notes, texts, LinkIndex(texts), "vault/")
    sampler = next(t for t in data.terms if t.title == "Sampler")
    alpha, beta = (d.text for d in sampler.definitions)
    assert alpha == "Takes denoising steps."  # both lines are in the term's own lines
    # a line with a name that links nothing, or a name the term does not have, stays
    assert beta == (
        "Orders a dataset.\n\n**Also:** scheduler, picker\n\n**See also:** [[Steps]], Euler"
    )
    assert sampler.related == (("DDIM", "DDIM.md"),)  # Steps is printed by Beta's own line
    link = sampler.definitions[1].links[0]
    assert beta[link.start : link.end] == "[[Steps]]"
