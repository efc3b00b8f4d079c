"""What a check leaves for the next one: every note's state, captured from a full check (stored
by :mod:`vaultkit.lint.stored`; the re-check itself is :mod:`vaultkit.lint.incremental`)."""

from __future__ import annotations

import dataclasses
import hashlib
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from vaultkit.config import CheckConfig
from vaultkit.lint.facts import NoteFacts
from vaultkit.lint.rules import RULES, RuleContext
from vaultkit.lint.rules.registry import NOTE
from vaultkit.lint.statkeys import Stat, StatKeys
from vaultkit.lint.suppress import Suppressions
from vaultkit.notes.model import Finding, Note, RawFinding
from vaultkit.notes.resolve import Resolved
from vaultkit.notes.scan import VaultFile, VaultScan
from vaultkit.text import nfc

STATE_VERSION = 8  # 8: stat keys in one array; 7: a note's findings in report order



class NoteHead(NamedTuple):
    """What every re-check reads of every note: what the link index needs of it and what is
    reported about it (whether it changed: CheckState.stats)."""

    aliases: tuple[str, ...]  # as Obsidian reads them (the link index)
    suppressions: Suppressions | None
    findings: tuple[Finding, ...]  # by the note-scoped rules, graded, before suppression, in
    # report order (Finding.sort_key): the notes' findings, by note in path order, are in order
    packed: tuple[object, ...] | None = None  # the stored row this was read from, if unchanged


class NoteDetail(NamedTuple):
    """What a re-check reads of a note only when a change may speak about it (read from a
    stored state on first use: see :mod:`vaultkit.lint.stored`)."""

    facts: NoteFacts
    anchors: str  # digest of its headings and block ids: what a #subpath link sees
    subpath_targets: tuple[str, ...]  # notes it links to with a #heading or #^block
    unresolved: tuple[str, ...]  # its unresolved link paths, folded (their hints read the vault);
    # what its resolved links may find is known from its facts (see link_names)
    packed: tuple[object, ...] | None = None  # the stored row this was read from, if unchanged


class FullCheckNeeded(Exception):
    """A re-check cannot give the full check's findings: run a full check (the reason is the
    message)."""


@dataclasses.dataclass(frozen=True)
class CheckState:
    paths: tuple[str, ...]  # every vault file, in scan order
    folders: tuple[str, ...]  # sorted
    scan_problems: tuple[RawFinding, ...]  # as the scan reported them
    problems: tuple[RawFinding, ...]  # the scan's and the parser's, as the rules saw them
    unparsed: Mapping[str, Stat | None]  # notes and canvases that did not parse into a Note
    stats: StatKeys  # the stat keys of the notes and canvases that did, in the vault's order
    heads: Mapping[str, NoteHead]  # the same notes' (of a stored state: read on first use)
    details: Mapping[str, NoteDetail]  # the same notes' (of a stored state: read on first use)
    vault_findings: tuple[Finding, ...] = ()  # by the vault-scoped rules, graded
    origin: int | None = None  # the token of the stored state this one was made from
    dropped: frozenset[str] = frozenset()  # notes of that state that this one no longer has
    members: Mapping[int, tuple[str, ...]] | None = None  # that state's notes by stored part


def state_key(tag: str, config: CheckConfig, root: Path, schema_stats: Sequence[str]) -> str:
    """The key of the state a check with ``config`` leaves (the FILES it reports on aside)."""
    digest = hashlib.blake2b(f"{tag}\0{STATE_VERSION}".encode(), digest_size=16)
    options = repr(_without_files(config))
    for item in (options, str(root.resolve()), *schema_stats):
        digest.update(b"\1" + item.encode("utf-8", "surrogatepass"))
    return "state:" + digest.hexdigest()


def _without_files(config: CheckConfig) -> CheckConfig:
    return dataclasses.replace(config, only_paths=None)


def stat_of(f: VaultFile, racy_after: int) -> Stat | None:
    """The stat key to store for ``f``: None when it was written after ``racy_after``."""
    if max(f.ctime_ns, f.mtime_ns) >= racy_after:
        return None
    return (f.size, f.mtime_ns, f.ctime_ns, f.ino)


