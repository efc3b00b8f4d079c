"""The import summary printed at the end: per source, entries, new, merged, updated, warnings."""

from __future__ import annotations

from vaultkit.importers.pipeline import ImportReport


def summary_lines(report: ImportReport) -> list[str]:
    head = (
        f"{'source':<40} {'format':<12} {'entries':>7} {'new':>5} {'merged':>6} "
        f"{'updated':>7} {'warnings':>8}"
    )
    lines = [head]
    for s in report.sources:
        name = s.info.file if len(s.info.file) <= 40 else "…" + s.info.file[-39:]
        lines.append(
            f"{name:<40} {s.info.format:<12} {s.entries:>7} {s.new:>5} {s.merged:>6} "
            f"{s.updated:>7} {s.warnings:>8}"
        )
    counts: dict[str, int] = {}
    for change in report.changes:
        counts[change.action] = counts.get(change.action, 0) + 1
    verb = "would change" if report.dry_run else "changed"
    files = ", ".join(f"{n} {a}" for a, n in sorted(counts.items())) or "nothing"
    lines.append(
        f"{report.concepts} concepts; files {verb}: {files}; "
        f"unplaced entries: {report.unplaced}; {report.seconds:.2f}s"
    )
    return lines
