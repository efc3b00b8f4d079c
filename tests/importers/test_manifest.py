"""The sources manifest belongs to the vault it describes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vaultkit.cli import main
from vaultkit.errors import UsageError
from vaultkit.importers import import_sources

A = "# Alpha\n\n**Widget**\n: A small device.\n\n**Gadget**\n: A tool.\n"
B = "# Beta\n\n**Sprocket**\n: A toothed wheel.\n\n**Cog**\n: A tooth of a wheel.\n"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.md").write_text(A, encoding="utf-8")
    (tmp_path / "sources" / "b.md").write_text(B, encoding="utf-8")
    return tmp_path


def test_an_import_into_another_vault_imports_only_what_it_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root / "sources")  # from a folder below the project, too
    assert main(["import", "a.md", "--into", "../one", "-q"]) == 0
    assert main(["import", "b.md", "--into", "../two", "-q"]) == 0
    assert sorted(p.name for p in (root / "two").glob("*.md")) == ["Cog.md", "Sprocket.md"]
    data = json.loads((root / "two" / ".vaultkit" / "sources.json").read_text("utf-8"))
    assert [row["file"] for row in data["sources"]] == ["../sources/b.md"]
    assert not (root / "sources" / "manifest.json").exists()


def test_a_vault_reimports_its_own_sources(tmp_path: Path) -> None:
    root = _project(tmp_path)
    import_sources([root / "sources" / "a.md"], root / "one", root=root)
    (root / "sources" / "a.md").write_text(A.replace("A tool.", "A handy tool."), "utf-8")
    report = import_sources([], root / "one", root=root)
    assert [c.path for c in report.changes] == ["Gadget.md"]
    with pytest.raises(UsageError, match="lists no sources"):
        import_sources([], root / "empty", root=root)


def test_the_older_project_manifest_still_describes_root_vault_only(tmp_path: Path) -> None:
    root = _project(tmp_path)
    row = {"id": "alpha", "title": "Alpha", "file": "sources/a.md"}
    legacy = {"version": 1, "sources": [row]}
    (root / "sources" / "manifest.json").write_text(json.dumps(legacy), encoding="utf-8")
    with pytest.raises(UsageError):
        import_sources([], root / "elsewhere", root=root)
    report = import_sources([], root / "vault", root=root)
    assert [s.info.title for s in report.sources] == ["Alpha"]
    own = json.loads((root / "vault" / ".vaultkit" / "sources.json").read_text("utf-8"))
    assert own["sources"][0]["file"] == "../sources/a.md"


def test_a_source_url_in_the_manifest_is_kept(tmp_path: Path) -> None:
    root = _project(tmp_path)
    doc = "\n**Doc**\n: Written help; read [more](more.md).\n"
    (root / "sources" / "a.md").write_text(A + doc, "utf-8")
    import_sources([root / "sources" / "a.md"], root / "v", root=root)
    path = root / "v" / ".vaultkit" / "sources.json"
    data = json.loads(path.read_text("utf-8"))
    data["sources"][0]["url"] = "https://ex.org/g/a.md"
    path.write_text(json.dumps(data), encoding="utf-8")
    import_sources([], root / "v", root=root)
    assert "[more](https://ex.org/g/more.md)" in (root / "v" / "Doc.md").read_text("utf-8")
    assert json.loads(path.read_text("utf-8"))["sources"][0]["url"] == "https://ex.org/g/a.md"
