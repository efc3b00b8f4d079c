"""Options and vault discovery shared by `check` and `links`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from vaultkit.config import LoadedConfig, load_config
from vaultkit.errors import UsageError
from vaultkit.lint.selection import validate_rules

F = TypeVar("F", bound=Callable[..., object])


def rule_options(func: F) -> F:
    """--select/--extend-select/--ignore/--severity/--publish/--config/--isolated."""
    decorators = [
        click.option("--select", multiple=True, help="Only these rules (names, codes, prefixes)."),
        click.option("--extend-select", multiple=True, help="Also these rules."),
        click.option("--ignore", multiple=True, help="Not these rules."),
        click.option("--severity", multiple=True, metavar="RULE=LEVEL",
                     help="Re-grade a rule: error, warning, info or off."),
        click.option("--publish", is_flag=True,
                     help="Resolve aliases as Obsidian Publish does."),
        click.option("--config", type=click.Path(path_type=Path),
                     help="Read this configuration file only."),
        click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
    ]
    for decorate in reversed(decorators):
        func = decorate(func)
    return func


def load_for(vault: Path | None, config: Path | None, isolated: bool) -> LoadedConfig:
    """The configuration for a run: found from the vault folder, else the current folder."""
    if config is not None and not config.is_file():
        raise UsageError(f"configuration file not found: {config}")
    start = vault if vault is not None and vault.is_dir() else Path.cwd()
    loaded = load_config(start, config_file=config, isolated=isolated)
    if loaded.source is not None:
        validate_rules(loaded.config, str(loaded.source))  # ConfigError: exit 2
    for warning in loaded.warnings:
        click.echo(f"vaultkit: warning: {warning}", err=True)
    return loaded


def resolve_vault(vault: Path | None, loaded: LoadedConfig) -> Path:
    root = vault if vault is not None else (loaded.vault or Path.cwd())
    if not root.exists():
        raise UsageError(f"vault folder not found: {root}")
    if not root.is_dir():
        raise UsageError(f"vault path is a file, not a folder: {root}")
    return root
