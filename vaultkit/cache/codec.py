"""The one codec: records as plain values, plain values as bytes, for other processes and runs.

Records -> plain values: :func:`pack`/:func:`unpack` (a parsed note, or why a file did not
parse), :func:`pack_finding`/:func:`unpack_finding`, :func:`pack_span`/:func:`unpack_span`;
the lint engine packs its own records (facts, suppressions, a check's state) with these.
Plain values -> bytes: :func:`encode`/:func:`decode` between the processes of one run,
:func:`seal`/:func:`unseal` for what is stored (checked; anything damaged is a miss).

A 10,000-note vault holds about 600,000 records. Pickling them one object at a time costs 1.4 s
to dump and 0.5 s to load (a Python-level reduce call per record); the same notes as plain
tuples cost 0.16 s to pack, 0.25 s to ``marshal`` and 0.2 s to load, and rebuilding the records
from tuples with C-level constructors is 0.3 s. Workers therefore send packed notes, and the
cache stores them.

:func:`unpack` trusts its input's shape (it comes from :func:`pack` of this same code
version); callers reading from disk catch any exception it raises and treat it as a miss.
"""

from __future__ import annotations

import marshal
import zlib
from sys import intern
from typing import Any

from vaultkit.notes.model import (
    Block,
    Comment,
    Finding,
    FrontMatter,
    Heading,
    Link,
    LinkKind,
    LinkSyntax,
    Note,
    NoteFinding,
    RawFinding,
    Severity,
    Span,
    Tag,
)
from vaultkit.notes.model import new_record as _new

Packed = tuple[Any, ...]
Result = Note | RawFinding
FORMAT_VERSION = 3  # of stored values; 3: marshal behind a CRC-32 (2: pickles of packed notes)

_KINDS = tuple(LinkKind)
_SYNTAXES = tuple(LinkSyntax)
_KIND_CODE = {kind: code for code, kind in enumerate(_KINDS)}
_SYNTAX_CODE = {syntax: code for code, syntax in enumerate(_SYNTAXES)}
_NOTE, _PROBLEM = 0, 1


def pack(result: Note | RawFinding) -> Packed:
    """``result`` as tuples, lists, dicts and scalars only (see :func:`encode`)."""
    if isinstance(result, RawFinding):
        return (_PROBLEM, result.rule, result.path, tuple(result.span), result.message)
    fm = result.frontmatter
    problem = fm.problem
    kinds, syntaxes = _KIND_CODE, _SYNTAX_CODE
    return (
        _NOTE,
        result.path,
        (
            fm.present,
            fm.data,
            None if problem is None else (problem.rule, tuple(problem.span), problem.message),
            fm.raw,
            tuple(fm.block_span),
            fm.body_line,
            fm.body_offset,
            {key: tuple(span) for key, span in fm.value_spans.items()},
            {key: tuple(span) for key, span in fm.key_spans.items()},
            fm.quoted,
            fm.is_json,
        ),
        [
            (
                kinds[link.kind],
                syntaxes[link.syntax],
                link.path,
                link.subpath,
                link.display,
                tuple(link.span),
                link.raw,
                link.key,
                None if link.target_span is None else tuple(link.target_span),
            )
            for link in result.links
        ],
        [(h.level, h.text, tuple(h.span)) for h in result.headings],
        [(b.id, tuple(b.span)) for b in result.blocks],
        [(t.name, tuple(t.span)) for t in result.tags],
        [(c.text, tuple(c.span)) for c in result.comments],
        [(t.rule, tuple(t.span), t.message) for t in result.findings],
    )


