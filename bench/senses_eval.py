"""Score every same-name merge of entries from different sources with the sense rule.

    python bench/senses_eval.py [SOURCE...]      (default: sources/*.txt of the project)

Prints each cross-source pair of entries that share a name, lowest quantile first: the
quantile of its similarity among unrelated pairs (importers.sensesplit), the similarity, the
two sources, and whether the rule keeps them apart. Read the lowest by hand.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from pathlib import Path

from vaultkit.importers.labels import canonical_key
from vaultkit.importers.merge import Member, make_members
from vaultkit.importers.pipeline import _read_sources
from vaultkit.importers.sensesplit import SenseJudge

ROOT = Path(__file__).resolve().parents[1]


def members_of(paths: list[Path]) -> list[Member]:
    with tempfile.TemporaryDirectory() as vault:
        sources = _read_sources(ROOT, Path(vault), paths, "auto", [])
    members: list[Member] = []
    for order, source in enumerate(sources):
        members.extend(
            make_members(source.info.id, source.info.file, order, list(source.result.entries))
        )
    return members


def pairs(members: list[Member]) -> tuple[SenseJudge, list[tuple[str, int, int]]]:
    keys = [canonical_key(m.labels.title) for m in members]
    ids = {k: n for n, k in enumerate(dict.fromkeys(keys))}
    judge = SenseJudge.build(members, [ids[k] for k in keys])
    by_key: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        by_key.setdefault(key, []).append(index)
    found = []
    for key, indices in by_key.items():
        for a, b in itertools.combinations(indices, 2):
            if members[a].source != members[b].source:
                found.append((key, a, b))
    return judge, found


def main(argv: list[str]) -> int:
    paths = [Path(p).resolve() for p in argv] or sorted((ROOT / "sources").glob("*.txt"))
    members = members_of(paths)
    judge, found = pairs(members)
    rows = sorted(
        (judge.quantile(a, b), judge.similarity(a, b), key, a, b) for key, a, b in found
    )
    print(f"{len(found)} cross-source pairs in {len({k for k, _, _ in found})} names; "
          f"{len(judge.null())} unrelated pairs in the reference sample")
    for quantile, similarity, key, a, b in rows:
        apart = "APART" if judge.apart(a, b) else ""
        enough = "" if judge.says_enough(a) and judge.says_enough(b) else "(short)"
        print(
            f"{quantile:.3f} {similarity:.3f} {key:24.24} {members[a].source[:14]:14} "
            f"{members[b].source[:14]:14} {apart}{enough}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
