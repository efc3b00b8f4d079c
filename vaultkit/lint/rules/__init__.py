"""Every rule, registered on import: see :mod:`vaultkit.lint.rules.registry`."""

from __future__ import annotations

from vaultkit.lint.rules import files, graphs, links, names, properties  # noqa: F401  (registration)
from vaultkit.lint.rules.context import RuleContext
from vaultkit.lint.rules.registry import RULES, Rule, all_rules, lookup, matching

__all__ = ["RULES", "Rule", "RuleContext", "all_rules", "lookup", "matching"]