def anchor_digest(note: Note) -> str:
    """What links with a subpath see of a note: heading levels and texts, block ids."""
    digest = hashlib.blake2b(digest_size=12)
    for heading in note.headings:  # length-prefixed: no two lists of headings read the same
        text = heading.text
        digest.update(f"h{heading.level}:{len(text)}:{text}".encode("utf-8", "surrogatepass"))
    for block in note.blocks:
        digest.update(f"b{len(block.id)}:{block.id}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def subpath_targets(items: Sequence[Resolved], notes: Mapping[str, object]) -> tuple[str, ...]:
    """The notes these links reach with a #heading or #^block subpath (each once)."""
    found: dict[str, None] = {}
    for item in items:
        if item.link.subpath and item.target is not None and item.target in notes:
            found[item.target] = None
    return tuple(found)


def fold(text: str) -> str:
    """A name as link resolution compares it: NFC, lower case."""
    return nfc(text).lower()


def unresolved_paths(items: Sequence[Resolved]) -> tuple[str, ...]:
    """The folded paths of these links that resolve to nothing (each once, sorted)."""
    return tuple(sorted({fold(i.link.path) for i in items if i.target is None and i.link.path}))


def names_any(
    wanted: set[str], path: str, ns: NoteDetail, aliases: Mapping[str, NoteHead] | None = None
) -> bool:
    """May a link of note ``path`` be named by one of ``wanted`` (folded names)? A resolved
    link's last segment is the name of the file it found, or that name without its extension
    (that is how it was found), so the facts' targets tell it; an unresolved link's is
    stored; a link to the note itself (left out of the targets) is named like the note. With
    ``aliases`` (the notes' states, when links resolve as Obsidian Publish does), a link may
    also be named by an alias of the note it found."""
    if not wanted.isdisjoint(file_keys(path)):
        return True
    for target in ns.facts.targets:
        if not wanted.isdisjoint(file_keys(target)):
            return True
        found = aliases.get(target) if aliases is not None else None
        if found is not None and any(fold(a) in wanted for a in found.aliases):
            return True
    for broken in ns.unresolved:
        last = broken[broken.rfind("/") + 1 :]
        if last in wanted or last.rstrip() in wanted:
            return True
    return False


@lru_cache(maxsize=1 << 16)
def file_keys(path: str) -> frozenset[str]:
    """What a link's last segment may be to find ``path``: its name, and its name without
    the extension (kept per path: a vault's targets repeat)."""
    name = fold(path).rsplit("/", 1)[-1]
    return frozenset((name, name.rsplit(".", 1)[0]) if "." in name else (name,))


def in_report_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=Finding.sort_key))


def ordered_merge(ordered: list[Finding], others: Iterable[Finding]) -> list[Finding]:
    """``ordered`` (in report order) with ``others`` put in their places: a few hundred
    findings placed by bisection instead of sorting tens of thousands again."""
    rest = sorted(others, key=Finding.sort_key)
    if not rest:
        return ordered
    out: list[Finding] = []
    at = 0
    for finding in rest:
        place = bisect_right(ordered, finding.sort_key(), lo=at, key=Finding.sort_key)
        out.extend(ordered[at:place])
        out.append(finding)
        at = place
    out.extend(ordered[at:])
    return out


def is_note_scoped(finding: Finding) -> bool:
    entry = RULES.get(finding.rule)
    return entry is not None and entry.scope == NOTE


# ---- capturing a full check -----------------------------------------------------------------


def capture(
    scan: VaultScan,
    ctx: RuleContext,
    *,
    facts: Mapping[str, NoteFacts],
    raw: Sequence[Finding],
    suppressions: Mapping[str, Suppressions],
    racy_after: int,
) -> CheckState:
    """The state a full check of ``ctx`` (of the vault ``scan`` found) leaves for the next run:
    ``facts`` are every note's, ``raw`` the check's graded findings before suppression."""
    by_note: dict[str, list[Finding]] = {}
    vault: list[Finding] = []
    for finding in raw:
        if is_note_scoped(finding):
            by_note.setdefault(finding.path, []).append(finding)
        else:
            vault.append(finding)
    heads: dict[str, NoteHead] = {}
    details: dict[str, NoteDetail] = {}
    stats: list[tuple[str, Stat | None]] = []
    unparsed: dict[str, Stat | None] = {}
    for f in scan.files:
        if not f.has_links:
            continue
        note = ctx.notes.get(f.path)
        if note is None:
            unparsed[f.path] = stat_of(f, racy_after)
            continue
        items = ctx.resolved.get(f.path, ())
        stats.append((f.path, stat_of(f, racy_after)))
        heads[f.path] = NoteHead(
            ctx.aliases.get(f.path, ()),
            suppressions.get(f.path),
            in_report_order(by_note.get(f.path, ())),
        )
        details[f.path] = NoteDetail(
            facts[f.path],
            anchor_digest(note),
            subpath_targets(items, ctx.notes),
            unresolved_paths(items),
        )
    return CheckState(
        tuple(f.path for f in scan.files),
        tuple(sorted(scan.folders)),
        tuple(scan.problems),
        tuple(ctx.problems),
        unparsed,
        StatKeys.of(stats),
        heads,
        details,
        tuple(vault),
    )
