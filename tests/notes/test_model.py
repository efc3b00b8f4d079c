"""Records: every fast construction with ``new_record`` builds a whole record.

``new_record(Cls, values)`` skips the NamedTuple's own ``__new__``, so nothing counts the values:
a record that gains a field would silently come out one short wherever it is built this way.
This walks the source of every vaultkit module and checks each call against the class's fields.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import vaultkit
from vaultkit.notes import model
from vaultkit.notes.model import Span, new_record

PACKAGE = Path(vaultkit.__file__).parent
MODEL = "vaultkit.notes.model"

_PACKED_SPAN = (
    "a Span that pack() stored as tuple(span): as long as Span is, and cached payloads of "
    "older code are never read (the cache key holds the fingerprint of vaultkit/notes and "
    "vaultkit/cache)"
)
# Calls whose values are not a tuple literal, by module and source text, with why each is whole.
NOT_LITERAL: dict[tuple[str, str], str] = {
    ("vaultkit/cache/codec.py", "_new(Span, span)"): _PACKED_SPAN,
    ("vaultkit/cache/codec.py", "_new(Span, at)"): _PACKED_SPAN,
    ("vaultkit/cache/codec.py", "_new(Span, block_span)"): _PACKED_SPAN,
    ("vaultkit/cache/codec.py", "_new(Span, target_span)"): _PACKED_SPAN,
    ("vaultkit/cache/codec.py", "_new(Span, packed)"): _PACKED_SPAN,
}


def _names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Local names of ``new_record`` and of the model module in a module's imports."""
    constructors, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if node.module == MODEL and alias.name == "new_record":
                    constructors.add(alias.asname or alias.name)
                elif f"{node.module}.{alias.name}" == MODEL:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name == MODEL)
    return constructors, modules


def _is_constructor(node: ast.expr, constructors: set[str], modules: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in constructors
    if isinstance(node, ast.Attribute) and node.attr == "new_record":
        return ast.unparse(node.value) in modules
    return False


def _lookup(namespace: ModuleType | dict[str, Any], node: ast.expr) -> object:
    """The object a Name or dotted Attribute stands for in ``namespace`` (None if unknown)."""
    if isinstance(node, ast.Name):
        if isinstance(namespace, dict):
            return namespace.get(node.id)
        return getattr(namespace, node.id, None)
    if isinstance(node, ast.Attribute):
        owner = _lookup(namespace, node.value)
        return getattr(owner, node.attr, None)
    return None


def check_source(
    rel: str, source: str, namespace: ModuleType | dict[str, Any], allowed: set[tuple[str, str]]
) -> tuple[list[str], int]:
    """Problems with the fast constructions in one module's source, and how many calls it has.

    ``allowed``: (module, call text) pairs of NOT_LITERAL, as they are found, are added to it.
    """
    tree = ast.parse(source)
    constructors, modules = _names(tree)
    problems: list[str] = []
    calls = 0
    called: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and ast.unparse(node) == "tuple.__new__"
            and rel != "vaultkit/notes/model.py"
        ):
            problems.append(
                f"{rel}:{node.lineno}: tuple.__new__ outside vaultkit.notes.model: "
                "import new_record from there, so that this test sees the calls"
            )
        if not isinstance(node, ast.Call) or not _is_constructor(
            node.func, constructors, modules
        ):
            continue
        calls += 1
        called.add(id(node.func))
        where = f"{rel}:{node.lineno}: {ast.unparse(node)}"
        if len(node.args) != 2 or node.keywords:
            problems.append(f"{where}: want new_record(Cls, (values...))")
            continue
        cls_node, values = node.args
        cls = _lookup(namespace, cls_node)
        fields = getattr(cls, "_fields", None)
        if not (isinstance(cls, type) and issubclass(cls, tuple) and fields is not None):
            problems.append(f"{where}: {ast.unparse(cls_node)} is not a NamedTuple class")
            continue
        if isinstance(values, ast.Tuple) and not any(
            isinstance(v, ast.Starred) for v in values.elts
        ):
            if len(values.elts) != len(fields):
                problems.append(
                    f"{where}: {len(values.elts)} values for the {len(fields)} fields of "
                    f"{cls.__name__} {fields}"
                )
            continue
        key = (rel, ast.unparse(node))
        if key in NOT_LITERAL:
            allowed.add(key)
        else:
            problems.append(
                f"{where}: not a tuple literal, so its length cannot be checked here: make it "
                "one, or add the call to NOT_LITERAL with the reason it always has every field"
            )
    for node in ast.walk(tree):  # passed around, it could be called where no one checks
        if (
            isinstance(node, ast.Name | ast.Attribute)
            and isinstance(node.ctx, ast.Load)
            and _is_constructor(node, constructors, modules)
            and id(node) not in called
        ):
            problems.append(f"{rel}:{node.lineno}: new_record used other than in a direct call")
    return sorted(problems, key=lambda problem: int(problem.split(":")[1])), calls


