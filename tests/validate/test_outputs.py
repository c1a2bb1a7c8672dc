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


# ------------------------------------------------------------------ the brand's own workbook


def _brand_workbook(path: Path, *, findings_sheet: bool = False) -> Path:
    """A workbook as brands make them: a merged banner, a blank row, a two-row header
    (``Prix`` merged over ``HT | TTC``), data from column B, number formats, a formula,
    styles, widths, frozen panes, a note on a cell and a second sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Tarifs 2025"
    sheet["B1"] = "Maison Exemple — tarifs export 2025"
    sheet["B1"].font = Font(bold=True, size=16)
    sheet.merge_cells("B1:I1")
    top = ["Référence", "Désignation", "Marque", "Prix", None, "Code EAN", "Code SH", "Image"]
    sub = [None, None, None, "HT", "TTC", None, None, None]
    for col, (upper, lower) in enumerate(zip(top, sub, strict=True), start=2):
        sheet.cell(row=3, column=col, value=upper).font = Font(bold=True)
        sheet.cell(row=4, column=col, value=lower).font = Font(bold=True)
    sheet.merge_cells("E3:F3")
    rows = [
        ("P-1", "Crème de jour", "Maison Exemple", 20.75, 24.9, "3600523614561", "33049900"),
        ("P-2", "Sérum éclat", "Maison Exemple", 0, 0, "3600523614578", "33049900"),
        ("P-3", "Baume lèvres", "Maison Exemple", 7.5, None, "1234", "33049900"),
    ]
    for number, values in enumerate(rows, start=5):
        for col, value in enumerate(values, start=2):
            sheet.cell(row=number, column=col, value=value)
        sheet.cell(row=number, column=9, value=f"https://cdn.example.fr/{values[0]}.jpg")
        sheet.cell(row=number, column=5).number_format = "#,##0.00 €"
        sheet.cell(row=number, column=6).number_format = "#,##0.00 €"
    sheet["F7"] = "=E7*1.2"  # a formula whose value Excel computes
    sheet["F7"].number_format = "#,##0.00 €"
    sheet["C5"].fill = PatternFill(fill_type="solid", start_color="FFDDEBF7")
    sheet["C6"].comment = Comment("Nouveau en 2025", "Marie")
    sheet["F6"].comment = Comment("Prix à confirmer", "Marie")
    sheet.column_dimensions["C"].width = 34
    sheet.column_dimensions["I"].width = 48
    sheet.freeze_panes = "C5"
    notes = book.create_sheet("Notes")
    notes["A1"] = "Prix franco de port"
    notes["A2"] = 42
    if findings_sheet:
        book.create_sheet("Findings")["A1"] = "nos remarques"
    book.save(path)
    return path


def _cells(sheet) -> dict[str, tuple]:
    return {
        cell.coordinate: (cell.value, cell.data_type, cell.number_format, cell.font.b)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None or cell.has_style
    }


def test_annotated_copy_of_a_workbook_is_that_workbook(tmp_path: Path) -> None:
    source = _brand_workbook(tmp_path / "tarifs.xlsx")
    before = source.read_bytes()
    catalogue = read_catalogue(source)
    assert catalogue.header_row == 3 and catalogue.sheet == "Tarifs 2025"
    report = validate_catalogue(catalogue, Config())
    target = tmp_path / "annotated.xlsx"
    write_annotated_copy(catalogue, report, target)
    assert source.read_bytes() == before  # the input is never touched

    original, copy = load_workbook(source), load_workbook(target)
    assert copy.sheetnames == [*original.sheetnames, "Findings"]
    for name in original.sheetnames:
        old, new = original[name], copy[name]
        # every value, type, number format and font, at the same position
        assert _cells(new) == _cells(old), name
        assert {str(r) for r in new.merged_cells.ranges} == {
            str(r) for r in old.merged_cells.ranges
        }
        assert new.freeze_panes == old.freeze_panes
        widths = {k: d.width for k, d in old.column_dimensions.items() if d.customWidth}
        assert {k: new.column_dimensions[k].width for k in widths} == widths
    sheet, old = copy["Tarifs 2025"], original["Tarifs 2025"]
    assert sheet["F7"].value == "=E7*1.2"  # the formula, not its value
    # the problems at their cells: the zero price in TTC (column F) of row 6, the bad EAN
    # in column G of row 7; the rest keeps its own fill
    marked = {
        cell.coordinate
        for row in sheet.iter_rows()
        for cell in row
        if cell.fill.fill_type == "solid"
        and cell.fill.start_color.rgb in (ERROR_FILL, WARNING_FILL)
    }
    letters = {header: chr(ord("B") + i) for i, header in enumerate(catalogue.headers)}
    expected = {f"{letters[f.column]}{f.row}" for f in report.findings if f.column}
    assert {"F6", "G7", "F7"} <= expected  # TTC 0, EAN 1234, TTC formula without value
    assert marked == expected
    assert _fill(sheet["F6"]) == ERROR_FILL
    assert "non-positive-price" in sheet["F6"].comment.text
    assert "invalid-ean" in sheet["G7"].comment.text
    assert _fill(sheet["C5"]) == _fill(old["C5"]) == "FFDDEBF7"
    # the brand's notes are kept; on a problem cell, export-kit's is added below
    assert sheet["C6"].comment.text == "Nouveau en 2025"
    assert sheet["F6"].comment.text.startswith("Prix à confirmer\n---\nerror (non-positive")
    findings = list(copy["Findings"].iter_rows(values_only=True))
    assert findings[0] == ("code", "severity", "row", "column", "sku", "value", "message")
    assert len(findings) == 1 + len(report.findings)
    # the copy reads as the original does
    assert _products(read_catalogue(target)) == _products(catalogue)


def _products(catalogue) -> list[dict]:
    """Every SKU as read, but for the file it was read from."""
    skus = []
    for sku in catalogue.iter_skus():
        data = sku.model_dump(exclude={"columns"})
        data["issues"] = [{**i, "source": None} for i in data["issues"]]
        skus.append(data)
    return skus


def test_a_workbook_with_a_findings_sheet_keeps_it(tmp_path: Path) -> None:
    source = _brand_workbook(tmp_path / "tarifs.xlsx", findings_sheet=True)
    catalogue = read_catalogue(source)
    report = validate_catalogue(catalogue, Config())
    target = tmp_path / "annotated.xlsx"
    write_annotated_copy(catalogue, report, target)
    copy = load_workbook(target)
    assert copy.sheetnames == ["Tarifs 2025", "Notes", "Findings", "Findings (export-kit)"]
    assert copy["Findings"]["A1"].value == "nos remarques"
    assert copy["Findings (export-kit)"]["A1"].value == "code"
