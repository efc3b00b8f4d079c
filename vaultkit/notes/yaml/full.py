"""YAML front matter read with YAML 1.2 core-schema rules, positions kept.

PyYAML's C parser builds the node tree (``yaml.compose`` with ``CSafeLoader``); values are then
constructed here, iteratively, with YAML 1.2 core rules (as js-yaml's CORE_SCHEMA, which Obsidian is
said to use): only true/false are booleans, dates stay strings, ``0o17``/``0x1F``/``.inf`` are
numbers. Duplicate keys are an error. Alias expansion is capped (billion laughs) and so is nesting
depth (the C composer recurses and would crash the interpreter on absurd depths).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from vaultkit.lines import LineTable
from vaultkit.notes.model import Span
from vaultkit.notes.yaml.simple import load_simple
from vaultkit.notes.yaml.values import (
    BOOLEANS,
    YamlError,
    YamlResult,
    as_key,
    key_text,
    resolve_plain,
)

__all__ = ["YamlError", "YamlResult", "key_text", "load", "load_full", "resolve_plain"]

MAX_NODES = 100_000
MAX_DEPTH = 1_000

_PLAIN = "vaultkit:plain"
_TAG = "tag:yaml.org,2002:"

_NULL = re.compile(r"~|null|Null|NULL|")  # for explicit !!null


# YAML 1.1 (PyYAML, libyaml) breaks lines at NEL, LS and PS; YAML 1.2 (js-yaml) does not. They are
# swapped for stand-ins (Unicode noncharacters, same length) while parsing, then swapped back.
_YAML11_BREAKS = "\x85\u2028\u2029"
_STAND_INS = "\ufdd0\ufdd1\ufdd2"
_HIDE = str.maketrans(_YAML11_BREAKS, _STAND_INS)
_SHOW = str.maketrans(_STAND_INS, _YAML11_BREAKS)


class _Loader(yaml.CSafeLoader):
    """CSafeLoader whose implicit resolver marks every plain scalar, so we resolve it ourselves."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return str(super().resolve(kind, value, implicit))


