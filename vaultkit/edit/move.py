"""Moving files and folders without changing where any link points (Obsidian's "Automatically
update internal links").

The invariant: every link, embed, Markdown link and property link that resolved before the
move resolves to the same file after it (moved paths substituted). So a link is rewritten only
when its resolution would change: a link to a moved file whose text no longer finds it, another
note's short link that a new file of the same name would capture, a moved note's own relative
link. Unresolved links, code and everything else stay byte for byte. The new link text follows
``newLinkFormat`` (:mod:`vaultkit.edit.linktext`); display text is kept, with Obsidian's two
label rules (see :func:`_display_edit`).

Only notes whose text names a moved file (or that move) can hold such a link, so the planner
parses those and no others; a plan is verified by resolving the edited notes again.
"""

from __future__ import annotations

import json
import posixpath
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import quote

from vaultkit.edit.linktext import LinkFormat, link_path, markdown_destination, requoted
from vaultkit.edit.model import Change, FileMove, TextEdit
from vaultkit.edit.plan import Plan, Rewrite
from vaultkit.edit.source import Source, source_of
from vaultkit.edit.text import apply_edits, text_at
from vaultkit.errors import ChangeRefused
from vaultkit.notes.canvas import parse_canvas
from vaultkit.notes.model import Link, LinkSyntax, Note, Span
from vaultkit.notes.note import parse_note
from vaultkit.notes.resolve import LinkIndex
from vaultkit.notes.scan import is_canvas_name

_MANY_NAMES = 64  # above this many moved names, every note is read (a search per name costs more)


def file_moves(paths: Iterable[str], folders: Iterable[str], old: str, new: str) -> dict[str, str]:
    """Every vault file's new path when ``old`` (a file or a folder) becomes ``new``."""
    if old in set(folders):
        prefix = old + "/"
        return {p: new + "/" + p[len(prefix):] for p in paths if p.startswith(prefix)}
    return {old: new}


def collisions(paths: Iterable[str], moved: Mapping[str, str]) -> list[str]:
    """New paths that equal another file's path as Obsidian compares paths (case and Unicode
    form folded): no link text could tell the two apart, so such a move is refused."""
    taken = {unicodedata.normalize("NFC", p).lower() for p in paths if p not in moved}
    out = []
    for new in moved.values():
        key = unicodedata.normalize("NFC", new).lower()
        if key in taken:
            out.append(new)
        taken.add(key)
    return out


def plan_move(
    paths: Iterable[str],
    notes: Iterable[str],
    read: Callable[[str], bytes | None],
    moved: Mapping[str, str],
    *,
    link_format: LinkFormat = LinkFormat.SHORTEST,
    parse_many: Callable[[Mapping[str, Source]], Mapping[str, Note]] | None = None,
    disk: tuple[FileMove, ...] | None = None,
) -> Plan:
    """The edits that keep every resolved link resolving to the same file after ``moved``.

    ``paths``: every vault file; ``notes``: the Markdown ones; ``read``: a note's bytes (None
    for a note that cannot be read: it has no links to keep); ``parse_many``: the notes of
    some sources (by default parsed here; a caller may answer from its cache); ``disk``: the
    moves to make on disk (a folder's one move), by default one per file of ``moved``.
    """
    all_paths = tuple(paths)
    before = LinkIndex(all_paths)
    after = LinkIndex(moved.get(p, p) for p in all_paths)
    found = name_finder(moved)
    sources: dict[str, Source] = {}
    for path in notes:
        raw = read(path)
        if raw is None or (path not in moved and found is not None and not found(raw)):
            continue
        try:
            sources[path] = source_of(path, raw)
        except ChangeRefused:
            continue  # not text: Obsidian sees no links in it either
    parsed = (parse_many or _parse_all)(sources)
    edits: dict[str, list[TextEdit]] = {}
    rewrites: list[Rewrite] = []
    fresh: list[tuple[str, Span, str]] = []
    arrived = set(moved.values())
    for path, note in parsed.items():
        text = sources[path].text
        here = moved.get(path, path)
        for link in note.links:
            was = _resolve(before, link, path)
            now = _resolve(after, link, here)
            if not was:
                if now and now[0] in arrived:
                    fresh.append((path, link.span, now[0]))
                continue
            target = moved.get(was[0], was[0])
            if now and now[0] == target:
                continue
            made: list[TextEdit] | None
            if link.syntax is LinkSyntax.CANVAS:  # a file node names the file by its full path
                made = [TextEdit(link.span, json.dumps(target, ensure_ascii=False))]
            else:
                new_path = link_path(target, here, after, link_format, wiki=_is_wiki(link))
                made = _relink(text, link, new_path, was[0], target, json_text=_is_canvas(path))
            if made is None:
                raise ChangeRefused(
                    f"{path}:{link.span.line}: cannot rewrite {link.raw!r} safely; nothing moved"
                )
            edits.setdefault(path, []).extend(made)
            for edit in made:
                rewrites.append(Rewrite(path, link.span, edit.span, text_at(text, edit.span) or "",
                                        edit.new_text))
    change = Change({p: tuple(e) for p, e in edits.items()}, disk or _disk_moves(moved))
    plan = Plan(change, tuple(rewrites), tuple(fresh), {p: sources[p] for p in edits})
    _verify(plan, parsed, before=before, after=after, moved=moved)
    return plan


