"""The text report: an aligned table on stdout and a one-line summary."""

from __future__ import annotations

from export_kit.validate.report import Finding, Report
from export_kit.validate.text import format_table, summary_line


def _report() -> Report:
    return Report(
        source="catalogue.csv",
        rows=12,
        products=11,
        findings=[
            Finding(
                "invalid-ean",
                "error",
                "EAN-13 check digit should be 1, not 3",
                row=7,
                column="Code EAN",
                sku="P-007",
            ),
            Finding("missing-column", "error", "No column holds the brand."),
            Finding(
                "superlative-claim",
                "warning",
                "'le meilleur' is a superlative claim: "
                "in Chinese it becomes 最佳 / 最好, absolute terms the Advertising Law bans "
                "(art. 9) and marketplaces reject. Rephrase it without the superlative.",
                row=3,
                column="Description longue du produit en français",
                sku="P-003",
            ),
            Finding("missing-image", "warning", "no image", row=3, sku="P-003"),
        ],
    )


def test_summary_line() -> None:
    assert summary_line(_report()) == "12 rows, 11 products: 2 errors, 2 warnings"
    single = Report(
        source="x", rows=1, products=1, findings=[Finding("missing-image", "info", "m")]
    )
    assert summary_line(single) == "1 row, 1 product: 0 errors, 0 warnings, 1 info"


def test_table_is_sorted_by_row_aligned_and_wrapped() -> None:
    lines = format_table(_report(), width=80).splitlines()
    assert lines[0].split() == ["Row", "Column", "SKU", "Severity", "Code", "Message"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    body = [line for line in lines[2:] if not line.startswith(" " * 10)]
    assert [line.split()[0] for line in body] == ["-", "3", "3", "7"]
    message_start = lines[0].index("Message")
    for line in lines[2:]:
        assert line[message_start - 2 : message_start] == "  "
        assert len(line) <= 80
    # the long message is wrapped under the message column
    continuation = [line for line in lines if line.startswith(" " * message_start)]
    assert continuation and all(line[message_start] != " " for line in continuation)


def test_quiet_table_has_no_header_and_empty_report_no_table() -> None:
    lines = format_table(_report(), header=False).splitlines()
    assert lines[0].split()[0] == "-"
    assert format_table(Report(source="x")) == ""


def test_long_column_names_are_clipped_more_on_a_narrow_terminal() -> None:
    assert "Description longue du…" in format_table(_report(), width=140)
    narrow = format_table(_report(), width=80)
    assert "Descrip…" in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 80
