"""Run the active rules over a RuleContext, on two cores when the vault is large.

The rules only read the context, so a forked helper process sees it for free (copy-on-write)
and sends back nothing but its findings. The helper takes the rules of :data:`HELPER_MODULES`
(names and graphs: alias collisions, orphans, cycles, and networkx when a cycle search needs
it), this process the rest (links, properties, files, schema); on the 10,000-note benchmark the
two halves cost about the same. Without ``fork`` (Windows, macOS' default), for small vaults,
or with ``jobs=1``, every rule runs here, in registry order. Findings are identical either way:
the caller sorts them.
"""

from __future__ import annotations

import dataclasses
import marshal
import multiprocessing
import sys
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from vaultkit.model import Finding, Severity, Span
from vaultkit.rules import RULES, RuleContext

HELPER_MODULES = ("vaultkit.rules.graphs", "vaultkit.rules.names")
PARALLEL_FROM = 2000  # notes; below this forking costs more than the helper saves

# what the forked helper reads: filled just before the fork, emptied after
_shared: list[tuple[RuleContext, list[tuple[str, Severity]]]] = []


def run_rules(
    ctx: RuleContext,
    graded: Mapping[str, Severity],
    timings: dict[str, float],
    *,
    jobs: int | None = None,
) -> list[Finding]:
    """Every graded rule's findings (graded to its severity), in no particular order."""
    runnable = [(name, sev) for name, sev in graded.items() if RULES[name].func is not None]
    helper = [(n, s) for n, s in runnable if _module(n) in HELPER_MODULES]
    local = [(n, s) for n, s in runnable if _module(n) not in HELPER_MODULES]
    if not helper or not local or not _parallel(len(ctx.notes), jobs):
        return _run(ctx, runnable, timings)
    _shared.append((ctx, helper))
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            future = pool.submit(_helper_findings)
            found = _run(ctx, local, timings)
            payload, helper_timings = future.result()
    except (OSError, BrokenProcessPool):  # no process to be had: run the helper's rules here
        return _run(ctx, runnable, timings)
    finally:
        _shared.clear()
    timings.update(helper_timings)
    found.extend(_unpack(payload))
    return found


def _module(name: str) -> str:
    func = RULES[name].func
    return func.__module__ if func is not None else ""


def _parallel(notes: int, jobs: int | None) -> bool:
    if jobs is not None and jobs < 2:
        return False
    if notes < PARALLEL_FROM or not sys.platform.startswith("linux"):
        return False
    return "fork" in multiprocessing.get_all_start_methods()


def _run(
    ctx: RuleContext, rules: Iterable[tuple[str, Severity]], timings: dict[str, float]
) -> list[Finding]:
    found: list[Finding] = []
    for name, severity in rules:
        func = RULES[name].func
        assert func is not None
        began = time.perf_counter()
        found.extend(
            f if f.severity is severity else dataclasses.replace(f, severity=severity)
            for f in func(ctx)
        )
        timings[f"rule:{name}"] = time.perf_counter() - began
    return found


def _helper_findings() -> tuple[bytes, dict[str, float]]:
    """In the forked helper: run the shared rules, send the findings as plain tuples."""
    assert _shared, "the helper runs only in a process forked by run_rules"
    ctx, rules = _shared[0]
    timings: dict[str, float] = {}
    found = _run(ctx, rules, timings)
    packed = [(f.code, f.rule, f.severity.value, f.path, tuple(f.span), f.message) for f in found]
    return marshal.dumps(packed), timings


def _unpack(payload: bytes) -> list[Finding]:
    return [
        Finding(code, rule, Severity(severity), path, Span(*span), message)
        for code, rule, severity, path, span, message in marshal.loads(payload)
    ]
