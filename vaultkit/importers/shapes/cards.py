"""Scraped card lists: ``- Term Category`` then a lone ``-``, a definition, labelled lines.

A card is ``- <term> <category>`` followed by a line holding only a bullet marker (what is
left of a card's icon row when a page is copied as text). The category is the trailing words
shared by many card headers: a suffix is extended word by word while as many headers share it.
Unlabelled bullets become the card's pros/cons; ``Also:``, ``Examples:``, ``See also:`` lines are
fields.
"""

from __future__ import annotations

import re
from collections import Counter

from vaultkit.importers.furniture import is_furniture
from vaultkit.importers.model import Entry, ImportMessage, ParseResult
from vaultkit.importers.plaintext import is_bullet, parse_label, split_list, to_markdown

_LONE = re.compile(r"^[-*•]$")
_HEAD = re.compile(r"^[-*•]\s+(\S.*)$")


def card_starts(lines: list[tuple[int, str]]) -> list[int]:
    return [
        i
        for i in range(len(lines) - 1)
        if _HEAD.match(lines[i][1]) and _LONE.match(lines[i + 1][1])
    ]


def _suffixes(words: list[str]) -> list[str]:
    return [" ".join(words[-k:]).casefold() for k in range(1, min(4, len(words)))]


def split_categories(heads: list[str]) -> list[tuple[str, str]]:
    """(term, category) for each card header; category '' when headers share no suffix."""
    counts: Counter[str] = Counter()
    for head in heads:
        counts.update(_suffixes(head.split()))
    shared = sum(1 for h in heads if len(h.split()) > 1 and counts[_suffixes(h.split())[0]] > 1)
    if len(heads) < 3 or shared * 2 < len(heads):
        return [(h, "") for h in heads]
    out: list[tuple[str, str]] = []
    for head in heads:
        words = head.split()
        if len(words) < 2:
            out.append((head, ""))
            continue
        suffixes = _suffixes(words)
        size = 1
        if counts[suffixes[0]] == 1:  # a category only this card has: start at a capital
            capitals = [k for k in range(1, len(words)) if words[-k][:1].isupper()]
            size = capitals[0] if capitals else 1
        else:
            while size < len(suffixes) and counts[suffixes[size]] >= counts[suffixes[0]]:
                size += 1
        out.append((" ".join(words[:-size]), " ".join(words[-size:])))
    return out


def parse_cards(text: str, path: str) -> ParseResult:
    lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    starts = card_starts(lines)
    title = lines[0][1] if lines and is_furniture(lines[0][1]) else ""
    first = starts[0] if starts else len(lines)
    intro = "\n".join(t for _, t in lines[1 if title else 0 : first])
    heads = [_HEAD.match(lines[i][1]).group(1) for i in starts]  # type: ignore[union-attr]
    diagnostics: list[ImportMessage] = []
    entries: list[Entry] = []
    pairs = zip(starts, split_categories(heads), strict=True)
    for position, (index, (term, category)) in enumerate(pairs):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        if category and len(term.split()) > 6:
            diagnostics.append(
                ImportMessage(
                    path, lines[index][0], "warning", f'uncertain split of card "{heads[position]}"'
                )
            )
        entries.append(
            _card(lines[index][0], term or heads[position], category, lines[index + 2 : end])
        )
    outside = ((lines[0][0], "\n".join(t for _, t in lines[:first])),) if first else ()
    return ParseResult(
        "card-list", title, tuple(entries), tuple(diagnostics), (), intro, outside
    )


def _card(line: int, term: str, category: str, body: list[tuple[int, str]]) -> Entry:
    definition: list[str] = []
    bullets: list[str] = []
    aliases: list[str] = []
    see_also: list[str] = []
    extras: list[tuple[str, str]] = []
    for _, text in body:
        label = parse_label(text)
        if is_bullet(text):
            bullets.append(text)
        elif label is None:
            definition.append(text)
        elif label[0] == "aliases":
            aliases.extend(split_list(label[2]))
        elif label[0] == "see_also":
            see_also.extend(split_list(label[2]))
        elif label[0] == "category":
            category = category or label[2]
        else:
            extras.append((label[1], to_markdown([label[2]])))
    if bullets:
        extras.insert(0, ("Pros and cons", to_markdown(bullets)))
    return Entry(
        term,
        to_markdown(definition),
        line,
        body[-1][0] if body else line,
        category,
        tuple(aliases),
        "",
        tuple(see_also),
        tuple(extras),
    )
