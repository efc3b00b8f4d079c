"""Which sense a mention of a common word has: link it only when its context settles that.

A note named by an everyday English word ("score", "shape", "copy", "steps") or by an acronym
that is also a word ("AI", "ADD") usually names one narrow sense of it; most mentions of the
word mean something else. Two measures decide, both computed from the import itself plus a
word-frequency list of general English (wordfreq):

- the *keyness* of the word: how much more often the imported glossaries use it than English
  does. A word the field has made its own (token, prompt, weights: 100-300x English) is read in
  the field's sense; a word used about as often as in English (score, copy, rank) is not;
- the *context*: a simplified Lesk measure, the TF-IDF cosine between the text that mentions
  the word and the note's own definitions. A mention of "score" next to "gradient" and
  "log-density" is the score function; "a CLIP score" inside a caption-filtering entry is not.

wordfreq is imported only here, and only when an import links text (never by ``check``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.importers.merge import Concept

# A word at least this frequent in English (Zipf scale: 3.5 = about 3 per million words)
# has an everyday sense that competes with the note's.
COMMON_ZIPF = 3.5
# ... unless the glossaries use it at least 10**KEYNESS times as often as English does.
FIELD_KEYNESS = 1.5
# Context evidence (cosine) a mention needs: a word the field has made its own needs a little,
# an everyday word a clear overlap with the note's definition.
WEAK_EVIDENCE = 0.0
STRONG_EVIDENCE = 0.1

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
_STOP = frozenset(
    "the and for with that this its are was were from into than then each one two their they "
    "you your can not but which when like also such any all has have had more most only other "
    "some what where who how why does done over very just used uses using".split()
)


def _stem(word: str) -> str:
    word = word.lower()
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _bag(texts: Iterable[str]) -> Counter[str]:
    bag: Counter[str] = Counter()
    for text in texts:
        bag.update(
            _stem(w) for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in _STOP
        )
    return bag


def zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # noqa: PLC0415 - heavy (~0.15 s), only when linking

    return zipf_frequency(word, "en")


@dataclass(slots=True)
class SenseModel:
    """Keyness of names and TF-IDF profiles of concepts, from every definition imported."""

    counts: Counter[str]
    total: int
    idf: dict[str, float]
    missing_idf: float
    profiles: dict[int, dict[str, float]] = field(default_factory=dict)
    documents: dict[int, Counter[str]] = field(default_factory=dict)
    _ambiguous: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def build(cls, concepts: list[Concept]) -> SenseModel:
        words: Counter[str] = Counter()
        documents: dict[int, Counter[str]] = {}
        for concept in concepts:
            texts = [concept.title, *concept.aliases, concept.expansion]
            for member in concept.members:
                texts.append(member.entry.definition)
                texts.extend(value for _, value in member.entry.extras)
            words.update(w.lower() for t in texts for w in _WORD.findall(t))
            documents[id(concept)] = _bag(texts)
        frequency: Counter[str] = Counter()
        for bag in documents.values():
            frequency.update(bag.keys())
        size = max(len(documents), 1)
        idf = {w: math.log(size / n) for w, n in frequency.items()}
        return cls(words, sum(words.values()), idf, math.log(size), documents=documents)

    def ambiguous(self, name: str) -> bool:
        """A one-word name that is an everyday English word the glossaries have not made
        their own (compared case-insensitively, so acronyms that are words count)."""
        key = name.lower()
        known = self._ambiguous.get(key)
        if known is None:
            known = False
            if key.isalpha() and zipf(key) >= COMMON_ZIPF:
                from wordfreq import word_frequency  # noqa: PLC0415

                english = word_frequency(key, "en")
                used = self.counts[key] / max(self.total, 1)
                known = used == 0 or math.log10(used / english) < FIELD_KEYNESS
            self._ambiguous[key] = known
        return known

    def common(self, name: str) -> bool:
        key = name.lower()
        return key.isalpha() and zipf(key) >= COMMON_ZIPF

    def evidence(self, context: Counter[str], concept: Concept, surface: str) -> float:
        """Cosine between a mention's context and the concept's definitions (the mentioned
        word itself left out: it is in both by construction)."""
        profile = self.profiles.get(id(concept))
        if profile is None:
            profile = self._vector(self.documents.get(id(concept), Counter()))
            self.profiles[id(concept)] = profile
        skip = {_stem(w) for w in _WORD.findall(surface)}
        mention = self._vector(Counter({w: n for w, n in context.items() if w not in skip}))
        return sum(x * profile.get(w, 0.0) for w, x in mention.items() if w not in skip)

    def context(self, text: str) -> Counter[str]:
        return _bag([text])

    def _vector(self, bag: Counter[str]) -> dict[str, float]:
        vector = {
            w: (1 + math.log(n)) * self.idf.get(w, self.missing_idf) for w, n in bag.items()
        }
        norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
        return {w: x / norm for w, x in vector.items()}

    def settled(
        self, name: str, surface: str, concept: Concept, text: str, context: Counter[str]
    ) -> bool:
        """Whether a mention of ``name`` (written ``surface``) in ``text`` means ``concept``:
        not an everyday word, or the concept's expansion is in the text, or the context
        overlaps the concept's definitions enough."""
        if not self.common(name):
            return True
        if concept.expansion and concept.expansion.casefold() in text.casefold():
            return True
        needed = STRONG_EVIDENCE if self.ambiguous(name) else WEAK_EVIDENCE
        if needed <= 0:
            return True
        return self.evidence(context, concept, surface) >= needed
