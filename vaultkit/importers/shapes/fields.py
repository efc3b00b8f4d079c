"""Labels that recur across entries (``**What it is:**``, ``- **Example:**``, ``#### Analogy``)
are fields of the entry they sit in, not terms.

A name is a label when it comes back in several entries with different text: one name seen
three times or more, or several names seen twice each that together make at least half of the
candidates. A term repeated with the same text is a repeated entry, not a label; two names
repeated in a long glossary (two senses of "Kernel") stay terms.

Inside an entry, a label line (``**Range**: …``, ``**Range:** …``), label bullet
(``- **Range:** …``) or sub-heading (``#### Range``) whose label leads a line in two or more
entries of the same source is a named field of the entry (:func:`with_fields`). The field that
introduces the definition becomes the definition; the other fields become the entry's
``extras``, in source order. A label that leads a line in one entry only is text, kept where it
stands.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from vaultkit.importers.labels import canonical_key, clean_term
from vaultkit.importers.mdcontext import dedent_lines, fence_marked, trim_blank
from vaultkit.importers.model import Entry, ParseResult


def recurring_labels(items: list[tuple[str, str]]) -> set[str]:
    """Canonical keys of the names among ``(name, text)`` items that are labels."""
    texts: dict[str, list[str]] = defaultdict(list)
    for name, text in items:
        texts[canonical_key(name)].append(text.strip())
    recurring = {key for key, seen in texts.items() if len(seen) >= 2 and len(set(seen)) > 1}
    if not recurring:
        return set()
    share = sum(len(texts[key]) for key in recurring)
    if len(recurring) >= 2 and share * 2 >= len(items):
        return recurring
    return {key for key in recurring if len(texts[key]) >= 3}


# Labels that name the definition itself, in several languages (canonical keys). A recurring
# label from this list is the definition label even when another label comes first (a reading
# line before the meaning, as Japanese glossaries often have).
DEFINITION_LABELS = frozenset(
    {
        # English
        "what", "what it is", "what is it", "what it means", "what it does", "definition",
        "meaning", "description", "explanation", "in short", "summary", "short definition",
        # French
        "définition", "qu'est-ce que c'est", "ce que c'est", "sens", "signification",
        # German
        "bedeutung", "beschreibung", "erklärung", "erläuterung", "was", "was ist das",
        "begriffserklärung", "kurzdefinition",
        # Spanish, Portuguese, Italian, Catalan
        "definición", "qué es", "significado", "descripción", "explicación",
        "definição", "o que é", "descrição", "explicação",
        "definizione", "cos'è", "che cos'è", "significato", "descrizione", "spiegazione",
        "definició", "què és",
        # Dutch, Scandinavian, Polish, Czech, Russian, Ukrainian, Turkish
        "definitie", "betekenis", "wat is het", "beschrijving",
        "betydning", "betydelse", "beskrivelse", "beskrivning",
        "definicja", "znaczenie", "opis", "co to jest", "význam", "popis",
        "определение", "значение", "что это", "описание", "визначення", "значення",
        "tanım", "anlamı", "açıklama",
        # Japanese, Chinese, Korean
        "意味", "定義", "説明", "概要", "定义", "含义", "意思", "说明", "釋義",
        "정의", "의미", "설명",
    }
)

_LABEL_LINE = re.compile(
    r"^(?P<lead> {0,3}(?:[-*+][ \t]+)?)"
    r"(?P<open>\*\*|__)(?P<label>[^*_\s][^*_\n]{0,39}?)[ \t]*(?P<colon>[:：])?[ \t]*(?P=open)"
    r"(?(colon)|[ \t]*[:：])(?P<rest>.*)$"
)
# a sub-heading of the entry ('#### Analogy'): a label whose value is the text below it
_SUBHEADING = re.compile(
    r"^(?P<lead> {0,3})#{2,6}[ \t]+(?P<label>[^\n]*?)(?:[ \t]+#+)?[ \t]*(?P<rest>)$"
)


def label_key(label: str) -> str:
    """The canonical key of a label as written ('Définition :' and 'définition' share one)."""
    return canonical_key(label).rstrip(":： ").strip()


def _is_label(match: re.Match[str]) -> bool:
    """At most six words, then a space or the end of the line (no space is needed after a
    full-width colon: '**定义**：茶叶…')."""
    rest = match.group("rest")
    spaced = not rest or rest[0] in " \t" or "：" in match.group(0)[: match.start("rest")]
    label = clean_term(match.group("label"))
    return spaced and 0 < len(label.split()) <= 6 and bool(label_key(label))


@dataclass(frozen=True, slots=True)
class _Part:
    """A run of an entry's lines: the lead (no label) or one label line and what follows it."""

    key: str  # '' for the lead
    label: str  # the label as written, without its colon
    lines: tuple[str, ...]  # the lines as written, the label line first
    value: str  # the text after the label: its line's rest and its continuation lines


