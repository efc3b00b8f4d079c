"""A vault loaded and linked: every file indexed with the notes' aliases, every link resolved.

The one setup of every command that follows links outside ``check`` (``links``, ``graph``,
``glossary``, ``fmt``), so they all see the links ``check`` sees: the vault listed with the
configuration's ignore globs, resolved as the app does or, with ``publish``, as Obsidian
Publish does (a bare alias finds its note).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.notes.frontmatter import obsidian_aliases
from vaultkit.notes.model import Note
from vaultkit.notes.resolve import LinkIndex, Resolved, resolve_notes
from vaultkit.notes.vault import Vault, load_vault

if TYPE_CHECKING:
    from vaultkit.config import CheckConfig


@dataclass(frozen=True)
class LinkedVault:
    vault: Vault
    aliases: Mapping[str, tuple[str, ...]]  # note path -> its Obsidian aliases
    index: LinkIndex  # every vault file, with the aliases
    resolved: Mapping[str, tuple[Resolved, ...]]  # every note's and canvas's links, resolved
    # once
    publish: bool  # resolved as Obsidian Publish does


def note_aliases(notes: Mapping[str, Note]) -> dict[str, tuple[str, ...]]:
    """Each note's aliases exactly as Obsidian reads them (notes without any left out)."""
    out: dict[str, tuple[str, ...]] = {}
    for path, note in notes.items():
        data = note.frontmatter.data
        # cheap guard first: most notes' keys are checked without calling the parser's matcher
        if data and any(isinstance(k, str) and k.lower() == "aliases" for k in data):
            found = tuple(obsidian_aliases(data))
            if found:
                out[path] = found
    return out


def link_vault(vault: Vault, *, publish: bool = False) -> LinkedVault:
    """Index every file of the loaded ``vault`` and resolve every note's and canvas's links."""
    aliases = note_aliases(vault.notes)
    index = LinkIndex((f.path for f in vault.files), aliases)
    resolved = resolve_notes(vault.linking, index, publish=publish)
    return LinkedVault(vault, aliases, index, resolved, publish)


def load_linked(
    root: Path, config: CheckConfig, *, publish: bool = False, jobs: int | None = None
) -> LinkedVault:
    """Load the vault at ``root`` as ``config`` says (ignore globs, ``publish``) and link it;
    ``publish`` resolves as Obsidian Publish does even when ``config`` does not say so."""
    vault = load_vault(root, ignore=config.ignore_globs, jobs=jobs)
    return link_vault(vault, publish=publish or config.publish)
