from __future__ import annotations

from pathlib import Path

import pytest

from vaultkit.importers.mojibake import repair

ROOT = Path(__file__).resolve().parents[2]


def test_repairs_utf8_read_as_cp1252() -> None:
    broken = "# ðŸ“– Glossary â€” Key\nx = softmax(QK^T / âˆšd_k) Ã— V\nplain line"
    fixed, lines = repair(broken)
    assert fixed == "# 📖 Glossary — Key\nx = softmax(QK^T / √d_k) × V\nplain line"
    assert lines == (1, 2)


@pytest.mark.parametrize(
    "text",
    [
        "Café — naïve “quotes” ∂L/∂w = 2(y − t) · x, ε ~ N(0, 1)",
        "`code ‘x’` and $\\alpha²$ and 日本語 and Ünïcödé",
        "fi ligature ﬁ and fullwidth Ｃｌｉｐ stay as written",
    ],
)
def test_correct_unicode_is_untouched(text: str) -> None:
    assert repair(text) == (text, ())


@pytest.mark.parametrize(
    "name",
    [
        "000_f06234eb2c3fb8f0",
        "001_4c457df0f6ccb869",
        "002_145a82e3d7dbd71a",
        "003_5307b5a26a61a571",
    ],
)
def test_clean_seeds_are_untouched(name: str) -> None:
    text = (ROOT / "sources" / f"{name}.txt").read_text(encoding="utf-8")
    assert repair(text)[1] == ()
