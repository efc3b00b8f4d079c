"""``vaultkit import``: read sources, merge concepts, plan notes, merge them into the vault.

Reading sources happens here, the vault side in vaultio; everything between is pure.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from vaultkit.errors import UsageError
from vaultkit.importers import manifest
from vaultkit.importers.labels import safe_file_name
from vaultkit.importers.merge import Concept, make_members, merge
from vaultkit.importers.model import ImportMessage, ParseResult, SourceInfo, Unplaced
from vaultkit.importers.notes import PlannedNote, source_note, term_notes, unplaced_note
from vaultkit.importers.postprocess import tidy
from vaultkit.importers.registry import read
from vaultkit.importers.shapes.crossrefs import resolve_links
from vaultkit.importers.shapes.fields import with_fields
from vaultkit.importers.shapes.folder import folder_files, parse_folder
from vaultkit.importers.shapes.redirects import settle
from vaultkit.importers.sourcefiles import expand_folders, text_of
from vaultkit.importers.titles import is_readable, source_title
from vaultkit.importers.vaultio import (
    FileChange,
    apply_changes,
    assign_names,
    existing_notes,
    plan_changes,
    unified_diff,
)

__all__ = ["FileChange", "ImportReport", "SourceReport", "import_sources", "unified_diff"]


@dataclass(slots=True)
class SourceReport:
    info: SourceInfo
    entries: int = 0
    new: int = 0
    merged: int = 0
    updated: int = 0
    warnings: int = 0
    unplaced: int = 0


@dataclass(slots=True)
class ImportReport:
    sources: list[SourceReport] = field(default_factory=list)
    changes: list[FileChange] = field(default_factory=list)
    diagnostics: list[ImportMessage] = field(default_factory=list)
    concepts: int = 0
    seconds: float = 0.0
    dry_run: bool = False

    @property
    def unplaced(self) -> int:
        return sum(s.unplaced for s in self.sources)

    @property
    def exit_code(self) -> int:
        failed = self.unplaced or any(c.action == "conflict" for c in self.changes)
        return 1 if failed else 0


@dataclass(slots=True)
class _Source:
    info: SourceInfo
    path: Path
    result: ParseResult
    unplaced: list[Unplaced]
    report: SourceReport


def _read_sources(
    root: Path, vault: Path, given: list[Path], shape: str, diagnostics: list[ImportMessage]
) -> list[_Source]:
    listed = manifest.load_vault(vault, root)  # the sources this vault was made from
    rows = [row for row, _ in listed]
    by_file = {row.file: row for row in rows}
    wanted: list[tuple[SourceInfo | None, Path]] = list(listed)
    given = expand_folders(given, diagnostics)
    for path in given:
        rel = manifest.relative(root, path)
        if rel not in by_file:
            wanted.append((None, path))
            by_file[rel] = SourceInfo("", "", rel, "")
    taken_titles = {row.title.casefold() for row in rows}
    taken_ids = {row.id for row in rows}
    forced = {manifest.relative(root, p) for p in given} if shape != "auto" else set()
    out: list[_Source] = []
    for known, path in wanted:
        rel = manifest.relative(root, path)
        if not path.is_file() and not path.is_dir():
            if known is not None and path not in given:
                diagnostics.append(
                    ImportMessage(
                        rel,
                        0,
                        "warning",
                        "source listed in the manifest is missing; its notes are left as they are",
                    )
                )
                continue
            raise UsageError(f"{rel}: no such file")
        local: list[ImportMessage] = []
        if path.is_dir():  # one term per file (shapes.folder)
            files = [(n, text_of(path / n, f"{rel}/{n}", local)) for n in folder_files(path)]
            result = settle(with_fields(parse_folder(files, rel)), rel)
        else:
            text = text_of(path, rel, local)
            result = read(text, rel, shape if rel in forced else "auto")
        result = resolve_links(result, rel, known.url if known is not None else "")
        local.extend(result.diagnostics)
        entries, aside = tidy(result.entries)
        if known is None:
            title = source_title(result.title, result.intro, path.stem, taken_titles)
            ident = manifest.derive_id(title, path.stem, taken_ids)
            taken_titles.add(title.casefold())
            taken_ids.add(ident)
            row = SourceInfo(ident, title, rel, result.format)
        else:
            # a title made from an id or hash by an older import is made again (readable)
            title = known.title
            if not is_readable(title):
                taken_titles.discard(title.casefold())
                title = source_title(result.title, result.intro, path.stem, taken_titles)
                taken_titles.add(title.casefold())
            row = SourceInfo(known.id, title, known.file, result.format, known.url)
        unplaced = [*result.unplaced, *aside]
        if not entries and not unplaced:
            local.append(ImportMessage(rel, 1, "warning", "no glossary entries found"))
        for item in unplaced:
            local.append(
                ImportMessage(
                    rel, item.line, "error", f"{item.reason}; kept in the vault's _unplaced/ folder"
                )
            )
        report = SourceReport(
            row,
            entries=len(entries),
            unplaced=len(unplaced),
            warnings=sum(d.level == "warning" for d in local),
        )
        diagnostics.extend(local)
        out.append(
            _Source(
                row,
                path,
                ParseResult(
                    result.format,
                    result.title,
                    tuple(entries),
                    (),
                    (),
                    result.intro,
                    result.furniture,
                ),
                unplaced,
                report,
            )
        )
    return out


def plan(
    sources: list[_Source], existing: dict[str, str], diagnostics: list[ImportMessage]
) -> tuple[list[PlannedNote], list[Concept]]:
    members = []
    for order, source in enumerate(sources):
        members.extend(
            make_members(source.info.id, source.info.file, order, list(source.result.entries))
        )
    concepts, notes = merge(members)
    diagnostics.extend(notes)
    assign_names(concepts, existing)
    infos = {s.info.id: s.info for s in sources}
    source_names = {s.info.id: safe_file_name(s.info.title) or s.info.id for s in sources}
    planned = term_notes(concepts, infos, source_names, diagnostics)
    for source in sources:
        ordered = _concepts_of(source.info.id, concepts)
        # not the source note's own name: [[Name]] would then match two notes
        aside = f"Unplaced from {source_names[source.info.id]}" if source.unplaced else ""
        planned.append(
            source_note(
                source.info, source_names[source.info.id], ordered, source.result.furniture, aside
            )
        )
        if source.unplaced:
            planned.append(
                unplaced_note(
                    source.info,
                    aside,
                    source_names[source.info.id],
                    source.unplaced,
                )
            )
    return planned, concepts


def _concepts_of(source_id: str, concepts: list[Concept]) -> list[Concept]:
    rows = []
    for concept in concepts:
        lines = [m.entry.line for m in concept.members if m.source == source_id]
        if lines:
            rows.append((min(lines), concept))
    return [c for _, c in sorted(rows, key=lambda row: row[0])]


def import_sources(
    paths: list[Path],
    vault: Path | None = None,
    *,
    root: Path | None = None,
    shape: str = "auto",
    dry_run: bool = False,
) -> ImportReport:
    """Import ``paths`` (and every source already in the manifest) into ``vault``.

    ``root`` is the project (paths in messages and notes are relative to it); by default the
    nearest folder above the current one with a project marker. ``vault`` defaults to
    ``root/vault``; the sources it was made from are listed in its own manifest
    (:mod:`.manifest`), so importing into another vault never picks them up.
    """
    started = time.perf_counter()
    root = root or manifest.find_root(Path.cwd())
    vault = vault if vault is not None else root / "vault"
    if vault.exists() and not vault.is_dir():
        raise UsageError(f"{vault}: not a folder")
    if vault.is_symlink():
        raise UsageError(f"{vault}: the vault must not be a symlink")
    report = ImportReport(dry_run=dry_run)
    sources = _read_sources(root, vault, paths, shape, report.diagnostics)
    if not sources:
        raise UsageError(
            f"nothing to import: give SOURCE files; {vault} lists no sources it was made from"
        )
    existing = existing_notes(vault)
    planned, concepts = plan(sources, existing, report.diagnostics)
    report.concepts = len(concepts)
    managed = {s.info.id for s in sources}
    report.changes = plan_changes(planned, existing, managed, vault)
    _count(report, sources, planned)
    for change in report.changes:
        if change.action == "conflict":
            report.diagnostics.append(ImportMessage(change.path, 0, "error", change.message))
    if not dry_run:
        apply_changes(vault, report.changes)
        manifest.save_vault(vault, root, [s.info for s in sources])
    report.sources = [s.report for s in sources]
    report.seconds = time.perf_counter() - started
    return report


def _count(report: ImportReport, sources: list[_Source], planned: list[PlannedNote]) -> None:
    by_path = {c.path: c.action for c in report.changes}
    stats = {s.info.id: s.report for s in sources}
    for note in planned:
        concept = note.concept
        if concept is None:
            continue
        action = by_path.get(note.path)
        first = concept.members[0].source
        if action == "create":
            stats[first].new += 1
        for source_id in concept.sources:
            if len(concept.sources) > 1 and source_id != first:
                stats[source_id].merged += 1
            if action == "update":
                stats[source_id].updated += 1
    for source in sources:
        source.report.warnings = sum(
            1 for d in report.diagnostics if d.file == source.info.file and d.level == "warning"
        )
