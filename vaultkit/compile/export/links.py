"""`vaultkit links`: Obsidian's metadataCache.resolvedLinks / unresolvedLinks.

Every Markdown note and canvas is a key of both maps (vault-relative POSIX path); counts per target
include links, embeds and property links; ``[[#H]]`` counts as a self-edge. Paths are NFC, as
Obsidian lists a file stored in NFD.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from vaultkit.notes.resolve import Resolved
from vaultkit.text import nfc

LinkCounts = dict[str, dict[str, int]]


def links_table(
    notes: Iterable[str],
    resolved: Mapping[str, tuple[Resolved, ...]],
) -> dict[str, LinkCounts]:
    """``notes``: every Markdown and canvas path of the vault (an unreadable one gets empty
    maps)."""
    resolved_links: LinkCounts = {}
    unresolved_links: LinkCounts = {}
    for path in sorted(set(notes)):
        good: dict[str, int] = {}
        bad: dict[str, int] = {}
        for item in resolved.get(path, ()):
            target = item.target
            if target is None:
                bad[item.link.path] = bad.get(item.link.path, 0) + 1
            else:
                good[nfc(target)] = good.get(nfc(target), 0) + 1
        resolved_links[nfc(path)] = good
        unresolved_links[nfc(path)] = bad
    return {"resolvedLinks": resolved_links, "unresolvedLinks": unresolved_links}


def links_as_text(table: Mapping[str, LinkCounts]) -> str:
    """One line per link target: `source -> target (n)`; unresolved ones marked `?`."""
    lines: list[str] = []
    for source, targets in table["resolvedLinks"].items():
        lines.extend(f"{source} -> {t} ({n})" for t, n in targets.items())
        missing = table["unresolvedLinks"][source]
        lines.extend(f"{source} -> ? {t} ({n})" for t, n in missing.items())
    return "".join(line + "\n" for line in lines)
