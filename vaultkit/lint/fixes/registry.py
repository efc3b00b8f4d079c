"""Which rule has a fixer, and the one call that asks all of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from vaultkit.edit.model import Fix
from vaultkit.errors import VaultkitError
from vaultkit.lint.fixes.context import FixContext
from vaultkit.notes.model import Finding
from vaultkit.notes.scan import is_canvas_name

Fixer = Callable[[Finding, FixContext], "Fix | None"]
FIXERS: dict[str, Fixer] = {}


def fixer(rule: str) -> Callable[[Fixer], Fixer]:
    def register(func: Fixer) -> Fixer:
        FIXERS[rule] = func
        return func

    return register


def fixes_for(findings: Iterable[Finding], ctx: FixContext) -> dict[Finding, Fix]:
    """The fix of every finding that has one (a note that cannot be read gets none)."""
    # a canvas is JSON: its text is not edited by fixers (mv rewrites its links itself)
    wanted = [f for f in findings if f.rule in FIXERS and not is_canvas_name(f.path)]
    ctx.preload(dict.fromkeys(f.path for f in wanted))
    out: dict[Finding, Fix] = {}
    for finding in wanted:
        func = FIXERS.get(finding.rule)
        if func is None:
            continue
        try:
            fix = func(finding, ctx)
        except VaultkitError:  # the note is unreadable now: no fix, the finding stays
            continue
        if fix is not None and fix.edits:
            out[finding] = fix
    return out
