"""The re-check state as the cache keeps it: a header and parts, of which a run reads only what
it needs and writes only what changed.

The header holds the vault's paths, folders, problems, the vault rules' findings and every
note's stat key (:mod:`vaultkit.lint.statkeys`: one array, compared with a scan at once). Each
note is in part ``part_of(path)`` of two kinds (:mod:`vaultkit.cache.parts`):

- its *head* (aliases, suppressions, findings), read, every part at once, by a run that finds
  something changed (:class:`StoredHeads`): what the link index needs and what is reported;
- its *detail* (facts, anchors, subpath targets, unresolved links), read only for the notes a
  change may speak about, on first use (:class:`StoredDetails`).

A run that finds nothing changed reads neither (its result is kept whole, under the token of
the state's write: :meth:`vaultkit.lint.engine.Checker.recheck`). Each part is one sealed value
(:mod:`vaultkit.cache.codec`: marshal behind a CRC-32). The check value makes a damaged or
truncated value a miss, found when it is read (a part: :class:`FullCheckNeeded`), so the rows
need no value-by-value check; the unpacking still turns any shape it does not expect into a
miss. A state made by a re-check is stored over the state it came from, writing only the parts
that hold a changed or dropped note: at 50,000 notes a one-note edit writes two parts of about
400 notes, not the whole state. An unchanged row keeps its packed form, and an unread detail
part is written back as it was read.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, ItemsView, Iterator, Mapping, ValuesView
from itertools import compress
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from vaultkit.cache.codec import Packed, pack, pack_finding, seal, unpack, unpack_finding, unseal
from vaultkit.lint.facts import pack_facts, unpack_facts
from vaultkit.lint.state import STATE_VERSION, CheckState, FullCheckNeeded, NoteDetail, NoteHead
from vaultkit.lint.statkeys import StatKeys
from vaultkit.lint.suppress import Suppressions
from vaultkit.notes.model import RawFinding, new_record

if TYPE_CHECKING:
    from vaultkit.cache.store import SqliteNoteCache

_Row = TypeVar("_Row", NoteHead, NoteDetail)
PARTS = 128  # notes are stored in this many parts of heads, and as many of details


class StoredState(NamedTuple):
    header: bytes
    parts: dict[int, bytes]  # heads in 0 .. PARTS-1, details in PARTS .. 2*PARTS-1
    over: int | None  # the token of the stored state these parts replace some of; None: whole


def part_of(path: str) -> int:
    """The part a note's head and detail are stored in."""
    return zlib.crc32(path.encode("utf-8", "surrogatepass")) % PARTS


class StoredDetails(Mapping[str, NoteDetail]):
    """The details of the notes ``keys`` holds: those ``changed`` gives, the others read from
    their stored part on first use (a part that does not read raises FullCheckNeeded)."""

    def __init__(
        self,
        keys: Mapping[str, object],
        blobs: Mapping[int, bytes],
        changed: Mapping[str, NoteDetail] | None = None,
        read: dict[int, dict[str, NoteDetail]] | None = None,
    ) -> None:
        self._keys = keys
        self._blobs = blobs  # the stored detail parts, by part
        self.changed: Mapping[str, NoteDetail] = changed or {}
        self._read = read if read is not None else {}  # parts read so far (shared)

    def __getitem__(self, path: str) -> NoteDetail:
        found = self.changed.get(path)
        if found is not None:
            return found
        if path not in self._keys:
            raise KeyError(path)
        found = self.stored_part(part_of(path)).get(path)
        if found is None:
            raise FullCheckNeeded(f"the stored state has no detail of {path}")
        return found

    def __contains__(self, path: object) -> bool:
        return path in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def stored_part(self, part: int) -> dict[str, NoteDetail]:
        """The details stored in ``part``, as stored."""
        rows = self._read.get(part)
        if rows is None:
            rows = _unpack_details(self._blobs.get(part))
            if rows is None:
                raise FullCheckNeeded(f"part {part} of the stored state does not read")
            self._read[part] = rows
        return rows

    def pairs(self) -> Iterator[tuple[str, NoteDetail]]:
        """Every note's detail, a stored part at a time (no lookup per note)."""
        keys, changed = self._keys, self.changed
        count = 0
        for part in range(PARTS):
            stored = self.stored_part(part)
            for path, detail in stored.items():
                if path in keys:
                    count += 1
                    yield path, changed.get(path, detail)
        for path, detail in changed.items():  # notes no stored part holds (added ones)
            if path in keys and path not in self.stored_part(part_of(path)):
                count += 1
                yield path, detail
        if count != len(keys):
            raise FullCheckNeeded("the stored state lacks the detail of a note")

    def blob(self, part: int) -> bytes | None:
        """The stored bytes of ``part``."""
        return self._blobs.get(part)

    def updated(
        self, keys: Mapping[str, object], changed: Mapping[str, NoteDetail]
    ) -> StoredDetails:
        """These details for the notes ``keys`` holds, with ``changed`` replacing some."""
        return StoredDetails(keys, self._blobs, {**self.changed, **changed}, self._read)


