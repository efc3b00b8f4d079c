from __future__ import annotations

import re

import pytest

from vaultkit.importers.mentions import match_name, part_of_longer_name


@pytest.mark.parametrize(
    ("text", "name", "exact", "surface"),
    [
        ("the KV-cache grows", "KV cache", False, "KV-cache"),
        ("a cross attention layer", "Cross-attention", False, "cross attention"),
        ("larger batch sizes help", "batch size", False, "batch sizes"),
        ("two kernel patches", "kernel patch", False, "kernel patches"),
        ("GPUs", "GPU", True, None),  # a one-word name takes no plural ending
        ("gpu", "GPU", True, None),  # acronyms compare case-sensitively
        ("Batch sizes", "batch size", False, "Batch sizes"),
        ("batch sizer", "batch size", False, None),
        ("batch sizes_x", "batch size", False, None),
    ],
)
def test_match_name(text: str, name: str, exact: bool, surface: str | None) -> None:
    start = text.lower().find(re.split(r"[ -]", name, maxsplit=1)[0].lower())
    end = match_name(text, start, len(text), name, exact)
    assert (text[start:end] if end is not None else None) == surface


def test_match_stops_at_the_limit() -> None:
    assert match_name("KV cache`x`", 0, 5, "KV cache", False) is None


@pytest.mark.parametrize(
    ("line", "mention", "inside"),
    [
        ("the first generation to ship FP8 Tensor Cores, which", "Tensor", True),
        ("first released by Stability AI in 2022", "AI", True),
        ("Latent Adversarial Diffusion Distillation (FLUX)", "Adversarial Diffusion", True),
        ("Proportional-Integral-Derivative — a controller", "Derivative", True),
        ("Warmup-Stable-Decay — a schedule", "Warmup", True),
        ("FILM (Frame Interpolation for Large Motion) is", "Frame Interpolation", True),
        ("Unlike GANs, diffusion is stable", "GANs", False),  # a sentence, not a name
        ("Plain Attention builds the full table", "Attention", False),
        ("talk to your NVIDIA GPU.", "GPU", False),  # an acronym before is no name run
        ("Meta's Chameleon models", "Chameleon", False),
        ("models like SD3 and Flux feed it", "Flux", False),
        ("a tensor with a new shape", "shape", False),  # lower case is never a name part
        ("a GAN-style discriminator", "GAN", False),
    ],
)
def test_part_of_longer_name(line: str, mention: str, inside: bool) -> None:
    start = line.index(mention)
    assert part_of_longer_name(line, start, start + len(mention)) is inside
