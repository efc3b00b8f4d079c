from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.anchors import assert_obsidian_links_land
from tests.helpers.golden import check_tree, tree
from vaultkit.compile.build import MANIFEST, build, plan_build, read_manifest
from vaultkit.config import CheckConfig, load_config
from vaultkit.errors import UnsafeWriteError, UsageError

CASES = Path(__file__).parents[1] / "cases" / "build"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "vault").is_dir())
SKIP = frozenset({MANIFEST})


def run(vault: Path, out: Path, *, force: bool = False) -> None:
    build(vault, out, load_config(vault).config, force=force)


@pytest.mark.parametrize("case", NAMES)
def test_golden_build(case: str, tmp_path: Path) -> None:
    vault = CASES / case / "vault"
    run(vault, tmp_path / "out")
    check_tree(CASES / case / "expected", tmp_path / "out", SKIP)
    glossary = (tmp_path / "out" / "GLOSSARY.md").read_text(encoding="utf-8")
    assert_obsidian_links_land(glossary, expect_links="### " in glossary)


@pytest.mark.parametrize("case", NAMES)
def test_build_is_deterministic_and_a_fixpoint(case: str, tmp_path: Path) -> None:
    vault = CASES / case / "vault"
    run(vault, tmp_path / "one")
    run(vault, tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    run(tmp_path / "one", tmp_path / "again")
    assert tree(tmp_path / "again") == tree(tmp_path / "one")  # GLOSSARY.md and manifest too


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    (vault / "Sub").mkdir(parents=True)
    (vault / "Note.md").write_text("# Note  \nSee [[other]].\n", encoding="utf-8")
    (vault / "Sub" / "Other.md").write_text("Other\n", encoding="utf-8")
    return vault


def test_refuses_the_vault_itself_inside_it_or_around_it(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(vault, target_is_directory=True)
    for out in (vault, vault / "Sub" / "out", link, link / "x", tmp_path):
        with pytest.raises(UsageError):
            run(vault, out)
    assert sorted(p.name for p in vault.rglob("*")) == ["Note.md", "Other.md", "Sub"]


def test_refuses_a_foreign_non_empty_folder_unless_forced(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError):
        run(vault, out)
    run(vault, out, force=True)
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "Note.md").read_text(encoding="utf-8") == "# Note\nSee [[Other]].\n"


def test_rebuild_removes_only_its_own_stale_files(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    out = tmp_path / "out"
    run(vault, out)
    (out / "extra.txt").write_text("added by hand", encoding="utf-8")
    (vault / "Sub" / "Other.md").unlink()
    run(vault, out)
    assert not (out / "Sub" / "Other.md").exists() and not (out / "Sub").exists()
    assert (out / "extra.txt").exists()
    manifest = read_manifest(out)
    assert manifest is not None and set(manifest) == {"GLOSSARY.md", "Note.md"}


def test_never_overwrites_a_hand_edit_without_force(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    out = tmp_path / "out"
    run(vault, out)
    (out / "Note.md").write_text("edited by hand\n", encoding="utf-8")
    (vault / "Note.md").write_text("# Changed\n", encoding="utf-8")
    with pytest.raises(UnsafeWriteError):
        run(vault, out)
    assert (out / "Note.md").read_text(encoding="utf-8") == "edited by hand\n"
    run(vault, out, force=True)
    assert (out / "Note.md").read_text(encoding="utf-8") == "# Changed\n"


def test_a_failed_build_leaves_the_previous_output_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = _vault(tmp_path)
    out = tmp_path / "out"
    run(vault, out)
    before = tree(out)
    (vault / "Note.md").write_text("# New text\n", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> tuple[str, int]:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("vaultkit.compile.build.glossary_from_texts", broken)
    with pytest.raises(RuntimeError):
        run(vault, out)
    assert tree(out) == before


def test_a_hand_written_glossary_in_the_vault_is_refused(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    (vault / "GLOSSARY.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(UsageError):
        run(vault, tmp_path / "out")


def test_ignore_globs_leave_files_out_of_the_build(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    (vault / "Templates").mkdir()
    (vault / "Templates" / "Daily.md").write_text("# Daily  \n", encoding="utf-8")
    (vault / "Sub" / "draft.psd").write_bytes(b"layers")
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian" / "workspace.json").write_text("{}", encoding="utf-8")
    (vault / ".obsidian" / "app.json").write_text("{}", encoding="utf-8")
    config = CheckConfig(ignore_globs=("Templates/**", "*.psd", ".obsidian/workspace*"))
    outputs, result = plan_build(vault, config)
    # what `check` leaves out of the vault is not built
    assert sorted(outputs) == [".obsidian/app.json", "GLOSSARY.md", "Note.md", "Sub/Other.md"]
    assert result.problems == ()


def test_dot_files_are_copied_but_not_git_or_trash(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    for rel in (".obsidian/app.json", ".git/HEAD", ".trash/Old.md", ".gitignore"):
        (vault / rel).parent.mkdir(exist_ok=True)
        (vault / rel).write_text("kept  \n", encoding="utf-8")
    (vault / "Sub" / ".hidden.md").write_text("not a note  \n", encoding="utf-8")
    outputs, _ = plan_build(vault, CheckConfig())
    assert sorted(outputs) == [
        ".gitignore", ".obsidian/app.json", "GLOSSARY.md", "Note.md", "Sub/.hidden.md",
        "Sub/Other.md",
    ]
    assert outputs["Sub/.hidden.md"] == b"not a note  \n"  # copied byte for byte


symlinks = pytest.mark.skipif(os.name != "posix", reason="symlinks")


@symlinks
def test_a_symlink_inside_the_vault_is_built_as_check_reads_it(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    os.symlink(vault / "Sub" / "Other.md", vault / "Alias.md")
    os.symlink(vault / "Sub", vault / "Linked")
    (vault / "Note.md").write_text("# Note  \n[[alias]] [[linked/other]]\n", encoding="utf-8")
    out = tmp_path / "out"
    result = build(vault, out, CheckConfig())
    assert result.problems == ()
    # each link is a file of its own in the build, as both resolve in Obsidian and `check`
    for rel in ("Alias.md", "Linked/Other.md", "Sub/Other.md"):
        assert not (out / rel).is_symlink() and (out / rel).read_text(encoding="utf-8") == "Other\n"
    assert (out / "Note.md").read_text(encoding="utf-8") == "# Note\n[[Alias]] [[Linked/Other]]\n"


@symlinks
def test_a_symlink_out_of_the_vault_is_reported_and_not_copied(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("secret\n", encoding="utf-8")
    os.symlink(outside, vault / "elsewhere")
    os.symlink(outside / "secret.md", vault / "leak.md")
    outputs, result = plan_build(vault, CheckConfig())
    assert sorted(outputs) == ["GLOSSARY.md", "Note.md", "Sub/Other.md"]
    assert [p.split(":")[0] for p in result.problems if "outside the vault" in p] == [
        "elsewhere", "leak.md"
    ]


@symlinks
def test_a_symlink_loop_is_reported_and_the_rest_is_built(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    os.symlink(vault / "Sub", vault / "Sub" / "again")
    os.symlink(vault / "self.md", vault / "self.md")
    outputs, result = plan_build(vault, CheckConfig())
    assert sorted(outputs) == ["GLOSSARY.md", "Note.md", "Sub/Other.md"]
    assert [p.split(":")[0] for p in result.problems if "symlink loop" in p] == [
        "Sub/again", "self.md"
    ]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_never_writes_through_a_symlink_in_the_output(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    out = tmp_path / "out"
    run(vault, out)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "Sub" / "Other.md").unlink()
    (out / "Sub").rmdir()
    (out / "Sub").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises((UnsafeWriteError, UsageError)):
        run(vault, out, force=True)
    assert list(elsewhere.iterdir()) == []


def test_no_staging_folder_is_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = _vault(tmp_path)
    out = tmp_path / "out"

    def no_rename(src: object, dst: object) -> None:
        raise OSError("cross-device link")

    monkeypatch.setattr("vaultkit.compile.build.os.rename", no_rename)
    run(vault, out)  # renaming impossible here: falls back to writing file by file
    assert (out / "Note.md").read_text(encoding="utf-8") == "# Note\nSee [[Other]].\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "vault"]


_NAMES = st.sampled_from(["Alpha", "beta", "Gamma/Delta", "gamma/delta", "Épée", "x/Alpha"])
_BODY = st.lists(
    st.one_of(
        _NAMES.map(lambda n: f"[[{n.lower()}]]"),
        _NAMES.map(lambda n: f"[[{n.upper()}|shown]]"),
        st.sampled_from(["text  ", "```", "## Head", "\t", "%% vaultkit:end source=s %%",
                         "%% vaultkit:begin source=s %%", "## Source S", "[[GLOSSARY#Alpha]]"]),
    ),
    max_size=8,
)
_FM = st.sampled_from([
    "", "---\ntitle: T\ntype: term\n---\n", "---\ntype: term\ntags: '#t'\n---\n",
    "---\nrelated: \"[[alpha]]\"\ntype: term\nsources: \"[[s]]\"\n---\n",
    "---\ntype: source\nsource_id: s\ntitle: S\n---\n",
])


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(_NAMES, st.tuples(_FM, _BODY), min_size=1, max_size=4))
def test_any_small_vault_builds_to_a_fixpoint(notes: dict[str, tuple[str, list[str]]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        vault = root / "vault"
        vault.mkdir()
        for name, (fm, body) in notes.items():
            path = vault / f"{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(fm + "\n".join(body) + "\n", encoding="utf-8")
        config = load_config(vault, isolated=True).config
        build(vault, root / "one", config)
        build(root / "one", root / "two", config)
        assert tree(root / "two") == tree(root / "one")


def test_rebuild_sweeps_temp_files_a_killed_write_left(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    out = tmp_path / "out"
    run(vault, out)
    (out / ".Note.md.abc123.vaultkit-tmp").write_bytes(b"half a no")
    (out / "mine.vaultkit-tmp").write_bytes(b"not ours by name: kept")
    run(vault, out)
    assert not (out / ".Note.md.abc123.vaultkit-tmp").exists()
    assert (out / "mine.vaultkit-tmp").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_in_the_vault_is_reported_not_read(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    os.mkfifo(vault / "pipe.png")
    outputs, result = plan_build(vault, load_config(vault, isolated=True).config)
    assert "pipe.png" not in outputs
    assert any("pipe.png" in problem for problem in result.problems)