def _parts(body: str) -> list[_Part]:
    """Split ``body`` at every label line or sub-heading outside code (the lead first, possibly
    empty)."""
    runs: list[tuple[re.Match[str] | None, list[str]]] = [(None, [])]
    for line, plain in fence_marked(body):
        match = _LABEL_LINE.match(line) if plain else None
        if plain and not match and len(line) <= 200:  # a long line is never a sub-heading label
            match = _SUBHEADING.match(line)
        if match and _is_label(match):
            runs.append((match, [line]))
        else:
            runs[-1][1].append(line)
    parts: list[_Part] = []
    for match, lines in runs:
        if match is None:
            parts.append(_Part("", "", tuple(lines), "\n".join(trim_blank(lines))))
            continue
        width = len(match.group("lead"))
        rest = match.group("rest").strip()
        value_lines = trim_blank([rest, *dedent_lines(lines[1:], width)])
        label = clean_term(match.group("label")).rstrip(":：").strip()
        parts.append(_Part(label_key(label), label, tuple(lines), "\n".join(value_lines)))
    return parts


def _definition_key(split: list[list[_Part]], recurring: set[str], entries: int) -> str:
    """The label that introduces the definition: a recurring label from DEFINITION_LABELS (the
    one in most entries), else the recurring label that opens at least half of the entries."""
    present = Counter(key for parts in split for key in {p.key for p in parts[1:]} & recurring)
    known = [key for key in present if key in DEFINITION_LABELS]
    if known:
        return max(known, key=lambda key: present[key])
    openers = Counter(
        parts[1].key
        for parts in split
        if len(parts) > 1 and not parts[0].value and parts[1].key in recurring
    )
    if openers:
        key, count = openers.most_common(1)[0]
        if count * 2 >= entries:
            return key
    return ""


def _with_fields(entry: Entry, parts: list[_Part], recurring: set[str], definer: str) -> Entry:
    """``entry`` with its recurring-label parts as fields; unchanged when it has none or when
    no definition would be left (no lead text and no definition label)."""
    lead: list[str] = list(parts[0].lines)
    fields: list[tuple[_Part, list[str]]] = []
    for part in parts[1:]:
        if part.key in recurring:
            fields.append((part, list(part.lines)))
        elif fields:  # a one-off label line is text of the field it follows
            fields[-1][1].extend(part.lines)
        else:
            lead.extend(part.lines)
    if not fields:
        return entry
    definition = [_text(lead)]
    extras: list[tuple[str, str]] = []
    for part, lines in fields:
        if part.key == definer and len(definition) == 1:  # its first occurrence only
            definition.append(_value(part, lines))
        else:
            extras.append((part.label, _value(part, lines)))
    text = "\n\n".join(piece for piece in definition if piece)
    if not text:
        return entry
    return replace(entry, definition=text, extras=(*entry.extras, *extras))


def _text(lines: list[str]) -> str:
    return "\n".join(trim_blank(lines))


def _value(part: _Part, lines: list[str]) -> str:
    """The field's value: its own text, then the one-off label lines that followed it."""
    extra = _text(lines[len(part.lines) :])
    return f"{part.value}\n\n{extra}".strip("\n") if extra else part.value


def with_fields(result: ParseResult) -> ParseResult:
    """``result`` with the recurring label lines of its entries parsed as named fields."""
    split = [_parts(entry.definition) for entry in result.entries]
    counts = Counter(key for parts in split for key in {p.key for p in parts[1:]})
    recurring = {key for key, count in counts.items() if count >= 2}
    if not recurring:
        return result
    definer = _definition_key(split, recurring, len(result.entries))
    entries = tuple(
        _with_fields(entry, parts, recurring, definer)
        for entry, parts in zip(result.entries, split, strict=True)
    )
    return replace(result, entries=entries)
