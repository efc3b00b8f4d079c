"""Reading source files: bytes to text (UTF-8, else Windows-1252; mojibake repaired), and the
folders given on the command line (a folder of glossaries stands for its files)."""

from __future__ import annotations

from pathlib import Path

from vaultkit.errors import ImportFormatError
from vaultkit.importers.model import ImportMessage
from vaultkit.importers.mojibake import repair
from vaultkit.importers.shapes.folder import (
    GLOSSARY_SUFFIXES,
    SUFFIXES,
    folder_files,
    is_term_folder,
)


def _decode(data: bytes, shown: str, diagnostics: list[ImportMessage]) -> str:
    nul = data.find(b"\x00")
    if nul >= 0:  # an image or archive named .md: nothing is imported, nothing is written
        line = data[:nul].count(b"\n") + 1
        raise ImportFormatError(shown, line, "binary file (it contains a NUL byte), not a glossary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.append(
            ImportMessage(shown, line, "warning", "not valid UTF-8; read as Windows-1252")
        )
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_of(path: Path, shown: str, local: list[ImportMessage]) -> str:
    """A source file's text: decoded, mojibake repaired (reported in ``local``)."""
    text = _decode(path.read_bytes(), shown, local)
    text, repaired = repair(text)
    if repaired:
        local.append(
            ImportMessage(
                shown,
                repaired[0],
                "info",
                f"repaired mojibake (UTF-8 read as cp1252) on {len(repaired)} lines",
            )
        )
    return text


def expand_folders(given: list[Path], diagnostics: list[ImportMessage]) -> list[Path]:
    """A folder of glossaries stands for its files; a folder of one term per file is one source
    (:func:`.shapes.folder.is_term_folder`)."""
    out: list[Path] = []
    for path in given:
        if not path.is_dir():
            out.append(path)
            continue
        names = folder_files(path, GLOSSARY_SUFFIXES)
        texts = [text_of(path / n, n, []) for n in names if n.endswith(SUFFIXES)]
        if is_term_folder(texts):
            out.append(path)
            continue
        if not names:
            diagnostics.append(
                ImportMessage(path.as_posix(), 0, "warning", "folder holds no glossary file")
            )
        out.extend(path / n for n in names)
    return out
