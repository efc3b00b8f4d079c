"""Link fixes: an alias written as a link name, a near-miss name, a near-miss heading.

Each new link is written in the link's own syntax and keeps what the reader sees: the display
text, the ``#heading``/``#^block``, the embed ``!``, the ``\\|`` of a table row, the angle
brackets of a Markdown destination, the quote style of a property value.
"""

from __future__ import annotations

import re

from vaultkit.edit.linktext import markdown_destination, requoted
from vaultkit.edit.model import Applicability, Fix, TextEdit
from vaultkit.edit.text import apply_edits, text_at
from vaultkit.lint.fixes.context import FixContext, loose
from vaultkit.lint.fixes.registry import fixer
from vaultkit.notes.frontmatter import obsidian_aliases
from vaultkit.notes.model import Finding, Link, LinkKind, LinkSyntax
from vaultkit.notes.note import parse_note
from vaultkit.notes.resolve import subpath_segments
from vaultkit.text import heading_key, nfc

_HEADING_UNSAFE = re.compile(r"[#|^\[\]]+")  # characters a heading subpath cannot hold


@fixer("unresolved-link")
def retarget(finding: Finding, ctx: FixContext) -> Fix | None:
    item = ctx.resolved_at(finding.path, finding.span)
    if item is None or item.candidates or not item.link.path:
        return None
    link = item.link
    owners = _alias_owners(ctx, link.path) if "/" not in link.path else ()
    if len(owners) == 1 and owners[0].lower().endswith(".md"):
        display = link.display
        if display is None and link.kind is not LinkKind.EMBED:
            display = link.path  # what the reader saw stays what the reader sees
        edit = relink(
            finding, ctx, link, target=owners[0], subpath=link.subpath, display=display
        )
        if edit is None:
            return None
        message = f"Link to {owners[0]}, which has the alias '{link.path}'"
        return Fix(message, Applicability.SAFE, (edit,))
    name = nfc(link.path).rsplit("/", 1)[-1]
    wanted = loose(name[:-3] if name.lower().endswith(".md") else name)
    found = [p for p in ctx.near_names().get(wanted, ()) if _same_kind(p, name)]
    if len(found) != 1:
        return None
    edit = relink(
        finding, ctx, link, target=found[0], subpath=link.subpath, display=link.display
    )
    if edit is None:
        return None
    return Fix(f"Link to {found[0]} (a near name)", Applicability.UNSAFE, (edit,))


@fixer("missing-heading")
def reheading(finding: Finding, ctx: FixContext) -> Fix | None:
    item = ctx.resolved_at(finding.path, finding.span)
    if item is None or item.target is None:
        return None
    target = ctx.note(item.target)
    segments = subpath_segments(item.link.subpath)
    if target is None or len(segments) != 1:
        return None
    wanted = loose(heading_key(segments[0]))
    matches = [h for h in target.headings if loose(heading_key(h.text)) == wanted]
    if len(matches) != 1:
        return None
    subpath = "#" + _HEADING_UNSAFE.sub(" ", matches[0].text).strip()
    link = item.link
    edit = relink(
        finding, ctx, link,
        target=item.target, subpath=subpath, display=link.display, keep_path=True,
    )
    if edit is None:
        return None
    return Fix(f"Link to the heading '{matches[0].text}'", Applicability.UNSAFE, (edit,))


def _alias_owners(ctx: FixContext, name: str) -> list[str]:
    """The notes that have ``name`` as an alias, as Obsidian reads their whole front matter."""
    wanted = nfc(name).lower()
    out = []
    for path in ctx.alias_targets(name):
        note = ctx.note(path)
        data = note.frontmatter.data if note is not None else None
        if any(nfc(a).lower() == wanted for a in obsidian_aliases(data)):
            out.append(path)
    return out


def _same_kind(path: str, name: str) -> bool:
    """A note for a name without an extension, an attachment only for one with it."""
    if path.lower().endswith(".md"):
        return True
    return "." in name and path.rsplit("/", 1)[-1].lower().endswith(name.rsplit(".", 1)[-1].lower())


def relink(
    finding: Finding,
    ctx: FixContext,
    link: Link,
    *,
    target: str,
    subpath: str,
    display: str | None,
    keep_path: bool = False,
) -> TextEdit | None:
    """The edit that makes ``link`` point at ``target`` + ``subpath`` showing ``display``."""
    source = ctx.source(finding.path)
    if link.syntax is LinkSyntax.PROPERTY:
        return _property(source.text, link, ctx.path_text(target, finding.path, link),
                         subpath, display)
    if link.target_span is None:
        return None
    old_target = text_at(source.text, link.target_span)
    if old_target is None:
        return None
    if link.syntax is LinkSyntax.MARKDOWN:
        angle = old_target.startswith("<")
        path_text = (old_target.strip("<>").split("#", 1)[0] if keep_path
                     else ctx.path_text(target, finding.path, link))
        if keep_path:
            new = f"<{path_text}{subpath}>" if angle else path_text + markdown_destination(
                "", subpath)
        else:
            new = markdown_destination(path_text, subpath, angle=angle)
        return TextEdit(link.target_span, new)
    return _wiki(
        finding, ctx, link, old_target,
        target=target, subpath=subpath, display=display, keep_path=keep_path,
    )


def _wiki(
    finding: Finding,
    ctx: FixContext,
    link: Link,
    old_target: str,
    *,
    target: str,
    subpath: str,
    display: str | None,
    keep_path: bool,
) -> TextEdit | None:
    escaped = old_target.endswith("\\")  # the '\' of a table row's '\|' ends the target text
    head = old_target.split("#", 1)[0].rstrip("\\") if keep_path else ctx.path_text(
        target, finding.path, link)
    new = head + subpath + ("\\" if escaped else "")
    if display is not None and link.display is None:
        for bar in ("\\|", "|") if escaped else ("|", "\\|"):
            edit = TextEdit(link.target_span or finding.span, new.rstrip("\\") + bar + display)
            if _still_a_link(ctx, finding.path, edit, head):
                return edit
        return None
    return TextEdit(link.target_span or finding.span, new)


def _still_a_link(ctx: FixContext, path: str, edit: TextEdit, head: str) -> bool:
    """Does the note, edited, still hold a link to ``head`` where the edit is (a bare '|' in a
    table row would split the cell instead)?"""
    text = apply_edits(ctx.source(path).text, (edit,))
    line = edit.span.line
    return any(
        link.span.line == line and link.path == nfc(head).strip()
        for link in parse_note(path, text).links
    )


def _property(
    text: str, link: Link, path_text: str, subpath: str, display: str | None
) -> TextEdit | None:
    """A property link's whole scalar, written again in its own quote style."""
    old = text_at(text, link.span)
    inner = f"[[{path_text}{subpath}{'' if display is None else '|' + display}]]"
    new = None if old is None else requoted(old, inner)
    return None if new is None else TextEdit(link.span, new)
