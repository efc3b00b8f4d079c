"""Document links: every link of a note that finds a file (wikilinks, embeds, Markdown links,
property links) made clickable, to the file's URI. A heading or block subpath that is found
adds ``#L<line>`` (1-based), the fragment VS Code reads to open a file at a line; other
clients open the file. An unresolved link gets none (its diagnostic says why); an external
URL is not a vault link and is left to the editor, which links URLs itself."""

from __future__ import annotations

from lsprotocol import types as lsp

from vaultkit.lsp.documents import Documents
from vaultkit.lsp.navigation import anchor_line
from vaultkit.lsp.positions import span_range
from vaultkit.lsp.workspace import Workspace
from vaultkit.notes.model import LinkSyntax

_TYPED = (LinkSyntax.WIKI, LinkSyntax.MARKDOWN)  # syntaxes whose target text lies in the link


def document_links(ws: Workspace, docs: Documents, path: str, *, tooltips: bool = True
                   ) -> list[lsp.DocumentLink]:
    """The links of note ``path`` that resolve, in the note's order (``tooltips``: each says
    its target file and subpath, for a client that shows them)."""
    if path not in ws.notes:
        return []
    lines = docs.lines(path)
    out: list[lsp.DocumentLink] = []
    for item in ws.resolved.get(path, ()):
        if item.target is None:
            continue
        link = item.link
        span = link.target_span if link.syntax in _TYPED and link.target_span else link.span
        uri = docs.uri(item.target)
        note = ws.notes.get(item.target)
        if note is not None and link.subpath:
            line = anchor_line(note, link.subpath)
            if line > 1:
                uri += f"#L{line}"
        out.append(lsp.DocumentLink(
            range=span_range(lines, span), target=uri,
            tooltip=item.target + link.subpath if tooltips else None))
    return out