def every_detail(details: Mapping[str, NoteDetail]) -> Iterator[tuple[str, NoteDetail]]:
    """Every note's detail, in no particular order (a stored state's a part at a time)."""
    if isinstance(details, StoredDetails):
        return details.pairs()
    return iter(details.items())


def with_details(
    details: Mapping[str, NoteDetail],
    keys: Mapping[str, object],
    changed: Mapping[str, NoteDetail],
) -> Mapping[str, NoteDetail]:
    """``details`` for the notes ``keys`` holds (in its order), with ``changed`` replacing some:
    stored details stay unread."""
    if isinstance(details, StoredDetails):
        return details.updated(keys, changed)
    return {path: changed.get(path) or details[path] for path in keys}


# ---- reading ----------------------------------------------------------------------------------


def load_state(cache: SqliteNoteCache, key: str) -> CheckState | None:
    """The state stored under ``key``, or None (none, damaged, foreign, older)."""
    found = cache.lookup_parts(key)
    if found is None:
        return None
    return unpack_state(StoredState(found.header, found.parts, found.token))


def unpack_state(stored: StoredState | None) -> CheckState | None:
    """The state stored as ``stored``, or None for anything else (damaged, foreign, older, a
    part missing). Its details are read on first use."""
    if stored is None:
        return None
    header = unseal(stored.header)
    if (
        not isinstance(header, tuple)
        or len(header) != 10
        or header[:2] != (STATE_VERSION, PARTS)
        or set(stored.parts) != set(range(2 * PARTS))
    ):
        return None
    try:
        return _unpack_state(header, stored.parts, stored.over)
    except Exception:  # a value of another shape is a miss, never an error
        return None


def _unpack_state(header: tuple[Any, ...], parts: Mapping[int, bytes], token: int | None) -> (
    CheckState | None
):
    _, _, paths, folders, scan_problems, problems, unparsed, vault, noted, keys = header
    stats = StatKeys(tuple(compress(paths, noted)), keys)  # ``noted``: which paths have a key
    members: dict[int, tuple[str, ...]] = {}  # filled when the heads are read
    heads = StoredHeads(stats, {part: parts[part] for part in range(PARTS)}, members)
    blobs = {part - PARTS: parts[part] for part in range(PARTS, 2 * PARTS)}
    return CheckState(
        paths,
        folders,
        tuple(_problem(p) for p in scan_problems),
        tuple(_problem(p) for p in problems),
        dict(unparsed),
        stats,
        heads,
        StoredDetails(stats.index, blobs),
        tuple([unpack_finding(f) for f in vault]),
        token,
        members=members,
    )


class StoredHeads(Mapping[str, NoteHead]):
    """The heads of the notes ``stats`` names, in its order, read from their stored parts all
    at once on first use (parts that do not read raise FullCheckNeeded); ``members`` then gets
    each part's notes. A run that finds nothing changed reads none of them."""

    def __init__(
        self, stats: StatKeys, blobs: Mapping[int, bytes], members: dict[int, tuple[str, ...]]
    ) -> None:
        self._stats = stats
        self._blobs = blobs
        self._members = members
        self._read: dict[str, NoteHead] | None = None

    def _all(self) -> dict[str, NoteHead]:
        if self._read is None:
            found: dict[str, NoteHead] = {}
            for part in range(PARTS):
                rows = _unpack_heads(self._blobs.get(part))
                if rows is None:
                    raise FullCheckNeeded(f"part {part} of the stored state does not read")
                self._members[part] = tuple(rows)
                found.update(rows)
            heads = {path: found[path] for path in self._stats.paths if path in found}
            if len(heads) != len(found) or len(heads) != len(self._stats.paths):
                raise FullCheckNeeded("the stored state's heads are not its notes")
            self._read = heads
        return self._read

    def __getitem__(self, path: str) -> NoteHead:
        return self._all()[path]

    def __contains__(self, path: object) -> bool:
        return path in self._stats.index

    def __iter__(self) -> Iterator[str]:
        return iter(self._stats.paths)

    def __len__(self) -> int:
        return len(self._stats.paths)

    def values(self) -> ValuesView[NoteHead]:
        return self._all().values()

    def items(self) -> ItemsView[str, NoteHead]:
        return self._all().items()


def _unpack_heads(blob: bytes | None) -> dict[str, NoteHead] | None:
    return _unpack_part(blob, _head)


def _unpack_details(blob: bytes | None) -> dict[str, NoteDetail] | None:
    return _unpack_part(blob, _detail)


