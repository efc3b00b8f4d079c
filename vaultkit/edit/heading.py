"""Renaming a heading and every link to it (Obsidian's "Rename heading").

The heading's text is replaced in its note; every link, embed and property link that reaches
that heading (``[[Note#Old]]``, a chain ``[[Note#Parent#Old]]``, ``[[#Old]]`` inside the note,
``[text](Note.md#Old)``) gets the new text in that segment. Display text is kept. Links are
found as ``mv`` finds them: only notes whose bytes name the note are parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import quote

from vaultkit.edit.linktext import URI_SAFE, requoted
from vaultkit.edit.model import Change, TextEdit
from vaultkit.edit.move import name_finder
from vaultkit.edit.plan import Plan, Rewrite
from vaultkit.edit.source import Source, source_of
from vaultkit.edit.text import text_at
from vaultkit.errors import ChangeRefused, UsageError
from vaultkit.lines import LineTable
from vaultkit.notes.model import Heading, Link, LinkSyntax, Note, Span
from vaultkit.notes.note import parse_note
from vaultkit.notes.resolve import LinkIndex, check_subpath, find_heading_chain, subpath_segments
from vaultkit.text import heading_key

_LINK_UNSAFE = re.compile(r"[#|^\[\]]+")  # what a heading segment of a link cannot hold


def link_segment(heading: str) -> str:
    """A heading's text as a link subpath writes it."""
    return " ".join(_LINK_UNSAFE.sub(" ", heading).split())


def plan_heading_rename(  # noqa: PLR0917  (the vault, the note and the two names)
    paths: Iterable[str],
    notes: Iterable[str],
    read: Callable[[str], bytes | None],
    note_path: str,
    old: str,
    new: str,
) -> Plan:
    """Rename heading ``old`` of ``note_path`` to ``new`` and rewrite every link to it."""
    if not new.strip() or "\n" in new or "\r" in new:
        raise UsageError("the new heading must be one non-empty line")
    index = LinkIndex(tuple(paths))
    raw = read(note_path)
    if raw is None:
        raise UsageError(f"{note_path}: cannot read the note")
    own = source_of(note_path, raw)
    note = parse_note(note_path, own.text)
    target = _heading(note, old)
    heading = note.headings[target]
    found = name_finder({note_path: note_path})
    sources: dict[str, Source] = {note_path: own}
    for path in notes:
        if path == note_path:
            continue
        data = read(path)
        if data is None or (found is not None and not found(data)):
            continue
        try:
            sources[path] = source_of(path, data)
        except ChangeRefused:
            continue
    edits: dict[str, list[TextEdit]] = {note_path: [_heading_edit(own.text, heading, new)]}
    rewrites = [Rewrite(note_path, heading.span, edits[note_path][0].span, heading.text, new)]
    segment = link_segment(new)
    for path, source in sources.items():
        parsed = note if path == note_path else parse_note(path, source.text)
        for link in parsed.links:
            hit = index.resolve(link.path, path)
            if not hit or hit[0] != note_path:
                continue
            position = _segment_at(note, link.subpath, target)
            if position is None:
                continue
            edit = _link_edit(source.text, link, position, segment)
            if edit is None:
                raise ChangeRefused(f"{path}:{link.span.line}: cannot rewrite {link.raw!r} safely")
            edits.setdefault(path, []).append(edit)
            rewrites.append(Rewrite(path, link.span, edit.span,
                                    text_at(source.text, edit.span) or "", edit.new_text))
    change = Change({p: tuple(e) for p, e in edits.items()})
    plan = Plan(change, tuple(rewrites), (), {p: sources[p] for p in edits})
    _verify(plan, index, note_path, new, len(rewrites) - 1)
    return plan


def _heading(note: Note, old: str) -> int:
    wanted = heading_key(old)
    for i, heading in enumerate(note.headings):
        if heading.text == old or heading_key(heading.text) == wanted:
            return i
    raise UsageError(f"{note.path} has no heading {old!r}")


def _heading_edit(text: str, heading: Heading, new: str) -> TextEdit:
    """Replace the heading's text on its line (the ``#`` marks and closing marks stay)."""
    line = LineTable(text)
    start = line.offset(heading.span.line, 1)
    end = text.find("\n", start)
    row = text[start : len(text) if end < 0 else end].rstrip("\r")
    at = row.find(heading.text)
    if at < 0:
        raise ChangeRefused(f"{heading.span.line}: cannot find the heading's text on its line")
    span = Span(heading.span.line, at + 1, heading.span.line, at + 1 + len(heading.text))
    return TextEdit(span, new.strip())


def _segment_at(note: Note, subpath: str, target: int) -> int | None:
    """Which segment of ``subpath`` names heading ``target`` of ``note`` (None: none does)."""
    segments = subpath_segments(subpath)
    if not segments or any(s.startswith("^") for s in segments):
        return None
    for k in range(len(segments)):
        if find_heading_chain(note, segments[: k + 1]) == target:
            return k if find_heading_chain(note, segments) is not None else None
    return None


def _link_edit(text: str, link: Link, position: int, segment: str) -> TextEdit | None:
    segments = subpath_segments(link.subpath)
    segments[position] = segment
    if link.syntax is LinkSyntax.PROPERTY:
        old = text_at(text, link.span)
        bar = "" if link.display is None else "|" + link.display
        inner = f"[[{link.path}#{'#'.join(segments)}{bar}]]"
        scalar = None if old is None else requoted(old, inner)
        return None if scalar is None else TextEdit(link.span, scalar)
    if link.target_span is None:
        return None
    typed = text_at(text, link.target_span)
    if typed is None or "#" not in typed:
        return None
    if link.syntax is LinkSyntax.MARKDOWN:
        angle = typed.startswith("<")
        body = typed[1:-1] if angle else typed
        head = body.split("#", 1)[0]
        sub = "#".join(segments) if angle else "#".join(quote(s, safe=URI_SAFE) for s in segments)
        new = f"{head}#{sub}"
        return TextEdit(link.target_span, f"<{new}>" if angle else new)
    escaped = typed.endswith("\\")
    head = typed.split("#", 1)[0]
    return TextEdit(link.target_span, f"{head}#{'#'.join(segments)}" + ("\\" if escaped else ""))


def _verify(plan: Plan, index: LinkIndex, note_path: str, new: str, links: int) -> None:
    """After the edits the note has the new heading and every rewritten link reaches it."""
    texts = plan.texts()
    renamed = parse_note(note_path, texts[note_path][1])
    if not any(h.text == new.strip() for h in renamed.headings):
        raise ChangeRefused(f"{note_path}: the heading would not read {new!r}; nothing changed")
    reached = 0
    for path, (_, after) in texts.items():
        for link in parse_note(path, after).links:
            if not link.subpath or index.resolve(link.path, path)[:1] != (note_path,):
                continue
            reached += check_subpath(renamed, link.subpath).ok
    if reached < links:
        raise ChangeRefused("a rewritten link would not reach the new heading; nothing changed")


