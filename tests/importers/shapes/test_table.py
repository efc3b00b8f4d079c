"""Tables read by their shape, not by what their definitions say."""

from __future__ import annotations

from vaultkit.importers import read

BELBEL = (
    "| **Belbel** | A kind of fruit that grows on trees, often eaten with Gorzandralo; "
    "see also Nixsenmimu. |"
)


def _rows(row: str, count: int) -> str:
    return "| Item | Notes |\n|---|---|\n" + "\n".join(
        row.replace("Belbel", f"Belbel{chr(97 + n)}") for n in range(count)
    )


def test_a_plain_two_column_table_with_long_definitions_imports() -> None:
    result = read(_rows(BELBEL, 10), "fruit.md")
    assert result.format == "md-table"
    assert [e.term for e in result.entries] == [f"Belbel{chr(97 + n)}" for n in range(10)]
    assert result.entries[0].definition.startswith("A kind of fruit")


def test_a_table_without_bold_or_known_header_is_read_by_shape() -> None:
    rows = BELBEL.replace("**", "")
    result = read(_rows(rows, 4), "fruit.md")
    assert [(e.term, e.kind) for e in result.entries][:1] == [("Belbela", "term")]
    assert len(result.entries) == 4
    short = rows.replace("Belbel", "BB2")  # acronym-like names, but sentences, not expansions
    assert read(_rows(short, 4), "fruit.md").entries[0].kind == "term"


def test_a_metadata_table_is_not_terms() -> None:
    text = (
        "# Spec\n\n| Field | Value |\n|---|---|\n| Version | 3.2 |\n| Date | 2024-05-01 |\n"
        "| Owner | Legal team |\n"
    )
    assert read(text, "spec.md").entries == ()


def test_cells_with_links_spans_emoji_and_escaped_pipes_name_the_term() -> None:
    text = (
        "| Term | Also | Definition |\n|---|---|---|\n"
        "| [Widget](https://x.org/w) ✅ | W | A small device that does one job well. |\n"
        '| <span class="t">Gadget</span> | – | A tool with more than one job to do. |\n'
        "| `a \\| b` 🧪 | pipe | Sends the output of one command to another one. |\n"
    )
    entries = read(text, "t.md").entries
    assert [e.term for e in entries] == ["Widget", "Gadget", "a | b"]
    assert [e.aliases for e in entries] == [("W",), (), ("pipe",)]


def test_a_headerless_acronym_table_gives_expansions() -> None:
    text = "| | |\n|---|---|\n| BP | Blood pressure |\n| ICU | Intensive care unit |\n"
    entries = read(text, "ward.md").entries
    assert [(e.term, e.expansion, e.kind) for e in entries] == [
        ("BP", "Blood pressure", "acronym"),
        ("ICU", "Intensive care unit", "acronym"),
    ]


def test_tables_inside_the_definitions_of_term_headings_stay_there() -> None:
    rows = "\n".join(
        f"| opt{i} | Makes the result smoother but takes a little longer each time. |"
        for i in range(5)
    )
    text = "\n\n".join(
        f"### {term}\n\nThe {term} decides how noise is removed.\n\n| Setting | Effect |\n"
        f"|---|---|\n{rows}"
        for term in ["Sampler", "Scheduler", "Guidance"]
    )
    result = read(text, "x.md")
    assert [e.term for e in result.entries] == ["Sampler", "Scheduler", "Guidance"]
    assert result.entries[0].definition.endswith("a little longer each time. |")
