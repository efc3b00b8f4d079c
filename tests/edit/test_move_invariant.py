"""The move invariant, property-tested: after `vaultkit mv`, every link that resolved before
resolves to the same file (moved paths substituted); unresolved links and all other text stay
byte for byte; nothing else changes on disk.

Vaults are generated: notes in a few folders with duplicate names, attachments, and every link
form (wikilinks with and without folders, display text, headings, block ids, embeds, relative
and Markdown links with %20 and angle brackets, property links, links in code and tables)."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.helpers.golden import tree
from vaultkit.cli import main
from vaultkit.edit.linktext import LinkFormat
from vaultkit.notes.linked import link_vault
from vaultkit.notes.vault import load_vault

FOLDERS = ["", "f/", "f/g/", "h/"]
NAMES = ["Alpha", "Beta Note", "alpha", "Gamma", "Café"]
FILES = st.lists(
    st.tuples(st.sampled_from(FOLDERS), st.sampled_from([*NAMES, "pic.png"])),
    min_size=2, max_size=7, unique_by=lambda t: (t[0] + t[1]).lower(),
)


def _link(target: str, form: int, source_dir: str) -> str:
    stem = target[:-3] if target.endswith(".md") else target
    base = stem.rsplit("/", 1)[-1]
    rel = "../" * source_dir.count("/") + stem
    return [
        f"[[{base}]]", f"[[{stem}]]", f"[[{stem}|{base}]]", f"[[{base}#H]]", f"![[{base}]]",
        f"[[{base}|shown words]]", f"[x]({stem.replace(' ', '%20')}.md)",
        f"[{base}](<{stem}.md#H>)", f"[[{rel}]]", f"`[[{base}]]`", f"| a | [[{base}\\|t]] |",
        f"[[{base}#^b1]]", f"[[{base} missing]]",
    ][form % 13] if target.endswith(".md") else [f"![[{base}]]", f"[[{stem}]]"][form % 2]


@st.composite
def vaults(draw: st.DrawFn) -> tuple[dict[str, str], str, str, LinkFormat]:
    files = draw(FILES)
    paths = [d + (n if n.endswith(".png") else n + ".md") for d, n in files]
    notes = [p for p in paths if p.endswith(".md")] or [paths[0] + ".md"]
    texts: dict[str, str] = {}
    for path in paths:
        if not path.endswith(".md"):
            texts[path] = "PNG"
            continue
        here = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        links = draw(st.lists(st.tuples(st.sampled_from(paths), st.integers(0, 12)), max_size=6))
        body = " ".join(_link(t, form, here) for t, form in links)
        prop = draw(st.sampled_from(["", f'---\nup: "[[{notes[0][:-3]}]]"\n---\n']))
        texts[path] = f"{prop}# H\npara ^b1\n{body}\n"
    if draw(st.booleans()):  # a canvas: text-node links as a note's, a file node by full path
        links = draw(st.lists(st.tuples(st.sampled_from(paths), st.integers(0, 12)), max_size=4))
        text = " ".join(_link(t, form, "") for t, form in links if "`" not in _link(t, form, ""))
        node = {"id": "t", "type": "text", "text": text}
        target = draw(st.sampled_from(paths))
        texts["Board.canvas"] = json.dumps(
            {"nodes": [node, {"id": "f", "type": "file", "file": target}], "edges": []}
        )
        paths.append("Board.canvas")
    old = draw(st.sampled_from([*paths, *{p.rsplit('/', 1)[0] for p in paths if '/' in p}]))
    new_dir = draw(st.sampled_from(["", "f/", "k/", "f/g/"]))
    new_name = draw(st.sampled_from(["Alpha", "Moved", "Beta Note", "Gamma"]))
    is_folder = not old.endswith((".md", ".png", ".canvas"))
    ext = "" if is_folder else "." + old.rsplit(".", 1)[1]
    new = new_dir + new_name + ext
    fmt = draw(st.sampled_from(list(LinkFormat)))
    return texts, old, new, fmt


def _resolutions(root: Path) -> dict[str, list[tuple[str, str | None]]]:
    linked = link_vault(load_vault(root, jobs=1))
    return {
        path: [(item.link.raw, item.target) for item in items]
        for path, items in linked.resolved.items()
    }


def _mover(old: str, new: str, is_folder: bool) -> Callable[[str], str]:
    """Where a path is after moving ``old`` (a file, or a folder) to ``new``."""

    def moved(path: str) -> str:
        if path == old:
            return new
        if is_folder and path.startswith(old + "/"):
            return new + path[len(old):]
        return path

    return moved


def _assert_same_targets(
    before: dict[str, list[tuple[str, str | None]]],
    after: dict[str, list[tuple[str, str | None]]],
    moved: Callable[[str], str],
) -> None:
    """Every link that resolved before finds the same file (moved), and an unresolved link is
    written as it was."""
    assert set(after) == {moved(p) for p in before}
    for path, links in before.items():
        now = after[moved(path)]
        assert len(now) == len(links), path
        for (raw, target), (new_raw, new_target) in zip(links, now, strict=True):
            if target is None:
                assert new_raw == raw  # an unresolved link is never touched
            else:
                assert new_target == moved(target), (path, raw, new_raw)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vaults())
def test_every_resolved_link_still_finds_its_file(
    case: tuple[dict[str, str], str, str, LinkFormat],
) -> None:
    texts, old, new, fmt = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "v"
        for path, text in texts.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text, encoding="utf-8")
        (root / ".obsidian").mkdir()
        (root / ".obsidian" / "app.json").write_text(f'{{"newLinkFormat": "{fmt.value}"}}')
        before = _resolutions(root)
        disk_before = tree(root)
        code = main(["mv", str(root / old), str(root / new), "--vault", str(root), "--isolated"])
        event(f"exit {code}")
        assert code in (0, 2)  # 1 would be a plan that failed its own verification
        if code == 2:  # refused (the target exists, a folder into itself): nothing changed
            assert tree(root) == disk_before
            return
        is_folder = not old.endswith((".md", ".png", ".canvas"))
        moved = _mover(old, new, is_folder)
        _assert_same_targets(before, _resolutions(root), moved)
        disk_after = tree(root)
        for path, data in disk_before.items():  # files no link edit touched are unchanged
            if path.endswith(".png"):
                assert disk_after[moved(path)] == data


REAL_VAULT = Path(__file__).resolve().parents[2] / "vault"


@pytest.mark.parametrize("pick", ["most-linked", "folder", "rename-into-duplicate"])
def test_the_invariant_holds_on_the_real_vault(tmp_path: Path, pick: str) -> None:
    """The project's own vault (hundreds of notes, real link shapes): a move keeps every
    resolved link resolving to the same file."""
    root = tmp_path / "vault"
    shutil.copytree(REAL_VAULT, root)
    before = _resolutions(root)
    counts: dict[str, int] = {}
    for links in before.values():
        for _, target in links:
            if target is not None:
                counts[target] = counts.get(target, 0) + 1
    if pick == "most-linked":
        old = max(sorted(counts), key=lambda p: counts[p])
        new = "Moved/" + old.rsplit("/", 1)[-1].replace(".md", " (moved).md")
    elif pick == "folder":
        old = sorted({p.rsplit("/", 1)[0] for p in before if "/" in p})[0]
        new = "Elsewhere/" + old
    else:  # a second note of a linked note's name appears in another folder
        target = max(sorted(counts), key=lambda p: counts[p])
        other = next(p for p in sorted(before) if p.rsplit("/", 1)[0] != target.rsplit("/", 1)[0]
                     and p != target)
        old, new = other, "Other/" + target.rsplit("/", 1)[-1]
    assert main(["mv", str(root / old), str(root / new), "--vault", str(root), "--isolated",
                 "--no-cache"]) == 0
    _assert_same_targets(before, _resolutions(root), _mover(old, new, (root / new).is_dir()))