def _modules() -> list[tuple[str, str]]:
    """(file relative to the repository, module name) of every module of the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((path.relative_to(PACKAGE.parent).as_posix(), name))
    return found


def test_every_fast_record_construction_has_every_field() -> None:
    problems: list[str] = []
    allowed: set[tuple[str, str]] = set()
    counts: dict[str, int] = {}
    for rel, name in _modules():
        source = (PACKAGE.parent / rel).read_text(encoding="utf-8")
        if "new_record" not in source and "__new__" not in source:
            continue
        found, calls = check_source(rel, source, importlib.import_module(name), allowed)
        problems += found
        counts[rel] = calls
    stale = sorted(set(NOT_LITERAL) - allowed)
    problems += [f"{rel}: no call {call!r} now: drop it from NOT_LITERAL" for rel, call in stale]
    assert not problems, "\n".join(problems)
    # the walk sees the calls it is meant to check (the records the parse makes in bulk)
    users = {rel for rel, calls in counts.items() if calls}
    assert {
        "vaultkit/notes/blocks.py",
        "vaultkit/notes/inline.py",
        "vaultkit/notes/yaml/simple.py",
        "vaultkit/notes/resolve.py",
        "vaultkit/cache/codec.py",
    } <= users


SAMPLES = [
    ("from vaultkit.notes.model import Span, new_record\nnew_record(Span, (1, 2, 3))", "3 values"),
    ("from vaultkit.notes.model import new_record as mk\nmk(Span, (1, 2, 3, 4, 5))", "5 values"),
    ("from vaultkit.notes import model\nmodel.new_record(Span, (1, 2, 3))", "3 values"),
    ("import vaultkit.notes.model as m\nm.new_record(m.Span, (1, 2, 3))", "3 values"),
    ("from vaultkit.notes.model import new_record\nnew_record(Span, (*a, 1))", "not a tuple"),
    ("from vaultkit.notes.model import new_record\nnew_record(Span, values)", "not a tuple"),
    ("from vaultkit.notes.model import new_record\nnew_record(dict, (1,))", "not a NamedTuple"),
    ("from vaultkit.notes.model import new_record\nf = new_record", "other than in a direct"),
    ("make = tuple.__new__", "tuple.__new__ outside"),
]


@pytest.mark.parametrize(("source", "problem"), SAMPLES)
def test_the_check_names_each_kind_of_bad_call(source: str, problem: str) -> None:
    namespace = {"Span": Span, "model": model, "m": model}
    problems, _ = check_source("sample.py", source, namespace, set())
    assert len(problems) == 1 and problem in problems[0], problems
    assert problems[0].startswith("sample.py:")


def test_the_check_accepts_whole_records() -> None:
    source = (
        "from vaultkit.notes.model import Span, new_record\n"
        "new_record(Span, (1, 2, 3, 4))\n"
        "new_record(Span, (1, 2, new_record(Span, (1, 2, 3, 4)), 4))\n"
    )
    assert check_source("sample.py", source, {"Span": Span}, set()) == ([], 3)


def test_new_record_builds_the_record() -> None:
    span = new_record(Span, (1, 2, 3, 4))
    assert type(span) is Span and span == Span(1, 2, 3, 4) and span.end_column == 4
