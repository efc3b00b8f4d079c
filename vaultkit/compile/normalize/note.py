"""The normalization shared by ``fmt`` and ``build``: a pure function from note text to note text.

What changes (and nothing else):

- line endings become LF; the file ends with exactly one newline (an empty file stays empty);
- trailing spaces and tabs are removed from every line, except inside fenced code blocks
  (top-level ````` / ``~~~`` fences), where they may be part of the code;
- top-level front-matter keys follow ``key_order`` (the schema's ``properties`` order); keys not
  in it keep their relative order after those; comments travel with the key below them;
- a one-line scalar under a list key (schema type array, and Obsidian's tags/aliases/cssclasses)
  becomes a one-item block list; front-matter tags lose a leading ``#``;
- every link target that resolves is rewritten to its canonical link text (``resolve_link``),
  only the path part of the target: display text, subpath, embeds' sizes are kept.

Values are never re-emitted as a whole: only the scalars touched above are rewritten, in their
own quoting style, so dates stay as written and YAML 1.2 meaning is kept (checked after the
edit; on any doubt the front matter is left as it was). A note whose front matter is invalid
YAML is returned untouched, with a problem saying why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from vaultkit.compile.normalize.frontmatter import (
    front_matter_needs_work,
    list_keys_of,
    normalize_front_matter,
)
from vaultkit.compile.normalize.links import ResolveLink, rewrite_body_links
from vaultkit.notes.model import Note
from vaultkit.notes.note import parse_note
from vaultkit.notes.yaml.full import load as load_yaml

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Normalized:
    text: str
    problems: tuple[tuple[int, str], ...] = ()  # (line, message)

    def changed(self, original: str) -> bool:
        return self.text != original


def normalize_note(
    text: str,
    *,
    key_order: Iterable[str] = (),
    list_keys: Iterable[str] = (),
    resolve_link: ResolveLink | None = None,
    note: Note | None = None,
) -> str:
    """The normalized text of one note (see :func:`normalize` for the problems)."""
    return normalize(
        text, key_order=key_order, list_keys=list_keys, resolve_link=resolve_link, note=note
    ).text


def normalize(
    text: str,
    *,
    key_order: Iterable[str] = (),
    list_keys: Iterable[str] = (),
    resolve_link: ResolveLink | None = None,
    note: Note | None = None,
) -> Normalized:
    """Normalize ``text``; ``note`` (parsed from the same text) saves a second parse."""
    original = text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        note = None
    if note is None:
        note = parse_note("note.md", text)
    fm = note.frontmatter
    if fm.present and fm.problem is not None:
        reason = f"note left as is: invalid front matter: {fm.problem.message}"
        return Normalized(original, ((fm.problem.span.line, reason),))
    problems: list[tuple[int, str]] = []
    if resolve_link is not None:
        text = rewrite_body_links(text, note, resolve_link)
    order = tuple(key_order)
    lists = list_keys_of(list_keys)
    if not fm.present:
        text = strip_trailing_spaces(text)
    else:
        raw_start = text.index("\n") + 1
        raw = fm.raw
        if front_matter_needs_work(note, order, lists, resolve_link):
            raw, problem = normalize_front_matter(fm.raw, fm.data, order, lists, resolve_link)
            if problem:
                problems.append((1, problem))
        raw = _strip_yaml(raw)
        fence_at = raw_start + len(fm.raw) + 1  # the closing fence line, after the raw's '\n'
        fence_end = text.find("\n", fence_at)
        fence_end = len(text) if fence_end < 0 else fence_end
        closing = text[fence_at:fence_end].rstrip(" \t")
        body = strip_trailing_spaces(text[fence_end:])
        text = text[:raw_start] + raw + "\n" + closing + body
    stripped = text.rstrip("\n")
    return Normalized(stripped + "\n" if stripped else "", tuple(problems))


def _strip_yaml(raw: str) -> str:
    """Trailing spaces removed from the YAML, unless that changes a value (block scalars)."""
    if " \n" not in raw and "\t\n" not in raw and not raw.endswith((" ", "\t")):
        return raw
    stripped = "\n".join([line.rstrip(" \t") for line in raw.split("\n")])
    before, after = load_yaml(raw), load_yaml(stripped)
    if after.error is None and repr(after.data) == repr(before.data):
        return stripped
    return raw


# ---- trailing whitespace --------------------------------------------------------------------


def strip_trailing_spaces(body: str) -> str:
    """Remove trailing spaces/tabs, keeping them inside fenced code blocks."""
    if " \n" not in body and "\t\n" not in body and not body.endswith((" ", "\t")):
        return body
    lines = body.split("\n")
    if "```" not in body and "~~~" not in body:
        return "\n".join([line.rstrip(" \t") for line in lines])
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence is None:
            match = _FENCE.match(line)
            if match and not (match.group(1)[0] == "`" and "`" in line[match.end() :]):
                fence = match.group(1)
            out.append(line.rstrip(" \t"))
            continue
        closing = line.strip(" \t")
        if closing and set(closing) == {fence[0]} and len(closing) >= len(fence) and (
            len(line) - len(line.lstrip(" ")) <= 3
        ):
            fence = None
            out.append(line.rstrip(" \t"))
        else:
            out.append(line)
    return "\n".join(out)
