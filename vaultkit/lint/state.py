"""What a check leaves for the next one: every note's state, captured from a full check,
stored and read back through :mod:`vaultkit.cache.codec` (the re-check itself is
:mod:`vaultkit.lint.incremental`)."""

from __future__ import annotations

import dataclasses
import hashlib
import zlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from vaultkit.cache.codec import Packed, pack, pack_finding, seal, unpack, unpack_finding, unseal
from vaultkit.config import CheckConfig
from vaultkit.lint.facts import NoteFacts, pack_facts, unpack_facts
from vaultkit.lint.rules import RULES, RuleContext
from vaultkit.lint.rules.registry import NOTE
from vaultkit.lint.suppress import Suppressions
from vaultkit.notes.model import Finding, Note, RawFinding
from vaultkit.notes.resolve import Resolved
from vaultkit.notes.scan import VaultFile, VaultScan
from vaultkit.text import nfc

if TYPE_CHECKING:
    from vaultkit.cache.store import SqliteNoteCache

STATE_VERSION = 5  # 5: stored in parts; 4: each note's unresolved links
PARTS = 128  # a state is stored as a header and this many parts of notes

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


class NoteState(NamedTuple):
    stat: Stat | None  # None: written too recently to be told apart from its next version
    facts: NoteFacts
    aliases: tuple[str, ...]  # as Obsidian reads them (the link index)
    anchors: str  # digest of its headings and block ids: what a #subpath link sees
    subpath_targets: tuple[str, ...]  # notes it links to with a #heading or #^block
    unresolved: tuple[str, ...]  # its unresolved link paths, folded (their hints read the vault);
    # what its resolved links may find is known from its facts (see link_names)
    suppressions: Suppressions | None
    findings: tuple[Finding, ...]  # by the note-scoped rules, graded, before suppression
    packed: tuple[object, ...] | None = None  # the stored row this was read from, if unchanged


@dataclasses.dataclass(frozen=True)
class CheckState:
    paths: tuple[str, ...]  # every vault file, in scan order
    folders: tuple[str, ...]  # sorted
    scan_problems: tuple[RawFinding, ...]  # as the scan reported them
    problems: tuple[RawFinding, ...]  # the scan's and the parser's, as the rules saw them
    unparsed: Mapping[str, Stat | None]  # notes and canvases that did not parse into a Note
    notes: Mapping[str, NoteState]  # notes and canvases, in the vault's order
    vault_findings: tuple[Finding, ...] = ()  # by the vault-scoped rules, graded
    origin: int | None = None  # the token of the stored state this one was made from
    dropped: frozenset[str] = frozenset()  # notes of that state that this one no longer has


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
    wanted: set[str], path: str, ns: NoteState, aliases: Mapping[str, NoteState] | None = None
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
    notes: dict[str, NoteState] = {}
    unparsed: dict[str, Stat | None] = {}
    for f in scan.files:
        if not f.has_links:
            continue
        note = ctx.notes.get(f.path)
        if note is None:
            unparsed[f.path] = stat_of(f, racy_after)
            continue
        items = ctx.resolved.get(f.path, ())
        notes[f.path] = NoteState(
            stat_of(f, racy_after),
            facts[f.path],
            ctx.aliases.get(f.path, ()),
            anchor_digest(note),
            subpath_targets(items, ctx.notes),
            unresolved_paths(items),
            suppressions.get(f.path),
            tuple(by_note.get(f.path, ())),
        )
    return CheckState(
        tuple(f.path for f in scan.files),
        tuple(sorted(scan.folders)),
        tuple(scan.problems),
        tuple(ctx.problems),
        unparsed,
        notes,
        tuple(vault),
    )


# ---- storage ----------------------------------------------------------------------------------
# A state is stored as a header (paths, folders, problems) and PARTS parts, each the rows of the
# notes whose path hashes to it (vaultkit.cache.parts). Each is one sealed value
# (vaultkit.cache.codec: marshal behind a CRC-32): loading 10,000 notes' rows this way takes a few
# hundredths of a second, where a pickle with a type check of every value took 0.2 s. A state made
# by a re-check is stored over the state it came from, and only the parts holding a re-checked or
# dropped note are written: at 50,000 notes a one-note edit writes about 400 rows, not 50,000.
# The check value makes a damaged or truncated part a miss, so the rows need no value-by-value
# check; the unpacking below still turns any shape it does not expect into a miss. A note whose
# row is unchanged keeps its packed row, so a part is packed again without packing its notes.


class StoredState(NamedTuple):
    header: bytes
    parts: dict[int, bytes]
    over: int | None  # the token of the stored state these parts replace some of; None: whole


