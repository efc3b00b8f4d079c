"""One error root and the one place where exit codes are decided."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # error-level findings, or something could not be imported / would change
    USAGE = 2  # bad arguments, bad configuration, bad paths
    INTERNAL = 3  # a bug in vaultkit
    INTERRUPTED = 130


class VaultkitError(Exception):
    """Root of every error vaultkit raises on purpose; carries its exit code."""

    exit_code: ExitCode = ExitCode.FINDINGS


class UsageError(VaultkitError):
    """Arguments or paths a user gave that cannot work (exit 2)."""

    exit_code = ExitCode.USAGE


class ConfigError(VaultkitError):
    """A configuration file or schema mapping that cannot be used (exit 2)."""

    exit_code = ExitCode.USAGE


class UnsafeWriteError(VaultkitError):
    """A write that would land outside the chosen output, or over a file we did not create."""

    exit_code = ExitCode.USAGE


class ImportFormatError(VaultkitError):
    """A glossary that no importer can read."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class ChangeRefused(VaultkitError):
    """A planned change that cannot be made as planned: a file edited since it was read, a
    target that exists, a path outside the vault. Nothing was written (exit 1)."""


class WriteFailed(VaultkitError):
    """The disk refused part of a multi-file change; every file written was restored (exit 1)."""
