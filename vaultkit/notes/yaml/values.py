"""YAML 1.2 core-schema values and the result of reading front matter.

Shared by the two readers: :mod:`vaultkit.notes.yaml.simple` (line by line, for simple front matter)
and :mod:`vaultkit.notes.yaml.full` (libyaml, for everything else), which must give the same values.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from vaultkit.notes.model import Span

BOOLEANS = {
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False
}  # fmt: skip
_WORDS: dict[str, Any] = {**BOOLEANS, "null": None, "Null": None, "NULL": None}
_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")


class YamlError(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line  # 0-based within the YAML text
        self.column = column


@dataclass
class YamlResult:
    """The constructed value plus positions (file lines/columns) of every dotted key path."""

    data: Any = None
    error: YamlError | None = None
    key_spans: dict[str, Span] = field(default_factory=dict)
    value_spans: dict[str, Span] = field(default_factory=dict)
    quoted: set[str] = field(default_factory=set)
    empty: bool = False
    swapped: bool = False  # stand-ins for NEL/LS/PS are in the parsed text


def resolve_plain(value: str) -> Any:
    """A plain (unquoted, untagged) scalar under YAML 1.2 core-schema rules."""
    if not value:
        return None
    first = value[0]
    if first.isdigit() or first in "-+.~":
        if value == "~":
            return None
        if _INT10.fullmatch(value):
            return int(value, 10)
        if _INT8.fullmatch(value):
            return int(value[2:], 8)
        if _INT16.fullmatch(value):
            return int(value[2:], 16)
        if _FLOAT.fullmatch(value):
            return float(value)
        if _INF.fullmatch(value):
            return -math.inf if value.startswith("-") else math.inf
        if _NAN.fullmatch(value):
            return math.nan
        return value
    if value in _WORDS:
        return _WORDS[value]
    return value


def key_text(plain: str) -> str:
    """The property name of a plain mapping key (``True`` -> 'true', ``~`` -> 'null')."""
    return as_key(resolve_plain(plain))


def as_key(value: Any) -> str:
    """Mapping keys become strings, as in JavaScript objects."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