def part_of(path: str) -> int:
    """The part a note's row is stored in."""
    return zlib.crc32(path.encode("utf-8", "surrogatepass")) % PARTS


def load_state(cache: SqliteNoteCache, key: str) -> CheckState | None:
    """The state stored under ``key``, or None (none, damaged, foreign, older)."""
    found = cache.lookup_parts(key)
    if found is None:
        return None
    return unpack_state(StoredState(found.header, found.parts, found.token))


def save_state(cache: SqliteNoteCache, key: str, state: CheckState, *, keep: int) -> None:
    """Store ``state`` under ``key``: over the state it came from if that is still the one
    stored, else whole (another run stored a state meanwhile)."""
    stored = pack_state(state)
    if cache.store_parts(key, stored.header, stored.parts, over=stored.over, keep=keep):
        return
    if stored.over is not None and cache.writable:  # refused: not over the state now stored
        whole = pack_state(state, whole=True)
        cache.store_parts(key, whole.header, whole.parts, over=None, keep=keep)


def pack_state(state: CheckState, *, whole: bool = False) -> StoredState:
    """What to store for ``state``: its header and the parts that changed since the state it
    came from (every part if ``whole`` or if it came from no stored state)."""
    over = None if whole else state.origin
    notes = state.notes
    if over is None:
        dirty = set(range(PARTS))
    else:
        dirty = {part_of(p) for p, ns in notes.items() if ns.packed is None}
        dirty.update(part_of(p) for p in state.dropped)
    rows: dict[int, list[tuple[object, ...]]] = {part: [] for part in dirty}
    for path, ns in notes.items():
        bucket = rows.get(part_of(path))
        if bucket is not None:
            bucket.append(ns.packed if ns.packed is not None else _pack_row(path, ns))
    header = seal(
        (
            STATE_VERSION,
            PARTS,
            state.paths,
            state.folders,
            tuple(pack(p) for p in state.scan_problems),
            tuple(pack(p) for p in state.problems),
            tuple(state.unparsed.items()),
            tuple(pack_finding(f) for f in state.vault_findings),
        )
    )
    parts = {part: seal((STATE_VERSION, tuple(found))) for part, found in rows.items()}
    return StoredState(header, parts, over)


def _pack_row(path: str, ns: NoteState) -> tuple[object, ...]:
    return (
        path,
        ns.stat,
        pack_facts(ns.facts),
        ns.aliases,
        ns.anchors,
        ns.subpath_targets,
        ns.unresolved,
        None if ns.suppressions is None else ns.suppressions.pack(),
        tuple(pack_finding(f) for f in ns.findings),
    )


def unpack_state(stored: StoredState | None) -> CheckState | None:
    """The state stored as ``stored``, or None for anything else (damaged, foreign, older, a
    part missing)."""
    if stored is None:
        return None
    header = unseal(stored.header)
    if (
        not isinstance(header, tuple)
        or len(header) != 8
        or header[:2] != (STATE_VERSION, PARTS)
        or set(stored.parts) != set(range(PARTS))
    ):
        return None
    try:
        return _unpack_state(header, stored.parts, stored.over)
    except Exception:  # a value of another shape is a miss, never an error
        return None


def _unpack_state(header: tuple[Any, ...], parts: Mapping[int, bytes], token: int | None) -> (
    CheckState | None
):
    _, _, paths, folders, scan_problems, problems, unparsed, vault = header
    found: dict[str, NoteState] = {}
    for part in parts.values():
        value = unseal(part)
        if not isinstance(value, tuple) or len(value) != 2 or value[0] != STATE_VERSION:
            return None
        for row in value[1]:
            path, stat, facts, aliases, anchors, targets, unresolved, suppressions, seen = row
            found[path] = NoteState(
                stat,
                unpack_facts(facts),
                aliases,
                anchors,
                targets,
                unresolved,
                None if suppressions is None else Suppressions.unpack(suppressions),
                tuple([unpack_finding(f) for f in seen]),
                row,
            )
    notes = {path: found[path] for path in paths if path in found}  # in the vault's order
    if len(notes) != len(found):
        return None  # a row of a note the header does not list
    return CheckState(
        paths,
        folders,
        tuple(_problem(p) for p in scan_problems),
        tuple(_problem(p) for p in problems),
        dict(unparsed),
        notes,
        tuple([unpack_finding(f) for f in vault]),
        token,
    )
def _problem(value: Packed) -> RawFinding:
    result = unpack(value)
    if not isinstance(result, RawFinding):
        raise TypeError("expected a problem")
    return result
