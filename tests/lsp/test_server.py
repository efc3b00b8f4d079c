"""End to end: ``vaultkit lsp`` driven by a real client over stdio."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.lsp.conftest import diagnostics_for, open_note, start, uri

NOTES = ["Alpha.md", "Beta.md", "Home.md", "Lonely.md", "Projects/Plan.md", "Stray.md"]


def _utf16(line: str, column: int) -> int:
    return len(line[: column - 1].encode("utf-16-le")) // 2


@pytest.mark.asyncio
async def test_initialize_answers_and_the_index_reports_progress(
    client: LanguageClient, vault: Path
) -> None:
    result = await start(client, vault)
    assert result.capabilities.completion_provider is not None
    kinds = [type(v).__name__ for v in client.progress_reports["vaultkit-index"]]
    assert kinds == ["WorkDoneProgressBegin", "WorkDoneProgressEnd"]


@pytest.mark.asyncio
async def test_diagnostics_equal_check_json(client: LanguageClient, vault: Path) -> None:
    await start(client, vault)
    addresses = {open_note(client, vault, p): p for p in NOTES}
    await diagnostics_for(client, addresses)
    got = sorted(
        (addresses[a], d.range.start.line, d.range.start.character, d.range.end.line,
         d.range.end.character, str(d.code), d.severity, d.message)
        for a, diags in client.diagnostics.items() for d in diags
    )
    out = subprocess.run(
        [sys.executable, "-m", "vaultkit", "check", str(vault), "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    severity = {"error": 1, "warning": 2, "info": 3}
    want = []
    for d in json.loads(out.stdout)["diagnostics"]:
        path = Path(d["path"]).resolve().relative_to(vault.resolve()).as_posix()
        lines = (vault / path).read_text(encoding="utf-8").split("\n")
        start_line, end_line = lines[d["line"] - 1], lines[d["end_line"] - 1]
        want.append((path, d["line"] - 1, _utf16(start_line, d["column"]), d["end_line"] - 1,
                     _utf16(end_line, d["end_column"]), d["code"], severity[d["severity"]],
                     d["message"]))
    assert got == sorted(want)
    assert len(got) == 10
