"""Whether entries of one name from different sources mean one concept or different senses.

Two glossaries that both define "Sampler" usually mean one thing, but not always: one may mean
the diffusion sampler, the other the sampler of a data loader. Definitions are short and
written by different people, so their plain word overlap says little (right merges share 0-1
words as often as wrong ones). What is compared instead is a *profile* of each definition:

- its content words, weighted by how rare they are among all imported definitions (IDF) and
  in English (wordfreq: "decides", "small" say little; "denoising", "dataset" say much); the
  words of the entry's own names are left out (two entries of one name both have them);
- one hop of context: every other term of the imported vocabulary the definition mentions
  brings the words of its own definitions, at half weight ("DataLoader" brings batches,
  workers, datasets; "DDIM" brings denoising steps and noise).

The profiles of two entries are compared by cosine, and that similarity is judged against the
import itself: against the average similarity of a fixed sample of pairs of *different* terms
from different sources. Two entries are apart only when they share less than a quarter of what
two unrelated terms of these glossaries share on average (SPLIT_SHARE: in practice, next to
nothing) and both definitions say enough to judge (MIN_WORDS content words each). A name's
entries are then grouped from the most alike pair down: an entry joins a sense when it is
clearly alike one of its entries (more than CLEAR_QUANTILE of the unrelated pairs), else only
when it is apart from none of them (complete linkage). So three definitions of which two agree
and the third shares nothing with one of them and little with the other are two senses.

The rule is a Schütze-style (1998) sense discrimination on first-order context profiles: it
knows nothing of any particular glossary.
"""

from __future__ import annotations

import functools
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.importers.labels import canonical_key, plural_variants
from vaultkit.importers.model import ImportMessage
from vaultkit.importers.stopwords import MORE_FUNCTION_WORDS

if TYPE_CHECKING:
    from vaultkit.importers.merge import Member

# Two entries sharing less than this share of what unrelated pairs share on average are apart.
SPLIT_SHARE = 0.25
# Two entries more alike than this share of the unrelated pairs are one sense, whatever
# another entry of that sense says.
CLEAR_QUANTILE = 0.9
# A definition with fewer content words than this says too little to split on.
MIN_WORDS = 6
# Weight of the words a mentioned term's definition brings, relative to the entry's own words.
HOP_WEIGHT = 0.5
# How many unrelated pairs the reference sample holds, and the fewest it needs to judge at all.
NULL_PAIRS = 600
MIN_NULL = 20
# Names of up to this many words are looked for in a definition.
MAX_NAME_WORDS = 4
# Words rarer in English than this Zipf value count fully; more common ones less (wordfreq).
RARE_ZIPF = 7.0

_WORD = re.compile(r"[^\W\d_][\w+]*")
_TOKEN = re.compile(r"[\w.+#-]+")
_STOP = MORE_FUNCTION_WORDS


