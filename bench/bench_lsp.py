"""Benchmark `vaultkit lsp` through a real LSP client (pygls's) over stdio; print a table.

    python bench/bench_lsp.py                       # the 10,000-note vault, cold then warm
    python bench/bench_lsp.py --notes 1000 --rounds 30
    python bench/bench_lsp.py --compare /tmp/old/bin/python --runs 5   # ready, cold and warm,
                                                  # alternating with another install's server

The vault comes from ../shared/genvault.py (seed 1) in --work (default
$TMPDIR/vaultkit-bench). The server gets a fresh cache folder for the cold run; the warm run
reuses it. The cold run sends `initialize` as soon as the process is spawned (the time includes
Python's start and the imports); the warm run waits 3 s first, so its time is the reply alone.
Each run: `initialize`, index ready (the indexing progress ends), then
on one open note (the note with the most incoming links, opened at a line with a link):
`--rounds` changes, each timed from the change sent to its diagnostics published; completion
after `[[`, definition, references, hover, completion after `[x](` (every file of the vault
ranked) and the note's document links, each `--rounds` times; one rename plan of that note;
the server's memory (RSS and PSS from /proc). Nothing is written to the vault.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
GENVAULT = (HERE.parent.parent / "shared" / "genvault.py").resolve()
TOKEN = "vaultkit-index"
TARGETS = {  # issue 15, seconds (memory in MB)
    "initialize reply": 0.1, "ready warm": 1.0, "ready cold": 3.0,
    "diagnostics median": 0.05, "diagnostics p95": 0.1,
    "completion p95": 0.1, "definition p95": 0.1, "references p95": 0.1, "hover p95": 0.1,
    "path completion p95": 0.1, "document links p95": 0.1,
    "rename plan": 1.0, "memory (RSS MB)": 500.0,
}
_LINK = re.compile(r"\[\[([^\]|#]+)")


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("vaultkit-bench", "1")
        self.ready = asyncio.Event()
        self.published: dict[tuple[str, int | None], float] = {}
        self.waiters: dict[tuple[str, int | None], asyncio.Event] = {}

        @self.feature(lsp.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def create(params: lsp.WorkDoneProgressCreateParams) -> None:
            return None

        @self.feature(lsp.PROGRESS)
        def progress(params: lsp.ProgressParams) -> None:
            value: Any = params.value
            kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
            if params.token == TOKEN and kind == "end":
                self.ready.set()

        @self.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: lsp.PublishDiagnosticsParams) -> None:
            key = (params.uri, params.version)
            self.published[key] = time.perf_counter()
            self.waiters.setdefault(key, asyncio.Event()).set()

    async def diagnostics(self, uri: str, version: int) -> None:
        await self.waiters.setdefault((uri, version), asyncio.Event()).wait()


def _pick(vault: Path) -> tuple[str, int, int, str]:
    """The note most linked to, and a line of it with a link (0-based line, character)."""
    names: Counter[str] = Counter()
    texts = {}
    for path in sorted(vault.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        texts[path.relative_to(vault).as_posix()] = text
        names.update(m.group(1).strip().lower() for m in _LINK.finditer(text))
    by_stem = {Path(p).stem.lower(): p for p in texts}
    for name, _ in names.most_common():
        path = by_stem.get(name)
        if path is None:
            continue
        for k, line in enumerate(texts[path].split("\n")):
            found = _LINK.search(line)
            if found:
                return path, k, len(line[: found.start() + 3].encode("utf-16-le")) // 2, texts[path]
    raise SystemExit("no note with a link found")


def _memory(pid: int) -> tuple[float, float]:
    rss = pss = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def ready(python: str, vault: Path, cache: Path) -> float:
    """Seconds from a server's spawn to its index being ready (``initialize`` sent at once)."""
    client = Client()
    env = {**os.environ, "VAULTKIT_CACHE_DIR": str(cache)}
    await client.start_io(python, "-m", "vaultkit", "lsp", env=env)
    root = vault.resolve().as_uri()
    began = time.perf_counter()
    await client.initialize_async(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(
            window=lsp.WindowClientCapabilities(work_done_progress=True)),
        root_uri=root, workspace_folders=[lsp.WorkspaceFolder(uri=root, name="vault")],
    ))
    client.initialized(lsp.InitializedParams())
    await client.ready.wait()
    spent = time.perf_counter() - began
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return spent


def compare(vault: Path, other: str, runs: int) -> int:
    """Cold and warm ready times of this install's server and ``other``'s, alternating."""
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(runs):
        for name, python in (("baseline", other), ("current", sys.executable)):
            with tempfile.TemporaryDirectory(prefix="vaultkit-lsp-cache-") as cache:
                cold = asyncio.run(ready(python, vault, Path(cache)))
                time.sleep(1.0)
                warm = asyncio.run(ready(python, vault, Path(cache)))
            times.setdefault((name, "cold"), []).append(cold)
            times.setdefault((name, "warm"), []).append(warm)
    print(f"index ready, medians of {runs} alternating runs\n")
    print("| run | baseline | current | current / baseline |")
    print("|---|---:|---:|---:|")
    for label in ("cold", "warm"):
        old = statistics.median(times[("baseline", label)])
        new = statistics.median(times[("current", label)])
        print(f"| {label} | {old:.2f} s | {new:.2f} s | {new / old:.3f} |")
    return 0


