"""Render :class:`GlossaryData` as the one merged GLOSSARY.md (glossary-model §A11).

Two flavours: ``github`` links terms as ``[surface](#anchor)`` with GitHub's anchors
(:mod:`.slug`); ``obsidian`` links them as ``[[#Heading|surface]]`` for a copy kept
inside the vault. Anchors are unique by design: homographs and headings that would collide
get a qualifier before rendering, and :func:`plan_headings` raises if any collision is left.
"""

from __future__ import annotations

import string
import unicodedata
from dataclasses import dataclass

from vaultkit.compile.glossary.records import Definition, GlossaryData, Source, Term
from vaultkit.compile.glossary.slug import slug
from vaultkit.errors import VaultkitError
from vaultkit.text import heading_key, strip_heading

FLAVORS = ("github", "obsidian")
MARKER = "<!-- vaultkit:generated glossary"
# What an obsidian-flavour glossary says to `vaultkit check` (an Obsidian comment, not rendered):
# an entry point of the vault is not an orphan (README, "Inline suppression")
ENTRY_POINT = "%% vaultkit-ignore-file orphan %%"
TITLE = "Glossary"
SOURCES_HEADING = "Sources"
DIGITS = "Digits 0–9"
OTHER = "Other scripts and symbols"
_ESCAPED = set("\\`*_[]<>&~$|#=%")


class GlossaryError(VaultkitError):
    """The glossary cannot be rendered with unique anchors."""


def escape_heading(text: str) -> str:
    """Heading source whose rendered plain text is ``text`` (inline markup escaped)."""
    return "".join("\\" + c if c in _ESCAPED else c for c in text)


def sort_key(title: str) -> str:
    return unicodedata.normalize("NFD", title).casefold()


def bucket_of(title: str) -> str:
    """The jump-bar bucket: 'A'..'Z' (diacritics ignored), DIGITS or OTHER, by the first
    letter or digit (leading punctuation and symbols aside: '(2+1)D' is filed under 0–9)."""
    key = sort_key(title)
    first = next((c for c in key if unicodedata.category(c)[0] in "LN"), "")
    if first in string.ascii_lowercase and first:
        return f"Letter {first.upper()}"
    if first in string.digits and first:
        return DIGITS
    return OTHER


def _bucket_rank(bucket: str) -> int:
    if bucket == DIGITS:
        return 0
    if bucket == OTHER:
        return 27
    return 1 + string.ascii_uppercase.index(bucket[-1])


def _clean_title(term: Term) -> str:
    text = " ".join(term.title.split())
    return text or term.path.rsplit("/", 1)[-1].removesuffix(".md")


@dataclass(frozen=True, slots=True)
class Heading:
    text: str  # plain text a reader sees
    source: str  # Markdown written after the hashes

    @property
    def github(self) -> str:
        return slug(self.text)

    @property
    def obsidian(self) -> str:
        return heading_key(self.source)


def _heading(text: str) -> Heading:
    return Heading(text, escape_heading(text))


def _spelled(title: str) -> str:
    """The title with every character GitHub's slug drops spelled out ('C#' -> 'C number sign')."""
    words = []
    for char in title:
        if slug(char) or char == " ":
            words.append(char)
        else:
            words.append(f" {unicodedata.name(char, f'U+{ord(char):04X}').lower()} ")
    return " ".join("".join(words).split())


def _qualified(term: Term, level: int, rank: int) -> str:
    """The heading text at a disambiguation level (0: the title alone)."""
    title = _clean_title(term)
    names = sorted({d.source_title for d in term.definitions})
    if level == 0:
        return title
    if level == 1 and names:
        return f"{title} ({', '.join(names)})"
    spelled = _spelled(title)
    if level <= 2 and spelled != title:
        return f"{title} ({spelled})"
    stem = term.path.removesuffix(".md")
    if level <= 3:
        return f"{title} ({stem})"
    return f"{title} ({stem}, note {rank})"  # paths that differ only in case: always unique


