"""What changed in a vault since a re-check state was stored: notes edited, files added and
removed, folders (the re-check itself: :mod:`vaultkit.lint.incremental`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from vaultkit.lint.state import CheckState, FullCheckNeeded
from vaultkit.notes.scan import STAT, VaultFile, VaultScan


@dataclasses.dataclass(frozen=True)
class Shape:
    """What changed since the state: notes edited, files added and removed, folders."""

    changed: list[VaultFile]  # notes whose stat key changed
    added: list[VaultFile]  # new notes
    added_paths: frozenset[str]  # every new file
    removed: frozenset[str]  # every file gone
    folders: frozenset[str]  # folders added or removed
    paths: tuple[str, ...]  # every file now, in scan order
    notes: dict[str, VaultFile]  # every note and canvas now, in scan order

    @property
    def unchanged(self) -> bool:
        """Nothing a check reads changed: the state's findings are the vault's."""
        return not (self.changed or self.added_paths or self.removed or self.folders)


def changes_since(state: CheckState, scan: VaultScan) -> Shape:
    """What changed (FullCheckNeeded for a change of the unreadable files)."""
    if tuple(scan.problems) != state.scan_problems:
        raise FullCheckNeeded("the vault's unreadable files changed")
    paths = tuple([f.path for f in scan.files])
    notes = {f.path: f for f in scan.files if f.has_links}
    old_paths: Collection[str] = state.paths
    new_paths: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    if paths != old_paths:  # files came or went (else two sets of every path are not needed)
        old_paths = set(old_paths)
        new_paths = frozenset(paths)
        removed = frozenset(old_paths - new_paths)
    unparsed = state.unparsed
    if any(p in unparsed for p in removed):
        raise FullCheckNeeded("a note that did not parse is gone")
    changed: list[VaultFile] = []
    added: list[VaultFile] = []
    stats = state.stats
    same = stats.changed(notes)  # the same notes in the same order: compared at once
    if same is not None:
        changed = same
    else:
        known = old_paths if isinstance(old_paths, set) else set(old_paths)
        before = stats.raw()
        for path, f in notes.items():
            old = before.get(path)
            if old is not None:
                if old != f[STAT]:
                    changed.append(f)
            elif path not in known:
                added.append(f)
            elif path not in unparsed or unparsed[path] != f[STAT]:
                raise FullCheckNeeded(f"{path} may have become readable")
    folders = frozenset(set(scan.folders) ^ set(state.folders))
    return Shape(changed, added, new_paths.difference(old_paths), removed, folders, paths, notes)
