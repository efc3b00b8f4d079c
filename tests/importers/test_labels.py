from __future__ import annotations

import pytest

from vaultkit.importers.labels import (
    canonical_key,
    expansion_name,
    is_abbreviation,
    loose_key,
    names_a_part,
    plural_variants,
    safe_file_name,
    split_term,
    tag_for,
)


@pytest.mark.parametrize(
    ("term", "title", "aliases", "expansion"),
    [
        ("LoRA (Low-Rank Adaptation)", "LoRA", ("Low-Rank Adaptation",), "Low-Rank Adaptation"),
        ("Multi-Head Attention (MHA)", "Multi-Head Attention", ("MHA",), ""),
        ("FP16 (Float16)", "FP16", ("Float16",), "Float16"),
        ("Layer Normalization (LayerNorm)", "Layer Normalization", ("LayerNorm",), ""),
        (
            "CFG scale (classifier-free guidance)",
            "CFG scale",
            ("CFG scale (classifier-free guidance)",),
            "",
        ),
        (
            "Base (foundation) model",
            "Base (foundation) model",
            ("Base model", "foundation model"),
            "",
        ),
        ("Kernel (convolution)", "Kernel (convolution)", (), ""),
        ("Plain term", "Plain term", (), ""),
    ],
)
def test_split_term(term: str, title: str, aliases: tuple[str, ...], expansion: str) -> None:
    labels = split_term(term)
    assert (labels.title, labels.aliases, labels.expansion) == (title, aliases, expansion)


def test_qualified_terms_keep_their_bare_form_for_reports_only() -> None:
    assert split_term("Checkpoint (training)").base == "Checkpoint"


def test_canonical_key() -> None:
    assert canonical_key("Straße") == canonical_key("STRASSE")
    assert canonical_key("ﬁne-tuning") == "fine-tuning"
    assert canonical_key("Ｃｌｉｐ") == "clip"
    assert canonical_key("**CFG  Scale**") == canonical_key("CFG scale")
    assert canonical_key("Top–k") == "top-k"


def test_abbreviation() -> None:
    assert is_abbreviation("DDIM", "Denoising Diffusion Implicit Models")
    assert is_abbreviation("AdaGN", "adaptive group normalization")
    assert not is_abbreviation("GPU", "Central Processing Unit")


def test_plurals_are_lookups_not_rewrites() -> None:
    assert "lora" in plural_variants("loras")
    assert "gradients" in plural_variants("gradient")
    assert "batch" in plural_variants("batches")
    assert "query" in plural_variants("queries")


@pytest.mark.parametrize(
    ("term", "name"),
    [
        ("Flow matching / rectified flow", "Flow matching - rectified flow"),
        ("C#", "C-"),
        ("A|B", "A-B"),
        ("[[x]]", "--x--"),
        ("CON", "CON_"),
        ("%%x%%", "-x-"),
        (".hidden", "hidden"),
        ("what?", "what-"),
    ],
)
def test_safe_file_name(term: str, name: str) -> None:
    assert safe_file_name(term) == name


def test_tags() -> None:
    assert tag_for("Models & Architecture") == "models-and-architecture"
    assert tag_for("Quality axis") == "quality-axis"
    assert tag_for("2024") == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("FlashAttention", "Flash Attention"),
        ("torch.compile()", "torch.compile"),
        ("Pre-training", "pretraining"),
        ("Key–Value", "key value"),
    ],
)
def test_loose_key_joins_spelling_variants(a: str, b: str) -> None:
    assert loose_key(canonical_key(a)) == loose_key(canonical_key(b))


def test_loose_key_keeps_other_differences() -> None:
    assert loose_key(canonical_key("d_model")) != loose_key(canonical_key("d model"))
    assert loose_key(canonical_key("C++")) != loose_key(canonical_key("C"))


@pytest.mark.parametrize(
    ("title", "name", "part"),
    [
        ("CFG scale", "cfg", True),
        ("CFG scale", "classifier-free guidance", True),
        ("CFG scale", "guidance scale", False),
        ("CFG", "classifier-free guidance", False),  # a one-word title has no parts
        ("KV cache", "Key-Value", True),
        ("KV cache", "KV cache", False),
    ],
)
def test_names_a_part(title: str, name: str, part: bool) -> None:
    assert names_a_part(title, name) is part


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Short for Greedy Coordinate Gradient", "Greedy Coordinate Gradient"),
        ("stands for Nouveau VAE", "Nouveau VAE"),
        ("First-Come, First-Served", "First-Come, First-Served"),
        ("Stable Diffusion 1.5", "Stable Diffusion 1.5"),
        ("A family of huge, openly released datasets (X-400M, X-5B", ""),
        ("A simple agent pattern that interleaves Reasoning and Acting", ""),
        ("Key-Value. Used for caching", ""),
        ("one two three four five six seven eight nine ten eleven", ""),
    ],
)
def test_expansion_name(text: str, name: str) -> None:
    assert expansion_name(text) == name