async def run(vault: Path, cache: Path, rounds: int, label: str, settle: float
              ) -> dict[str, float]:
    path, line, character, text = _pick(vault)
    client = Client()
    env = {**os.environ, "VAULTKIT_CACHE_DIR": str(cache)}
    await client.start_io(sys.executable, "-m", "vaultkit", "lsp", env=env)
    server = client._server
    assert server is not None
    out: dict[str, float] = {}
    root = vault.resolve().as_uri()
    spawned = time.perf_counter()
    if settle:  # let the process start (Python, imports) so the reply time is the server's
        await asyncio.sleep(settle)
    began = time.perf_counter()
    await client.initialize_async(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(
            window=lsp.WindowClientCapabilities(work_done_progress=True)),
        root_uri=root, workspace_folders=[lsp.WorkspaceFolder(uri=root, name="vault")],
    ))
    out["initialize reply" if settle else "initialize from spawn"] = (
        time.perf_counter() - (began if settle else spawned))
    client.initialized(lsp.InitializedParams())
    await client.ready.wait()
    out[f"ready {label}"] = time.perf_counter() - began
    uri = (vault / path).resolve().as_uri()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=text)))
    await client.diagnostics(uri, 1)
    latencies = []
    for k in range(rounds):
        version = k + 2
        changed = text + f"\n\nedit {k}: [[Nowhere {k}]]\n"
        sent = time.perf_counter()
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=changed)]))
        await client.diagnostics(uri, version)
        latencies.append(client.published[(uri, version)] - sent)
    out["diagnostics median"] = statistics.median(latencies)
    out["diagnostics p95"] = _p95(latencies)
    version = rounds + 2  # a Markdown link's destination begun on a new last line
    changed = text + "\n[x]("
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=changed)]))
    await client.diagnostics(uri, version)
    doc = lsp.TextDocumentIdentifier(uri=uri)
    here = lsp.Position(line=line, character=character)
    destination = lsp.Position(line=changed.count("\n"), character=4)
    requests = {
        "completion": lambda: client.text_document_completion_async(
            lsp.CompletionParams(text_document=doc, position=here)),
        "definition": lambda: client.text_document_definition_async(
            lsp.DefinitionParams(text_document=doc, position=here)),
        "references": lambda: client.text_document_references_async(lsp.ReferenceParams(
            text_document=doc, position=here,
            context=lsp.ReferenceContext(include_declaration=False))),
        "hover": lambda: client.text_document_hover_async(
            lsp.HoverParams(text_document=doc, position=here)),
        "path completion": lambda: client.text_document_completion_async(
            lsp.CompletionParams(text_document=doc, position=destination)),
        "document links": lambda: client.text_document_document_link_async(
            lsp.DocumentLinkParams(text_document=doc)),
    }
    for name, ask in requests.items():
        spent = []
        answer: Any = None
        for _ in range(rounds):
            sent = time.perf_counter()
            answer = await ask()
            spent.append(time.perf_counter() - sent)
        out[f"{name} p95"] = _p95(spent)
        if name in {"path completion", "document links"}:  # what was timed is an answer
            items = answer.items if isinstance(answer, lsp.CompletionList) else answer or ()
            out[f"{name} items"] = float(len(items))
    sent = time.perf_counter()
    edit = await client.text_document_rename_async(lsp.RenameParams(
        text_document=doc, position=lsp.Position(line=0, character=0),
        new_name=Path(path).stem + " renamed"))
    out["rename plan"] = time.perf_counter() - sent
    out["rename edits"] = float(len(edit.document_changes or ()) if edit else 0)
    out["memory (RSS MB)"], out["memory (PSS MB)"] = _memory(server.pid)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "vaultkit-bench")
    parser.add_argument("--compare", metavar="PYTHON",
                        help="time only the index's readiness against this interpreter's install")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    vault = args.work / f"vault-{args.notes}"
    if not vault.exists():
        subprocess.run([sys.executable, str(GENVAULT), "--notes", str(args.notes), "--out",
                        str(vault), "--seed", "1"], check=True)
    if args.compare:
        return compare(vault, args.compare, args.runs)
    with tempfile.TemporaryDirectory(prefix="vaultkit-lsp-cache-") as cache:
        cold = asyncio.run(run(vault, Path(cache), args.rounds, "cold", 0.0))
        warm = asyncio.run(run(vault, Path(cache), args.rounds, "warm", 3.0))
    print(f"`vaultkit lsp` on {args.notes:,} notes ({args.rounds} rounds; cold | warm run)\n")
    print("| measure | cold | warm | target |")
    print("|---|---|---|---|")
    for key in dict.fromkeys([*cold, *warm]):
        target = TARGETS.get(key) or TARGETS.get(key.replace(" cold", " warm"))
        if key.startswith("ready"):
            target = TARGETS.get(key)
        shown = [_fmt(key, r.get(key)) for r in (cold, warm)]
        print(f"| {key} | {shown[0]} | {shown[1]} | {_fmt(key, target)} |")
    return 0


def _fmt(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    if "MB" in key or "edits" in key or "items" in key:
        return f"{value:.0f}"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


if __name__ == "__main__":
    raise SystemExit(main())
