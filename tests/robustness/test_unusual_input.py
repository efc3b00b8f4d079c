"""Unusual but valid input just works: no crash, no false finding, linear time (issue 7)."""

from __future__ import annotations

import os
import time
import unicodedata
from pathlib import Path

import pytest

from tests.helpers.cli import CheckRunner, write


def _linked_vault(tmp_path: Path, notes: dict[str, str | bytes]) -> Path:
    """A vault of `notes` plus a hub that links every one of them (so nothing is an orphan)."""
    vault = tmp_path / "vault"
    for name, data in notes.items():
        write(vault / name, data)
    links = "\n".join(f"- [[{Path(n).with_suffix('').as_posix()}]]" for n in notes)
    write(vault / "hub.md", f"# Hub\n\n{links}\n")
    for name, data in notes.items():
        if isinstance(data, str) and "[[hub]]" not in data:
            with (vault / name).open("a", encoding="utf-8", newline="") as handle:
                handle.write("\n[[hub]]\n")
    return vault


def test_bom_crlf_and_lone_cr(tmp_path: Path, run_check: CheckRunner) -> None:
    vault = _linked_vault(
        tmp_path,
        {
            "bom.md": "\ufeff---\r\ntitle: BOM\r\n---\r\n# Heading\r\n[[crlf#Second]]\r\n",
            "crlf.md": "---\r\ntitle: x\r\n---\r\n# First\r\n\r\n## Second\r\n[[bom#Heading]]\r\n",
            "cr.md": "---\rtitle: y\r---\r# Only CR\r[[cr#Only CR]]\r",
        },
    )
    code, diagnostics, _ = run_check(vault)
    assert diagnostics == []
    assert code == 0


def test_positions_count_crlf_and_cr_as_one_line_break(
    tmp_path: Path, run_check: CheckRunner
) -> None:
    vault = _linked_vault(
        tmp_path,
        {"crlf.md": "a\r\nb\r\n[[missing-one]]\r\n", "cr.md": "a\rb\rc\r  [[missing-two]]\r"},
    )
    _, diagnostics, _ = run_check(vault)
    lines = sorted((d["line"], d["column"]) for d in diagnostics if d["rule"] == "unresolved-link")
    assert lines == [(3, 1), (4, 3)], diagnostics


def test_deep_yaml_nesting(tmp_path: Path, run_check: CheckRunner) -> None:
    depth = 200
    yaml = "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + f"{'  ' * depth}leaf\n"
    vault = _linked_vault(tmp_path, {"deep.md": f"---\n{yaml}---\nbody\n"})
    code, diagnostics, _ = run_check(vault)
    assert diagnostics == []
    assert code == 0


@pytest.mark.slow
def test_fifty_megabyte_note(tmp_path: Path, run_check: CheckRunner) -> None:
    paragraph = "Plain words about [[hub]] and `code [[x]]` and #tag here.\n\n"
    big = "# Big\n\n" + paragraph * (50 * 1024 * 1024 // len(paragraph))
    vault = _linked_vault(tmp_path, {"big.md": big})
    code, diagnostics, _ = run_check(vault)
    assert diagnostics == []
    assert code == 0


def test_one_megabyte_single_line_and_many_links(tmp_path: Path, run_check: CheckRunner) -> None:
    line = "word " * 200_000 + "[[hub]]\n"
    many = "".join("[[hub]] " for _ in range(100_000)) + "\n"
    vault = _linked_vault(tmp_path, {"line.md": line, "many.md": many})
    code, diagnostics, _ = run_check(vault)
    assert diagnostics == []
    assert code == 0


@pytest.mark.parametrize(
    "text",
    [
        "[[" * 200_000,
        "[" * 400_000 + "x" + "]" * 400_000,
        "`" * 300_000,
        "<!--" * 100_000,
        "$" * 300_000,
        "%%" * 200_000,
        "[a](" * 100_000,
        "![[" * 100_000,
        "#" * 300_000,
    ],
    ids=["unclosed-wikilinks", "bracket-runs", "backticks", "comments", "dollars", "percent",
         "md-link-openers", "embed-openers", "hashes"],
)
def test_pathological_runs_stay_linear(tmp_path: Path, run_check: CheckRunner, text: str) -> None:
    vault = _linked_vault(tmp_path, {"runs.md": text + "\n"})
    start = time.perf_counter()
    code, diagnostics, _ = run_check(vault)
    assert time.perf_counter() - start < 15
    assert code in (0, 1)
    assert all(d["rule"] != "unreadable-file" for d in diagnostics)


def test_odd_names_nfd_files_symlinks_inside_and_folder_named_md(
    tmp_path: Path, run_check: CheckRunner
) -> None:
    nfd = unicodedata.normalize("NFD", "Café crème")
    notes: dict[str, str | bytes] = {
        "Sq]uare.md": "x",
        "100% done & dusted (v2.0) {draft}.md": "x",
        "Emoji 🧠 brain.md": "x",
        "Привет мир.md": "x",
        "a'b\"c.md": "x",
        f"{nfd}.md": "x",
    }
    vault = tmp_path / "vault"
    for name, data in notes.items():
        write(vault / name, data)
    (vault / "folder.md").mkdir()
    write(vault / "folder.md" / "inside.md", "[[hub]]\n")
    write(vault / "real" / "target.md", "[[hub]]\n")
    os.symlink(vault / "real" / "target.md", vault / "alias-of-target.md")
    hub_links = [
        "[[Sq]uare]]",
        "[[100% done & dusted (v2.0) {draft}]]",
        "[[Emoji 🧠 brain]]",
        "[[привет мир]]",
        "[[a'b\"c]]",
        "[[Café crème]]",  # NFC in the link, NFD on disk
        "[[inside]]",
        "[[target]]",
        "[[alias-of-target]]",
    ]
    write(vault / "hub.md", "# Hub\n\n" + "\n".join(hub_links) + "\n")
    for name in notes:
        with (vault / name).open("a", encoding="utf-8") as handle:
            handle.write("\n[[hub]]\n")
    code, diagnostics, _ = run_check(vault)
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert errors == []
    assert code == 0


@pytest.mark.parametrize(
    "text",
    ["[[" * 200_000, "[" * 200_000 + "x" + "]" * 200_000, "%%" * 100_000, "<" * 200_000,
     "[a](" * 100_000, "  \n" * 100_000],
    ids=["unclosed-wikilinks", "bracket-runs", "percent", "angles", "md-link-openers",
         "trailing-spaces"],
)
def test_fmt_and_build_stay_linear_and_keep_every_word(tmp_path: Path, text: str) -> None:
    from vaultkit.cli import main

    vault = _linked_vault(tmp_path, {"runs.md": text + "\n"})
    before = (vault / "runs.md").read_text(encoding="utf-8").split()
    start = time.perf_counter()
    assert main(["build", str(vault), "--out", str(tmp_path / "out"), "--isolated"]) == 0
    assert main(["fmt", str(vault), "--isolated"]) == 0
    assert time.perf_counter() - start < 15
    assert (vault / "runs.md").read_text(encoding="utf-8").split() == before
    assert (tmp_path / "out" / "runs.md").read_text(encoding="utf-8").split() == before
