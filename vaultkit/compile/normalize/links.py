"""Link rewriting for normalization: each resolvable link target to its canonical text.

Only the path part of a target changes; display text, subpaths, embed sizes and a table's
``\\|`` are kept. ``resolve_link`` maps a link path (cleaned, as Obsidian reads it) to the
canonical text, or None to leave the link as written.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from vaultkit.lines import LineTable
from vaultkit.notes.model import Link, LinkSyntax, Note
from vaultkit.text import clean_string

ResolveLink = Callable[[str], "str | None"]  # link path as written (cleaned) -> canonical text
_MD_UNSAFE = " %()<>[]\\\t"


def rewrite_wikilink_inner(inner: str, resolve_link: ResolveLink) -> str:
    """Rewrite the path part of the text between ``[[`` and ``]]``; everything else kept."""
    pipe = inner.find("|", 1)
    target = inner if pipe <= 0 else inner[:pipe]
    rest = "" if pipe <= 0 else inner[pipe:]
    hash_at = target.find("#")
    path_text = target if hash_at < 0 else target[:hash_at]
    after = "" if hash_at < 0 else target[hash_at:]
    if hash_at < 0 and path_text.rstrip().endswith("\\"):
        core = path_text.rstrip()
        after = path_text[len(core) - 1 :]
        path_text = core[:-1]
    cleaned = clean_string(path_text)
    if not cleaned:
        return inner
    canonical = resolve_link(cleaned)
    if canonical is None or canonical == cleaned or "[[" in canonical or "]]" in canonical:
        return inner
    lead = path_text[: len(path_text) - len(path_text.lstrip())]
    trail = path_text[len(path_text.rstrip()) :]
    return f"{lead}{canonical}{trail}{after}{rest}"


def _encode_md(path: str) -> str:
    return "".join(f"%{ord(c):02X}" if c in _MD_UNSAFE else c for c in path)


def _rewrite_markdown_target(dest: str, resolve_link: ResolveLink) -> str:
    hash_at = dest.find("#")
    path_text = dest if hash_at < 0 else dest[:hash_at]
    after = "" if hash_at < 0 else dest[hash_at:]
    if path_text.startswith("<"):
        return dest
    cleaned = clean_string(unquote(path_text))
    if not cleaned:
        return dest
    canonical = resolve_link(cleaned)
    if canonical is None:
        return dest
    if cleaned.lower().endswith(".md") and not canonical.lower().endswith(".md"):
        canonical += ".md"
    if canonical == cleaned:
        return dest
    return _encode_md(canonical) + after


def rewrite_body_links(text: str, note: Note, resolve_link: ResolveLink) -> str:
    at = LineTable(text).offset

    edits: list[tuple[int, int, str]] = []
    for link in note.links:
        if link.syntax is LinkSyntax.PROPERTY:
            continue
        if link.syntax is LinkSyntax.WIKI and resolve_link(link.path) in (None, link.path):
            continue  # already canonical, or unresolved: nothing to do
        edit = _link_edit(text, link, at, resolve_link)
        if edit is not None:
            edits.append(edit)
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _link_edit(
    text: str, link: Link, at: Callable[[int, int], int], resolve_link: ResolveLink
) -> tuple[int, int, str] | None:
    start = at(link.span.line, link.span.column)
    end = at(link.span.end_line, link.span.end_column)
    if text[start:end] != link.raw:
        return None
    if link.syntax is LinkSyntax.WIKI:
        bang = 1 if link.raw.startswith("!") else 0
        if not (link.raw.startswith("[[", bang) and link.raw.endswith("]]")):
            return None
        inner = link.raw[bang + 2 : -2]
        new_inner = rewrite_wikilink_inner(inner, resolve_link)
        if new_inner == inner:
            return None
        return start, end, link.raw[: bang + 2] + new_inner + "]]"
    if link.target_span is None:
        return None
    t_start = at(link.target_span.line, link.target_span.column)
    t_end = at(link.target_span.end_line, link.target_span.end_column)
    if not start <= t_start <= t_end <= end:
        return None
    dest = text[t_start:t_end]
    new = _rewrite_markdown_target(dest, resolve_link)
    return None if new == dest else (t_start, t_end, new)


