"""Front-matter fixes, made by span: the YAML is never re-serialized (comments, quotes and key
order stay as written)."""

from __future__ import annotations

import re

from vaultkit.edit.linktext import double_quoted
from vaultkit.edit.model import Applicability, Fix, TextEdit
from vaultkit.edit.text import text_at
from vaultkit.lint.fixes.context import FixContext
from vaultkit.lint.fixes.registry import fixer
from vaultkit.notes.model import Finding

_WHOLE_LINK = re.compile(r"\[\[[^\[\]\r\n]*\]\]")
_NEW_KEY = {"tag": "tags", "alias": "aliases", "cssclass": "cssclasses"}


@fixer("unquoted-property-link")
def quote_link(finding: Finding, ctx: FixContext) -> Fix | None:
    """``key: [[X]]`` (a nested YAML list) becomes ``key: "[[X]]"``, in a value or list item."""
    piece = text_at(ctx.source(finding.path).text, finding.span)
    if piece is None or not _WHOLE_LINK.fullmatch(piece):
        return None
    edit = TextEdit(finding.span, double_quoted(piece))
    return Fix("Quote the link", Applicability.SAFE, (edit,))


@fixer("deprecated-property")
def rename_key(finding: Finding, ctx: FixContext) -> Fix | None:
    """``tag:`` becomes ``tags:`` (and alias, cssclass), the value untouched; none when the new
    key is there already (the two values would need merging by hand)."""
    piece = text_at(ctx.source(finding.path).text, finding.span)
    if piece is None:
        return None
    quote = piece[0] if len(piece) > 1 and piece[0] in "\"'" and piece[-1] == piece[0] else ""
    old = piece[1:-1] if quote else piece
    new = _NEW_KEY.get(old.lower())
    note = ctx.note(finding.path)
    if new is None or note is None:
        return None
    if any(str(key).lower() == new for key in note.properties):
        return None
    return Fix(
        f"Rename '{old}' to '{new}'",
        Applicability.SAFE,
        (TextEdit(finding.span, f"{quote}{new}{quote}"),),
    )
