from __future__ import annotations

from vaultkit.importers.linker import AutoLinker, Lookup, rewrite_wikilinks
from vaultkit.importers.merge import make_members, merge
from vaultkit.importers.model import Entry


def _concepts(*terms: str) -> list:  # type: ignore[type-arg]
    entries = [Entry(t, "x", n, n) for n, t in enumerate(terms, 1)]
    concepts, _ = merge(make_members("s", "s.md", 0, entries))
    for concept in concepts:
        concept.name = concept.title.replace("/", "-")
    return concepts


def test_first_mention_longest_whole_word() -> None:
    concepts = _concepts("Convolution", "Depthwise Convolution (DWC)", "Seed", "GPU")
    linker = AutoLinker.build(concepts)
    own = concepts[2]
    text = "Depthwise convolution beats convolution; convolution again. Seeds GPU gpu `GPU` $GPU$"
    out = linker.link(text, own, set())
    assert out.startswith(
        "[[Depthwise Convolution|Depthwise convolution]] beats [[Convolution|convolution]];"
    )
    assert out.count("[[") == 3  # GPU once; never inside code or math; not "Seeds"
    assert "[[GPU]] gpu `GPU` $GPU$" in out


def test_longer_names_win_and_are_never_split() -> None:
    concepts = _concepts(
        "Tensor", "Tensor Core", "KV", "KV cache", "Batch", "Batch size", "AI",
        "ADD (Adversarial Diffusion Distillation)", "Own",
    )
    linker = AutoLinker.build(concepts)
    text = (
        "FP8 Tensor Cores, a KV-cache, larger batch sizes, a tensor. "
        "Latent Adversarial Diffusion Distillation is not ADD; Stability AI is not AI."
    )
    out = linker.link(text, concepts[-1], set())
    assert out == (
        "FP8 [[Tensor Core|Tensor Cores]], a [[KV cache|KV-cache]], larger "
        "[[Batch size|batch sizes]], a [[Tensor|tensor]]. "
        "Latent Adversarial Diffusion Distillation is not [[ADD]]; Stability AI is not AI."
    )


def test_never_inside_links_headings_code_blocks_or_to_itself() -> None:
    concepts = _concepts("Token", "Cache")
    linker = AutoLinker.build(concepts)
    text = "# Token heading\n```\nToken\n```\nSee [[Other|Token]] and [Token](x.md). Cache."
    out = linker.link(text, concepts[1], set())
    assert out == "# Token heading\n```\nToken\n```\nSee [[Other|Token]] and [Token](x.md). Cache."


def test_glossary_links_become_note_links() -> None:
    concepts = _concepts("Layer Normalization (LayerNorm)", "d_model")
    lookup = Lookup.build(concepts)
    problems: list[str] = []
    text = (
        "Uses [[GLOSSARY#Layer Normalization (LayerNorm)]], [[GLOSSARY#d_model|width]], "
        "[[GLOSSARY#Nope]]."
    )
    out = rewrite_wikilinks(text, lookup, problems.append, set())
    assert out == (
        "Uses [[Layer Normalization|Layer Normalization (LayerNorm)]], [[d_model|width]], Nope."
    )
    assert len(problems) == 1 and "Nope" in problems[0]


def test_names_sharing_a_prefix_do_not_share_an_index_entry() -> None:
    """Thousands of names starting alike ("Term1 x", "Term2 x", ...) must not make every
    mention scan them all (which made linking 16,000 entries quadratic)."""
    concepts = _concepts(*(f"Term{n} shape" for n in range(2000)), "Term", "Term paper")
    linker = AutoLinker.build(concepts)
    assert max(len(names) for names in linker.index.values()) <= 2  # "Term paper", "Term"
    out = linker.link("Term12 shape and Term1999 shape; a term paper", concepts[0], set())
    assert out == (
        "[[Term12 shape]] and [[Term1999 shape]]; a [[Term paper|term paper]]"
    )
