"""`--statistics`: counts per rule, most first; the fixable column only with a fix hook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vaultkit.cli import main
from vaultkit.lint.report.statistics import render_json, render_text, rule_statistics
from vaultkit.notes.model import Finding, Severity, Span


def f(code: str, rule: str, line: int = 1) -> Finding:
    return Finding(code, rule, Severity.WARNING, "a.md", Span.point(line), "m")


FINDINGS = [
    *[f("VK301", "orphan", n) for n in range(1, 5)],
    f("VK101", "unresolved-link", 1),
    f("VK101", "unresolved-link", 2),
    f("VK101", "unresolved-link", 3),
    f("VK603", "unquoted-property-link"),  # before VK104: ties are ordered by code
    f("VK104", "ambiguous-link"),
    f("VK102", "missing-heading"),
    f("VK102", "missing-heading", 2),
]


def test_sorted_by_count_then_code() -> None:
    rows = rule_statistics(FINDINGS)
    assert [(r.code, r.count) for r in rows] == [
        ("VK301", 4), ("VK101", 3), ("VK102", 2), ("VK104", 1), ("VK603", 1),
    ]
    assert render_text(rows) == (
        "4  VK301  orphan\n"
        "3  VK101  unresolved-link\n"
        "2  VK102  missing-heading\n"
        "1  VK104  ambiguous-link\n"
        "1  VK603  unquoted-property-link\n"
    )


def test_fixable_column_with_a_fix_hook() -> None:
    rows = rule_statistics(FINDINGS, fixable=lambda x: x.rule == "unresolved-link" and
                           x.span.line > 1)
    assert render_text(rows).splitlines()[1] == "3  VK101  unresolved-link         2 fixable"
    assert render_text(rows).splitlines()[0] == "4  VK301  orphan                  0 fixable"
    assert json.loads(render_json(rows))[1] == {
        "code": "VK101", "name": "unresolved-link", "count": 3, "fixable": 2,
    }
    assert "fixable" not in json.loads(render_json(rule_statistics(FINDINGS)))[0]


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("[[b]] [[x]] [[y]]\n", encoding="utf-8")
    (vault / "b.md").write_text("[[a]]\n", encoding="utf-8")
    (vault / "c.md").write_text("---\nrelated: [[a]]\n---\n[[a]]\n", encoding="utf-8")
    return vault


def test_statistics_replace_the_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = _vault(tmp_path)
    assert main(["check", str(vault), "--isolated", "--no-cache", "--statistics"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "2  VK101  unresolved-link         0 fixable",
        "1  VK301  orphan                  0 fixable",
        "1  VK603  unquoted-property-link  1 fixable",  # a safe fix: quote the link
    ]
    assert out[3].startswith("vaultkit: 2 errors, 2 warnings")
    main(["check", str(vault), "--isolated", "--no-cache", "--statistics", "--format", "full"])
    assert capsys.readouterr().out.splitlines()[:3] == out[:3]  # a table for every format
    (vault.parent / "vaultkit.toml").write_text('unfixable = ["VK603"]\n')
    main(["check", str(vault), "--no-cache", "--statistics"])
    assert capsys.readouterr().out.splitlines()[2] == "1  VK603  unquoted-property-link  0 fixable"


def test_statistics_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = _vault(tmp_path)
    main(["check", str(vault), "--isolated", "--no-cache", "--statistics", "--format", "json"])
    out, err = capsys.readouterr()
    assert json.loads(out) == [
        {"code": "VK101", "name": "unresolved-link", "count": 2, "fixable": 0},
        {"code": "VK301", "name": "orphan", "count": 1, "fixable": 0},
        {"code": "VK603", "name": "unquoted-property-link", "count": 1, "fixable": 1},
    ]
    assert err.startswith("vaultkit: 2 errors")


def test_output_format_from_the_configuration_and_the_flag_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = _vault(tmp_path)
    (tmp_path / "vaultkit.toml").write_text('output-format = "json"\n')
    main(["check", str(vault), "--no-cache"])
    assert json.loads(capsys.readouterr().out)["summary"]["errors"] == 2
    main(["check", str(vault), "--no-cache", "--format", "text"])
    assert capsys.readouterr().out.startswith(f"{vault.as_posix()}/a.md:1:7: VK101")
    (tmp_path / "vaultkit.toml").write_text('output-format = "nope"\n')
    assert main(["check", str(vault), "--no-cache"]) == 2
