from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.anchors import assert_github_links_land, assert_obsidian_links_land
from tests.helpers.golden import check_file
from vaultkit.compile.glossary.compiler import (
    check_fresh,
    glossary_for_vault,
    origin_for,
    write_glossary,
)
from vaultkit.compile.glossary.render import is_generated
from vaultkit.config import CheckConfig
from vaultkit.notes.linked import load_linked

CASES = Path(__file__).parents[2] / "cases" / "glossary"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "vault").is_dir())


@pytest.mark.parametrize("case", NAMES)
def test_golden_glossary(case: str) -> None:
    folder = CASES / case
    origin = origin_for(folder / "vault", folder / "GLOSSARY.md")
    assert origin == "vault/"
    linked = load_linked(folder / "vault", CheckConfig())
    github = glossary_for_vault(linked, flavor="github", origin=origin)
    obsidian = glossary_for_vault(linked, flavor="obsidian", origin=origin)
    check_file(folder / "GLOSSARY.md", github)
    check_file(folder / "GLOSSARY.obsidian.md", obsidian)
    assert_github_links_land(github)
    assert_obsidian_links_land(obsidian)


def test_check_fresh_and_write(tmp_path: Path) -> None:
    out = tmp_path / "GLOSSARY.md"
    linked = load_linked(CASES / "basic" / "vault", CheckConfig())
    text = glossary_for_vault(linked, flavor="github", origin="vault/")
    assert not check_fresh(out, text).fresh
    write_glossary(out, text)
    assert check_fresh(out, text).fresh and is_generated(out.read_text(encoding="utf-8"))
    out.write_text(text.replace("A small", "A big"), encoding="utf-8")
    state = check_fresh(out, text)
    assert not state.fresh and "line" in state.reason


def test_never_overwrites_a_hand_written_file(tmp_path: Path) -> None:
    from vaultkit.errors import UnsafeWriteError

    out = tmp_path / "GLOSSARY.md"
    out.write_text("# My own glossary\n", encoding="utf-8")
    with pytest.raises(UnsafeWriteError):
        write_glossary(out, "<!-- vaultkit:generated glossary -->\n")
    write_glossary(out, "<!-- vaultkit:generated glossary -->\n", force=True)