def unpack(packed: Packed) -> Note | RawFinding:
    """The record :func:`pack` was given (equal to it, field for field)."""
    if packed[0] == _PROBLEM:
        _, rule, path, span, message = packed
        return _new(RawFinding, (rule, path, _new(Span, span), message))
    _, path, fm, links, headings, blocks, tags, comments, findings = packed
    (
        present,
        data,
        problem,
        raw,
        block_span,
        body_line,
        body_offset,
        values,
        keys,
        quoted,
        is_json,
    ) = fm
    kinds, syntaxes = _KINDS, _SYNTAXES
    frontmatter = FrontMatter(
        present,
        data,
        _finding_or_none(problem),
        raw,
        _new(Span, block_span),
        body_line,
        body_offset,
        {key: _new(Span, span) for key, span in values.items()},
        {key: _new(Span, span) for key, span in keys.items()},
        frozenset(quoted),
        is_json,
    )
    return Note(
        path,
        frontmatter,
        tuple(
            [
                _new(
                    Link,
                    (
                        kinds[kind],
                        syntaxes[syntax],
                        intern(target),  # as the tokenizer does: one object per link name
                        subpath,
                        display,
                        _new(Span, span),
                        text,
                        key,
                        None if target_span is None else _new(Span, target_span),
                    ),
                )
                for kind, syntax, target, subpath, display, span, text, key, target_span in links
            ]
        ),
        tuple([_new(Heading, (level, text, _new(Span, span))) for level, text, span in headings]),
        tuple([_new(Block, (name, _new(Span, span))) for name, span in blocks]),
        tuple([_new(Tag, (name, _new(Span, span))) for name, span in tags]),
        tuple([_new(Comment, (text, _new(Span, span))) for text, span in comments]),
        tuple([_new(NoteFinding, (rule, _new(Span, at), text)) for rule, at, text in findings]),
    )


def pack_span(span: Span) -> Packed:
    return tuple(span)


def unpack_span(packed: Packed) -> Span:
    return _new(Span, packed)


def _finding_or_none(packed: Packed | None) -> NoteFinding | None:
    if packed is None:
        return None
    rule, span, message = packed
    return _new(NoteFinding, (rule, _new(Span, span), message))


def pack_finding(finding: Finding) -> Packed:
    """A finding as plain values (the rule helper process sends its findings this way)."""
    f = finding
    return (f.code, f.rule, f.severity.value, f.path, tuple(f.span), f.message)


_SEVERITY = {s.value: s for s in Severity}  # a dict lookup: calling the Enum costs 8 µs


def unpack_finding(packed: Packed) -> Finding:
    code, rule, severity, path, span, message = packed
    return _new(Finding, (code, rule, _SEVERITY[severity], path, _new(Span, span), message))


# -- bytes -------------------------------------------------------------------------------------
# Every value vaultkit keeps or sends is first packed into plain values (the functions above, and
# the ``pack`` functions of the records the lint engine keeps), then written with ``marshal``:
# on the 10,000-note benchmark loading 10,000 packed notes from marshal and unpacking them takes
# about 0.5 s, where pickling the records themselves took 3 s to load. Values that are stored
# (:func:`seal`) also carry a format byte and a CRC-32 of their body: a damaged, truncated or
# foreign value is a miss (None), never an error and never a wrong answer. Values sent between
# processes of one run (:func:`encode`) need neither.

_SEALED = bytes([FORMAT_VERSION])
_CRC = 4


def encode(value: Any) -> bytes:
    """Plain values (tuples, lists, dicts, sets, strings, numbers, None) as bytes."""
    return marshal.dumps(value)


def decode(data: bytes | memoryview) -> Any:
    """The value :func:`encode` was given."""
    return marshal.loads(data)


def seal(value: Any) -> bytes:
    """Plain values as bytes to store: format byte, CRC-32 of the body, then the body."""
    body = marshal.dumps(value)
    return _SEALED + zlib.crc32(body).to_bytes(_CRC, "little") + body


def unseal(data: object) -> Any | None:
    """The value :func:`seal` was given, or None when ``data`` is anything else."""
    if not isinstance(data, bytes) or len(data) <= 1 + _CRC or data[:1] != _SEALED:
        return None
    view = memoryview(data)
    body = view[1 + _CRC :]
    if zlib.crc32(body) != int.from_bytes(view[1 : 1 + _CRC], "little"):
        return None
    try:
        return marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None


def unseal_result(data: object) -> Result | None:
    """A stored note (or the reason it could not be read), or None for anything else."""
    packed = unseal(data)
    if not isinstance(packed, tuple):
        return None
    try:
        return unpack(packed)
    except Exception:  # a value of another shape: a miss
        return None
