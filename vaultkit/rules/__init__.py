"""Every rule, registered on import: see :mod:`vaultkit.rules.registry`."""

from __future__ import annotations

from vaultkit.rules import files, graphs, links, names, properties  # noqa: F401  (registration)
from vaultkit.rules.context import RuleContext
from vaultkit.rules.registry import RULES, Rule, all_rules, lookup, matching

__all__ = ["RULES", "Rule", "RuleContext", "all_rules", "lookup", "matching"]