def _stem(word: str) -> str:
    for ending in ("ing", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


@functools.cache
def _english() -> dict[str, float]:
    from wordfreq import get_frequency_dict  # noqa: PLC0415 - loaded when an import needs it

    return get_frequency_dict("en")


def _rarity(word: str) -> float:
    """1 for a word English rarely uses (Zipf <= 4: up to ten per million words), down to 0.1
    for an everyday one (Zipf >= 6.7)."""
    share = _english().get(word, 0.0)
    zipf = math.log10(share * 1e9) if share > 0 else 0.0
    return min(1.0, max(0.1, (RARE_ZIPF - zipf) / 3.0))


def _text(member: Member) -> str:
    """An entry's definition and its labelled fields (Range, Impact, Examples, ...)."""
    return "\n".join([member.entry.definition, *(value for _, value in member.entry.extras)])


def _names(member: Member) -> list[str]:
    entry, labels = member.entry, member.labels
    return [entry.term, labels.title, *labels.aliases, *entry.aliases]


@dataclass(slots=True)
class SenseJudge:
    """Profiles of every entry of an import and the reference sample they are judged by."""

    members: Sequence[Member]
    groups: list[int]  # per member: a key shared by entries that are the same term
    bags: list[Counter[str]] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    name_words: list[set[str]] = field(default_factory=list)  # per member: its names' words
    rarity: dict[str, float] = field(default_factory=dict)  # a stem -> _rarity of its word
    forms: dict[str, str] = field(default_factory=dict)  # a name or its plural -> its key
    first_words: set[str] = field(default_factory=set)
    _profiles: dict[int, dict[str, float]] = field(default_factory=dict)
    _null: list[float] | None = None
    _stats: tuple[float, float] | None = None

    @classmethod
    def build(cls, members: Sequence[Member], groups: list[int]) -> SenseJudge:
        judge = cls(members, groups)
        for index, member in enumerate(members):
            own = {w for n in _names(member) for w, _ in _words(n)}
            judge.name_words.append(own)
            bag: Counter[str] = Counter()
            for stem, word in _words(_text(member)):
                if stem not in own:
                    bag[stem] += 1
                    if stem not in judge.rarity:
                        judge.rarity[stem] = _rarity(word)
            judge.bags.append(bag)
            for name in _names(member):
                key = canonical_key(name)
                if key and index not in judge.by_name.setdefault(key, []):
                    judge.by_name[key].append(index)
        spread: Counter[str] = Counter()
        for bag in judge.bags:
            spread.update(bag.keys())
        size = max(len(members), 1)
        judge.idf = {w: math.log(size / n) for w, n in spread.items()}
        return judge

    def mentions(self, index: int) -> list[str]:
        """Keys of the other terms a definition names (singular or plural; a longer name
        first: "Optimizer state" is not also "Optimizer"), in the order the text names them."""
        if not self.forms:
            self._index_forms()
        own = {canonical_key(n) for n in _names(self.members[index])}
        text = _text(self.members[index])
        tokens = [canonical_key(t.strip(".-")) for t in _TOKEN.findall(text)]
        found: dict[str, int] = {}
        taken = [False] * len(tokens)
        for size in range(MAX_NAME_WORDS, 0, -1):
            for start in range(len(tokens) - size + 1):
                if tokens[start] not in self.first_words or any(taken[start : start + size]):
                    continue
                hit = self.forms.get(" ".join(tokens[start : start + size]), "")
                if hit and hit not in own and hit not in found:
                    found[hit] = start
                    taken[start : start + size] = [True] * size
        return sorted(found, key=found.__getitem__)

    def _index_forms(self) -> None:
        """Every name and its singular or plural spelling -> the name's key."""
        for key in self.by_name:
            if any(c.isalpha() for c in key):
                self.forms[key] = key
        for key in list(self.forms):
            for variant in plural_variants(key):
                self.forms.setdefault(variant, key)
        self.first_words = {form.split(" ")[0] for form in self.forms}

    def profile(self, index: int) -> dict[str, float]:
        """The entry's words plus, at HOP_WEIGHT, the words of the terms it mentions."""
        known = self._profiles.get(index)
        if known is not None:
            return known
        raw: dict[str, float] = {}
        for word, count in self.bags[index].items():
            raw[word] = raw.get(word, 0.0) + 1 + math.log(count)
        mentioned = self.mentions(index)
        for key in mentioned:
            targets = [t for t in self.by_name[key] if self.groups[t] != self.groups[index]]
            share = HOP_WEIGHT / math.sqrt(len(mentioned)) / max(len(targets), 1)
            for target in targets:
                for word, count in self.bags[target].items():
                    raw[word] = raw.get(word, 0.0) + share * (1 + math.log(count))
        own = self.name_words[index]
        vector = {
            w: x * self.idf.get(w, 0.0) * self.rarity.get(w, 1.0)
            for w, x in raw.items()
            if w not in own
        }
        norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
        known = self._profiles[index] = {w: x / norm for w, x in vector.items() if x}
        return known

    def similarity(self, a: int, b: int) -> float:
        one, two = self.profile(a), self.profile(b)
        if len(one) > len(two):
            one, two = two, one
        return sum(x * two.get(w, 0.0) for w, x in one.items())

    def null(self) -> list[float]:
        """Similarities of pairs of different terms from different sources: every such pair of
        a small import, else a fixed sample of NULL_PAIRS distinct ones."""
        if self._null is None:
            count = len(self.members)
            if count * (count - 1) // 2 <= NULL_PAIRS * 4:
                candidates = [(a, b) for a in range(count) for b in range(a + 1, count)]
                limit = len(candidates)
            else:
                rng = random.Random(0)  # the same sample on every run: imports stay reproducible
                candidates = []
                for _ in range(NULL_PAIRS * 4):
                    a, b = rng.randrange(count), rng.randrange(count)
                    candidates.append((min(a, b), max(a, b)))
                limit = NULL_PAIRS
            pairs: set[tuple[int, int]] = set()
            for a, b in candidates:
                if len(pairs) >= limit:
                    break
                if (
                    self.members[a].source != self.members[b].source
                    and self.groups[a] != self.groups[b]
                ):
                    pairs.add((a, b))
            self._null = sorted(self.similarity(a, b) for a, b in sorted(pairs))
        return self._null

    def _scale(self) -> tuple[float, float]:
        """(mean, CLEAR_QUANTILE value) of the unrelated pairs; (0, 0) when too few to judge."""
        if self._stats is None:
            null = self.null()
            if len(null) < MIN_NULL:
                self._stats = (0.0, 0.0)
            else:
                bar = null[min(len(null) - 1, int(CLEAR_QUANTILE * len(null)))]
                self._stats = (sum(null) / len(null), bar)
        return self._stats

    def ratio(self, a: int, b: int) -> float:
        """How alike ``a`` and ``b`` are, as a share of what two unrelated terms of the import
        have in common on average (1.0 when there are too few unrelated pairs to judge)."""
        mean = self._scale()[0]
        return self.similarity(a, b) / mean if mean > 0 else 1.0

    def alike(self, a: int, b: int) -> bool:
        """More alike than CLEAR_QUANTILE of the unrelated pairs: one concept, whatever else."""
        bar = self._scale()[1]
        return bar > 0 and self.similarity(a, b) >= bar

    def says_enough(self, index: int) -> bool:
        return sum(self.bags[index].values()) >= MIN_WORDS

    def apart(self, a: int, b: int) -> bool:
        """Entries of one name from different sources that are different senses."""
        return (
            self.says_enough(a)
            and self.says_enough(b)
            and self.ratio(a, b) < SPLIT_SHARE
        )

    def kept_apart(self, one: list[int], two: list[int]) -> bool:
        """Whether two groups of entries are different senses: no pair of them is clearly
        alike, and some pair is apart."""
        pairs = [(a, b) for a in one for b in two]
        return not any(self.alike(a, b) for a, b in pairs) and any(
            self.apart(a, b) for a, b in pairs
        )

    def senses(self, indices: list[int]) -> list[list[int]]:
        """The entries of one name grouped into senses. Entries of one source stay together;
        then pairs are joined from the most alike down, and two groups join when their pair is
        clearly alike, or else when no entry of one is apart from an entry of the other
        (complete linkage). Groups come in the order of their first entry."""
        group = {i: [i] for i in indices}
        for pos, a in enumerate(indices):
            for b in indices[pos + 1 :]:
                if self.members[a].source == self.members[b].source and group[a] is not group[b]:
                    self._join(group, a, b)
        ranked = sorted(
            (
                (-self.similarity(a, b), pos, a, b)
                for pos, a in enumerate(indices)
                for b in indices[pos + 1 :]
                if self.members[a].source != self.members[b].source
            ),
        )
        for _, _, a, b in ranked:
            if group[a] is not group[b] and not self.kept_apart(group[a], group[b]):
                self._join(group, a, b)
        out: dict[int, list[int]] = {}
        for index in indices:
            out.setdefault(id(group[index]), group[index])
        return [sorted(g, key=indices.index) for g in out.values()]

    @staticmethod
    def _join(group: dict[int, list[int]], a: int, b: int) -> None:
        merged = group[a] + group[b]
        for index in merged:
            group[index] = merged

    def qualifier(self, sense: list[int], others: Iterable[list[int]]) -> str:
        """What tells a sense apart in its note's name: its entries' category when no other
        sense has it; else, of the terms its definitions mention and the other senses' do not,
        the one most of its entries mention (the first mentioned on a tie); else '' (the
        caller numbers the senses)."""
        rest = [i for group in others for i in group]
        their_categories = {canonical_key(self.members[i].entry.category) for i in rest}
        for index in sense:
            category = self.members[index].entry.category.strip()
            if category and canonical_key(category) not in their_categories:
                return category
        their_mentions = {k for i in rest for k in self.mentions(i)}
        counts: Counter[str] = Counter()
        order: dict[str, int] = {}
        for index in sense:
            for key in self.mentions(index):
                if key not in their_mentions:
                    counts[key] += 1
                    order.setdefault(key, len(order))
        if not counts:
            return ""
        best = min(counts, key=lambda k: (-counts[k], order[k]))
        return _shown_name(self.members[self.by_name[best][0]], best)


class LazyJudge:
    """The SenseJudge of an import's entries, built the first time a decision needs it."""

    def __init__(self, members: Sequence[Member]) -> None:
        self.members = members
        self._judge: SenseJudge | None = None

    def get(self) -> SenseJudge:
        if self._judge is None:
            keys = [m.title_key for m in self.members]
            number = {k: n for n, k in enumerate(dict.fromkeys(keys))}
            self._judge = SenseJudge.build(self.members, [number[k] for k in keys])
        return self._judge

    def split(self, indices: list[int]) -> list[tuple[list[int], str, ImportMessage]]:
        """The senses of one name's entries with their qualifiers and a message each, or []
        when they are one concept (or come from one source)."""
        if len({self.members[i].source for i in indices}) < 2:
            return []
        judge = self.get()
        found = judge.senses(indices)
        if len(found) < 2:
            return []
        out = []
        for number, sense in enumerate(found, 1):
            others = [g for g in found if g is not sense]
            qualifier = judge.qualifier(sense, others) or str(number)
            first = self.members[sense[0]]
            apart_from = ", ".join(
                f"{self.members[g[0]].file}:{self.members[g[0]].entry.line}" for g in others
            )
            message = ImportMessage(
                first.file,
                first.entry.line,
                "info",
                f'"{first.entry.term}" here is a different sense from {apart_from} (their '
                f'definitions share too little); kept as the note "{first.labels.title} '
                f'({qualifier})"',
            )
            out.append((sense, qualifier, message))
        return out


def _shown_name(member: Member, key: str) -> str:
    for name in _names(member):
        if canonical_key(name) == key:
            return name
    return member.labels.title


def _words(text: str) -> list[tuple[str, str]]:
    """(stem, word) of the content words of ``text``."""
    return [
        (_stem(w), w)
        for w in (m.group().casefold() for m in _WORD.finditer(text))
        if len(w) > 2 and w not in _STOP
    ]
