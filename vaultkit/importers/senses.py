"""Which sense a mention of a common word has: link it only when its context settles that.

A note named by an everyday English word ("score", "shape", "copy", "steps") or by an acronym
spelled like one ("AI", "ADD") names one narrow sense of it, while most mentions of the word
mean something else. What decides is computed from the import itself, plus a word-frequency
list of general English (wordfreq):

- *keyness*: how much more often the imported glossaries use the word than English does. A
  word the field has made its own (token, prompt, weights: 100-300x English) is read in the
  field's sense; a word used about as often as in English (score 13x, copy 5x) is not, and
  needs context;
- *context*: a simplified Lesk measure, the TF-IDF cosine between the words around the mention
  and the note's definitions. "score" next to "gradient" and "log-density" is the score
  function; "a CLIP score" among captions is not;
- *rival senses*: when the glossary itself names several words of one family (Sampling,
  Sampler, Sample), a mention links only if its context is closest to this note's definition;
- an acronym's expansion anywhere in the same text settles it.

wordfreq is imported here only, when an import links text: never by ``check``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.importers.stopwords import FUNCTION_WORDS

if TYPE_CHECKING:
    from vaultkit.importers.merge import Concept

# A word at least this frequent in English (Zipf scale: 3.5 = about 3 per million words)
# has an everyday sense that competes with the note's ...
COMMON_ZIPF = 3.5
# ... unless the glossaries use it at least 10**FIELD_KEYNESS (100) times as often as English,
# and often enough (FIELD_USES) for that to mean something.
FIELD_KEYNESS = 2.0
FIELD_USES = 10
# Otherwise the words around the mention (CONTEXT_WORDS on each side) must overlap the note's
# definitions by this cosine.
EVIDENCE = 0.07
CONTEXT_WORDS = 10

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
_STOP = FUNCTION_WORDS
_ENDINGS = ("ing", "er", "es", "s", "e")


def zipf(word: str) -> float:
    """Frequency of ``word`` in English on the Zipf scale (log10 of uses per billion words)."""
    from wordfreq import zipf_frequency  # noqa: PLC0415 - ~0.15 s to load: only when linking

    return zipf_frequency(word, "en")


def _english_share(word: str) -> float:
    from wordfreq import word_frequency  # noqa: PLC0415

    return word_frequency(word, "en")


def _names(concept: Concept) -> list[str]:
    return [concept.title, *concept.aliases, *(m.entry.term for m in concept.members)]


def _family(word: str) -> str:
    """Words of one family share this key: sampling, sampler, sample; batch, batching."""
    word = word.lower()
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


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


@dataclass(slots=True)
class SenseModel:
    """Word counts, rival senses and TF-IDF profiles of concepts, from every definition."""

    counts: Counter[str]
    total: int
    idf: dict[str, float]
    documents: dict[int, Counter[str]]
    families: dict[str, list[Concept]]
    _profiles: dict[int, dict[str, float]] = field(default_factory=dict)
    _common: dict[str, bool] = field(default_factory=dict)
    _ambiguous: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def build(cls, concepts: list[Concept]) -> SenseModel:
        counts: Counter[str] = Counter()
        documents: dict[int, Counter[str]] = {}
        families: dict[str, list[Concept]] = {}
        for concept in concepts:
            texts = [*_names(concept), concept.expansion]
            for member in concept.members:
                texts.append(member.entry.definition)
                texts.extend(value for _, value in member.entry.extras)
            counts.update(w.lower() for t in texts for w in _WORD.findall(t))
            documents[id(concept)] = _bag(texts)
            for name in _names(concept):
                family = families.setdefault(_family(name), []) if name.isalpha() else []
                if concept not in family:
                    family.append(concept)
        spread: Counter[str] = Counter()
        for bag in documents.values():
            spread.update(bag.keys())
        size = max(len(documents), 1)
        idf = {w: math.log(size / n) for w, n in spread.items()}
        return cls(counts, counts.total(), idf, documents, families)

    def common(self, name: str) -> bool:
        """One English word (any case) at least COMMON_ZIPF frequent."""
        known = self._common.get(name)
        if known is None:
            key = name.lower()
            known = self._common[name] = key.isalpha() and zipf(key) >= COMMON_ZIPF
        return known

    def ambiguous(self, name: str) -> bool:
        """A common word the glossaries have not made their own. An acronym spelled like a
        common word always is: how often they write "AI" says nothing about its sense."""
        known = self._ambiguous.get(name)
        if known is None:
            known = self.common(name)
            uses = self.counts[name.lower()]
            if known and sum(c.isupper() for c in name) < 2 and uses >= FIELD_USES:
                english = _english_share(name.lower())
                known = math.log10(uses / max(self.total, 1) / english) < FIELD_KEYNESS
            self._ambiguous[name] = known
        return known

    def context(self, line: str, start: int, end: int) -> Counter[str]:
        """The words around a mention at ``start:end``: CONTEXT_WORDS on each side."""
        reach = 16 * CONTEXT_WORDS
        before = _WORD.findall(line, max(0, start - reach), start)[-CONTEXT_WORDS:]
        after = _WORD.findall(line, end, end + reach)[:CONTEXT_WORDS]
        return _bag([" ".join(before + after)])

    def evidence(self, context: Counter[str], concept: Concept, surface: str) -> float:
        """Cosine between a mention's context and the concept's definitions, the mentioned
        word left out (it is in both by construction)."""
        profile = self._profiles.get(id(concept))
        if profile is None:
            document = self.documents.get(id(concept), Counter())
            profile = self._profiles[id(concept)] = self._vector(document)
        skip = {_stem(w) for w in _WORD.findall(surface)}
        mention = self._vector(Counter({w: n for w, n in context.items() if w not in skip}))
        return sum(x * profile.get(w, 0.0) for w, x in mention.items())

    def _vector(self, bag: Counter[str]) -> dict[str, float]:
        missing = math.log(max(len(self.documents), 1))
        vector = {w: (1 + math.log(n)) * self.idf.get(w, missing) for w, n in bag.items()}
        norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
        return {w: x / norm for w, x in vector.items()}

    def settled(
        self, name: str, surface: str, concept: Concept, text: str, context: Counter[str]
    ) -> bool:
        """Whether ``surface``, a mention of ``name`` in ``text`` with these words around it,
        means ``concept``."""
        if not self.common(name):
            return True
        if concept.expansion and concept.expansion.casefold() in text.casefold():
            return True
        rivals = [c for c in self.families.get(_family(name), ()) if c is not concept]
        mine = self.evidence(context, concept, surface) if rivals else 0.0
        if any(self.evidence(context, c, surface) >= mine for c in rivals):
            return False  # another sense the glossary names fits the context as well
        return not self.ambiguous(name) or self.evidence(context, concept, surface) >= EVIDENCE
