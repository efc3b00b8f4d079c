"""Print recall and precision of the importer on each glossary of the shapes corpus.

    python bench/shapes_table.py

The corpus and its expected entries are in tests/importers/shapes_corpus/; the table is the one
in the README's import section.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.importers.shapes_score import glossaries, score, table


def main() -> None:
    scores = [score(path) for path in glossaries()]
    print(table(scores))
    found = sum(s.found for s in scores)
    expected = sum(s.expected for s in scores)
    right = sum(s.right for s in scores)
    notes = sum(s.notes for s in scores)
    print(f"\nall: recall {found}/{expected} = {found / expected:.3f}, "
          f"precision {right}/{notes} = {right / max(notes, 1):.3f}")


if __name__ == "__main__":
    main()
