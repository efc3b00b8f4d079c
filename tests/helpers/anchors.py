"""Read a generated GLOSSARY.md back as a Markdown viewer would: headings, anchors, links.

Headings (anywhere: lists and quotes too, as GitHub anchors them all) and links come from
mistune's syntax tree, independent of the renderer; anchors from the fixture-tested slugger.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import unquote

import mistune

from vaultkit.compile.glossary.slug import Slugger, slug
from vaultkit.text import heading_key

_PARSE = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])
_WIKI_SELF = re.compile(r"\[\[#([^\]|]*?)(?:\\?\|[^\]]*)?\]\]")


def _plain(nodes: list[dict[str, Any]]) -> str:
    out = []
    for node in nodes:
        if "children" in node:
            out.append(_plain(node["children"]))
        elif node.get("type") == "codespan":
            out.append(node["raw"])
        else:
            out.append(html.unescape(node.get("raw", "")))
    return "".join(out)


def _walk(nodes: list[dict[str, Any]], headings: list[str], urls: list[str]) -> None:
    for node in nodes:
        if node.get("type") == "heading":
            headings.append(_plain(node["children"]).strip())
        if node.get("type") == "link":
            urls.append(node["attrs"]["url"])
        if "children" in node:
            _walk(node["children"], headings, urls)


def read_back(text: str) -> tuple[list[str], list[str], list[str]]:
    """(heading plain texts, their GitHub anchors in document order, in-file link fragments)."""
    tree = _PARSE(text)
    assert isinstance(tree, list)
    headings: list[str] = []
    urls: list[str] = []
    _walk(tree, headings, urls)
    slugger = Slugger()
    anchors = [slugger.slug(h) for h in headings]
    fragments = [unquote(u[1:]) for u in urls if u.startswith("#")]  # mistune %-encodes
    return headings, anchors, fragments


def assert_github_links_land(text: str, *, expect_links: bool = True) -> None:
    headings, anchors, fragments = read_back(text)
    assert fragments or not expect_links, "expected in-file links"
    missing = [f for f in fragments if f not in anchors]
    assert not missing, f"links to missing anchors: {missing[:5]}"
    # unique by design: no heading needed a -N suffix
    assert anchors == [slug(h) for h in headings]
    assert len(set(anchors)) == len(anchors)


def heading_lines(text: str) -> list[str]:
    """Raw ATX heading texts of root lines (what Obsidian caches for [[#...]] links)."""
    return [line.lstrip("#").strip() for line in text.split("\n") if re.match(r"#{1,6} ", line)]


def assert_obsidian_links_land(text: str, *, expect_links: bool = True) -> None:
    keys = [heading_key(h) for h in heading_lines(text)]
    assert len(set(keys)) == len(keys), "two headings share an Obsidian heading key"
    targets = _WIKI_SELF.findall(text)
    assert targets or not expect_links, "expected [[#...]] links"
    missing = [t for t in targets if heading_key(t) not in keys]
    assert not missing, f"[[#...]] links to missing headings: {missing[:5]}"