def plan_headings(terms: tuple[Term, ...], reserved: list[Heading]) -> dict[str, Heading]:
    """One heading per term (by path) with no anchor shared with another heading."""
    taken_gh = {h.github for h in reserved}
    taken_ob = {h.obsidian for h in reserved}
    level = dict.fromkeys((t.path for t in terms), 0)
    by_path = {t.path: t for t in terms}
    rank = {path: number for number, path in enumerate(sorted(by_path), 1)}
    for _ in range(6):
        plan = {p: _heading(_qualified(by_path[p], lvl, rank[p])) for p, lvl in level.items()}
        counts_gh: dict[str, int] = {}
        counts_ob: dict[str, int] = {}
        for heading in plan.values():
            counts_gh[heading.github] = counts_gh.get(heading.github, 0) + 1
            counts_ob[heading.obsidian] = counts_ob.get(heading.obsidian, 0) + 1
        clash = [
            p for p, h in plan.items()
            if counts_gh[h.github] > 1 or counts_ob[h.obsidian] > 1
            or h.github in taken_gh or h.obsidian in taken_ob
            or not h.github.strip("-") or not h.obsidian
        ]
        if not clash:
            return plan
        for path in clash:
            level[path] = min(level[path] + 1, 4)
    names = ", ".join(sorted(clash)[:5])
    raise GlossaryError(f"cannot give these terms headings with unique anchors: {names}")


@dataclass(frozen=True)
class _Links:
    flavor: str
    anchors: dict[str, Heading]  # term path -> heading

    def to_heading(self, heading: Heading, surface: str, pipe: str = "|") -> str:
        if self.flavor == "github":
            shown = surface.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
            return f"[{shown}](#{heading.github})"
        shown = surface.replace("]]", "] ]")
        target = strip_heading(heading.source)
        if shown == target:
            return f"[[#{target}]]"
        return f"[[#{target}{pipe}{shown}]]"

    def term(self, path: str | None, surface: str, pipe: str = "|") -> str:
        heading = self.anchors.get(path) if path is not None else None
        if heading is None:
            return surface
        return self.to_heading(heading, surface, pipe)


def _definition_text(definition: Definition, links: _Links) -> str:
    out: list[str] = []
    at = 0
    text = definition.text
    for link in sorted(definition.links, key=lambda item: item.start):
        if link.start < at:
            continue
        out.append(text[at : link.start])
        raw = text[link.start : link.end]
        pipe = "\\|" if "\\|" in raw else "|"
        out.append(links.term(None if link.embed else link.target, link.surface, pipe))
        at = link.end
    out.append(text[at:])
    return "".join(out).strip("\n")


def _merged(definitions: tuple[Definition, ...], links: _Links) -> list[tuple[str, list[str]]]:
    """Definitions with identical text (whitespace aside) merged, keeping every attribution."""
    merged: dict[str, tuple[str, list[str]]] = {}
    for definition in definitions:
        rendered = _definition_text(definition, links)
        key = " ".join(rendered.split())
        if key in merged:
            if definition.source_title not in merged[key][1]:
                merged[key][1].append(definition.source_title)
        else:
            merged[key] = (rendered, [definition.source_title])
    return list(merged.values())


def _indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))


def _attribution(names: list[str]) -> str:
    label = "source" if len(names) == 1 else "sources"
    return f"— *{label}: {', '.join(names)}*"


def _term_block(term: Term, heading: Heading, links: _Links) -> list[str]:
    lines = [f"### {heading.source}", ""]
    title = _clean_title(term)
    if term.expansion:
        expansion = escape_heading(" ".join(term.expansion.split()))
        lines += [f"**{escape_heading(title)}** — *{expansion}*", ""]
    aliases = [a for a in term.aliases if a.strip() and a.strip() not in (term.expansion, title)]
    if aliases:
        shown = (escape_heading(" ".join(a.split())) for a in aliases)
        lines += ["Also: " + ", ".join(f"*{a}*" for a in shown), ""]
    entries = _merged(term.definitions, links)
    listed = [n for text, names in entries if not text for n in names]  # no text of their own
    entries = [(text, names) for text, names in entries if text]
    if not entries and listed:
        lines += [_attribution(listed), ""]
    if len(entries) == 1:
        text, names = entries[0]
        if text:
            lines += [text, ""]
        lines += [_attribution(names), ""]
    elif entries:
        for number, (text, names) in enumerate(entries, 1):
            marker = f"{number}. "
            body = _indent(text, len(marker)).lstrip(" ") if text else _attribution(names)
            lines.append(marker + body)
            if text:
                lines += ["", " " * len(marker) + _attribution(names)]
            lines.append("")
    if entries and listed:
        lines += [f"— *also listed in: {', '.join(listed)}*", ""]
    related = [  # a related term is shown by its heading text (qualified when it had to be)
        links.term(path, links.anchors[path].text if path in links.anchors else surface)
        for surface, path in term.related
    ]
    if related:
        lines += ["See also: " + ", ".join(related), ""]
    return lines


