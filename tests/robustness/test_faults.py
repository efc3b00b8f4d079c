"""A crash or Ctrl-C at any moment of `build` or `import` loses nothing (issue 7).

Each test runs the command once to count its file-system operations, then once per chosen
operation number with a fault injected just before it, checking after every run: inputs are
byte-identical, each output file is either its previous bytes or its new bytes (a file of
the previous output vanishes only once the whole new output is in place), no temporary file
is left behind, nothing changed outside the target, and the next run completes the job.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from tests.helpers.faults import files_only, inject, snapshot, temp_leftovers
from vaultkit.cli import main
from vaultkit.compile.build import MANIFEST
from vaultkit.fsutil import TEMP_SUFFIX

CASE = Path(__file__).parents[1] / "cases" / "build" / "basic" / "vault"
FAULTS: list[BaseException] = [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left")]
FAULT_IDS = ["ctrl-c", "disk-full"]
INTERRUPTED = (1, 130)  # a disk error is a plain error (1), Ctrl-C 130; never a "bug" (3)


def _spread(total: int, most: int = 16) -> list[int]:
    """Operation numbers 1..total, all of them when few, else an even spread with both ends."""
    if total <= most:
        return list(range(1, total + 1))
    step = (total - 1) / (most - 1)
    return sorted({1 + round(i * step) for i in range(most)})


def _check_mix(after: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]) -> None:
    """Every file is old or new; an old file may be missing only if the new output is whole."""
    # the build's own manifest may be in its in-between state (it lists both hashes)
    after, old, new = ({k: v for k, v in t.items() if k != MANIFEST} for t in (after, old, new))
    complete = all(after.get(rel) == data for rel, data in new.items())
    for rel in sorted(set(old) | set(new) | set(after)):
        allowed = {d for d in (old.get(rel), new.get(rel)) if d is not None}
        if rel in after:
            assert after[rel] in allowed, f"{rel}: neither the previous nor the new bytes"
        elif rel in old:
            assert complete, f"{rel} of the previous output vanished before the new one was whole"


def _check_code(code: int, k: int, after: dict[str, bytes], new: dict[str, bytes]) -> None:
    """Interrupted runs exit 130 (Ctrl-C) or 1 (disk error); a fault the code may absorb (say,
    mkdir of a folder that exists) must then still give the whole new output."""
    if code == 0:
        assert after == new, f"exit 0 after a fault at {k}, but the output is not the new one"
    else:
        assert code in INTERRUPTED, (code, k)


# --- build ------------------------------------------------------------------------------------


def _edit_vault(vault: Path) -> None:
    """A second version: an edited note that normalizes, a removed one, a new folder."""
    dream = vault / "DreamBooth.md"
    dream.write_bytes(dream.read_bytes() + b"\n\n\nMore   of my text.   \n")
    (vault / "LoRA.md").unlink()
    (vault / "new" / "deeper").mkdir(parents=True)
    (vault / "new" / "deeper" / "Fresh.md").write_bytes(b"---\ntype: note\n---\n# Fresh\n")
    (vault / "new" / "blob.bin").write_bytes(bytes(range(256)))


def _build(vault: Path, out: Path) -> int:
    return main(["build", str(vault), "--out", str(out), "--isolated"])


@pytest.fixture
def build_setup(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """(vault at version 2, output of version 1, version-1 output, clean version-2 output)."""
    vault = tmp_path / "vault"
    shutil.copytree(CASE, vault)
    out = tmp_path / "out"
    assert _build(vault, out) == 0
    old = files_only(snapshot(out))
    _edit_vault(vault)
    clean = tmp_path / "clean"
    assert _build(vault, clean) == 0
    new = files_only(snapshot(clean))
    shutil.rmtree(clean)
    assert old != new and set(old) - set(new) and set(new) - set(old)
    return vault, out, old, new


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
def test_interrupted_rebuild_keeps_the_previous_output(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    build_setup: tuple[Path, Path, dict[str, bytes], dict[str, bytes]],
    fault: BaseException,
) -> None:
    vault, out, old, new = build_setup
    saved = tmp_path / "saved"
    shutil.copytree(out, saved, symlinks=True)
    with inject(monkeypatch, None) as counter:
        assert _build(vault, out) == 0
    total = counter.count
    assert total > 3
    assert files_only(snapshot(out)) == new
    vault_before = snapshot(vault)
    for k in _spread(total):
        shutil.rmtree(out)
        shutil.copytree(saved, out, symlinks=True)
        outside = snapshot(tmp_path, skip=(out,))
        with inject(monkeypatch, k, fault) as injector:
            code = _build(vault, out)
        assert injector.fired, k
        _check_code(code, k, files_only(snapshot(out)), new)
        assert snapshot(vault) == vault_before, f"input changed (fault at {k})"
        assert snapshot(tmp_path, skip=(out,)) == outside, f"wrote outside --out (fault at {k})"
        assert temp_leftovers(tmp_path) == [], f"temporary files left (fault at {k})"
        _check_mix(files_only(snapshot(out)), old, new)
        assert _build(vault, out) == 0, f"the next build refused to finish (fault at {k})"
        assert files_only(snapshot(out)) == new, k


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
def test_interrupted_first_build_leaves_nothing_half_done(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    build_setup: tuple[Path, Path, dict[str, bytes], dict[str, bytes]],
    fault: BaseException,
) -> None:
    vault, _, _, new = build_setup
    out = tmp_path / "first" / "out"
    with inject(monkeypatch, None) as counter:
        assert _build(vault, out) == 0
    total = counter.count
    vault_before = snapshot(vault)
    for k in _spread(total):
        shutil.rmtree(tmp_path / "first")
        outside = snapshot(tmp_path)
        with inject(monkeypatch, k, fault) as injector:
            code = _build(vault, out)
        assert injector.fired, k
        after = files_only(snapshot(out)) if out.exists() else {}
        _check_code(code, k, after, new)
        assert snapshot(vault) == vault_before, k
        assert temp_leftovers(tmp_path) == [], k
        after = files_only(snapshot(out)) if out.exists() else {}
        assert after in ({}, new), f"half a build in --out (fault at {k})"
        assert {
            rel for rel in snapshot(tmp_path) if not rel.startswith("first")
        } == set(outside), k
        assert _build(vault, out) == 0, k
        assert files_only(snapshot(out)) == new, k


# --- import -----------------------------------------------------------------------------------

GLOSSARY_A = """# Alpha Glossary

