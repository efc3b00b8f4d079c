"""Run the active rules over a RuleContext, on two cores when the vault is large.

The rules only read the context, so a forked child sees it for free (copy-on-write) and sends
back nothing but its findings. Rules are grouped so that rules sharing a cached part of the
context (the subpath table, the per-note facts) run in the same process; this process takes
groups from the front of :data:`GROUPS`, the child from the back
(:func:`vaultkit.parallel.run`), so the split adapts to whichever side is slower. Without fork
(Windows, macOS), for small vaults, or with ``jobs=1``, every rule runs here. Findings are the
same either way: the caller sorts.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from vaultkit import parallel
from vaultkit.cache.codec import decode, encode, pack_finding, unpack_finding
from vaultkit.lint.rules import RULES, RuleContext
from vaultkit.notes.model import Finding, Severity

# Rule modules in groups that share a cached part of the context (names and graphs both read
# ctx.facts), cheapest-to-split order: links and properties here first, the facts group in the
# child first (10,000-note benchmark: about 0.3 s each side).
GROUPS = (
    ("vaultkit.lint.rules.links",),
    ("vaultkit.lint.rules.properties",),
    ("vaultkit.lint.rules.files",),
    ("vaultkit.lint.rules.names", "vaultkit.lint.rules.graphs"),
)
PARALLEL_FROM = 2000  # notes; below this forking costs more than it saves

Graded = tuple[tuple[str, Severity], ...]


def run_rules(
    ctx: RuleContext,
    graded: Mapping[str, Severity],
    timings: dict[str, float],
    *,
    jobs: int | None = None,
) -> list[Finding]:
    """Every graded rule's findings (graded to its severity), in no particular order."""
    runnable = [(name, sev) for name, sev in graded.items() if RULES[name].func is not None]
    groups = _groups(runnable)
    if len(groups) < 2 or len(ctx.notes) < PARALLEL_FROM or (jobs is not None and jobs < 2):
        return _run(ctx, runnable, timings)
    if not parallel.available():
        return _run(ctx, runnable, timings)

    def here(group: Graded) -> list[Finding]:
        return _run(ctx, group, timings)

    def there(group: Graded) -> bytes:
        spent: dict[str, float] = {}
        found = _run(ctx, group, spent)
        return encode(([pack_finding(f) for f in found], spent))

    def receive(payload: bytes) -> list[Finding]:
        packed, spent = decode(payload)
        timings.update(spent)
        return [unpack_finding(item) for item in packed]

    try:
        return parallel.run(groups, here, there, receive, children=1)
    except OSError:  # no process to be had: the rules the child had not finished run here
        return _run(ctx, runnable, timings)


def _groups(runnable: list[tuple[str, Severity]]) -> list[Graded]:
    group_of = {module: k for k, group in enumerate(GROUPS) for module in group}
    by_group: dict[tuple[int, str], list[tuple[str, Severity]]] = {}
    for name, severity in runnable:
        func = RULES[name].func
        module = func.__module__ if func is not None else ""
        key = (group_of[module], "") if module in group_of else (len(GROUPS), module)
        by_group.setdefault(key, []).append((name, severity))
    return [tuple(by_group[key]) for key in sorted(by_group)]


def _run(
    ctx: RuleContext, rules: Iterable[tuple[str, Severity]], timings: dict[str, float]
) -> list[Finding]:
    found: list[Finding] = []
    for name, severity in rules:
        func = RULES[name].func
        assert func is not None
        began = time.perf_counter()
        found.extend(
            f if f.severity is severity else f._replace(severity=severity)
            for f in func(ctx)
        )
        timings[f"rule:{name}"] = time.perf_counter() - began
    return found
