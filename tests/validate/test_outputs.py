"""The annotated copy (--report) and the invalid-rows file (--invalid-rows), read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from export_kit.catalogue import read_catalogue
from export_kit.config import Config
from export_kit.errors import OutputError
from export_kit.validate import validate_catalogue
from export_kit.validate.outputs import (
    ERROR_FILL,
    WARNING_FILL,
    XLSX_MAX_CELL,
    XLSX_MAX_COLUMNS,
    csv_text,
    rejected_rows,
    write_annotated_copy,
    write_invalid_rows,
    xlsx_text,
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


# ------------------------------------------------------------------ every text is written


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("ligne\x0bdeux", "ligne\ndeux"),  # Mac Excel's line break in a cell
        ("a\x00b\x01c\x1fd", "a\ufffdb\ufffdc\ufffdd"),
        ("x\ufffey\uffff", "x\ufffdy\ufffd"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),  # XML holds these
        ("_x0041_ and _x000b_", "_x005F_x0041_ and _x005F_x000b_"),
        ("plain _x00 text", "plain _x00 text"),
        ("crème 面霜 €", "crème 面霜 €"),
    ],
)
def test_xlsx_text_rule(text: str, written: str) -> None:
    assert xlsx_text(text) == written


def test_xlsx_text_cuts_past_a_cells_most() -> None:
    long = "a" * 40_000
    cut = xlsx_text(long)
    assert len(cut) == XLSX_MAX_CELL and cut.endswith("…") and cut.startswith("aaa")
    assert xlsx_text("a" * XLSX_MAX_CELL) == "a" * XLSX_MAX_CELL


def test_csv_text_replaces_only_nul() -> None:
    assert csv_text("a\x00b\x0bc\x01") == "a\ufffdb\x0bc\x01"


def test_hostile_cells_in_both_invalid_rows_files(tmp_path: Path, make_catalogue, good) -> None:
    names = ["Crème\x0bdeux", "Gel\x00douche", "Baume\x01nu", "=cmd|' /C calc'!A0"]
    rows = [good(f"P-{n}", name=name, price="0") for n, name in enumerate(names)]
    catalogue = make_catalogue(rows, fields=FIELDS)
    report = validate_catalogue(catalogue, Config())
    assert write_invalid_rows(catalogue, report, tmp_path / "fix.xlsx") == 4
    assert write_invalid_rows(catalogue, report, tmp_path / "fix.csv") == 4
    book = CalamineWorkbook.from_path(str(tmp_path / "fix.xlsx"))
    in_xlsx = [row[2] for row in book.get_sheet_by_index(0).to_python()[1:]]
    assert in_xlsx == ["Crème\ndeux", "Gel\ufffddouche", "Baume\ufffdnu", "'=cmd|' /C calc'!A0"]
    raw = (tmp_path / "fix.csv").read_bytes()
    assert b"\x00" not in raw
    back = read_catalogue(tmp_path / "fix.csv")
    in_csv = [r.values[2] for r in back.iter_raw_rows()]
    assert in_csv == ["Crème\x0bdeux", "Gel\ufffddouche", "Baume\x01nu", "'=cmd|' /C calc'!A0"]


def test_a_catalogue_wider_than_a_worksheet(tmp_path: Path, make_catalogue, good) -> None:
    catalogue = make_catalogue([good("P-1", price="0")], fields=FIELDS)
    catalogue.headers = catalogue.headers + ["x"] * (XLSX_MAX_COLUMNS - len(FIELDS) + 1)
    report = validate_catalogue(catalogue, Config())
    with pytest.raises(OutputError, match=r"needs 16,385 columns.*16,384") as refused:
        write_annotated_copy(catalogue, report, tmp_path / "r.xlsx")
    assert refused.value.exit_code == 3
    with pytest.raises(OutputError, match=r"needs 16,386 columns.*\.csv file instead"):
        write_invalid_rows(catalogue, report, tmp_path / "fix.xlsx")
    assert not list(tmp_path.iterdir())
    assert write_invalid_rows(catalogue, report, tmp_path / "fix.csv") == 1