def _parse_all(sources: Mapping[str, Source]) -> dict[str, Note]:
    return {path: parse_text(path, source.text) for path, source in sources.items()}


def parse_text(path: str, text: str) -> Note:
    """A note's or a canvas's text parsed (by its name)."""
    return parse_canvas(path, text) if _is_canvas(path) else parse_note(path, text)


def _is_canvas(path: str) -> bool:
    return is_canvas_name(path)


def _resolve(index: LinkIndex, link: Link, source: str) -> tuple[str, ...]:
    """Where ``link`` of ``source`` leads, as the link cache says: a canvas file node names
    its file exactly; anything else resolves by Obsidian's rules (an empty path: the note)."""
    if link.syntax is LinkSyntax.CANVAS:
        return index.exact(link.path)
    if not link.path:
        return (source,)
    return index.resolve(link.path, source)


def _disk_moves(moved: Mapping[str, str]) -> tuple[FileMove, ...]:
    return tuple(FileMove(old, new) for old, new in sorted(moved.items()))


def _is_wiki(link: Link) -> bool:
    return link.syntax is not LinkSyntax.MARKDOWN


def _forms(name: str) -> set[str]:
    """How a file name may be written in a link: as is, NFC/NFD, percent-encoded, escaped in a
    canvas's JSON; lower case."""
    low = name.lower()
    forms = {low, unicodedata.normalize("NFC", low), unicodedata.normalize("NFD", low)}
    escaped = {json.dumps(f)[1:-1].lower() for f in forms}  # 'caf\u00e9'
    return forms | escaped | {quote(f, safe="").lower() for f in forms}


def name_finder(moved: Mapping[str, str]) -> Callable[[bytes], bool] | None:
    """A test of a note's bytes: may it hold a link the move can affect, that is, does it
    name a moved file (old or new name, any case, NFC or NFD, percent-encoded)? None when the
    names are so many that reading every note is cheaper."""
    names: set[str] = set()
    for old, new in moved.items():
        for path in (old, new):
            names |= _forms(_stem(path))
    if len(names) > _MANY_NAMES:
        return None
    plain = [n.encode() for n in names if n.isascii()]  # folded as ASCII, on the bytes
    other = [n for n in names if not n.isascii()]

    def found(raw: bytes) -> bool:
        low = raw.lower()
        if any(n in low for n in plain):
            return True
        if other and not raw.isascii():
            text = raw.decode("utf-8", "replace").lower()
            return any(n in text for n in other)
        return False

    return found


def _stem(path: str) -> str:
    name = posixpath.basename(path)
    return name[:-3] if name.lower().endswith(".md") else name


