"""A folder with one term per file, as documentation sites keep their glossaries.

Each file has front matter (YAML or TOML, :mod:`..metadata`) with the term's ``title`` and
optionally ``id``, ``aka`` (aliases), ``related`` (ids of related terms) and
``short_description``; the body is the definition (the short description when the body is
empty). Hugo shortcodes are resolved: ``{{< glossary_tooltip text="pods" term_id="pod" >}}``
becomes a link to that term's note, paired shortcodes (``{{% note %}}…{{% /note %}}``) keep
their content, others are removed. ``<!--more-->`` (the summary break) is dropped. A file with
no title, or the index page (``_index.md``, ``layout: glossary``), is text outside the entries.

Entries are numbered on one line scale across the files in name order (the first file's lines,
then the next file's); messages name the file and its own line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from vaultkit.importers.labels import clean_term
from vaultkit.importers.metadata import split_metadata
from vaultkit.importers.model import Entry, ImportMessage, ParseResult, Unplaced

SUFFIXES = (".md", ".markdown", ".mdx")
GLOSSARY_SUFFIXES = (*SUFFIXES, ".txt", ".rst", ".adoc", ".asciidoc", ".html", ".htm")
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w-]+)((?:[^}]|\}(?!\}))*?)\s*[>%]\}\}")
_ARG = re.compile(r'([\w-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
_MORE = re.compile(r"<!--\s*more\s*-->")


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(p.strip() for p in value.split(",") if p.strip())
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return ()


def _is_index(name: str, data: dict[str, Any]) -> bool:
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem in {"_index", "index"} or data.get("layout") == "glossary"


def _render(body: str, titles: dict[str, str], notes: list[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        closing, name, raw = match.group(2), match.group(3), match.group(4)
        args = {m.group(1): next((g for g in m.groups()[1:] if g), "") for m in _ARG.finditer(raw)}
        term_id = args.get("term_id", "")
        text = args.get("text", "")
        if not closing and term_id and name.startswith("glossary"):
            title = titles.get(term_id)
            if title is None:
                notes.append(f'shortcode names the unknown term_id "{term_id}"; kept as text')
                return text or term_id
            return f"[[{title}|{text}]]" if text and text != title else f"[[{title}]]"
        if text:
            return text
        notes.append(f"shortcode {{{{{match.group(1)} {name} {match.group(1)}}}}} removed")
        return ""

    lines = [_SHORTCODE.sub(replace, line) for line in _MORE.sub("", body).split("\n")]
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line.rstrip())
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(re.sub(r"^ {1,3}(?=\S)", "", line) for line in out)


def parse_folder(files: list[tuple[str, str]], path: str) -> ParseResult:
    """Entries of a folder's files; ``files`` are (name inside the folder, text), name order."""
    metas = [(name, split_metadata(text)) for name, text in files]
    titles: dict[str, str] = {}
    for name, meta in metas:
        if meta.title and not _is_index(name, meta.data):
            stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            titles.setdefault(stem, meta.title)
            titles.setdefault(str(meta.data.get("id") or stem), meta.title)
    entries: list[Entry] = []
    diagnostics: list[ImportMessage] = []
    unplaced: list[Unplaced] = []
    furniture: list[tuple[int, str]] = []
    title = ""
    offset = 0
    for (name, text), (_, meta) in zip(files, metas, strict=True):
        lines = meta.text.split("\n")
        shown = f"{path}/{name}"
        if meta.problem:
            diagnostics.append(ImportMessage(shown, 1, "warning", meta.problem))
        if not meta.title or _is_index(name, meta.data):
            title = title or (meta.title if _is_index(name, meta.data) else "")
            if text.strip():
                furniture.append((offset + 1, f"{name}:\n{text.strip()}"))
            offset += len(lines)
            continue
        notes: list[str] = []
        body = _render(meta.text, titles, notes)
        for note in notes:
            diagnostics.append(ImportMessage(shown, 1, "info", note))
        summary = meta.data.get("short_description")
        if not body.strip() and isinstance(summary, str):
            body = _render(summary.strip(), titles, [])
        first = next((i for i, line in enumerate(lines, 1) if line.strip()), 1)
        term = clean_term(meta.title)
        if not body.strip():
            unplaced.append(Unplaced(offset + 1, text, f"{name}: a term without a definition"))
        else:
            related = tuple(titles.get(r, r) for r in _names(meta.data.get("related")))
            entries.append(
                Entry(
                    term,
                    body,
                    offset + first,
                    offset + len(lines),
                    aliases=_names(meta.data.get("aka")),
                    see_also=related,
                )
            )
        offset += len(lines)
    return ParseResult(
        "term-folder", title, tuple(entries), tuple(diagnostics), tuple(unplaced), "",
        tuple(furniture),
    )


def is_term_folder(texts: list[str]) -> bool:
    """Most files of the folder name one term in their front matter (else each file is a
    glossary of its own)."""
    titled = sum(1 for text in texts if split_metadata(text).title)
    return bool(texts) and titled * 2 > len(texts)


def folder_files(folder: Path, suffixes: tuple[str, ...] = SUFFIXES) -> list[str]:
    """Names (POSIX, relative) of the files in ``folder`` and below with one of ``suffixes``,
    in name order; hidden files and folders are skipped."""
    names = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        hidden = any(part.startswith(".") for part in rel.parts)
        if path.is_file() and path.suffix.casefold() in suffixes and not hidden:
            names.append(rel.as_posix())
    return sorted(names)
