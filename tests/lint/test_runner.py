"""run_rules: the rules split over two processes find exactly what one process finds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from vaultkit import parallel
from vaultkit.config import CheckConfig
from vaultkit.lint import runner as rule_runner
from vaultkit.lint.engine import check_path
from vaultkit.lint.selection import active_rules


def _vault(root: Path, notes: int = 60) -> Path:
    for i in range(notes):
        folder = root / (f"F{i % 3}" if i % 2 else "")
        folder.mkdir(parents=True, exist_ok=True)
        body = (
            f'---\naliases: [N{i}, Shared]\nparent: "[[n{(i + 1) % 7}]]"\ntags: [a b]\n---\n'
            f"# N{i}\n\n[[n{i // 2}]] [[missing {i % 5}]] [[n{i + 1}#Nope]] ![[n{i % 4}]] #t{i}\n"
            f"\n| a | [[n1|x]] |\n|---|---|\n| b | c |\n\npara ^blk{i}\n"
        )
        (folder / f"n{i}.md").write_text(body, encoding="utf-8")
    (root / "lonely.md").write_text("nobody links here\n", encoding="utf-8")
    return root


def test_groups_keep_rules_sharing_context_together_in_a_fixed_order() -> None:
    config = CheckConfig()
    groups = rule_runner._groups(
        [(n, s) for n, s in active_rules(config).items() if rule_runner.RULES[n].func]
    )
    index = {m: k for k, group in enumerate(rule_runner.GROUPS) for m in group}
    keys = [
        sorted({index[rule_runner.RULES[name].func.__module__] for name, _ in group})  # type: ignore[union-attr]
        for group in groups
    ]
    assert all(len(k) == 1 for k in keys)  # a group holds the rules of one entry of GROUPS
    assert [k[0] for k in keys] == sorted({k[0] for k in keys})  # each once, in GROUPS order
    together = next(g for g in groups if any(name == "orphan" for name, _ in g))
    assert {"orphan", "alias-collision"} <= {name for name, _ in together}  # both read facts
    assert len(groups) >= 2


@pytest.mark.skipif(not parallel.available(), reason="needs fork (Linux)")
def test_two_processes_find_the_same_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path / "v")
    monkeypatch.setattr(rule_runner, "PARALLEL_FROM", 1)
    config = dataclasses.replace(CheckConfig(), extend_select=("dead-end", "link-cycle"))
    serial = check_path(root, config, jobs=1)
    parallel = check_path(root, config, jobs=2)
    assert parallel.findings == serial.findings
    assert len(serial.findings) > 100
    assert {f.rule for f in serial.findings} >= {
        "unresolved-link", "missing-heading", "orphan", "alias-collision", "hierarchy-cycle",
        "embed-cycle", "table-pipe",
    }  # fmt: skip
    assert set(parallel.timings) >= {f"rule:{f.rule}" for f in serial.findings}
