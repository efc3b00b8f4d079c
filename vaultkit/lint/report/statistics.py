"""`--statistics`: how many findings each rule reported, most first (as ``ruff --statistics``).

::

      12  VK101  unresolved-link
       3  VK301  orphan

With a ``fixable`` function (a finding -> whether a fix can be applied), a fourth column says
how many of each rule's findings are fixable; without one (no rule has fixes yet) the column
is left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from vaultkit.notes.model import Finding


@dataclass(frozen=True)
class RuleCount:
    code: str
    rule: str
    count: int
    fixable: int | None = None  # None: fixes are not known


def rule_statistics(
    findings: Iterable[Finding], fixable: Callable[[Finding], bool] | None = None
) -> list[RuleCount]:
    """One row per rule that reported, sorted by count (highest first), then by code."""
    counts: dict[tuple[str, str], list[int]] = {}
    for f in findings:
        row = counts.setdefault((f.code, f.rule), [0, 0])
        row[0] += 1
        if fixable is not None and fixable(f):
            row[1] += 1
    rows = [
        RuleCount(code, rule, n, fixed if fixable is not None else None)
        for (code, rule), (n, fixed) in counts.items()
    ]
    rows.sort(key=lambda r: (-r.count, r.code))
    return rows


def render_text(rows: list[RuleCount]) -> str:
    """Aligned columns: count, code, rule name, and (when known) fixable count."""
    if not rows:
        return ""
    count_w = max(len(str(r.count)) for r in rows)
    code_w = max(len(r.code) for r in rows)
    rule_w = max(len(r.rule) for r in rows)
    out = []
    for r in rows:
        line = f"{r.count:>{count_w}}  {r.code:<{code_w}}  {r.rule:<{rule_w}}"
        if r.fixable is not None:
            line += f"  {r.fixable} fixable"
        out.append(line.rstrip() + "\n")
    return "".join(out)


def render_json(rows: list[RuleCount]) -> str:
    """A JSON list of ``{"code", "name", "count"[, "fixable"]}``."""
    items: list[dict[str, Any]] = []
    for r in rows:
        item: dict[str, Any] = {"code": r.code, "name": r.rule, "count": r.count}
        if r.fixable is not None:
            item["fixable"] = r.fixable
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
