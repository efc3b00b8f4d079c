from __future__ import annotations

import re

from vaultkit.lint.rules import RULES, all_rules, lookup, matching


def test_every_rule_has_a_stable_code_and_kebab_name() -> None:
    codes = [r.code for r in all_rules()]
    assert len(set(codes)) == len(codes)
    for entry in RULES.values():
        assert re.fullmatch(r"VK\d{3}", entry.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", entry.name)
        assert entry.summary


def test_lookup_by_name_code_and_prefix() -> None:
    assert lookup("vk101") is RULES["unresolved-link"]
    assert lookup("Orphan") is RULES["orphan"]
    assert {r.name for r in matching("VK10")} == {
        "unresolved-link",
        "missing-heading",
        "missing-block",
        "ambiguous-link",
    }
    assert matching("nope") == []
    assert len(matching("ALL")) == len(RULES)


def test_defaults_from_the_issue() -> None:
    expect = {
        "unresolved-link": ("error", True),
        "missing-heading": ("warning", True),
        "missing-block": ("warning", True),
        "ambiguous-link": ("info", True),
        "invalid-yaml": ("error", True),
        "schema": ("error", True),
        "orphan": ("warning", True),
        "dead-end": ("info", False),
        "embed-cycle": ("error", True),
        "hierarchy-cycle": ("error", True),
        "link-cycle": ("info", False),
        "duplicate-name": ("warning", True),
        "alias-collision": ("warning", True),
        "deprecated-property": ("warning", True),
        "ignored-tag": ("warning", True),
        "unquoted-property-link": ("warning", True),
        "table-pipe": ("warning", True),
        "unreadable-file": ("error", True),
        "invalid-canvas": ("error", True),
    }
    assert {n: (r.severity.value, r.enabled) for n, r in RULES.items()} == expect