**Widget**
: A small part. See the Gadget.

**Gadget**
: A clever device.

**Gizmo**
: Something whose name escapes you.
"""

GLOSSARY_B = """# Beta Glossary

| Term | Meaning |
|------|---------|
| **Widget** | Beta's view of a widget. |
| **Sprocket** | A toothed wheel. |
"""


def _project(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "pyproject.toml").write_bytes(b"")
    (root / "sources" / "a.md").write_text(GLOSSARY_A, encoding="utf-8")
    (root / "sources" / "b.md").write_text(GLOSSARY_B, encoding="utf-8")
    return root


def _import(root: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(root)
    return main(["import", "sources/a.md", "sources/b.md", "--into", "vault", "-q"])


def _second_version(root: Path) -> None:
    """Sources change (a term goes, one is new, one is reworded); a person edits a note."""
    (root / "sources" / "a.md").write_text(
        GLOSSARY_A.replace("**Gizmo**\n: Something whose name escapes you.\n", "")
        .replace("A clever device.", "An ingenious device.")
        + "\n**Doohickey**\n: A new thing.\n",
        encoding="utf-8",
    )
    widget = root / "vault" / "Widget.md"
    widget.write_bytes(widget.read_bytes() + b"\nMy own words, kept.\n")


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
def test_interrupted_import_keeps_every_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: BaseException
) -> None:
    clean = _project(tmp_path / "clean")
    assert _import(clean, monkeypatch) == 0
    _second_version(clean)
    assert _import(clean, monkeypatch) == 0
    new = snapshot(clean, skip=(clean / "sources",))
    assert "vault/Gizmo.md" not in new and "vault/Doohickey.md" in new
    assert b"My own words, kept." in new["vault/Widget.md"]

    root = _project(tmp_path / "work")
    assert _import(root, monkeypatch) == 0
    _second_version(root)
    saved = tmp_path / "saved"
    shutil.copytree(root, saved, symlinks=True)
    old = snapshot(saved, skip=(saved / "sources",))
    sources = {k: v for k, v in snapshot(saved / "sources").items() if k != "manifest.json"}
    with inject(monkeypatch, None) as counter:
        assert _import(root, monkeypatch) == 0
    total = counter.count
    assert total > 3
    for k in _spread(total):
        shutil.rmtree(root)
        shutil.copytree(saved, root, symlinks=True)
        outside = snapshot(tmp_path, skip=(root,))
        with inject(monkeypatch, k, fault) as injector:
            code = _import(root, monkeypatch)
        assert injector.fired, k
        _check_code(code, k, snapshot(root, skip=(root / "sources",)), new)
        now = {k2: v for k2, v in snapshot(root / "sources").items() if k2 != "manifest.json"}
        assert now == sources, f"a source changed (fault at {k})"
        assert snapshot(tmp_path, skip=(root,)) == outside, k
        assert temp_leftovers(tmp_path) == [], k
        after = files_only(snapshot(root, skip=(root / "sources",)))
        _check_import_mix(after, files_only(old), files_only(new))
        assert _import(root, monkeypatch) == 0, f"re-import after fault at {k}"
        assert snapshot(root, skip=(root / "sources",)) == new, k


def _check_import_mix(
    after: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]
) -> None:
    """Each note old or new; only a note the import itself retires may be gone."""
    for rel in sorted(set(old) | set(new) | set(after)):
        allowed = {d for d in (old.get(rel), new.get(rel)) if d is not None}
        if rel in after:
            assert after[rel] in allowed, rel
        else:
            assert rel not in new or rel not in old, f"{rel} vanished"
    assert b"My own words, kept." in after["vault/Widget.md"]


def test_the_next_build_sweeps_temp_files_of_a_killed_build(
    tmp_path: Path, build_setup: tuple[Path, Path, dict[str, bytes], dict[str, bytes]]
) -> None:
    vault, out, _, new = build_setup
    assert _build(vault, out) == 0
    killed = out / "Notes" / f".Daily.md.k1ll3d{TEMP_SUFFIX}"
    killed.write_bytes(b"half a no")  # what a killed atomic write leaves
    assert _build(vault, out) == 0
    assert temp_leftovers(tmp_path) == []
    assert files_only(snapshot(out)) == new


@pytest.mark.parametrize("fault", FAULTS, ids=FAULT_IDS)
def test_interrupted_fmt_leaves_each_note_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: BaseException
) -> None:
    saved = tmp_path / "saved"
    shutil.copytree(CASE, saved)
    _edit_vault(saved)
    clean = tmp_path / "clean"
    shutil.copytree(saved, clean)
    assert main(["fmt", str(clean), "--isolated"]) == 0
    old, new = snapshot(saved), snapshot(clean)
    assert old != new
    vault = tmp_path / "vault"
    shutil.copytree(saved, vault)
    with inject(monkeypatch, None) as counter:
        assert main(["fmt", str(vault), "--isolated"]) == 0
    assert snapshot(vault) == new
    for k in _spread(counter.count):
        shutil.rmtree(vault)
        shutil.copytree(saved, vault)
        with inject(monkeypatch, k, fault) as injector:
            code = main(["fmt", str(vault), "--isolated"])
        assert injector.fired, k
        _check_code(code, k, snapshot(vault), new)
        _check_each_old_or_new(snapshot(vault), old, new)
        assert temp_leftovers(tmp_path) == [], k
        assert main(["fmt", str(vault), "--isolated"]) == 0
        assert snapshot(vault) == new, k


def _check_each_old_or_new(
    after: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]
) -> None:
    """fmt never adds or removes a file: each one is its old bytes or its new bytes."""
    assert set(after) == set(old) == set(new)
    for rel, data in after.items():
        assert data in (old[rel], new[rel]), rel
