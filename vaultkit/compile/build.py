"""``vaultkit build``: the normalized vault plus its merged glossary, written to another folder.

Safety rules: the output is never the vault or inside it (nor the vault inside the output),
judged on real paths; a non-empty folder that is not a previous build needs ``force``; every
byte is computed before the first write; a new output is filled in a sibling folder and
renamed into place, an existing one is updated file by file, each file atomically; only files
the previous build's manifest lists are ever removed, and a file edited since that build is
never overwritten or removed without ``force``. Deterministic: the same vault gives the same
bytes, and building the output again gives the output again (the generated GLOSSARY.md is
recognised by its marker and regenerated, not treated as a note).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from vaultkit.compile.glossary.compiler import GLOSSARY_NAME, GLOSSARY_TYPES, glossary_from_texts
from vaultkit.compile.glossary.render import is_generated
from vaultkit.compile.normalize.vault import BOM, normalize_notes, read_note
from vaultkit.config import CheckConfig
from vaultkit.errors import UnsafeWriteError, UsageError
from vaultkit.fsutil import TEMP_SUFFIX, atomic_write_bytes, is_within, safe_target, temp_leftovers
from vaultkit.notes.reader import read_regular_bytes
from vaultkit.notes.resolve import LinkIndex
from vaultkit.notes.scan import scan_vault
from vaultkit.notes.vault import load_vault

MANIFEST = ".vaultkit-build.json"
FORMAT = 1


@dataclass(frozen=True)
class BuildResult:
    out: Path
    notes: int
    changed: int  # notes whose text the normalization changed
    copied: int  # other files copied byte for byte
    written: int  # files actually (re)written in DIR
    removed: int  # files of the previous build that are gone now
    terms: int
    problems: tuple[str, ...]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_paths(vault: Path, out: Path) -> None:
    """Refuse an output that is the vault, inside it, or that contains it (real paths)."""
    real_vault = vault.resolve()
    real_out = out.resolve()
    if not real_vault.is_dir():
        raise UsageError(f"vault folder not found: {vault}")
    if real_out == real_vault or is_within(real_out, real_vault):
        raise UsageError(f"--out {out} is the vault or inside it; choose a folder outside {vault}")
    if is_within(real_vault, real_out):
        raise UsageError(f"--out {out} contains the vault {vault}; choose another folder")
    if real_out.exists() and not real_out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")


def read_manifest(out: Path) -> dict[str, tuple[str, ...]] | None:
    """The files a previous build wrote in ``out`` with the hashes each may have; None if none.

    A build interrupted while writing leaves a manifest whose ``pending`` table keeps each
    file's hash from before, so either version of a file is still recognised as ours.
    """
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != "vaultkit build":
        return None
    files = data.get("files")
    pending = data.get("pending", {})
    if not isinstance(files, dict) or not isinstance(pending, dict):
        return None
    known: dict[str, tuple[str, ...]] = {}
    for table in (files, pending):
        for rel, digest in table.items():
            known[str(rel)] = (*known.get(str(rel), ()), str(digest))
    return known


def _existing_files(out: Path) -> list[str]:
    if not out.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(out):
        dirs.sort()
        rel = Path(folder).relative_to(out)
        found += [(rel / name).as_posix() for name in files]
    return found


def plan_build(vault: Path, config: CheckConfig) -> tuple[dict[str, bytes], BuildResult]:
    """Every output file (path -> bytes) of building ``vault``; nothing is written.

    The vault is listed as ``check`` lists it (ignore globs, symlinks followed only inside the
    vault); its dot-files (``.obsidian/``...) are copied too.
    """
    scan = scan_vault(vault, config.ignore_globs, dot_files=True)
    loaded = load_vault(vault, scan=scan)
    problems = [f"{p.path}:{p.span.line}: {p.message}" for p in loaded.problems]
    texts: dict[str, str] = {}
    boms: set[str] = set()
    outputs: dict[str, bytes] = {}
    for file in (*scan.files, *scan.dot_files):
        rel = file.path
        if rel == MANIFEST or _our_temp(rel.rsplit("/", 1)[-1]):
            continue
        if rel in loaded.notes:
            text, bom = read_note(Path(file.abspath), rel)
            if isinstance(text, str):
                if rel == GLOSSARY_NAME and is_generated(text):
                    continue  # our own glossary: regenerated below
                texts[rel] = text
                if bom:
                    boms.add(rel)
                continue
            problems.append(f"{rel}:{text.span.line}: {text.message}; copied as is")
        try:
            data = read_regular_bytes(file.abspath)
        except OSError as exc:
            problems.append(f"{rel}: cannot be read ({exc.strerror}); not copied")
            continue
        if data is None:
            problems.append(f"{rel}: not a regular file; not copied")
            continue
        outputs[rel] = data
    if GLOSSARY_NAME in texts or GLOSSARY_NAME in outputs:
        raise UsageError(
            f"{vault / GLOSSARY_NAME} is not a vaultkit-generated glossary; "
            "rename it: the build writes its glossary there"
        )
    # what links may resolve to: the vault's files as Obsidian indexes them, plus the glossary
    index = LinkIndex(sorted({*(f.path for f in loaded.files), GLOSSARY_NAME}))
    results = normalize_notes(loaded.notes, texts, index, config)
    normalized = {}
    for item in results:
        normalized[item.path] = item.result.text
        mark = BOM if item.path in boms else ""  # a byte order mark is kept
        outputs[item.path] = (mark + item.result.text).encode("utf-8")
        problems += [f"{item.path}:{line}: {message}" for line, message in item.result.problems]
    wanted = {
        path: text for path, text in normalized.items()
        if loaded.notes[path].properties.get("type") in GLOSSARY_TYPES
    }
    glossary_text, terms = glossary_from_texts(wanted, index, flavor="obsidian", origin="./")
    outputs[GLOSSARY_NAME] = glossary_text.encode("utf-8")
    result = BuildResult(
        out=Path(),
        notes=len(results),
        changed=sum(item.changed for item in results),
        copied=len(outputs) - len(results) - 1,
        written=0,
        removed=0,
        terms=terms,
        problems=tuple(problems),
    )
    return outputs, result


def _manifest_bytes(hashes: Mapping[str, str], pending: Mapping[str, str] | None = None) -> bytes:
    data: dict[str, object] = {
        "generator": "vaultkit build", "format": FORMAT, "files": dict(sorted(hashes.items()))
    }
    if pending:
        data["pending"] = dict(sorted(pending.items()))
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _file_hash(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def write_output(out: Path, outputs: Mapping[str, bytes], *, force: bool) -> tuple[int, int]:
    """Write ``outputs`` into ``out``; returns (files written, files removed).

    A new or empty ``out`` is filled in a sibling folder and renamed into place. Otherwise only
    changed files are written (each atomically), and only files of the previous build that
    are unchanged since are removed.
    """
    previous = read_manifest(out)
    existing = [
        p for p in _existing_files(out) if p != MANIFEST and not _our_temp(p.rsplit("/", 1)[-1])
    ]
    fresh = not out.exists() or (
        out.is_dir() and not out.is_symlink() and not any(out.iterdir())
        and out.resolve() != Path.cwd().resolve()  # never swap away the shell's folder
    )
    if fresh and _swap_in(out, outputs):
        return len(outputs), 0
    if existing and previous is None and not force:
        raise UsageError(
            f"--out {out} is not empty and is not a previous vaultkit build; "
            "use --force to write into it anyway"
        )
    previous = previous or {}
    hashes = {rel: sha256(data) for rel, data in outputs.items()}
    on_disk = {rel: _file_hash(out / rel) for rel in existing}
    edited = sorted(
        rel for rel, digests in previous.items()
        if rel in on_disk and on_disk[rel] not in digests
    )
    foreign = sorted(rel for rel in outputs if rel in on_disk and rel not in previous)
    if (edited or (foreign and previous)) and not force:
        names = ", ".join((edited or foreign)[:5])
        raise UnsafeWriteError(
            f"files in {out} were changed or added by hand since the last build ({names}); "
            "use --force to overwrite them"
        )
    changed = sorted(rel for rel in outputs if on_disk.get(rel) != hashes[rel])
    targets = {rel: safe_target(out, rel) for rel in changed}  # all checked before any write
    stale = sorted(
        rel for rel in set(previous) - set(outputs) if rel in on_disk and rel not in edited
    )
    pending = {rel: d for rel in (*changed, *stale) if (d := on_disk.get(rel)) is not None}
    for leftover in temp_leftovers(out):  # what a killed write of ours left behind
        if _our_temp(leftover.name) and not leftover.is_symlink() and leftover.is_file():
            leftover.unlink()
    manifest = safe_target(out, MANIFEST)
    atomic_write_bytes(manifest, _manifest_bytes(hashes, pending))
    for rel in changed:
        atomic_write_bytes(targets[rel], outputs[rel])
    for rel in stale:
        safe_target(out, rel).unlink()
        with contextlib.suppress(OSError):
            _remove_empty_parents((out / rel).parent, out)
    atomic_write_bytes(manifest, _manifest_bytes(hashes))
    return len(changed), len(stale)


def _our_temp(name: str) -> bool:
    """A temporary file of vaultkit's atomic writes ('.NAME.xxxx.vaultkit-tmp')."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _swap_in(out: Path, outputs: Mapping[str, bytes]) -> bool:
    """Fill a fresh sibling folder, then rename it to the missing or empty ``out``.

    One ``os.sync`` instead of a sync per file; a failure leaves ``out`` as it was. False when
    renaming is not possible here (the caller then writes file by file).
    """
    real = out.resolve()
    real.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{real.name}.vaultkit-new-"
    for stale in real.parent.glob(f"{glob.escape(prefix)}*"):  # a killed build's staging
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=real.parent))
    try:
        os.chmod(staging, 0o777 & ~_umask())
        for rel in sorted(outputs):
            target = staging.joinpath(*rel.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as handle:
                handle.write(outputs[rel])
        hashes = {rel: sha256(data) for rel, data in outputs.items()}
        (staging / MANIFEST).write_bytes(_manifest_bytes(hashes))
        os.sync()
        if real.exists():
            real.rmdir()  # empty by the caller's check; fails (OSError) otherwise
        os.rename(staging, real)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return False
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_empty_parents(folder: Path, out: Path) -> None:
    real_out = out.resolve()
    while folder.resolve() != real_out and is_within(folder, real_out):
        folder.rmdir()  # raises when not empty: stops the walk
        folder = folder.parent


def build(vault: Path, out: Path, config: CheckConfig, *, force: bool = False) -> BuildResult:
    """Build ``vault`` into ``out`` (see the module docstring for the guarantees)."""
    check_paths(vault, out)
    outputs, result = plan_build(vault, config)
    out.resolve().parent.mkdir(parents=True, exist_ok=True)
    written, removed = write_output(out, outputs, force=force)
    return BuildResult(
        out, result.notes, result.changed, result.copied, written, removed, result.terms,
        result.problems,
    )
