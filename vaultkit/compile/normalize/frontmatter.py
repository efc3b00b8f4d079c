"""Front-matter normalization: schema key order, list values, bare tags, property links.

Works on the YAML node positions (PyYAML's composer), moving whole top-level key chunks and
rewriting only the scalars it must, in their own quoting style; everything else stays byte
for byte. The result is re-read under YAML 1.2 rules; on any doubt the block is kept as is.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from typing import Any

import yaml

from vaultkit.compile.normalize.links import ResolveLink, rewrite_wikilink_inner
from vaultkit.lines import LineTable
from vaultkit.notes.model import LinkSyntax, Note
from vaultkit.notes.yaml.full import load as load_yaml
from vaultkit.notes.yaml.values import resolve_plain

OBSIDIAN_LIST_KEYS = ("tags", "aliases", "cssclasses")
_PLAIN_SAFE = re.compile(r"[^\s#,\[\]{}:'\"&*!|>%@`?\-][^\s,\[\]{}:#]*")


def front_matter_needs_work(
    note: Note, order: tuple[str, ...], lists: frozenset[str], resolve_link: ResolveLink | None
) -> bool:
    """Fast check on the parsed data: would any front-matter rule change something?"""
    data = note.frontmatter.data
    if not data:
        return False
    rank = {key: index for index, key in enumerate(order)}
    ranks = [rank.get(key, len(rank)) for key in data]
    if ranks != sorted(ranks):
        return True
    for key, value in data.items():
        if _is_list_key(key, lists) and value is not None and not isinstance(value, list):
            return True
        if key.lower() == "tags":
            items = value if isinstance(value, list) else [value]
            if any(isinstance(item, str) and item.startswith("#") for item in items):
                return True
    if resolve_link is not None:
        for link in note.links:
            if link.syntax is LinkSyntax.PROPERTY and link.path:
                canonical = resolve_link(link.path)
                if canonical is not None and canonical != link.path:
                    return True
    return False


def list_keys_of(keys: Iterable[str]) -> frozenset[str]:
    return frozenset(keys) | frozenset(OBSIDIAN_LIST_KEYS)


def _is_list_key(key: str, list_keys: frozenset[str]) -> bool:
    return key in list_keys or key.lower() in OBSIDIAN_LIST_KEYS



def _plain_ok(value: str) -> bool:
    return bool(_PLAIN_SAFE.fullmatch(value)) and resolve_plain(value) == value


def _scalar(value: str, style: str | None, flow: bool) -> str:
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"' or not _plain_ok(value) or (flow and not value.isidentifier()):
        return json.dumps(value, ensure_ascii=False)
    return value


def _node_text(node: yaml.Node, raw: str) -> str:
    return raw[node.start_mark.index : node.end_mark.index]


def _property_link(node: yaml.ScalarNode, resolve_link: ResolveLink) -> str | None:
    value = node.value
    if node.style not in ("'", '"') or not (value.startswith("[[") and value.endswith("]]")):
        return None
    inner = value[2:-2]
    if "[[" in inner or "]]" in inner:
        return None
    new_inner = rewrite_wikilink_inner(inner, resolve_link)
    if new_inner == inner:
        return None
    return _scalar(f"[[{new_inner}]]", node.style, flow=False)


def _value_edits(
    key: str,
    value: yaml.Node,
    raw: str,
    *,
    list_keys: frozenset[str],
    resolve_link: ResolveLink | None,
    key_column: int,
) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    is_tags = key.lower() == "tags"
    single_line = value.start_mark.line == value.end_mark.line
    if isinstance(value, yaml.ScalarNode):
        new = _scalar_edit(value, is_tags, resolve_link, flow=False)
        text = new if new is not None else _node_text(value, raw)
        is_null = not value.style and resolve_plain(value.value) is None
        block = value.style in ("|", ">")
        if _is_list_key(key, list_keys) and single_line and not is_null and not block:
            pad = " " * (key_column + 2)
            # the list starts on the next line (the space left after 'key:' is stripped later)
            edits.append((value.start_mark.index, value.end_mark.index, f"\n{pad}- {text}"))
            return edits
        if new is not None and single_line:
            edits.append((value.start_mark.index, value.end_mark.index, new))
        return edits
    stack: list[tuple[yaml.Node, bool]] = [(value, False)]
    while stack:
        node, flow = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.start_mark.line != node.end_mark.line:
                continue
            tag_item = is_tags and any(node is item for item in getattr(value, "value", ()))
            new = _scalar_edit(node, tag_item, resolve_link, flow)
            if new is not None:
                edits.append((node.start_mark.index, node.end_mark.index, new))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, bool(node.flow_style)) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for child_key, child_value in node.value:
                del child_key
                stack.append((child_value, bool(node.flow_style)))
    return edits


def _scalar_edit(
    node: yaml.ScalarNode, tag_item: bool, resolve_link: ResolveLink | None, flow: bool
) -> str | None:
    if node.style in ("|", ">"):
        return None
    if tag_item and node.value.startswith("#") and len(node.value) > 1:
        return _scalar(node.value[1:], None, flow)  # quoted only if the bare tag needs it
    if resolve_link is not None:
        return _property_link(node, resolve_link)
    return None


def normalize_front_matter(
    raw: str,
    before: dict[str, Any] | None,
    key_order: tuple[str, ...],
    list_keys: frozenset[str],
    resolve_link: ResolveLink | None,
) -> tuple[str, str | None]:
    try:
        root = yaml.compose(raw, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return raw, "front matter left as is: YAML not readable for rewriting"
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return raw, None
    lines = raw.split("\n")
    starts = LineTable(raw).starts  # by the YAML reader's 0-based line numbers
    entries = []
    for key_node, value_node in root.value:
        line = key_node.start_mark.line
        while line > 0 and lines[line - 1].lstrip().startswith("#"):
            line -= 1
        edits = _value_edits(
            str(key_node.value), value_node, raw, list_keys=list_keys,
            resolve_link=resolve_link, key_column=key_node.start_mark.column,
        )
        entries.append((line, str(key_node.value), edits))
    if not entries:
        return raw, None
    for (line, _, _), (next_line, _, _) in itertools.pairwise(entries):
        if next_line <= line:
            return raw, None  # two keys on one line: not a layout we rewrite
    header = raw[: starts[entries[0][0]]]
    chunks = []
    for number, (line, key, edits) in enumerate(entries):
        begin = starts[line]
        end = starts[entries[number + 1][0]] if number + 1 < len(entries) else len(raw)
        piece = raw[begin:end]
        for start, stop, new in sorted(edits, reverse=True):
            piece = piece[: start - begin] + new + piece[stop - begin :]
        if not piece.endswith("\n"):
            piece += "\n"
        chunks.append((key, piece))
    rank = {key: index for index, key in enumerate(key_order)}
    ordered = sorted(
        range(len(chunks)), key=lambda i: (rank.get(chunks[i][0], len(rank)), i)
    )
    new_raw = header + "".join(chunks[i][1] for i in ordered)
    if not raw.endswith("\n"):
        new_raw = new_raw.removesuffix("\n")
    if new_raw == raw:
        return raw, None
    after = load_yaml(new_raw)
    if after.error is not None or not isinstance(after.data, dict) or not isinstance(
        before, dict
    ) or set(after.data) != set(before):
        return raw, "front matter left as is: rewriting it would change its meaning"
    return new_raw, None
