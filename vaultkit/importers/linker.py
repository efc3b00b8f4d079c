"""Links inside definitions: existing wikilinks resolved to notes, first mentions linked.

Names are matched as whole words, longest first, never inside code, math, links, HTML,
headings or table rows, never to the note itself, and each target at most once per section.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from vaultkit.importers.labels import canonical_key, plural_variants, split_term
from vaultkit.importers.mdcontext import fence_marked
from vaultkit.importers.mentions import match_name, part_of_longer_name
from vaultkit.importers.merge import Concept
from vaultkit.importers.senses import SenseModel

_PROTECT = re.compile(
    # every alternative stops at its next delimiter, so matching stays linear
    r"\$\$[^$]*\$\$|(?<!\\)\$(?=\S)[^$]*(?<=\S)(?<!\\)\$"
    r"|\[\[[^\[\]]*\]\]|!?\[[^\[\]]*\]\([^()\s]*\)"
    r"|<[^<>\s][^<>]*>|https?://\S+|%%[^%]*%%"
)
_TICKS = re.compile(r"`+")


def code_spans(line: str) -> list[tuple[int, int]]:
    """Code spans of one line: a backtick run closed by the next run of the same length."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        after = bisect.bisect_right(same, index)
        if after < len(same):
            closing = same[after]
            spans.append((start, runs[closing][1]))
            index = closing + 1
        else:
            index += 1
    return spans


def protected_spans(line: str) -> list[tuple[int, int]]:
    """Code, math, links, HTML, URLs and comments of one line, in order, not overlapping."""
    spans = sorted([*code_spans(line), *((m.start(), m.end()) for m in _PROTECT.finditer(line))])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_WIKILINK = re.compile(r"(!?)\[\[([^\[\]|]*?)(?:\|([^\[\]]*?))?\]\]")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_NAME_CHARS = re.compile(r"[\[\]|#^]")


@dataclass(slots=True)
class Lookup:
    """Names (titles, written terms, aliases) to concepts; ambiguous aliases are left out.

    A name that several senses share (their entries all wrote "Sampler") is in ``senses``: it
    names the sense of the source the link is written in, or none."""

    by_key: dict[str, Concept] = field(default_factory=dict)
    senses: dict[str, list[Concept]] = field(default_factory=dict)

    @classmethod
    def build(cls, concepts: list[Concept]) -> Lookup:
        strong: dict[str, Concept] = {}
        weak: dict[str, list[Concept]] = {}
        written: dict[str, list[Concept]] = {}
        for concept in concepts:
            strong.setdefault(concept.key, concept)
            for member in concept.members:
                found = written.setdefault(canonical_key(member.entry.term), [])
                if concept not in found:
                    found.append(concept)
        senses = {k: found for k, found in written.items() if len(found) > 1 and k not in strong}
        for key, found in written.items():
            if key not in senses:
                strong.setdefault(key, found[0])
        for concept in concepts:
            for alias in concept.aliases:
                weak.setdefault(canonical_key(alias), []).append(concept)
        lookup = cls(dict(strong), senses)
        for key, found in weak.items():
            if key not in lookup.by_key and key not in senses and len({id(c) for c in found}) == 1:
                lookup.by_key[key] = found[0]
        return lookup

    def resolve(self, name: str, source: str = "") -> Concept | None:
        """The concept ``name`` names in a text of ``source`` (a source id), or None."""
        key = canonical_key(name)
        if not key:
            return None
        hit = self.by_key.get(key) or self.by_key.get(canonical_key(split_term(name).title))
        if hit is not None:
            return hit
        if key in self.senses:
            own = [c for c in self.senses[key] if source in c.sources]
            return own[0] if len(own) == 1 else None
        for variant in plural_variants(key):
            if variant in self.by_key:
                return self.by_key[variant]
        return None


def link_text(name: str, surface: str) -> str:
    return f"[[{name}]]" if surface == name else f"[[{name}|{surface}]]"


