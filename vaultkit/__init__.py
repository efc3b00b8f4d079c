"""vaultkit: one Obsidian vault from many glossaries, linted exactly as Obsidian resolves it."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