def _unpack_part(
    blob: bytes | None, record: Callable[[tuple[Any, ...]], tuple[str, _Row]]
) -> dict[str, _Row] | None:
    """The rows of a stored part by path, each made by ``record``; None for a part of another
    version or shape."""
    value = unseal(blob)
    if not isinstance(value, tuple) or len(value) != 2 or value[0] != STATE_VERSION:
        return None
    try:
        return dict(record(row) for row in value[1])
    except Exception:  # a value of another shape
        return None


def _head(row: tuple[Any, ...]) -> tuple[str, NoteHead]:
    path, aliases, suppressions, seen = row
    if suppressions is not None:
        suppressions = Suppressions.unpack(suppressions)
    findings = tuple([unpack_finding(f) for f in seen]) if seen else ()
    return path, new_record(NoteHead, (aliases, suppressions, findings, row))


def _detail(row: tuple[Any, ...]) -> tuple[str, NoteDetail]:
    path, facts, anchors, targets, unresolved = row
    return path, NoteDetail(unpack_facts(facts), anchors, targets, unresolved, row)


def _problem(value: Packed) -> RawFinding:
    result = unpack(value)
    if not isinstance(result, RawFinding):
        raise TypeError("expected a problem")
    return result


# ---- writing ----------------------------------------------------------------------------------


def save_state(cache: SqliteNoteCache, key: str, state: CheckState, *, keep: int) -> None:
    """Store ``state`` under ``key``: over the state it came from if that is still the one
    stored, else whole (another run stored a state meanwhile)."""
    try:
        stored = pack_state(state)
        if cache.store_parts(key, stored.header, stored.parts, over=stored.over, keep=keep):
            return
        if stored.over is not None and cache.writable:  # refused: not over the state now stored
            whole = pack_state(state, whole=True)
            cache.store_parts(key, whole.header, whole.parts, over=None, keep=keep)
    except FullCheckNeeded:  # a stored part it would write back does not read: keep none
        cache.store_parts(key, seal(None), {}, over=None, keep=keep)


def pack_state(state: CheckState, *, whole: bool = False) -> StoredState:
    """What to store for ``state``: its header and the parts that changed since the state it
    came from (every part if ``whole`` or if it came from no stored state)."""
    over = None if whole else state.origin
    heads, details = state.heads, state.details
    stored = details if isinstance(details, StoredDetails) else None
    if over is None or stored is None or state.members is None:
        over = None
        members = _members(heads)
    else:  # only the parts of notes changed, added or dropped, each with its notes now
        changed = {p for p, head in heads.items() if head.packed is None}
        changed.update(stored.changed)
        dirty = {part_of(p) for p in (*changed, *state.dropped)}
        members = {
            part: sorted({*(p for p in state.members.get(part, ()) if p in heads),
                          *(p for p in changed if part_of(p) == part)})
            for part in dirty
        }  # fmt: skip
    parts: dict[int, bytes] = {}
    for part, paths in members.items():
        rows = [_head_row(path, heads[path]) for path in paths]
        parts[part] = seal((STATE_VERSION, tuple(rows)))
        blob = _kept_blob(stored, part, paths, state.dropped)
        if blob is None:
            blob = seal((STATE_VERSION, tuple(_detail_row(path, details[path]) for path in paths)))
        parts[PARTS + part] = blob
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
            _noted(state.paths, state.stats),
            state.stats.values,
        )
    )
    return StoredState(header, parts, over)


def _noted(paths: tuple[str, ...], stats: StatKeys) -> bytes:
    """Which of ``paths`` have a stat key, in the same order (so the paths are stored once; a
    state whose keys are not of its paths would read back as a miss)."""
    index = stats.index
    return bytes([path in index for path in paths])


def _kept_blob(
    stored: StoredDetails | None, part: int, paths: list[str], dropped: frozenset[str]
) -> bytes | None:
    """The stored bytes of a detail part none of whose notes changed, came or went."""
    if stored is None or any(p in stored.changed for p in paths):
        return None
    if dropped and any(part_of(p) == part for p in dropped):
        return None
    return stored.blob(part)


def _members(heads: Mapping[str, NoteHead]) -> dict[int, list[str]]:
    """Every part's notes, in the order of ``heads``."""
    members: dict[int, list[str]] = {part: [] for part in range(PARTS)}
    for path in heads:
        members[part_of(path)].append(path)
    return members


def _head_row(path: str, head: NoteHead) -> object:
    if head.packed is not None:
        return head.packed
    return (
        path,
        head.aliases,
        None if head.suppressions is None else head.suppressions.pack(),
        tuple(pack_finding(f) for f in head.findings),
    )


def _detail_row(path: str, detail: NoteDetail) -> object:
    if detail.packed is not None:
        return detail.packed
    facts = pack_facts(detail.facts)
    return (path, facts, detail.anchors, detail.subpath_targets, detail.unresolved)
