"""The orchestrator on hand-built notes: grading, selection, suppression, FILES narrowing."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.builders import fake_vault, link, note
from vaultkit.config import CheckConfig
from vaultkit.lint.engine import run_check
from vaultkit.notes.model import Comment, Severity, Span


def vault(tmp_path: Path) -> object:
    return fake_vault(
        [
            note("hub.md", link("a"), link("gone", 2)),
            note("a.md", link("hub"), link("a#nope", 3)),
            note("lonely.md", link("missing", 1)),
        ],
        root=tmp_path,
    )


def rules_of(result: object) -> list[tuple[str, str, int]]:
    return [(f.rule, f.path, f.span.line) for f in result.findings]  # type: ignore[attr-defined]


def test_default_rules_sorted_and_counted(tmp_path: Path) -> None:
    result = run_check(vault(tmp_path), CheckConfig())  # type: ignore[arg-type]
    assert rules_of(result) == [
        ("missing-heading", "a.md", 3),
        ("unresolved-link", "hub.md", 2),
        ("unresolved-link", "lonely.md", 1),
        ("orphan", "lonely.md", 1),
    ]
    assert result.counts == {"missing-heading": 1, "unresolved-link": 2, "orphan": 1}
    assert result.exit_code == 1


def test_regrading_and_selection(tmp_path: Path) -> None:
    config = CheckConfig(select=("VK1",), severity={"unresolved-link": "warning"})
    result = run_check(vault(tmp_path), config)  # type: ignore[arg-type]
    assert {f.rule for f in result.findings} == {"missing-heading", "unresolved-link"}
    assert all(f.severity is Severity.WARNING for f in result.findings)
    assert result.exit_code == 0


def test_files_narrow_reports_but_broken_links_always_show(tmp_path: Path) -> None:
    config = CheckConfig(only_paths=frozenset({"a.md"}))
    result = run_check(vault(tmp_path), config)  # type: ignore[arg-type]
    assert rules_of(result) == [
        ("missing-heading", "a.md", 3),
        ("unresolved-link", "hub.md", 2),
        ("unresolved-link", "lonely.md", 1),
    ]


def test_a_deleted_note_fails_the_check_when_files_name_only_it(tmp_path: Path) -> None:
    before = fake_vault([note("x.md", link("y")), note("y.md", link("x"))], root=tmp_path)
    assert run_check(before, CheckConfig(only_paths=frozenset({"y.md"}))).exit_code == 0  # type: ignore[arg-type]
    after = fake_vault([note("x.md", link("y"))], root=tmp_path)
    assert run_check(after, CheckConfig(only_paths=frozenset({"y.md"}))).exit_code == 1  # type: ignore[arg-type]


def test_inline_suppression(tmp_path: Path) -> None:
    (tmp_path / "lonely.md").write_text("[[missing]] %% vaultkit-ignore VK101 %%\n")
    notes = [
        note("hub.md", link("lonely")),
        note(
            "lonely.md",
            link("missing", 1),
            comments=(Comment("%% vaultkit-ignore VK101 %%", Span(1, 13, 1, 40)),),
        ),
        note(
            "quiet.md",
            link("also-missing", 4),
            comments=(Comment("vaultkit-ignore-file", Span(9, 1, 9, 20)),),
        ),
    ]
    result = run_check(fake_vault(notes, root=tmp_path), CheckConfig())  # type: ignore[arg-type]
    assert rules_of(result) == [("orphan", "hub.md", 1)]