def rewrite_wikilinks(
    text: str,
    lookup: Lookup,
    report: Callable[[str], None],
    linked: set[int],
    source: str = "",
) -> str:
    """``[[GLOSSARY#Term]]``/``[[Term]]`` to ``[[Note|Term]]``; unknown names become plain text."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1):  # embeds are kept as they are
            return match.group(0)
        target, display = match.group(2), match.group(3)
        page, _, sub = target.partition("#")
        names = [page, sub.split("#")[-1]] if sub else [page]
        concept = None
        for name in names:
            concept = lookup.resolve(name, source) if name.strip() else None
            if concept is not None:
                break
        shown = display if display is not None else (sub.split("#")[-1] if sub else page)
        if concept is None:
            report(f'link "{match.group(0)}" names no term; kept as plain text')
            return shown
        linked.add(id(concept))
        return link_text(concept.name, shown)

    return _on_unprotected_lines(text, lambda line: _WIKILINK.sub(replace, line), links=True)


def _on_unprotected_lines(text: str, change: Callable[[str], str], links: bool = False) -> str:
    out: list[str] = []
    for line, plain in fence_marked(text):
        if not plain or _HEADING.match(line) or (line.lstrip().startswith("|") and not links):
            out.append(line)
        else:
            out.append(change(line))
    return "\n".join(out)


def _key(text: str, pos: int = 0) -> str:
    """Index key of the name or mention starting at ``pos``: its first word (a run of letters,
    digits and ``_``) in lower case, or its first character when that is not one. Names that
    share a key are few, so matching stays linear even when thousands share a prefix."""
    end = pos
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return text[pos : max(end, pos + 1)].lower()


@dataclass(slots=True)
class AutoLinker:
    """First mentions of known names, found by an index of first words (linear in the text).

    A mention is linked only when it means the note's concept: the longest name wins and a
    longer name is never split (see mentions.py), and an everyday word is linked only when
    its context settles the sense (see senses.py).
    """

    index: dict[str, list[tuple[str, bool, Concept]]] = field(default_factory=dict)
    senses: SenseModel | None = None

    @classmethod
    def build(cls, concepts: list[Concept]) -> AutoLinker:
        linker = cls(senses=SenseModel.build(concepts))
        seen: set[tuple[str, int]] = set()
        for concept in concepts:
            names = [concept.title, *concept.aliases, *(m.entry.term for m in concept.members)]
            for raw in names:
                name = raw.strip()
                if len(name) < 2 or _NAME_CHARS.search(name) or not any(c.isalnum() for c in name):
                    continue
                exact = len(name) <= 3 or (" " not in name and sum(c.isupper() for c in name) >= 2)
                if (name.lower(), id(concept)) in seen:
                    continue
                seen.add((name.lower(), id(concept)))
                linker.index.setdefault(_key(name), []).append((name, exact, concept))
        for entries in linker.index.values():
            entries.sort(key=lambda item: -len(item[0]))
        return linker

    def link(self, text: str, own: Concept, linked: set[int]) -> str:
        def settled(name: str, line: str, start: int, end: int, concept: Concept) -> bool:
            if self.senses is None or not self.senses.common(name):
                return True
            context = self.senses.context(line, start, end)
            return self.senses.settled(name, line[start:end], concept, text, context)

        return _on_unprotected_lines(text, lambda line: self._line(line, own, linked, settled))

    def _line(
        self,
        line: str,
        own: Concept,
        linked: set[int],
        settled: Callable[[str, str, int, int, Concept], bool],
    ) -> str:
        protected = protected_spans(line)
        out: list[str] = []
        pos = 0
        last = 0
        guard = 0
        while pos < len(line):
            if guard < len(protected) and pos >= protected[guard][0]:
                pos = max(pos, protected[guard][1])
                guard += 1
                continue
            if pos and (line[pos - 1].isalnum() or line[pos - 1] in "_\\"):
                pos += 1
                continue
            limit = protected[guard][0] if guard < len(protected) else len(line)
            hit = self._match(line, pos, limit)
            if hit is None:
                pos += 1
                continue
            name, end, found = hit
            surface = line[pos:end]
            concept = found[0] if len(found) == 1 else self._sense(line, pos, end, found)
            if (
                concept is None
                or own in found
                or id(concept) in linked
                or part_of_longer_name(line, pos, end)
                or not settled(name, line, pos, end, concept)
            ):
                pos = end
                continue
            linked.add(id(concept))
            out.append(line[last:pos])
            out.append(link_text(concept.name, surface))
            pos = end
            last = pos
        out.append(line[last:])
        return "".join(out)

    def _match(self, line: str, pos: int, limit: int) -> tuple[str, int, list[Concept]] | None:
        """The longest name at ``pos`` and every concept it names (several when senses share
        it): words may be joined by a space or a hyphen, and the last word of a name of several
        words may take a plural ending ("batch sizes")."""
        best: tuple[str, int, list[Concept]] | None = None
        for name, exact, concept in self.index.get(_key(line, pos), ()):  # longest first
            if best is not None and len(name) < len(best[0]):
                break
            end = match_name(line, pos, limit, name, exact)
            if end is None:
                continue
            if best is None:
                best = name, end, [concept]
            elif name.lower() == best[0].lower() and end == best[1] and concept not in best[2]:
                best[2].append(concept)
        return best

    def _sense(self, line: str, start: int, end: int, found: list[Concept]) -> Concept | None:
        """Of the senses one name has, the one the words around the mention are closest to;
        None when no context settles it (no sense is strictly closer than every other)."""
        if self.senses is None:
            return None
        context = self.senses.context(line, start, end)
        surface = line[start:end]
        scored = sorted(
            ((self.senses.evidence(context, c, surface), n) for n, c in enumerate(found)),
            reverse=True,
        )
        if scored[0][0] <= 0.0 or scored[0][0] <= scored[1][0]:
            return None
        return found[scored[0][1]]
