"""Configuration: ``[tool.vaultkit]`` in pyproject.toml or a ``vaultkit.toml``.

Found by walking up from the vault folder (a vaultkit.toml, or a pyproject.toml that has a
``[tool.vaultkit]`` table); ``--config FILE`` names one; ``--isolated`` ignores all.
Unknown keys give a warning (with a did-you-mean); invalid values raise :class:`ConfigError`.
Rule names are checked against the registry by :mod:`vaultkit.lint.selection`, not here:
reading a file never imports the rules.
Paths in the file (vault, schemas) are relative to the file's folder.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultkit.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

KNOWN_KEYS = (
    "vault", "select", "ignore", "ignore-globs", "orphan-exclude", "hierarchy-properties",
    "severity", "schema", "fixable", "unfixable", "unsafe-fixes", "output-format",
)
SCHEMA_KEYS = ("default", "by-type", "by-path")
LEVELS = ("error", "warning", "info", "off")
DEFAULT_HIERARCHY = ("broader", "parent")
OUTPUT_FORMATS = ("text", "full", "json", "github", "sarif")  # vaultkit.lint.report.REPORTERS


@dataclass(frozen=True)
class SchemaMapping:
    """Which schema file a note gets (paths already absolute)."""

    default: Path | None = None
    by_type: Mapping[str, Path] | None = None
    by_path: Mapping[str, Path] | None = None
    override: Path | None = None  # --schema FILE: every note

    def files(self) -> set[Path]:
        """Every schema file this mapping can choose."""
        found = {p for p in (self.default, self.override) if p is not None}
        found.update((self.by_type or {}).values())
        found.update((self.by_path or {}).values())
        return found


@dataclass(frozen=True)
class CheckConfig:
    """Everything ``run_check`` needs besides the vault. Rule keys are names or codes."""

    select: tuple[str, ...] | None = None  # None: the rules enabled by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    ignore_globs: tuple[str, ...] = ()
    orphan_exclude: tuple[str, ...] = ()
    hierarchy_properties: tuple[str, ...] = DEFAULT_HIERARCHY
    schema: SchemaMapping = field(default_factory=SchemaMapping)
    publish: bool = False
    only_paths: frozenset[str] | None = None  # FILES: vault-relative paths to report on


@dataclass(frozen=True)
class FixConfig:
    """Which fixes ``check --fix`` may apply. Rule keys are names or codes."""

    fixable: tuple[str, ...] | None = None  # None: every rule with a fix
    unfixable: tuple[str, ...] = ()
    unsafe_fixes: bool = False


@dataclass(frozen=True)
class LoadedConfig:
    config: CheckConfig
    vault: Path | None  # `vault` key, absolute
    source: Path | None  # the file read, if any
    warnings: tuple[str, ...] = ()
    fix: FixConfig = field(default_factory=FixConfig)
    output_format: str | None = None  # `output-format`: check's default --format


def find_config(start: Path) -> Path | None:
    """The nearest vaultkit.toml, or pyproject.toml with [tool.vaultkit], at or above ``start``."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / "vaultkit.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in (table := _read_toml(pyproject)) and isinstance(
            table["tool"], dict
        ) and "vaultkit" in table["tool"]:
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(f"configuration file not found: {path}") from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read TOML: {exc}") from exc


def table_of(path: Path) -> dict[str, Any]:
    """The vaultkit table of a configuration file ({} when a pyproject has none)."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("vaultkit", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.vaultkit] must be a table")
        return table
    return data


def load_config(
    start: Path, *, config_file: Path | None = None, isolated: bool = False
) -> LoadedConfig:
    """Read the configuration that applies to a vault at (or a command run in) ``start``."""
    if isolated:
        return LoadedConfig(CheckConfig(), None, None)
    source = config_file if config_file is not None else find_config(start)
    if source is None:
        return LoadedConfig(CheckConfig(), None, None)
    source = source.resolve()
    return parse_table(table_of(source), source)


def _strings(value: Any, key: str, where: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: '{key}' must be a string or a list of strings")


def _path(value: Any, key: str, where: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: '{key}' must be a path string")
    path = Path(value)
    return path if path.is_absolute() else where.parent / path


def _unknown(key: str, known: tuple[str, ...], where: Path, prefix: str = "") -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f" (did you mean '{prefix}{close[0]}'?)" if close else ""
    return f"{where}: unknown configuration key '{prefix}{key}'{hint}; ignored"


def parse_table(table: Mapping[str, Any], where: Path) -> LoadedConfig:
    warnings: list[str] = []
    for key in table:
        if key not in KNOWN_KEYS:
            warnings.append(_unknown(key, KNOWN_KEYS, where))
    vault = _path(table["vault"], "vault", where) if "vault" in table else None
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: 'severity' must be a table of rule = level")
    for rule, level in severity.items():
        if level not in LEVELS:
            raise ConfigError(
                f"{where}: severity of '{rule}' must be one of {', '.join(LEVELS)}, not {level!r}"
            )
    schema = table.get("schema", {})
    if not isinstance(schema, dict):
        raise ConfigError(f"{where}: 'schema' must be a table")
    for key in schema:
        if key not in SCHEMA_KEYS:
            warnings.append(_unknown(key, SCHEMA_KEYS, where, "schema."))
    by_type = _path_table(schema.get("by-type", {}), "schema.by-type", where)
    by_path = _path_table(schema.get("by-path", {}), "schema.by-path", where)
    default = _path(schema["default"], "schema.default", where) if "default" in schema else None
    config = CheckConfig(
        select=_strings(table["select"], "select", where) if "select" in table else None,
        ignore=_strings(table.get("ignore", []), "ignore", where),
        severity=dict(severity),
        ignore_globs=_strings(table.get("ignore-globs", []), "ignore-globs", where),
        orphan_exclude=_strings(table.get("orphan-exclude", []), "orphan-exclude", where),
        hierarchy_properties=_strings(
            table.get("hierarchy-properties", list(DEFAULT_HIERARCHY)),
            "hierarchy-properties",
            where,
        ),
        schema=SchemaMapping(default=default, by_type=by_type, by_path=by_path),
    )
    unsafe = table.get("unsafe-fixes", False)
    if not isinstance(unsafe, bool):
        raise ConfigError(f"{where}: 'unsafe-fixes' must be true or false")
    fix = FixConfig(
        fixable=_strings(table["fixable"], "fixable", where) if "fixable" in table else None,
        unfixable=_strings(table.get("unfixable", []), "unfixable", where),
        unsafe_fixes=unsafe,
    )
    output_format = table.get("output-format")
    if output_format is not None and output_format not in OUTPUT_FORMATS:
        raise ConfigError(
            f"{where}: 'output-format' must be one of {', '.join(OUTPUT_FORMATS)}, "
            f"not {output_format!r}"
        )
    return LoadedConfig(config, vault, where, tuple(warnings), fix, output_format)


def _path_table(value: Any, key: str, where: Path) -> dict[str, Path]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: '{key}' must be a table of name = path")
    return {str(k): _path(v, f"{key}.{k}", where) for k, v in value.items()}
