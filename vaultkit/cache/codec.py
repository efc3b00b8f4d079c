"""Parsed notes as nested tuples of plain values, for moving them between processes and runs.

A 10,000-note vault holds about 600,000 records. Pickling them one object at a time costs 1.4 s
to dump and 0.5 s to load (a Python-level reduce call per record); the same notes as plain
tuples cost 0.16 s to pack, 0.25 s to ``marshal`` and 0.2 s to load, and rebuilding the records
from tuples with C-level constructors is 0.3 s. Workers therefore send packed notes, and the
cache stores them.

:func:`unpack` trusts its input's shape (it comes from :func:`pack` of this same code
version); callers reading from disk catch any exception it raises and treat it as a miss.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import pickle
from sys import intern
from typing import Any

from vaultkit.notes import model
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
FORMAT_VERSION = 2  # of stored payloads; 2: notes stored packed

_KINDS = tuple(LinkKind)
_SYNTAXES = tuple(LinkSyntax)
_KIND_CODE = {kind: code for code, kind in enumerate(_KINDS)}
_SYNTAX_CODE = {syntax: code for code, syntax in enumerate(_SYNTAXES)}
_NOTE, _PROBLEM = 0, 1


def pack(result: Note | RawFinding) -> Packed:
    """``result`` as tuples, lists, dicts and scalars only (marshal- and pickle-friendly)."""
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
            None if problem is None else (problem.message, tuple(problem.span)),
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
        None
        if problem is None
        else _new(NoteFinding, ("invalid-yaml", _new(Span, problem[1]), problem[0])),
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


def pack_finding(finding: Finding) -> Packed:
    """A finding as plain values (the rule helper process sends its findings this way)."""
    f = finding
    return (f.code, f.rule, f.severity.value, f.path, tuple(f.span), f.message)


def unpack_finding(packed: Packed) -> Finding:
    code, rule, severity, path, span, message = packed
    return Finding(code, rule, Severity(severity), path, _new(Span, span), message)


# -- payloads ------------------------------------------------------------------------------------
# Unpickling is the whole cost of a warm run, so the format is tuned for it. Measured on 10,000
# notes (160,000 links): plain pickles load in 3.0 s, 1.6 s of it in the cyclic garbage collector
# (every allocation burst triggers a collection that walks all notes already loaded) and most of
# the rest in the dataclasses' generic ``__setstate__`` (it calls ``fields()`` per object). Notes
# are therefore stored packed into plain tuples (vaultkit.cache.codec: loading and unpacking 10,000
# is 0.5 s); whole-run results pickle slotted records as ``(class, field values)`` and enum
# members by name; and :meth:`SqliteNoteCache.lookup` pauses the collector while loading.

_MODEL_CLASSES = {
    obj
    for obj in vars(model).values()
    if isinstance(obj, type) and obj.__module__ == model.__name__
}
_BY_FIELDS = {
    cls: tuple(f.name for f in dataclasses.fields(cls))
    for cls in _MODEL_CLASSES
    if dataclasses.is_dataclass(cls) and "__slots__" in vars(cls)
}


class _RecordPickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        names = _BY_FIELDS.get(cls)
        if names is not None:
            return cls, tuple([getattr(obj, name) for name in names])
        if isinstance(obj, enum.Enum) and cls in _MODEL_CLASSES:
            return f"{cls.__qualname__}.{obj.name}"
        return NotImplemented


def dumps(result: object) -> bytes:
    buffer = io.BytesIO()
    _RecordPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(result)
    return buffer.getvalue()


def _allowed_globals() -> dict[tuple[str, str], Any]:
    """(module, qualified name) -> object, for everything a payload may name."""
    import datetime  # noqa: PLC0415  (only needed to build the table)

    allowed: dict[tuple[str, str], Any] = {}
    for cls in _MODEL_CLASSES:
        allowed[(model.__name__, cls.__qualname__)] = cls
        if issubclass(cls, enum.Enum):
            for member in cls:
                allowed[(model.__name__, f"{cls.__qualname__}.{member.name}")] = member
    for builtin in (frozenset, set, complex, bytearray):
        allowed[("builtins", builtin.__name__)] = builtin
    for kind in (datetime.date, datetime.datetime, datetime.time, datetime.timedelta):
        allowed[("datetime", kind.__name__)] = kind
    allowed[("datetime", "timezone")] = datetime.timezone
    return allowed


_ALLOWED = _allowed_globals()


class _RecordUnpickler(pickle.Unpickler):
    """Builds only vaultkit's records and plain data: a foreign pickle cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"refusing {module}.{name}") from None


def loads(payload: object) -> object | None:
    if not isinstance(payload, bytes):
        return None
    try:
        return _RecordUnpickler(io.BytesIO(payload)).load()
    except Exception:  # any damage to a row is a miss, never an error
        return None


def loads_result(payload: object) -> Result | None:
    packed = loads(payload)
    if not isinstance(packed, tuple):
        return None
    try:
        return unpack(packed)
    except Exception:  # a row of the right tag but the wrong shape: a miss
        return None
