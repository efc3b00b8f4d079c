"""Score every merge of entries from different sources with the sense rule.

    python bench/senses_eval.py [--json] [SOURCE...]   (default: sources/*.txt of the project)

Takes every note the importer would make from entries of several sources with the sense rule
off (the ladder of merge.py alone), and for every two of its entries from different sources
prints: their similarity as a share of the average of unrelated pairs (importers.sensesplit),
the similarity, whether the rule keeps them in one note, and where they come from; lowest first.
Read the lowest by hand. ``--json`` prints the pairs as the labelled fixture
(tests/importers/data/senses/) expects them, with the label left to fill in.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

from vaultkit.importers import sensesplit
from vaultkit.importers.merge import Concept, Member, merge
from vaultkit.importers.pipeline import read_members

ROOT = Path(__file__).resolve().parents[1]


def concepts_without_rule(members: list[Member]) -> list[Concept]:
    saved = sensesplit.SPLIT_SHARE
    sensesplit.SPLIT_SHARE = 0.0  # nothing shares less than nothing: nothing is apart
    try:
        return merge(members)[0]
    finally:
        sensesplit.SPLIT_SHARE = saved


def merged_pairs(members: list[Member]) -> list[tuple[Member, Member]]:
    """Pairs of entries of different sources that the ladder alone, or the ladder with the
    rule, puts in one note (a split can let another merge happen: both are listed)."""
    found: dict[tuple[int, int], tuple[Member, Member]] = {}
    for concepts in (concepts_without_rule(members), merge(members)[0]):
        for concept in concepts:
            for a, b in itertools.combinations(concept.members, 2):
                if a.source != b.source:
                    found.setdefault((id(a), id(b)), (a, b))
    return list(found.values())


def where(member: Member) -> str:
    return f"{member.file}:{member.entry.line}"


def main(argv: list[str]) -> int:
    as_json = "--json" in argv
    paths = [Path(p).resolve() for p in argv if p != "--json"]
    members = read_members(ROOT, paths or sorted((ROOT / "sources").glob("*.txt")))
    judge = sensesplit.LazyJudge(members).get()
    index = {id(m): n for n, m in enumerate(members)}
    after = {id(m): id(c) for c in merge(members)[0] for m in c.members}
    rows = []
    for a, b in merged_pairs(members):
        i, j = index[id(a)], index[id(b)]
        together = after[id(a)] == after[id(b)]
        rows.append((judge.ratio(i, j), judge.similarity(i, j), a, b, together))
    rows.sort(key=lambda row: (row[0], row[1], where(row[2]), where(row[3])))
    if as_json:
        out = [
            {"a": where(a), "b": where(b), "terms": [a.entry.term, b.entry.term], "label": ""}
            for _, _, a, b, _ in rows
        ]
        print(json.dumps(out, indent=1, ensure_ascii=False))
        return 0
    kept = sum(1 for row in rows if row[4])
    print(f"{len(rows)} cross-source pairs merged by the ladder; the rule keeps {kept} together, "
          f"splits {len(rows) - kept}; {len(judge.null())} unrelated pairs in the sample")
    for share, similarity, a, b, together in rows:
        print(
            f"{share:6.3f} {similarity:.3f} {'one' if together else 'TWO'} "
            f"{a.entry.term[:22]:22} {where(a)[8:]:16} {b.entry.term[:22]:22} {where(b)[8:]}"
        )
        print(f"      a: {a.entry.definition[:150]!r}\n      b: {b.entry.definition[:150]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