def _alias_index(
    terms: tuple[Term, ...], plan: dict[str, Heading], links: _Links
) -> dict[str, list[tuple[tuple[str, str], str]]]:
    """Index lines 'Upscaling → see Super-resolution' for every alias and expansion, by the
    bucket of the alias, so a reader scanning the alphabet finds a term by any of its names.
    A name that is already a heading, or the term's own title in another case, gets none."""
    headings = {" ".join(_clean_title(t).split()).casefold() for t in terms}
    headings |= {h.text.casefold() for h in plan.values()}
    index: dict[str, list[tuple[tuple[str, str], str]]] = {}
    for term in terms:
        names = [*term.aliases, *([term.expansion] if term.expansion else [])]
        seen: set[str] = set()
        for name in names:
            shown = " ".join(name.split())
            key = shown.casefold()
            if not shown or key in headings or key in seen:
                continue
            seen.add(key)
            heading = plan[term.path]
            line = f"- *{escape_heading(shown)}* → see {links.to_heading(heading, heading.text)}"
            index.setdefault(bucket_of(shown), []).append(((sort_key(shown), shown), line))
    return index


def _source_rows(data: GlossaryData) -> list[tuple[Source, int]]:
    known = {s.source_id: s for s in data.sources}
    counts: dict[str, int] = {}
    for term in data.terms:
        for source_id in dict.fromkeys(d.source_id for d in term.definitions):
            counts[source_id] = counts.get(source_id, 0) + 1
            if source_id not in known:
                title = next(d.source_title for d in term.definitions if d.source_id == source_id)
                known[source_id] = Source(source_id, title)
    rows = [(source, counts.get(source.source_id, 0)) for source in known.values()]
    return sorted(rows, key=lambda row: (sort_key(row[0].title), row[0].source_id))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or "—"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def render_glossary(data: GlossaryData, *, flavor: str = "github") -> str:
    """The whole GLOSSARY.md text; deterministic for the same records."""
    if flavor not in FLAVORS:
        raise GlossaryError(f"unknown glossary flavour {flavor!r} (choose {', '.join(FLAVORS)})")
    terms = tuple(
        sorted(
            data.terms,
            key=lambda t: (_bucket_rank(bucket_of(_clean_title(t))), sort_key(_clean_title(t)),
                           _clean_title(t), t.path),
        )
    )
    buckets: dict[str, list[Term]] = {}
    for term in terms:
        buckets.setdefault(bucket_of(_clean_title(term)), []).append(term)
    all_buckets = [DIGITS, *(f"Letter {c}" for c in string.ascii_uppercase), OTHER]
    reserved = [_heading(TITLE), _heading(SOURCES_HEADING), *(_heading(b) for b in all_buckets)]
    plan = plan_headings(terms, reserved)
    links = _Links(flavor, plan)
    rows = _source_rows(data)

    out = [f"{MARKER} ({flavor} flavour): edit the vault, not this file -->"]
    if flavor == "obsidian":  # it sits in a vault: an index that links out, never linked to
        out.append(ENTRY_POINT)
    out += [
        f"# {TITLE}",
        "",
        f"*Generated by vaultkit from the notes in `{data.origin}`. "
        "Do not edit this file by hand.*",
        "",
        f"**{_plural(len(terms), 'concept')}** from **{_plural(len(rows), 'source')}**.",
        "",
    ]
    index = _alias_index(terms, plan, links)
    bar = []
    for bucket in all_buckets:
        label = bucket.removeprefix("Letter ").removeprefix("Digits ")
        label = "Other" if bucket == OTHER else label
        shown = bucket in buckets or bucket in index
        bar.append(links.to_heading(_heading(bucket), label) if shown else label)
    out += ["**Jump to:** " + " · ".join(bar), ""]
    for bucket in all_buckets:
        if bucket not in buckets and bucket not in index:
            continue
        out += [f"## {escape_heading(bucket)}", ""]
        if bucket in index:
            out += [line for _, line in sorted(index[bucket])]
            out.append("")
        for term in buckets.get(bucket, []):
            out += _term_block(term, plan[term.path], links)
    out += [f"## {SOURCES_HEADING}", "", "| Source | Format | Terms |", "| --- | --- | --- |"]
    for source, count in rows:
        out.append(f"| {_cell(source.title)} | {_cell(source.format)} | {count} |")
    return "\n".join(out).rstrip("\n") + "\n"


def is_generated(text: str) -> bool:
    """True for a file this module wrote (its first line is the generated-file marker)."""
    return text.lstrip("\ufeff").startswith(MARKER)
