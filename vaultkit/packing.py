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
    Problem,
    Severity,
    Span,
    Tag,
    Trap,
    YamlProblem,
)

Packed = tuple[Any, ...]

_KINDS = tuple(LinkKind)
_SYNTAXES = tuple(LinkSyntax)
_KIND_CODE = {kind: code for code, kind in enumerate(_KINDS)}
_SYNTAX_CODE = {syntax: code for code, syntax in enumerate(_SYNTAXES)}
_NOTE, _PROBLEM = 0, 1
# Span(*values), Link(*values), ... run namedtuple's Python-level __new__; this does not
_new = tuple.__new__


def pack(result: Note | Problem) -> Packed:
    """``result`` as tuples, lists, dicts and scalars only (marshal- and pickle-friendly)."""
    if isinstance(result, Problem):
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
        [(t.rule, tuple(t.span), t.message) for t in result.traps],
    )


def unpack(packed: Packed) -> Note | Problem:
    """The record :func:`pack` was given (equal to it, field for field)."""
    if packed[0] == _PROBLEM:
        _, rule, path, span, message = packed
        return _new(Problem, (rule, path, _new(Span, span), message))
    _, path, fm, links, headings, blocks, tags, comments, traps = packed
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
        None if problem is None else _new(YamlProblem, (problem[0], _new(Span, problem[1]))),
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
        tuple([_new(Trap, (rule, _new(Span, span), message)) for rule, span, message in traps]),
    )


def pack_finding(finding: Finding) -> Packed:
    """A finding as plain values (the rule helper process sends its findings this way)."""
    f = finding
    return (f.code, f.rule, f.severity.value, f.path, tuple(f.span), f.message)


def unpack_finding(packed: Packed) -> Finding:
    code, rule, severity, path, span, message = packed
    return Finding(code, rule, Severity(severity), path, _new(Span, span), message)