def _tagged(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    value = node.value
    if tag == _TAG + "str":
        return value
    if tag == _TAG + "null":
        if _NULL.fullmatch(value):
            return None
    elif tag == _TAG + "bool":
        if value in BOOLEANS:
            return BOOLEANS[value]
    elif tag in (_TAG + "int", _TAG + "float"):
        number = resolve_plain(value)
        if isinstance(number, (int, float)) and not isinstance(number, bool):
            return float(number) if tag.endswith("float") else number
    else:
        raise YamlError(f"unknown tag {tag}", node.start_mark.line, node.start_mark.column)
    raise YamlError(f"cannot read {value!r} as {tag}", node.start_mark.line, node.start_mark.column)


def _error_position(exc: yaml.MarkedYAMLError, length: int) -> tuple[int, int]:
    mark: Any = exc.problem_mark
    context: Any = exc.context_mark
    # an error at the very end (e.g. an unclosed quote) is better shown where the construct began
    if context is not None and (mark is None or mark.index >= length - 1):
        return context.line, context.column
    if mark is not None:
        return mark.line, mark.column
    if context is not None:
        return context.line, context.column
    return 0, 0


def _check_depth(src: str) -> None:
    """Refuse absurd nesting before the (recursive) C composer sees it; iterative event pass."""
    if sum(map(src.count, "[{-?:")) <= MAX_DEPTH:
        return
    depth = 0
    for event in yaml.parse(src, Loader=yaml.CSafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark: Any = event.start_mark
                raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", mark.line, mark.column)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _span(start: Any, end: Any, first_line: int) -> Span:
    return Span(start.line + first_line, start.column + 1, end.line + first_line, end.column + 1)


def load(src: str, first_line: int = 2) -> YamlResult:
    """Parse ``src`` (the text between the fences); ``first_line`` is its first line in the file.

    Never raises: errors come back in ``YamlResult.error`` (0-based line/column within ``src``).
    """
    simple = load_simple(src, first_line)
    if simple is not None:
        return simple
    return load_full(src, first_line)


def load_full(src: str, first_line: int = 2) -> YamlResult:
    """:func:`load` without the fast path for simple front matter (libyaml reads everything)."""
    result = YamlResult()
    if any(char in src for char in _YAML11_BREAKS) and not any(c in src for c in _STAND_INS):
        src = src.translate(_HIDE)
        result.swapped = True
    try:
        _check_depth(src)
        root = yaml.compose(src, Loader=_Loader)
        if root is None:
            result.empty = True
            return result
        result.data = _construct(root, result, first_line)
    except YamlError as exc:
        result.error = exc
        result.data = None
    except yaml.MarkedYAMLError as exc:
        line, column = _error_position(exc, len(src))
        message = exc.problem or exc.context or "invalid YAML"
        result.error = YamlError(str(message), line, column)
        result.data = None
    except yaml.reader.ReaderError as exc:
        # the C reader counts UTF-8 bytes; turn that into a line and column of characters
        head = src.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore")
        line, column = LineTable(head).position(len(head))
        char = exc.character
        code = char if isinstance(char, int) else ord(str(char)[:1] or "?")
        result.error = YamlError(f"character #x{code:04x} is not allowed", line - 1, column - 1)
        result.data = None
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as exc:
        result.error = YamlError(f"{type(exc).__name__}: {exc}", 0, 0)
        result.data = None
    return result


def _construct(root: yaml.Node, result: YamlResult, first_line: int) -> Any:
    """Build Python values from the node tree without recursion, recording dotted-path spans."""
    budget = MAX_NODES
    value_spans = result.value_spans
    key_spans = result.key_spans
    out: list[Any] = [None]
    # work items: (node, path, container, slot, depth); scalars are built in place
    stack: list[tuple[yaml.Node, str, Any, Any, int]] = [(root, "", out, 0, 0)]
    while stack:
        node, path, container, slot, depth = stack.pop()
        budget -= 1
        if budget < 0:
            raise _too_many(node)
        if depth > MAX_DEPTH:
            mark = node.start_mark
            raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", mark.line, mark.column)
        if path:
            value_spans[path] = _span(node.start_mark, node.end_mark, first_line)
        if isinstance(node, yaml.ScalarNode):
            container[slot] = _scalar(node, path, result)
            continue
        prefix = f"{path}." if path else ""
        # (child node, its path, where its value goes); scalars are placed at once, the rest
        # pushed, so a mapping keeps its keys in order (a placeholder holds each slot)
        children: list[tuple[yaml.Node, str, Any, Any]] = []
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = [None] * len(node.value)
            container[slot] = items
            children = [(child, f"{prefix}{k}", items, k) for k, child in enumerate(node.value)]
        elif isinstance(node, yaml.MappingNode):
            mapping: dict[str, Any] = {}
            container[slot] = mapping
            for key_node, value_node in node.value:
                key = _key_text(key_node, result)
                if key in mapping:
                    mark = key_node.start_mark
                    raise YamlError(f"duplicate key {key!r}", mark.line, mark.column)
                child = f"{prefix}{key}"
                key_spans[child] = _span(key_node.start_mark, key_node.end_mark, first_line)
                mapping[key] = None
                children.append((value_node, child, mapping, key))
        else:  # pragma: no cover - compose yields only the three node kinds
            raise YamlError("unexpected YAML node", node.start_mark.line, node.start_mark.column)
        pending: list[tuple[yaml.Node, str, Any, Any, int]] = []
        for child_node, child, holder, where in children:
            if isinstance(child_node, yaml.ScalarNode):
                budget -= 1
                if budget < 0:
                    raise _too_many(child_node)
                value_spans[child] = _span(child_node.start_mark, child_node.end_mark, first_line)
                holder[where] = _scalar(child_node, child, result)
            else:
                pending.append((child_node, child, holder, where, depth + 1))
        stack.extend(reversed(pending))
    return out[0]


def _scalar(node: yaml.ScalarNode, path: str, result: YamlResult) -> Any:
    if node.tag == _PLAIN:
        value = resolve_plain(node.value)
    else:
        if node.style in ("'", '"') and path:
            result.quoted.add(path)
        value = _tagged(node)
    if result.swapped and isinstance(value, str):
        return value.translate(_SHOW)
    return value


def _too_many(node: yaml.Node) -> YamlError:
    mark = node.start_mark
    return YamlError(f"more than {MAX_NODES} values (alias expansion?)", mark.line, mark.column)


def _key_text(node: yaml.Node, result: YamlResult) -> str:
    if isinstance(node, yaml.ScalarNode):
        value = resolve_plain(node.value) if node.tag == _PLAIN else _tagged(node)
        if result.swapped and isinstance(value, str):
            value = value.translate(_SHOW)
        return as_key(value)
    raise YamlError("a mapping key must be a scalar", node.start_mark.line, node.start_mark.column)
