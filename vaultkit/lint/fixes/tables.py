"""The table-pipe fix: a wikilink's ``|`` inside a table row becomes ``\\|``."""

from __future__ import annotations

import re

from vaultkit.edit.model import Applicability, Fix, TextEdit
from vaultkit.edit.text import text_at
from vaultkit.lint.fixes.context import FixContext
from vaultkit.lint.fixes.registry import fixer
from vaultkit.notes.model import Finding

_BARE_PIPE = re.compile(r"(?<!\\)\|")  # as the table reader splits cells


@fixer("table-pipe")
def escape_pipe(finding: Finding, ctx: FixContext) -> Fix | None:
    piece = text_at(ctx.source(finding.path).text, finding.span)
    if piece is None or not piece.lstrip("!").startswith("[[") or not piece.endswith("]]"):
        return None
    escaped = _BARE_PIPE.sub(r"\\|", piece)
    if escaped == piece:
        return None
    return Fix("Escape the '|'", Applicability.SAFE, (TextEdit(finding.span, escaped),))
