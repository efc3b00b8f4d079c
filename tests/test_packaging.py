"""pyproject.toml declares exactly what the package imports (so every Python it supports runs
every command), and nothing it does not."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# distribution name -> the module it installs
MODULE_OF = {"PyYAML": "yaml", "python-frontmatter": "frontmatter"}
NEWER_STDLIB = {"tomllib"}  # standard library from 3.11, imported behind a version check


def _declared() -> dict[str, str]:
    """Declared runtime dependency -> its marker ('' when none)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out = {}
    for spec in project["dependencies"]:
        name = re.match(r"[A-Za-z0-9_.\-]+", spec)
        assert name is not None, spec
        out[MODULE_OF.get(name.group(), name.group().lower())] = spec.partition(";")[2].strip()
    return out


def _imported() -> set[str]:
    """Top-level modules outside the standard library that the package imports."""
    found: set[str] = set()
    for path in (ROOT / "vaultkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    standard = set(sys.stdlib_module_names) | NEWER_STDLIB
    return {m for m in found if m not in standard and m != "vaultkit"}


def test_every_import_is_declared_and_every_declaration_imported() -> None:
    declared, imported = _declared(), _imported()
    assert imported - set(declared) == set(), "imported but not declared in pyproject.toml"
    assert set(declared) - imported == set(), "declared in pyproject.toml but never imported"


def test_tomli_is_declared_where_tomllib_is_missing() -> None:
    assert _declared().get("tomli") == "python_version < '3.11'"
