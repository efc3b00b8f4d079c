"""The re-check state's records and helpers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vaultkit.lint.state import in_report_order, ordered_merge
from vaultkit.notes.model import Finding, Severity, Span

findings = st.builds(
    lambda path, line, column, code, message: Finding(
        code, "rule", Severity.WARNING, path, Span(line, column, line, column + 1), message
    ),
    st.sampled_from(["a.md", "b.md", "b/c.md", "z.md"]),
    st.integers(1, 4),
    st.integers(1, 3),
    st.sampled_from(["VK101", "VK102"]),
    st.sampled_from(["x", "y"]),
)


@given(st.lists(findings, max_size=30), st.lists(findings, max_size=8))
def test_a_merge_puts_the_others_where_a_sort_would(
    ordered: list[Finding], others: list[Finding]
) -> None:
    merged = ordered_merge(list(in_report_order(ordered)), others)
    assert merged == sorted([*ordered, *others], key=Finding.sort_key)


def test_a_merge_of_nothing_keeps_the_list() -> None:
    ordered = [Finding("VK101", "r", Severity.WARNING, "a.md", Span(1, 1, 1, 2), "m")]
    assert ordered_merge(ordered, []) is ordered
