"""Definition lists: ``**Term**`` on one line, then ``: definition`` (PHP Markdown Extra style)."""

from __future__ import annotations

import re

from vaultkit.importers.labels import clean_term
from vaultkit.importers.mdblocks import Block
from vaultkit.importers.mdcontext import dedent_lines, trim_blank
from vaultkit.importers.model import Entry

_DD = re.compile(r"^ {0,3}:[ \t]+")


def deflist_entries(block: Block) -> list[Entry]:
    """Entries of one definition-list block; each head line gets the definitions that follow."""
    entries: list[Entry] = []
    heads: list[tuple[int, str]] = []
    body: list[str] = []
    body_start = 0

    def flush(end: int) -> None:
        text = "\n".join(trim_blank(dedent_lines(body, 4)))
        for number, head in heads:  # a head without definition is kept; the pipeline reports it
            entries.append(Entry(clean_term(head), text, number, end))

    previous_blank = True
    in_body = False
    for offset, line in enumerate(block.lines):
        number = block.start + offset
        if _DD.match(line):
            if not in_body:
                body, body_start = [], number
            elif body:
                body.append("")  # a second ': ' definition becomes its own paragraph
            body.append(_DD.sub("", line, count=1))
            in_body = True
        elif not line.strip():
            if in_body:
                body.append("")
        elif in_body and (line.startswith((" ", "\t")) or not previous_blank):
            body.append(line)
        else:  # a new head line
            if in_body:
                flush(number - 1)
                heads, body, in_body = [], [], False
            heads.append((number, line.strip()))
        previous_blank = not line.strip()
    flush(block.end)
    del body_start
    return entries
