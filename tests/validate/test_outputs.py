"""The annotated copy (--report) and the invalid-rows file (--invalid-rows), read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from export_kit.config import Config
from export_kit.validate import validate_catalogue
from export_kit.validate.outputs import (
    ERROR_FILL,
    WARNING_FILL,
    rejected_rows,
    write_annotated_copy,
    write_invalid_rows,
)
from export_kit.validate.report import Finding

FIELDS = ("sku", "parent_sku", "name", "brand", "price", "hs_code", "description", "images")


def _catalogue(make_catalogue, good, **kwargs):
    rows = [
        good("P-1"),
        good("P-2", price="0"),  # error on the price cell
        good("P-3", description="Le meilleur soin"),  # warning on the description
        good("V-1", parent_sku="P", name=None),  # product P has no name: both rows rejected
        good("V-2", parent_sku="P", name=None, images=['=HYPERLINK("http://evil")']),
        good("P-6", hs_code=None, description="+33 1 23 45 67 89"),  # warning only
    ]
    return make_catalogue(rows, fields=FIELDS, **kwargs)


def _fill(cell) -> str | None:
    return cell.fill.start_color.rgb if cell.fill.fill_type == "solid" else None


def test_annotated_copy_marks_problem_cells(tmp_path: Path, make_catalogue, good) -> None:
    catalogue = _catalogue(make_catalogue, good, header_row=3)
    missing = Finding("missing-column", "error", "No column holds the EAN.", field="ean")
    catalogue.findings.append(missing)
    report = validate_catalogue(catalogue, Config())
    target = tmp_path / "annotated.xlsx"
    write_annotated_copy(catalogue, report, target)

    book = load_workbook(target)
    assert book.sheetnames == ["catalogue", "Findings"]
    sheet = book["catalogue"]
    # header and rows stay where they were in the original (header on row 3)
    assert [c.value for c in sheet[3]][:3] == ["Référence", "Parent", "Désignation"]
    assert sheet["A4"].value == "P-1" and sheet["A9"].value == "P-6"
    assert sheet["A1"].value is None
    # row 5: price 0 is an error → red, with the message in a comment
    price = sheet["E5"]
    assert _fill(price) == ERROR_FILL
    assert "non-positive-price" in price.comment.text and "above 0" in price.comment.text
    # row 6: a superlative in the description is a warning → amber
    assert _fill(sheet["G6"]) == WARNING_FILL
    assert "最佳" in sheet["G6"].comment.text
    # a product-level finding without its own cell value still marks the name cell
    assert _fill(sheet["C7"]) == ERROR_FILL and sheet["C7"].value is None
    # clean cells are untouched
    assert _fill(sheet["A4"]) is None and sheet["A4"].comment is None
    # the catalogue-level finding goes on the header row's first cell
    assert "No column holds the EAN." in sheet["A3"].comment.text
    # formula injection is neutralised: the cell is text, not a formula
    image = sheet["H8"]
    assert image.value == '\'=HYPERLINK("http://evil")' and image.data_type == "s"
    assert sheet["G9"].value == "'+33 1 23 45 67 89"

    rows = list(book["Findings"].iter_rows(values_only=True))
    assert rows[0] == ("code", "severity", "row", "column", "sku", "value", "message")
    assert len(rows) == 1 + len(report.findings)
    assert rows[[r[0] for r in rows].index("non-positive-price")][:6] == (
        "non-positive-price",
        "error",
        5,
        "Prix TTC (€)",
        "P-2",
        "0",
    )


def test_invalid_rows_csv(tmp_path: Path, make_catalogue, good) -> None:
    catalogue = _catalogue(make_catalogue, good)
    report = validate_catalogue(catalogue, Config())
    target = tmp_path / "to-fix.csv"
    assert write_invalid_rows(catalogue, report, target) == 3

    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [*catalogue.headers, "reason"]
    assert [r[0] for r in rows[1:]] == ["P-2", "V-1", "V-2"]
    by_sku = {r[0]: r for r in rows[1:]}
    assert by_sku["P-2"][4] == "0"
    assert "Prix TTC (€): The price is 0" in by_sku["P-2"][-1]
    # the missing product name rejects both rows of the product, reason on each
    assert "Désignation: The name is empty" in by_sku["V-1"][-1]
    assert "Désignation: The name is empty" in by_sku["V-2"][-1]
    # the bad image URL is that row's own problem; reasons are joined with " | "
    assert " | " in by_sku["V-2"][-1] and " | " not in by_sku["V-1"][-1]
    assert by_sku["V-2"][7] == '\'=HYPERLINK("http://evil")'
    # rows with warnings only are not rejected
    assert "P-3" not in by_sku and "P-6" not in by_sku


def test_invalid_rows_keep_the_input_delimiter_and_plain_numbers(
    tmp_path: Path, make_catalogue, good
) -> None:
    catalogue = make_catalogue([good("P-1", price="-12.5")], fields=FIELDS, delimiter="\t")
    report = validate_catalogue(catalogue, Config())
    target = tmp_path / "to-fix.csv"
    write_invalid_rows(catalogue, report, target)
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig")), delimiter="\t"))
    assert rows[1][4] == "-12.5"  # a plain negative number is not a formula


def test_invalid_rows_of_a_workbook_are_semicolon_csv_or_xlsx(
    tmp_path: Path, make_catalogue, good
) -> None:
    catalogue = _catalogue(
        make_catalogue, good, delimiter=None, sheet="Produits", path="catalogue.xlsx"
    )
    report = validate_catalogue(catalogue, Config())
    as_csv = tmp_path / "to-fix.csv"
    write_invalid_rows(catalogue, report, as_csv)
    assert as_csv.read_text("utf-8-sig").splitlines()[0].count(";") == len(catalogue.headers)

    as_xlsx = tmp_path / "to-fix.xlsx"
    assert write_invalid_rows(catalogue, report, as_xlsx) == 3
    sheet = load_workbook(as_xlsx)["Produits"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][-1] == "reason"
    assert [v[0] for v in values[1:]] == ["P-2", "V-1", "V-2"]
    assert sheet["H4"].data_type == "s" and sheet["H4"].value.startswith("'=")


def test_rejected_rows_ignore_warnings_and_catalogue_level_errors(make_catalogue, good) -> None:
    catalogue = make_catalogue([good("P-1", hs_code=None)], fields=FIELDS)
    catalogue.findings.append(Finding("missing-column", "error", "No EAN column.", field="ean"))
    report = validate_catalogue(catalogue, Config())
    assert report.errors == 1 and report.warnings == 1
    assert rejected_rows(catalogue, report) == {}
    # a platform making missing-hs-code an error rejects the product's rows
    strict = validate_catalogue(catalogue, Config(rules={"missing-hs-code": "error"}))
    assert list(rejected_rows(catalogue, strict)) == [2]


def test_outputs_are_written_atomically_over_an_old_file(
    tmp_path: Path, make_catalogue, good
) -> None:
    catalogue = _catalogue(make_catalogue, good)
    report = validate_catalogue(catalogue, Config())
    target = tmp_path / "annotated.xlsx"
    target.write_text("old")
    write_annotated_copy(catalogue, report, target)
    assert load_workbook(target).sheetnames[-1] == "Findings"
    assert [p.name for p in tmp_path.iterdir()] == ["annotated.xlsx"]