def _relink(
    text: str,
    link: Link,
    new_path: str,
    old_target: str,
    new_target: str,
    *,
    json_text: bool = False,
) -> list[TextEdit] | None:
    """The edits that point ``link`` at ``new_path``, keeping its subpath and display text.

    ``json_text``: the link sits in a canvas text node, a JSON string, where what is written
    is escaped (the typed target is read back through JSON, the new one escaped into it)."""
    if json_text:
        return _relink_in_json(text, link, new_path, old_target, new_target)
    if link.syntax is LinkSyntax.PROPERTY:
        old = text_at(text, link.span)
        display = link.display
        if display is not None and "/" in link.path and display == _stem(old_target):
            display = _stem(new_target)
        inner = f"[[{new_path}{link.subpath}{'' if display is None else '|' + display}]]"
        scalar = None if old is None else requoted(old, inner)
        return None if scalar is None else [TextEdit(link.span, scalar)]
    if link.target_span is None:
        return None
    typed = text_at(text, link.target_span)
    if typed is None:
        return None
    if link.syntax is LinkSyntax.MARKDOWN:
        angle = typed.startswith("<")
        body = typed[1:-1] if angle else typed
        sub = "#" + body.split("#", 1)[1] if "#" in body else ""
        dest = f"<{new_path}{sub}>" if angle else markdown_destination(new_path) + sub
        out = [TextEdit(link.target_span, dest)]
    else:
        escaped = typed.endswith("\\")
        body = typed[:-1] if escaped else typed
        sub = "#" + body.split("#", 1)[1] if "#" in body else ""
        out = [TextEdit(link.target_span, new_path + sub + ("\\" if escaped else ""))]
    label = _display_edit(link, old_target, new_target)
    if label is not None:
        out.append(label)
    return out


def _relink_in_json(
    text: str, link: Link, new_path: str, old_target: str, new_target: str
) -> list[TextEdit] | None:
    """A canvas text node's link: its token read back through JSON (escapes and all), made
    to point at ``new_path``, and written again as JSON in its place."""
    raw = text_at(text, link.span)
    if raw is None:
        return None
    try:
        token = json.loads('"' + raw + '"')
    except ValueError:
        return None
    local = next((found for found in parse_note("", token).links if found.raw == token), None)
    if local is None or local.path != link.path:
        return None
    edits = _relink(token, local, new_path, old_target, new_target)
    if edits is None:
        return None
    written = json.dumps(apply_edits(token, edits), ensure_ascii=False)[1:-1]
    return [TextEdit(link.span, written)]


def _display_edit(link: Link, old_target: str, new_target: str) -> TextEdit | None:
    """Obsidian's label rules: a wikilink's display text that was the old name while the link
    had a folder in it becomes the new name; a Markdown label that was the old name (or the old
    path, with a folder) becomes the new one. Any other display text stays as written."""
    display = link.display
    span = link.span
    if display is None or span.line != span.end_line:
        return None
    old_stem, new_stem = _stem(old_target), _stem(new_target)
    if link.syntax is LinkSyntax.WIKI:
        if "/" not in link.path or display != old_stem or not link.raw.endswith(display + "]]"):
            return None
        if new_stem == display:
            return None
        end = span.end_column - 2
        return TextEdit(Span(span.line, end - len(display), span.line, end), new_stem)
    old_full = old_target[:-3] if old_target.lower().endswith(".md") else old_target
    new_full = new_target[:-3] if new_target.lower().endswith(".md") else new_target
    if display == old_stem:
        label = new_stem
    elif "/" in display and display == old_full:
        label = new_full
    else:
        return None
    if label == display:
        return None
    start = span.column + (2 if link.raw.startswith("!") else 1)
    if not link.raw[start - span.column :].startswith(display + "]("):
        return None
    return TextEdit(Span(span.line, start, span.line, start + len(display)), label)


def _verify(
    plan: Plan,
    parsed: Mapping[str, Note],
    *,
    before: LinkIndex,
    after: LinkIndex,
    moved: Mapping[str, str],
) -> None:
    """Every note the plan read resolves, after the edits and the move, as it did before."""
    texts = plan.texts()
    for path, note in parsed.items():
        here = moved.get(path, path)
        new_note = parse_text(here, texts[path][1]) if path in texts else note
        if len(new_note.links) != len(note.links):
            raise ChangeRefused(f"{path}: the planned edits would change its links; nothing moved")
        for old_link, new_link in zip(note.links, new_note.links, strict=True):
            was = _resolve(before, old_link, path)
            if not was:
                continue
            now = _resolve(after, new_link, here)
            if not now or now[0] != moved.get(was[0], was[0]):
                raise ChangeRefused(
                    f"{path}:{old_link.span.line}: {old_link.raw!r} would no longer find "
                    f"{moved.get(was[0], was[0])}; nothing moved"
                )
