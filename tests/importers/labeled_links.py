"""The hand-labelled set of automatic links (tests/importers/data/linking/) and its measures.

- ``vocabulary.jsonl``: every concept of an import of sources/ (title, aliases, expansion,
  members with their definitions): a snapshot, so the set does not move when the importer's
  merging or reading changes.
- ``units.jsonl``: texts the linker ran on (a definition or a labelled field), with the note
  they belong to, its source, and the notes already linked before (by ``[[...]]`` links).
  ``complete`` units have every link judged; in the others only common-word links are.
- ``labels.jsonl``: one line per link the linker made (before this work, or since): the
  mention's ``start`` and ``surface``, the note linked (``target`` title), ``label`` right /
  wrong (null: not judged), ``before`` (made by the linker before this work: the kept-right
  share counts those), ``kind`` (common: one English word of Zipf >= 3.5, or a token of
  three letters or fewer), and the sentence, for reading.

``bread/`` holds a second, smaller set of the same form: a sourdough glossary of our own
(``glossary.md``, 22 entries) whose terms are everyday words (score, proof, shape, rest),
with a few everyday senses among the mentions.

Every link a linker makes must be judged unless it is one of the unjudged old links: a new
kind of link fails the test until someone reads it and labels it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultkit.importers.merge import Concept, make_members
from vaultkit.importers.model import Entry

DATA = Path(__file__).parent / "data" / "linking"
_LINK = "[["


@dataclass(frozen=True)
class Unit:
    unit: int
    source: str
    own: str
    complete: bool
    prelinked: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Label:
    unit: int
    start: int
    surface: str
    target: str
    label: str | None
    kind: str
    before: bool


@dataclass
class Measures:
    """Counts over judged links: what the linker made, and which right links it kept."""

    made: int = 0
    right: int = 0
    common_made: int = 0
    common_right: int = 0
    labelled_right: int = 0
    kept_right: int = 0
    wrong_kept: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.made if self.made else 1.0

    @property
    def common_precision(self) -> float:
        return self.common_right / self.common_made if self.common_made else 1.0

    @property
    def kept(self) -> float:
        return self.kept_right / self.labelled_right if self.labelled_right else 1.0

    def count(self, label: Label, where: str) -> None:
        right = label.label == "right"
        self.made += 1
        self.right += right
        self.kept_right += right and label.before
        if label.kind == "common":
            self.common_made += 1
            self.common_right += right
        if not right:
            self.wrong_kept.append(where)

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.3f} ({self.right}/{self.made}), "
            f"common-word {self.common_precision:.3f} ({self.common_right}/{self.common_made}), "
            f"kept right {self.kept:.3f} ({self.kept_right}/{self.labelled_right})"
        )


@dataclass
class Result:
    """``judged``: every judged link; ``sample``: the complete units only, a random sample
    of the import's texts (so its shares estimate the whole vault's)."""

    judged: Measures = field(default_factory=Measures)
    sample: Measures = field(default_factory=Measures)
    unjudged: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"all judged links: {self.judged}\nrandom sample of texts: {self.sample}"


def _lines(folder: Path, name: str) -> list[dict[str, Any]]:
    with (folder / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def concepts(folder: Path = DATA) -> list[Concept]:
    """The snapshot's concepts, built as the merge builds them (one Member per entry)."""
    out: list[Concept] = []
    for row in _lines(folder, "vocabulary.jsonl"):
        members = []
        for n, raw in enumerate(row["members"], 1):
            extras = tuple((str(k), str(v)) for k, v in raw["extras"])
            entry = Entry(raw["term"], raw["definition"], n, n, extras=extras, kind=raw["kind"])
            members.extend(make_members(raw["source"], raw["source"], 0, [entry]))
        concept = Concept(row["title"], members, list(row["aliases"]), row["expansion"])
        concept.name = row["name"]
        out.append(concept)
    return out


def units(folder: Path = DATA) -> list[Unit]:
    return [
        Unit(r["unit"], r["source"], r["own"], r["complete"], tuple(r["prelinked"]), r["text"])
        for r in _lines(folder, "units.jsonl")
    ]


def labels(folder: Path = DATA) -> list[Label]:
    return [
        Label(r["unit"], r["start"], r["surface"], r["target"], r["label"], r["kind"],
              r["before"])
        for r in _lines(folder, "labels.jsonl")
    ]


def links_made(original: str, linked: str) -> list[tuple[int, str, str]]:
    """(start in ``original``, surface, note name) of each link the linker added."""
    found: list[tuple[int, str, str]] = []
    i = o = 0
    while True:
        k = linked.find(_LINK, o)
        if k < 0:
            return found
        i += k - o
        close = linked.index("]]", k)
        name, _, shown = linked[k + 2 : close].partition("|")
        surface = shown or name
        if original.startswith(linked[k : close + 2], i):  # a link that was there before
            i += close + 2 - k
        else:
            found.append((i, surface, name))
            i += len(surface)
        o = close + 2


Link = Callable[[str, Concept, set[int], str], str]


def measure(link: Link, all_concepts: list[Concept], folder: Path = DATA) -> Result:
    """Run ``link(text, own, linked, source)`` on every unit and score what it links."""
    by_title = {c.title: c for c in all_concepts}
    by_name = {c.name: c for c in all_concepts}
    complete = {u.unit for u in units(folder) if u.complete}
    judged: dict[tuple[int, int, str], Label] = {}
    old: set[tuple[int, int, str]] = set()
    result = Result()
    for label in labels(folder):
        key = (label.unit, label.start, label.target)
        old.add(key)
        if label.label is not None:
            judged[key] = label
            today = label.before and label.label == "right"
            result.judged.labelled_right += today
            if label.unit in complete:
                result.sample.labelled_right += today
    for unit in units(folder):
        linked = {id(by_title[t]) for t in unit.prelinked}
        out = link(unit.text, by_title[unit.own], linked, unit.source)
        for start, surface, name in links_made(unit.text, out):
            key = (unit.unit, start, by_name[name].title)
            where = f"unit {unit.unit} @{start} {surface!r} -> {name}"
            label = judged.get(key)
            if label is None:
                if unit.complete or key not in old:
                    result.unjudged.append(where)
                continue
            result.judged.count(label, where)
            if unit.complete:
                result.sample.count(label, where)
    return result
