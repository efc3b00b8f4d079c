"""Which rules run, at which severity: ``select``/``extend-select``/``ignore``/``severity``.

Keys are rule names, codes or code prefixes (``orphan``, ``VK301``, ``VK3``, ``ALL``).
"""

from __future__ import annotations

import difflib

from vaultkit.config import CheckConfig
from vaultkit.errors import ConfigError
from vaultkit.lint.rules import RULES, lookup, matching
from vaultkit.notes.model import Severity


def validate_rules(config: CheckConfig, where: str) -> None:
    """Every rule key names a rule (by name, code or code prefix)."""
    for key in (*(config.select or ()), *config.extend_select, *config.ignore):
        if not matching(key):
            raise ConfigError(f"{where}: unknown rule '{key}'{_rule_hint(key)}")
    for key in config.severity:
        if lookup(key) is None:
            raise ConfigError(f"{where}: unknown rule '{key}' in severity{_rule_hint(key)}")


def _rule_hint(key: str) -> str:
    close = difflib.get_close_matches(key.lower(), list(RULES), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def active_rules(config: CheckConfig) -> dict[str, Severity]:
    """Rule name -> severity for every rule that runs."""
    if config.select is None:
        chosen = {name for name, r in RULES.items() if r.enabled}
    else:
        chosen = {r.name for key in config.select for r in matching(key)}
    chosen |= {r.name for key in config.extend_select for r in matching(key)}
    chosen -= {r.name for key in config.ignore for r in matching(key)}
    graded = {name: RULES[name].severity for name in chosen}
    for key, level in config.severity.items():
        entry = lookup(key)
        if entry is None:
            continue
        if level == "off":
            graded.pop(entry.name, None)
        elif entry.name in graded or config.select is None:
            graded[entry.name] = Severity(level)
    return graded
