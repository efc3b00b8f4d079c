"""Each reporter against golden output; SARIF against the 2.1.0 schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from vaultkit.lint.report import REPORTERS, display_paths, summary_line
from vaultkit.lint.report.result import CheckResult
from vaultkit.lint.report.sarif import render as sarif
from vaultkit.notes.model import Finding, Severity, Span

GOLDEN = Path(__file__).parents[2] / "cases" / "report" / "basic"
# the shared reference copy (../shared/reference) when present, else the copy kept with the tests
_SHARED_SARIF = Path(__file__).resolve().parents[4] / "shared/reference/sarif-schema-2.1.0.json"
SARIF_SCHEMA = (
    _SHARED_SARIF
    if _SHARED_SARIF.exists()
    else Path(__file__).parents[2] / "data" / "sarif-schema-2.1.0.json"
)
EXT = {
    "text": "txt", "full": "full.txt", "json": "json", "github": "github.txt", "sarif": "sarif.json"
}


def result(line_shift: int = 0) -> CheckResult:
    findings = (
        Finding(
            "VK101",
            "unresolved-link",
            Severity.ERROR,
            "Notes/a b.md",
            Span(3 + line_shift, 5, 3 + line_shift, 14),
            "unresolved link [[Gone]]: did you mean [[Gon]]?",
        ),
        Finding(
            "VK102",
            "missing-heading",
            Severity.WARNING,
            "Notes/a b.md",
            Span(7 + line_shift, 1, 7 + line_shift, 9),
            "[[N#x]]: no heading x, in N.md\nsecond line 100%",
        ),
        Finding(
            "VK301",
            "orphan",
            Severity.WARNING,
            "zz:odd,name.md",
            Span(1, 1, 1, 1),
            "no other note links to this note",
        ),
        Finding("VK104", "ambiguous-link", Severity.INFO, "c.md", Span(2, 1, 2, 9), "ambiguous"),
    )
    return CheckResult(
        findings,
        {"unresolved-link": 1, "missing-heading": 1, "orphan": 1, "ambiguous-link": 1},
        notes=12,
        files=14,
    )


def show(path: str) -> str:
    return display_paths(Path("/work/v"), Path("/work"))(path)


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_golden(fmt: str) -> None:
    out = REPORTERS[fmt](result(), show)
    golden = GOLDEN / f"expected.{EXT[fmt]}"
    if os.environ.get("VAULTKIT_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_sarif_is_valid_and_fingerprints_survive_line_moves() -> None:
    document = json.loads(sarif(result(), show))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(document)
    moved = json.loads(sarif(result(line_shift=5), show))

    def prints(doc: dict[str, object]) -> list[object]:
        return [r["partialFingerprints"] for r in doc["runs"][0]["results"]]  # type: ignore[index]

    assert prints(document) == prints(moved)
    assert len({json.dumps(p) for p in prints(document)}) == 4


def test_paths_outside_the_working_folder_are_absolute() -> None:
    assert display_paths(Path("/elsewhere/v"), Path("/work"))("a.md") == "/elsewhere/v/a.md"
    assert display_paths(Path("/work/v"), Path("/work"))("a.md") == "v/a.md"
    assert display_paths(Path("/work/v"), Path("/work/v"))("d/a.md") == "d/a.md"
    assert display_paths(Path("/work/v"), Path("/"))("a.md") == "work/v/a.md"


def test_paths_seen_from_inside_the_vault() -> None:
    show = display_paths(Path("/work/v"), Path("/work/v/sub"))
    assert show("sub/a.md") == "a.md"
    assert show("sub/deep/a.md") == "deep/a.md"
    assert show("subway/a.md") == "/work/v/subway/a.md"
    assert show("a.md") == "/work/v/a.md"


def test_summary_line() -> None:
    assert summary_line(result()) == (
        "vaultkit: 1 error, 2 warnings, 1 info in 12 notes "
        "(ambiguous-link 1, missing-heading 1, orphan 1, unresolved-link 1)"
    )
    assert summary_line(CheckResult((), {}, 3, 3)) == "vaultkit: no problems found in 3 notes"
