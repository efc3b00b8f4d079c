"""Fixes for findings: each fixable rule has a fixer that turns one finding into a Fix.

Fixers run after a check, only when fixes are wanted (``--fix``, ``--diff``, JSON/SARIF
output, the editor): the check itself never pays for them. A fixer reads what the finding
points at (the note's text, its parse, the vault's link index) and returns the edits, or None
when it cannot be sure. The loop that applies them is :mod:`vaultkit.lint.fixes.apply`.
"""

from vaultkit.lint.fixes import links, properties, tables  # noqa: F401  (each registers its fixers)
from vaultkit.lint.fixes.context import FixContext, vault_context
from vaultkit.lint.fixes.registry import FIXERS, fixes_for

FIXES_VERSION = 1  # of what the fixers make: part of the key of a stored result with fixes

__all__ = ["FIXERS", "FIXES_VERSION", "FixContext", "fixes_for", "vault_context"]
