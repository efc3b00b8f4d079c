"""Front matter against JSON Schema: choose a schema per note, validate fast, explain failures.

Each schema file is loaded and compiled once. The common valid case runs a compiled
fastjsonschema validator; only notes that fail are re-validated with python-jsonschema for
human messages (anyOf/oneOf explained by their best match) and exact positions.
Formats are checked (``date`` and ``date-time`` strictly, by both validators): YAML 1.2 keeps
dates as strings, so ``format: date`` is what makes a date property checkable.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from vaultkit.config import SchemaMapping
from vaultkit.errors import ConfigError

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# keywords fastjsonschema (drafts 4-7) does not know: such schemas always take the slow path
_MODERN = ("unevaluatedProperties", "unevaluatedItems", "prefixItems", "$dynamicRef",
           "dependentRequired", "dependentSchemas", "$recursiveRef")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    text = value.replace("z", "Z")
    if len(text) < 19 or text[10] not in "Tt" or not _DATE.match(text[:10]):
        return False
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "+" in text[19:] or "-" in text[19:] or text.endswith("Z")


_FORMATS: dict[str, Callable[[object], bool]] = {"date": _is_date, "date-time": _is_datetime}


@dataclass(frozen=True, slots=True)
class SchemaViolation:
    key: str  # dotted key path ('' for the whole mapping)
    message: str
    on_key: bool = False  # point at the key rather than the value
    at_fence: bool = False  # point at the opening '---'


def _fastjsonschema() -> ModuleType | None:
    """The compiled validator, a speed-up only: without it (a Python where vaultkit was not
    installed with its dependencies) every note takes python-jsonschema's path, same findings."""
    try:
        import fastjsonschema  # noqa: PLC0415
    except ImportError:
        return None
    return fastjsonschema


class CompiledSchema:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"schema file not found: {path}") from exc
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(f"schema file {path} is not valid JSON: {exc}") from exc
        if not isinstance(schema, (dict, bool)):
            raise ConfigError(f"schema file {path} is not a JSON Schema (not an object)")
        # imported here: a run without a schema never pays for them (0.05 s)
        import jsonschema  # noqa: PLC0415

        fast = _fastjsonschema()
        cls = jsonschema.validators.validator_for(schema)
        try:
            cls.check_schema(schema)
        except jsonschema.SchemaError as exc:
            raise ConfigError(f"schema file {path} is not a valid schema: {exc.message}") from exc
        checker = jsonschema.FormatChecker()
        for name, func in _FORMATS.items():
            checker.checks(name)(func)
        self.slow = cls(schema, format_checker=checker)
        self.fast: Callable[[Any], Any] | None = None
        text = json.dumps(schema)
        self._invalid: type[Exception] = ValueError
        if fast is not None and not any(f'"{k}"' in text for k in _MODERN):
            self._invalid = fast.JsonSchemaException
            try:
                self.fast = fast.compile(schema, formats=dict(_FORMATS))
            except Exception:  # an exotic schema fastjsonschema cannot compile: slow path only
                self.fast = None

    def errors(self, data: Mapping[str, Any]) -> list[SchemaViolation]:
        if self.fast is not None:
            try:
                self.fast(data)
                return []
            except self._invalid:
                pass
        return [_explain(e, data) for e in sorted(self.slow.iter_errors(data), key=_order)]


def _order(error: ValidationError) -> tuple[str, str]:
    return (".".join(map(str, error.absolute_path)), error.message)


def _explain(error: ValidationError, data: Mapping[str, Any]) -> SchemaViolation:
    if error.context:  # anyOf/oneOf: the branch that nearly matched, not a dump of all
        from jsonschema.exceptions import best_match  # noqa: PLC0415

        error = best_match([error]) or error
    key = ".".join(str(p) for p in error.absolute_path)
    where = f"'{key}'" if key else "front matter"
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        if key:
            message = f"{where}: missing required property '{missing}'"
            return SchemaViolation(key, message, on_key=True)
        return SchemaViolation("", f"missing required property '{missing}'", at_fence=True)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set((error.schema or {}).get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        if extra:
            name = f"{key}.{extra[0]}" if key else str(extra[0])
            return SchemaViolation(name, f"property '{extra[0]}' is not allowed here", on_key=True)
    return SchemaViolation(key, f"{where}: {error.message}")


class SchemaSet:
    """Chooses and runs the schema for each note; every schema compiled once, up front."""

    def __init__(self, mapping: SchemaMapping) -> None:
        self.mapping = mapping
        self._compiled: dict[Path, CompiledSchema] = {}
        for path in self._all_paths():
            if path not in self._compiled:
                self._compiled[path] = CompiledSchema(path)

    def _all_paths(self) -> Iterable[Path]:
        m = self.mapping
        if m.override is not None:
            yield m.override
            return
        if m.default is not None:
            yield m.default
        yield from (m.by_type or {}).values()
        yield from (m.by_path or {}).values()

    def choose(self, path: str, data: Mapping[str, Any]) -> Path | None:
        m = self.mapping
        if m.override is not None:
            return m.override
        for glob, schema in (m.by_path or {}).items():
            if fnmatch.fnmatchcase(path, glob):
                return schema
        kind = data.get("type")
        if isinstance(kind, str) and m.by_type and kind in m.by_type:
            return m.by_type[kind]
        return m.default

    def validate(self, path: str, data: Mapping[str, Any]) -> list[SchemaViolation]:
        chosen = self.choose(path, data)
        if chosen is None:
            return []
        return self._compiled[chosen].errors(data)
