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


def _senses() -> list:  # type: ignore[type-arg]
    """Two notes of one written name, "Sampler", from two sources, and a third note."""
    data = Entry("Sampler", "Decides the order a DataLoader visits dataset examples in.", 1, 1)
    image = Entry("Sampler", "Removes noise from the image at every denoising step.", 1, 1)
    members = [
        *make_members("a", "a.md", 0, [data, Entry("Epoch", "One pass over the dataset.", 2, 2)]),
        *make_members("b", "b.md", 1, [image]),
    ]
    concepts, _ = merge(members)
    concepts = [c for c in concepts if c.title == "Epoch"]
    for source, title in (("a", "Sampler (DataLoader)"), ("b", "Sampler (diffusion)")):
        sense = merge([m for m in members if m.source == source and m.entry.term == "Sampler"])[0]
        sense[0].title = sense[0].name = title
        concepts.extend(sense)
    for concept in concepts:
        concept.name = concept.name or concept.title
    return concepts


def test_a_link_to_a_name_of_several_senses_goes_to_the_sense_of_its_own_source() -> None:
    epoch, data, image = _senses()
    lookup = Lookup.build([epoch, data, image])
    assert lookup.resolve("Sampler", "a") is data
    assert lookup.resolve("Sampler", "b") is image
    assert lookup.resolve("sampler", "c") is None  # a third source: which sense is unknown
    problems: list[str] = []
    out = rewrite_wikilinks("See [[Sampler]].", lookup, problems.append, set(), "c")
    assert out == "See Sampler." and len(problems) == 1


def test_a_mention_of_several_senses_links_the_one_its_context_settles() -> None:
    epoch, data, image = _senses()
    linker = AutoLinker.build([epoch, data, image])
    assert linker.link("The sampler removes noise at each denoising step.", epoch, set()) == (
        "The [[Sampler (diffusion)|sampler]] removes noise at each denoising step."
    )
    assert linker.link("A sampler picks dataset examples in order.", epoch, set()) == (
        "A [[Sampler (DataLoader)|sampler]] picks dataset examples in order."
    )
    assert linker.link("Choose a sampler carefully.", epoch, set()) == (
        "Choose a sampler carefully."  # nothing around it settles the sense: no link
    )
