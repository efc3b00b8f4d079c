"""A real LSP client (pytest-lsp) driving ``vaultkit lsp`` over stdio, on a copy of a vault."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

CASES = Path(__file__).resolve().parents[1] / "cases" / "lsp"
TOKEN = "vaultkit-index"
NOTES = ["Alpha.md", "Archive/Plan.md", "Beta.md", "Home.md", "Lonely.md", "Projects/Beta.md",
         "Projects/Plan.md", "Stray.md"]  # the notes of the test vault
Seen = tuple[str, int, int, int, int, str, int, str]  # path, range, code, severity, message


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "vaultkit", "lsp"]),
)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """The client, not yet initialized (each test opens its own vault); shut down after.
    It accepts the server's dynamic registrations and edits (as editors do) and keeps them in
    ``lsp_client.registered`` and ``lsp_client.applied``."""
    registered: list[lsp.Registration] = []
    lsp_client.registered = registered  # type: ignore[attr-defined]

    @lsp_client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:
        registered.extend(params.registrations)

    applied: list[lsp.WorkspaceEdit] = []
    lsp_client.applied = applied  # type: ignore[attr-defined]

    @lsp_client.feature(lsp.WORKSPACE_APPLY_EDIT)
    def apply_edit(params: lsp.ApplyWorkspaceEditParams) -> lsp.ApplyWorkspaceEditResult:
        applied.append(params.edit)
        return lsp.ApplyWorkspaceEditResult(applied=True)

    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A copy of the test vault (a test may change it)."""
    root = tmp_path / "vault"
    shutil.copytree(CASES / "vault", root)
    return root


@pytest.fixture
def linkvault(tmp_path: Path) -> Path:
    """A copy of the vault of every kind of link (Markdown ones, encoded and in ``<...>``,
    attachments, a name with ``#``)."""
    root = tmp_path / "linkvault"
    shutil.copytree(CASES / "linkvault", root)
    return root


def uri(root: Path, path: str) -> str:
    return (root / path).resolve().as_uri()


async def start(client: LanguageClient, root: Path, profile: str = "visual-studio-code",
                *, wait: bool = True, capabilities: lsp.ClientCapabilities | None = None,
                **options: object) -> lsp.InitializeResult:
    """Initialize on ``root`` (as ``profile``'s client, or one with ``capabilities``) and
    (with ``wait``) wait until the index is ready (its progress ends)."""
    result = await client.initialize_session(lsp.InitializeParams(
        capabilities=capabilities or client_capabilities(profile),
        root_uri=root.resolve().as_uri(),
        workspace_folders=[lsp.WorkspaceFolder(uri=root.resolve().as_uri(), name="vault")],
        initialization_options=options or None,
    ))
    if wait:
        await wait_for(lambda: any(isinstance(v, lsp.WorkDoneProgressEnd)
                                   for v in client.progress_reports.get(TOKEN, ())))
    return result


async def wait_for(ready: object, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not ready():  # type: ignore[operator]
        if loop.time() > end:
            raise AssertionError("timed out waiting for the server")
        await asyncio.sleep(0.02)


def open_note(client: LanguageClient, root: Path, path: str, version: int = 1) -> str:
    address = uri(root, path)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(
            uri=address, language_id="markdown", version=version,
            text=(root / path).read_text(encoding="utf-8"),
        )))
    return address


async def diagnostics_for(client: LanguageClient, addresses: Iterable[str]) -> None:
    wanted = list(addresses)
    await wait_for(lambda: all(a in client.diagnostics for a in wanted))


def change(client: LanguageClient, address: str, text: str, version: int) -> None:
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=address, version=version),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
    ))


def codes(client: LanguageClient, address: str) -> list[tuple[int, str]]:
    """(0-based line, code) of the diagnostics the client holds for ``address``."""
    return sorted((d.range.start.line, str(d.code)) for d in client.diagnostics.get(address, ()))


def position(line: int, character: int) -> lsp.Position:
    return lsp.Position(line=line, character=character)


def doc(address: str) -> lsp.TextDocumentIdentifier:
    return lsp.TextDocumentIdentifier(uri=address)


def check_json(vault: Path) -> list[Seen]:
    """What ``vaultkit check --format json`` finds in ``vault``, as an LSP client sees it
    (0-based lines, UTF-16 characters), sorted."""
    out = subprocess.run(
        [sys.executable, "-m", "vaultkit", "check", str(vault), "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    severity = {"error": 1, "warning": 2, "info": 3}

    def utf16(line: str, column: int) -> int:
        return len(line[: column - 1].encode("utf-16-le")) // 2

    want = []
    for d in json.loads(out.stdout)["diagnostics"]:
        path = Path(d["path"]).resolve().relative_to(vault.resolve()).as_posix()
        lines = (vault / path).read_text(encoding="utf-8").split("\n")
        start_line, end_line = lines[d["line"] - 1], lines[d["end_line"] - 1]
        want.append((path, d["line"] - 1, utf16(start_line, d["column"]), d["end_line"] - 1,
                     utf16(end_line, d["end_column"]), d["code"], severity[d["severity"]],
                     d["message"]))
    return sorted(want)
