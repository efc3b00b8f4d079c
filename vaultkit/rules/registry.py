"""The rule registry: every rule's stable code, kebab-case name, default severity and function.

Rules are small pure functions ``(ctx) -> Iterable[Finding]``; the :func:`rule` decorator
registers one with its metadata. Rule modules are imported by :mod:`vaultkit.rules`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.model import Finding, Severity, Span

if TYPE_CHECKING:
    from vaultkit.rules.context import RuleContext

RuleFunc = Callable[["RuleContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    enabled: bool  # enabled by default
    summary: str
    description: str
    func: RuleFunc | None  # None: findings come from another stage (e.g. the scanner)

    def finding(self, path: str, span: Span, message: str) -> Finding:
        return Finding(self.code, self.name, self.severity, path, span, message)


RULES: dict[str, Rule] = {}  # by name, in registration order


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    description: str = "",
    *,
    enabled: bool = True,
) -> Callable[[RuleFunc], RuleFunc]:
    def register(func: RuleFunc) -> RuleFunc:
        declare(code, name, severity, summary, description, enabled=enabled, func=func)
        return func

    return register


def declare(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    description: str = "",
    *,
    enabled: bool = True,
    func: RuleFunc | None = None,
) -> Rule:
    if name in RULES or any(r.code == code for r in RULES.values()):
        raise ValueError(f"rule {code} {name} registered twice")
    entry = Rule(code, name, severity, enabled, summary, description or summary, func)
    RULES[name] = entry
    return entry


def lookup(key: str) -> Rule | None:
    """A rule by name or code (case-insensitive)."""
    lowered = key.strip().lower()
    for entry in RULES.values():
        if lowered in (entry.name, entry.code.lower()):
            return entry
    return None


def matching(key: str) -> list[Rule]:
    """Rules selected by ``key``: a name, a code, a code prefix ('VK1') or 'ALL'."""
    lowered = key.strip().lower()
    if lowered == "all":
        return list(RULES.values())
    exact = lookup(key)
    if exact is not None:
        return [exact]
    return [r for r in RULES.values() if r.code.lower().startswith(lowered) and lowered[:2] == "vk"]


def all_rules() -> list[Rule]:
    return sorted(RULES.values(), key=lambda r: r.code)
