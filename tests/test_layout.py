"""The tree reads as the pipeline: which folder may import which (the README's table), no
import cycle between modules, no module over 500 lines, a docstring for every package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vaultkit"
TOP = "top"  # the package's own top-level modules: cli, config, errors, text, fsutil, parallel
# folder -> what its modules may import at module level (besides their own folder)
MAY_IMPORT: dict[str, set[str]] = {
    TOP: set(),
    "notes": {"cache.codec"},
    "cache": {"notes.model"},
    "edit": {"notes"},
    "lint": {"notes", "cache", "edit"},
    "compile": {"notes", "lint.schemas"},
    "importers": {"notes"},
    "lsp": {"notes", "cache", "lint", "edit"},
    "commands": {"notes", "cache", "lint", "compile", "importers", "edit", "lsp"},
}
LONGEST = 500


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """vaultkit modules imported at module level (not under TYPE_CHECKING, not in functions),
    relative to the package ('' for the package itself)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("vaultkit"):
            assert node.module is not None
            base = node.module.removeprefix("vaultkit").lstrip(".")
            for alias in node.names:
                sub = f"{base}.{alias.name}".lstrip(".")
                is_module = (PACKAGE / f"{sub.replace('.', '/')}.py").exists() or (
                    PACKAGE / sub.replace(".", "/")
                ).is_dir()
                found.add(sub if is_module else base)
        elif isinstance(node, ast.Import):
            found.update(
                a.name.removeprefix("vaultkit").lstrip(".")
                for a in node.names
                if a.name.split(".")[0] == "vaultkit"
            )
    return found


def _folder(module: str) -> str:
    head = module.partition(".")[0]
    return head if (PACKAGE / head).is_dir() else TOP


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _allowed(importer: str, imported: str) -> bool:
    folder, target = _folder(importer), _folder(imported)
    if imported == "" or target in (folder, TOP):
        return True  # the package's version, its own folder, the top-level helpers
    return any(imported == rule or imported.startswith(rule + ".") for rule in MAY_IMPORT[folder])


def test_the_graph_sees_the_pipeline() -> None:
    assert "notes.model" in GRAPH["cache.codec"]
    assert "lint.engine" in GRAPH["commands.check"]
    assert set(MAY_IMPORT) == {_folder(m) for m in MODULES if m}


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m))
def test_each_folder_imports_only_what_it_may(module: str) -> None:
    bad = sorted(i for i in GRAPH[module] if not _allowed(module, i))
    assert not bad, f"vaultkit.{module} may not import {bad} (README: How the code is laid out)"


def test_no_import_cycle_between_modules() -> None:
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(GRAPH.get(node, ())):
            if nxt not in GRAPH or nxt == "":
                continue
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(GRAPH):
        if name and name not in state:
            visit(name, [name])


@pytest.mark.parametrize("module", sorted(MODULES), ids=lambda m: m or "vaultkit")
def test_no_module_is_too_long_and_every_package_says_what_it_holds(module: str) -> None:
    path = MODULES[module]
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= LONGEST, f"{path.name}: {lines} lines; split it by concern"
    if path.name == "__init__.py":
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), module
