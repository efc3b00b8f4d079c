"""Importing glossaries into an Obsidian vault: one note per concept, merged, linked.

Public entry points: :func:`import_sources` (the whole import) and :func:`read` (one text).
"""

from __future__ import annotations

from vaultkit.importers.pipeline import FileChange, ImportReport, SourceReport, import_sources
from vaultkit.importers.registry import FORMATS, read

__all__ = ["FORMATS", "FileChange", "ImportReport", "SourceReport", "import_sources", "read"]
