"""Labels that recur across entries (``**What it is:**``, ``- **Example:**``, ``#### Analogy``)
are fields of the entry they sit in, not terms.

A name is a label when it comes back in several entries with different text: one name seen
three times or more, or several names seen twice each that together make at least half of the
candidates. A term repeated with the same text is a repeated entry, not a label; two names
repeated in a long glossary (two senses of "Kernel") stay terms.
"""

from __future__ import annotations

from collections import defaultdict

from vaultkit.importers.labels import canonical_key


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
