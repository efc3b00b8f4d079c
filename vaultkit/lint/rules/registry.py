"""The rule registry: every rule's stable code, kebab-case name, default severity and function.

Rules are small pure functions ``(ctx) -> Iterable[Finding]``; the :func:`rule` decorator
registers one with its metadata. Rule modules are imported by :mod:`vaultkit.lint.rules`.

Every rule has a scope, which is what lets a check with a cache re-check only what changed:

- ``note`` (:data:`NOTE`): the findings about a note depend on that note, the vault's *shape*
  (its file paths, folders, unreadable files and every note's aliases), and the headings and
  block ids of the notes it links to with a subpath. Such a rule reports each finding on the
  note it checked, iterates ``ctx.notes``/``ctx.resolved`` for *what* to check and only looks
  other notes up (``ctx.notes[p]``, ``ctx.facts``), never iterates them for global tables.
- ``vault`` (:data:`VAULT`): anything else. It reads the vault through ``ctx.facts`` (compact
  per-note facts, cheap to keep between runs) and ``ctx.files``; it may look notes up, not
  iterate ``ctx.notes``. Its findings are a function of the vault's shape and every note's
  facts, and of the content of the notes ``reads`` accepts (by their facts; None: of no
  note's content): a re-check in which none of these changed keeps its findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.notes.model import Finding, Severity, Span

if TYPE_CHECKING:
    from vaultkit.lint.facts import NoteFacts
    from vaultkit.lint.rules.context import RuleContext

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
    scope: str = "note"  # NOTE or VAULT (see the module docstring)
    reads: Callable[[NoteFacts], bool] | None = None  # a VAULT rule's notes read beyond facts

    def finding(self, path: str, span: Span, message: str) -> Finding:
        return Finding(self.code, self.name, self.severity, path, span, message)


NOTE = "note"
VAULT = "vault"

RULES: dict[str, Rule] = {}  # by name, in registration order


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    description: str = "",
    *,
    enabled: bool = True,
    scope: str = NOTE,
    reads: Callable[[NoteFacts], bool] | None = None,
) -> Callable[[RuleFunc], RuleFunc]:
    def register(func: RuleFunc) -> RuleFunc:
        declare(
            code, name, severity, summary, description, enabled=enabled, func=func, scope=scope,
            reads=reads,
        )
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
    scope: str = NOTE,
    reads: Callable[[NoteFacts], bool] | None = None,
) -> Rule:
    if name in RULES or any(r.code == code for r in RULES.values()):
        raise ValueError(f"rule {code} {name} registered twice")
    if scope not in (NOTE, VAULT):
        raise ValueError(f"rule {code} {name}: unknown scope {scope!r}")
    if reads is not None and scope != VAULT:
        raise ValueError(f"rule {code} {name}: only a vault rule declares what it reads")
    entry = Rule(
        code, name, severity, enabled, summary, description or summary, func, scope, reads
    )
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
