"""The one place exceptions become exit codes."""

from __future__ import annotations

import errno

import pytest

from vaultkit import cli
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


def test_version_is_fast_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert "vaultkit, version" in capsys.readouterr().out
