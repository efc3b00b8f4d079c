"""The one place exceptions become exit codes."""

from __future__ import annotations

import errno
import json
import subprocess
import sys

import pytest

from vaultkit import __version__, cli
from vaultkit.errors import UsageError


def _raising(exc: BaseException) -> object:
    def run(*args: object, **kwargs: object) -> None:
        raise exc

    return run


@pytest.mark.parametrize(
    ("exc", "code", "words"),
    [
        (UsageError("bad path"), 2, "bad path"),
        (OSError(errno.ENOSPC, "No space left on device", "out/x.md"), 1, "out/x.md"),
        (KeyboardInterrupt(), 130, "Interrupted"),
        (RuntimeError("boom"), 3, "bug in vaultkit"),
        (ModuleNotFoundError("No module named 'fastjsonschema'", name="fastjsonschema"), 2,
         "'fastjsonschema' that vaultkit needs is not installed"),
    ],
)
def test_exceptions_map_to_exit_codes(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    exc: BaseException,
    code: int,
    words: str,
) -> None:
    monkeypatch.setattr(cli.cli, "main", _raising(exc))
    assert cli.main(["check"]) == code
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err


# packages `--version` must not import: the commands and everything they pull in
HEAVY = ("commands", "lint", "notes", "compile", "importers", "parallel")

_VERSION_CHILD = """
import json, sys
from vaultkit import cli
code = cli.main(["--version"])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_version_is_fast_path() -> None:
    """In a fresh interpreter (this one has imported everything): the version, and nothing heavy."""
    done = subprocess.run(
        [sys.executable, "-c", _VERSION_CHILD], capture_output=True, text=True, check=True
    )
    version, report = done.stdout.splitlines()
    assert version == f"vaultkit, version {__version__}"
    child = json.loads(report)
    assert child["code"] == 0
    assert "vaultkit.cli" in child["modules"]
    heavy = [
        name
        for name in child["modules"]
        for part in HEAVY
        if name == f"vaultkit.{part}" or name.startswith(f"vaultkit.{part}.")
    ]
    assert heavy == []
