"""The annotated copy (--report) and the invalid-rows file (--invalid-rows), read back."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from export_kit.catalogue import read_catalogue
from export_kit.config import Config
from export_kit.errors import OutputError
from export_kit.validate import validate_catalogue
from export_kit.validate.annotate import write_annotated_copy
from export_kit.validate.outputs import (
    ERROR_FILL,
    WARNING_FILL,
    XLSX_MAX_CELL,
    XLSX_MAX_COLUMNS,
    csv_text,
    write_invalid_rows,
    xlsx_text,
)
from export_kit.validate.rejected import rejected_rows
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


def test_annotated_copy_of_a_csv_types_its_numbers(tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_text(
        "Référence;Désignation;Marque;Prix TTC (€);Code EAN;Stock;Poids (kg);Lot;Remise\n"
        "123;Crème;Maison;24,90;3600523614561;12;0,25;0042;10,5\n"
        "124;Sérum;Maison;0;0360052361456;-3;1;17;\n"
        "125;Baume;Maison;1 299,00;;;0,5;A-9;2\n",
        encoding="cp1252",
    )
    catalogue = read_catalogue(source)
    report = validate_catalogue(catalogue, Config())
    target = tmp_path / "annotated.xlsx"
    write_annotated_copy(catalogue, report, target)
    sheet = load_workbook(target)["export"]
    assert [c.value for c in sheet[1]] == catalogue.headers
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # codes stay text, zeros kept; the SKU 123 is a reference, not a number
    assert [v[0] for v in values] == ["123", "124", "125"]
    assert [v[4] for v in values] == ["3600523614561", "0360052361456", None]
    assert [v[7] for v in values] == ["0042", "17", "A-9"]  # a column of codes, zero kept
    # numbers are numbers, read with the column's decimal comma
    assert [v[5] for v in values] == [12, -3, None]
    assert [v[6] for v in values] == [0.25, 1, 0.5]
    assert [v[8] for v in values] == [10.5, None, 2]
    assert sheet["F2"].data_type == "n" and sheet["G2"].number_format == "0.00"
    # prices as the reader reads them, shown to the cent
    assert [v[3] for v in values] == [24.9, 0, 1299]
    assert sheet["D4"].number_format == "#,##0.00"
    assert _fill(sheet["D3"]) == ERROR_FILL
    assert sheet.freeze_panes == "A2"


# ------------------------------------------------------------------ rejected rows, read back


def _listing(sku) -> dict:
    """What a fixed file must give again: every value read, but for where it was read."""
    data = sku.model_dump(exclude={"row", "sheet", "columns", "issues"})
    data["attributes"] = {k: v for k, v in data["attributes"].items() if k != "reason"}
    return data


def _by_product(catalogue, keys=None) -> dict[str, list[dict]]:
    from export_kit.catalogue.base import product_key

    products: dict[str, list[dict]] = {}
    for sku in catalogue.iter_skus():
        key = product_key(sku)
        if keys is None or key in keys:
            products.setdefault(key, []).append(_listing(sku))
    return products


def _round_trip(source: Path, target: Path, **kwargs) -> tuple[dict, dict, list[list[str]]]:
    catalogue = read_catalogue(source, **kwargs)
    report = validate_catalogue(catalogue, Config())
    written = write_invalid_rows(catalogue, report, target)
    back = read_catalogue(target, **kwargs)
    lines = list(
        csv.reader(
            io.StringIO(target.read_text("utf-8-sig"), newline=""),
            delimiter=catalogue.delimiter or ";",
        )
    )
    assert written == len(lines) - 1
    return _by_product(catalogue), _by_product(back), lines


def test_invalid_rows_hold_every_row_of_a_rejected_product(tmp_path: Path) -> None:
    source = tmp_path / "variants.csv"
    source.write_text(
        "Référence;Référence parent;Désignation;Marque;Prix TTC (€);Code SH;Taille;Image\n"
        "ROBE;;Robe lin;Maison;;62044200;;https://cdn.example.fr/robe.jpg\n"
        "ROBE-S;ROBE;;;59,00;;S;\n"
        "ROBE-M;ROBE;;;douze;;M;\n"  # one bad price rejects the whole product
        "ROBE-L;ROBE;;;59,00;;L;\n"
        "JUPE;;Jupe coton;Maison;45,00;62045200;;https://cdn.example.fr/jupe.jpg\n"
        "CHALE;;Châle;Maison;0;62141000;;https://cdn.example.fr/chale.jpg\n",
        encoding="utf-8",
    )
    before, back, lines = _round_trip(source, tmp_path / "to-fix.csv")
    assert [line[0] for line in lines] == [
        "Référence",
        "ROBE",
        "ROBE-S",
        "ROBE-M",
        "ROBE-L",
        "CHALE",
    ]
    assert lines[0][:-1] == read_catalogue(source).headers and lines[0][-1] == "reason"
    reasons = {line[0]: line[-1] for line in lines[1:]}
    assert "douze" in reasons["ROBE-M"]
    assert reasons["ROBE-S"] == "Rejected with its product ROBE: see row 4."
    # read back, the file gives each rejected product whole: the same SKUs and values
    assert back == {key: before[key] for key in ("ROBE", "CHALE")}


SHOPIFY = (
    "Handle,Title,Body (HTML),Vendor,Option1 Name,Option1 Value,Variant SKU,Variant Price,"
    "Image Src,Image Position\n"
    "creme,Crème,<p>Soigne l’eczéma</p>,Maison,Taille,50 ml,CR-50,0,"
    "https://cdn.example.fr/c1.jpg,1\n"
    "creme,,,,,100 ml,CR-100,39.00,https://cdn.example.fr/c2.jpg,2\n"
    "creme,,,,,,,,https://cdn.example.fr/c3.jpg,3\n"
    "serum,Sérum,<p>Éclat</p>,Maison,Title,Default Title,SE-1,29.00,"
    "https://cdn.example.fr/s1.jpg,1\n"
    "serum,,,,,,,,https://cdn.example.fr/s2.jpg,2\n"
)


def test_invalid_rows_of_a_shop_export_keep_its_image_rows(tmp_path: Path) -> None:
    source = tmp_path / "products_export.csv"
    source.write_text(SHOPIFY, encoding="utf-8")
    catalogue = read_catalogue(source)
    assert catalogue.source_kind == "shopify"
    before, back, lines = _round_trip(source, tmp_path / "to-fix.csv")
    # the product's three rows, the image-only one too, in the export's own layout
    assert lines[0] == [*SHOPIFY.splitlines()[0].split(","), "reason"]
    assert [line[:1] + line[6:10] for line in lines[1:]] == [
        ["creme", "CR-50", "0", "https://cdn.example.fr/c1.jpg", "1"],
        ["creme", "CR-100", "39.00", "https://cdn.example.fr/c2.jpg", "2"],
        ["creme", "", "", "https://cdn.example.fr/c3.jpg", "3"],
    ]
    # the claim rejects the whole product; the image row's reason stays empty, or it
    # would read back as a variant
    assert ["eczéma" in line[-1] for line in lines[1:]] == [True, True, False]
    assert lines[3][-1] == ""
    assert back == {"creme": before["creme"]}
    images = [url for sku in back["creme"] for url in sku["images"]]
    assert images == [f"https://cdn.example.fr/c{n}.jpg" for n in (1, 2, 3)]


def test_a_missing_column_rejects_every_data_row(tmp_path: Path) -> None:
    source = tmp_path / "no-price.csv"
    source.write_text(
        "Référence\tDésignation\tMarque\tImage\n"
        "A-1\tCrème\tMaison\thttps://cdn.example.fr/a.jpg\n"
        "A-2\tSérum\tMaison\thttps://cdn.example.fr/b.jpg\n"
        "A-3\tBaume\tMaison\thttps://cdn.example.fr/c.jpg\n",
        encoding="utf-8",
    )
    catalogue = read_catalogue(source)
    report = validate_catalogue(catalogue, Config())
    assert [f.code for f in report.findings if f.severity == "error"] == ["missing-column"]
    target = tmp_path / "to-fix.tsv"
    assert write_invalid_rows(catalogue, report, target) == 3
    lines = target.read_text("utf-8-sig").splitlines()
    assert [line.split("\t")[0] for line in lines] == ["Référence", "A-1", "A-2", "A-3"]
    assert all("No column holds the retail price" in line for line in lines[1:])
    back = read_catalogue(target)
    assert _by_product(back) == _by_product(catalogue)


def test_invalid_rows_as_a_workbook_read_back_the_same(tmp_path: Path) -> None:
    source = tmp_path / "products_export.csv"
    source.write_text(SHOPIFY, encoding="utf-8")
    catalogue = read_catalogue(source)
    report = validate_catalogue(catalogue, Config())
    target = tmp_path / "to-fix.xlsx"
    assert write_invalid_rows(catalogue, report, target) == 3
    back = read_catalogue(target)
    assert back.source_kind == "shopify"
    assert _by_product(back) == {"creme": _by_product(catalogue)["creme"]}
    # prices are numbers there, as in the annotated copy; the handle and SKUs text
    sheet = load_workbook(target).active
    assert [sheet.cell(row=r, column=8).value for r in (2, 3, 4)] == [0, 39, None]
    assert sheet["H3"].number_format == "#,##0.00" and sheet["G3"].value == "CR-100"


def test_invalid_rows_of_a_file_without_a_header_row(tmp_path: Path) -> None:
    source = tmp_path / "plain.csv"
    source.write_text(
        "A-1;Crème;Maison;24,90;https://cdn.example.fr/a.jpg\n"
        "A-2;Sérum;Maison;0;https://cdn.example.fr/b.jpg\n",
        encoding="utf-8",
    )
    config = Config.model_validate(
        {
            "catalogue": {"header_row": 0},
            "mapping": {"A": "sku", "B": "name", "C": "brand", "D": "price", "E": "images"},
        }
    )
    catalogue = read_catalogue(source, config=config)
    assert catalogue.header_row == 0
    report = validate_catalogue(catalogue, config)
    target = tmp_path / "to-fix.csv"
    assert write_invalid_rows(catalogue, report, target) == 1
    # no header line was there, none is added: the same config reads the fixed file
    lines = target.read_text("utf-8-sig").splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "A-2;Sérum;Maison;0;https://cdn.example.fr/b.jpg;"
    )
    back = read_catalogue(target, config=config)
    assert [(s.sku, s.name, s.price) for s in back.iter_skus()] == [("A-2", "Sérum", 0)]


@pytest.mark.filterwarnings("ignore:Unknown extension:UserWarning")  # openpyxl, loading
@pytest.mark.parametrize(
    "name", ["pricelist_fr_merged_cells.xlsx", "catalogue_fr_image_formulas.xlsx"]
)
def test_annotated_copy_of_real_workbooks(real_catalogues: Path, tmp_path: Path, name: str) -> None:
    source = real_catalogues / name
    catalogue = read_catalogue(source)
    report = validate_catalogue(catalogue, Config())
    target = tmp_path / "annotated.xlsx"
    write_annotated_copy(catalogue, report, target)
    original, copy = load_workbook(source), load_workbook(target)
    assert copy.sheetnames == [*original.sheetnames, "Findings"]
    old, new = original[catalogue.sheet], copy[catalogue.sheet]
    # each finding's cell: its row, and the column of its header in the header row
    header_cells = {
        str(c.value).strip(): c.column_letter for c in old[catalogue.header_row] if c.value
    }
    first = header_cells[catalogue.headers[0]]
    expected = {
        f"{header_cells.get(f.column, first) if f.column else first}"
        f"{f.row if f.row else catalogue.header_row}"
        for f in report.findings
    }
    marked = set()
    for row in old.iter_rows():
        for cell in row:
            twin = new[cell.coordinate]
            # values (formulas as formulas), types, formats, fonts and borders unchanged
            assert (twin.value == cell.value) and twin.data_type == cell.data_type
            assert twin.number_format == cell.number_format
            assert repr(twin.font) == repr(cell.font) and repr(twin.border) == repr(cell.border)
            if repr(twin.fill) != repr(cell.fill):
                assert _fill(twin) in (ERROR_FILL, WARNING_FILL)
                marked.add(cell.coordinate)
    assert marked == expected
    assert {str(r) for r in new.merged_cells.ranges} == {str(r) for r in old.merged_cells.ranges}
    assert new.freeze_panes == old.freeze_panes


def test_a_big_workbook_is_copied_row_by_row_at_its_cells(tmp_path: Path, monkeypatch) -> None:
    from export_kit.validate import annotate

    source = _brand_workbook(tmp_path / "tarifs.xlsm")
    catalogue = read_catalogue(source)
    report = validate_catalogue(catalogue, Config())
    monkeypatch.setattr(annotate, "WHOLE_COPY_MAX_CELLS", 10)  # as if it were big
    target = tmp_path / "annotated.xlsx"
    write_annotated_copy(catalogue, report, target)
    original, sheet = load_workbook(source)["Tarifs 2025"], load_workbook(target)["Tarifs 2025"]
    # the data at its own cells (from column B), numbers as numbers, codes as text
    for row in range(5, 8):
        for column in "BCDEGHI":
            assert sheet[f"{column}{row}"].value == original[f"{column}{row}"].value
    assert sheet["A5"].value is None and sheet["E5"].data_type == "n"
    assert sheet["C3"].value == "Désignation" and sheet["E3"].value == "Prix HT"
    assert _fill(sheet["F6"]) == ERROR_FILL and _fill(sheet["G7"]) == ERROR_FILL
    # without its macros, a copy cannot be an .xlsm
    with pytest.raises(OutputError, match=r"\.xlsx file instead"):
        write_annotated_copy(catalogue, report, tmp_path / "annotated.xlsm")
    assert not (tmp_path / "annotated.xlsm").exists()


_CELLS = st.one_of(
    st.from_regex(r"-?[0-9]{1,6}", fullmatch=True),
    st.from_regex(r"[0-9]{1,4},[0-9]{1,3}", fullmatch=True),
    st.from_regex(r"0[0-9]{1,5}", fullmatch=True),
    st.from_regex(r"[0-9]{1,3} [0-9]{3}", fullmatch=True),
    st.from_regex(r"[A-Z][a-z0-9 ]{0,6}", fullmatch=True),
    st.just(""),
)


@settings(max_examples=40, deadline=None)
@given(columns=st.lists(st.lists(_CELLS, min_size=3, max_size=3), min_size=1, max_size=3))
def test_a_csv_copy_never_changes_a_cell(columns: list[list[str]]) -> None:
    """Whatever a column holds, each cell of the copy is its text, or a number equal to
    it; a code's leading zero is never lost."""
    import tempfile

    headers = [f"Attribut {n}" for n in range(len(columns))]
    lines = ["Référence;Désignation;Prix TTC (€);" + ";".join(headers)]
    for row in range(3):
        lines.append(f"R-{row};Crème;12,50;" + ";".join(column[row] for column in columns))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "export.csv"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        catalogue = read_catalogue(source)
        report = validate_catalogue(catalogue, Config())
        write_annotated_copy(catalogue, report, Path(folder) / "a.xlsx")
        sheet = load_workbook(Path(folder) / "a.xlsx")["export"]
        for index, column in enumerate(columns):
            written = [sheet.cell(row=r + 2, column=4 + index).value for r in range(3)]
            for text, value in zip(column, written, strict=True):
                if text == "":
                    assert value is None
                elif isinstance(value, str):
                    assert value == text
                else:
                    assert not (len(text) > 1 and text[0] == "0" and text[1].isdigit())
                    number = text.replace(" ", "").replace(",", ".")
                    assert Decimal(str(value)) == Decimal(number), (text, value)
