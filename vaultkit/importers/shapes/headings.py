"""One heading per term, at any level; higher headings are categories, the first H1 the title."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from vaultkit.importers.furniture import is_furniture, is_letter_heading, plain_heading
from vaultkit.importers.labels import canonical_key, clean_term
from vaultkit.importers.mdblocks import Block, inline_text
from vaultkit.importers.mdcontext import trim_blank
from vaultkit.importers.model import Entry
from vaultkit.importers.shapes.cells import heading_term
from vaultkit.importers.shapes.fields import recurring_labels


@dataclass(frozen=True, slots=True)
class _Section:
    level: int
    text: str
    line: int
    body: tuple[str, ...]  # lines up to the next heading of any level
    body_start: int
    leaf: bool
    parents: tuple[str, ...]
    raw: str = ""  # the heading as written


def _sections(blocks: list[Block], lines: list[str]) -> list[_Section]:
    heads = [b for b in blocks if b.type == "heading"]
    out: list[_Section] = []
    stack: list[tuple[int, str]] = []
    for index, block in enumerate(heads):
        level = int(block.token.get("attrs", {}).get("level", 1))
        nxt = heads[index + 1] if index + 1 < len(heads) else None
        end = nxt.start - 1 if nxt else len(lines)
        while stack and stack[-1][0] >= level:
            stack.pop()
        parents = tuple(text for _, text in stack)
        leaf = nxt is None or int(nxt.token.get("attrs", {}).get("level", 1)) <= level
        body = tuple(lines[block.end : end])
        out.append(
            _Section(
                level,
                inline_text(block.token).strip(),
                block.start,
                body,
                block.end + 1,
                leaf,
                parents,
                block.lines[0] if block.lines else "",
            )
        )
        stack.append((level, inline_text(block.token).strip()))
    return out


def heading_entries(
    blocks: list[Block], lines: list[str], title: str
) -> tuple[list[Entry], list[tuple[int, str]]]:
    """Entries from the sections at the term level, and (line, message) notes about others.

    The term level is the shallowest level where most sections have text of their own; a term's
    definition runs to the next heading at its level or above, so its own sub-headings
    (examples, notes) stay in it. Shallower headings are categories.
    """
    sections = _sections(blocks, lines)

    def usable(s: _Section) -> bool:
        letter = is_letter_heading(s.text) and not (s.leaf and trim_blank(list(s.body)))
        return not (s.level == 1 and s.text == title) and not letter and not is_furniture(s.text)

    labels = recurring_labels(
        [(s.text, "\n".join(s.body)) for s in sections if usable(s) and s.level > 1]
    )
    is_label = [canonical_key(plain_heading(s.text)) in labels for s in sections]
    has_text = [
        bool(trim_blank(list(s.body)))
        or (i + 1 < len(sections) and is_label[i + 1] and sections[i + 1].level > s.level)
        for i, s in enumerate(sections)
    ]
    chosen = [i for i, s in enumerate(sections) if usable(s) and not is_label[i]]
    candidates = [sections[i] for i in chosen]
    with_text = Counter(sections[i].level for i in chosen if has_text[i])
    total = Counter(s.level for s in candidates)
    levels = [lv for lv in sorted(total) if with_text[lv] * 2 >= total[lv] and with_text[lv]]
    if not levels:
        return [], []
    level = levels[0]
    entries: list[Entry] = []
    notes: list[tuple[int, str]] = []
    for index, section in enumerate(sections):
        if section.level > level or not usable(section) or is_label[index]:
            continue
        if section.level < level:
            if section.leaf and trim_blank(list(section.body)):
                notes.append(
                    (
                        section.line,
                        f'text under "{section.text}" is not under a term heading; not imported',
                    )
                )
            continue
        body_lines = list(section.body)
        for position in range(index + 1, len(sections)):
            later = sections[position]
            if later.level <= level:
                break
            body_lines.extend(lines[later.line - 1 : later.body_start - 1])
            body_lines.extend(later.body)
        body = trim_blank(body_lines)
        term, notation = heading_term(section.raw)
        term = term or clean_term(plain_heading(section.text) or section.text)
        if not body:
            entries.append(
                Entry(
                    term,
                    "",
                    section.line,
                    section.line,
                )
            )
            continue
        category = ""
        for parent in reversed(section.parents):
            if parent == title or is_letter_heading(parent) or is_furniture(parent):
                continue
            category = plain_heading(parent)
            break
        first = section.body_start + next(i for i, t in enumerate(body_lines) if t.strip())
        entries.append(
            Entry(
                term,
                "\n".join(body),
                section.line,
                first + len(body) - 1,
                category=category,
                extras=(("Notation", notation),) if notation else (),
            )
        )
    return entries, notes
