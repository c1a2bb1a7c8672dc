"""Reading workbooks through python-calamine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from export_kit.catalogue import read_catalogue
from export_kit.catalogue.workbook import FormulaScan, find_formulas_without_value
from export_kit.config import CatalogueConfig, Config
from export_kit.errors import CatalogueError

from .conftest import FRENCH_HEADERS, XlsxWriter, write_minimal_xlsx

HEADERS = ["Référence", "Désignation", "Marque", "Prix TTC (€)", "Code EAN", "Prix x 2"]


def test_a_plain_french_sheet(write_xlsx: XlsxWriter) -> None:
    path = write_xlsx(
        sheets={
            "Produits": [
                FRENCH_HEADERS,
                [
                    "C-001",
                    "",
                    "Crème hydratante  visage",
                    "Maison Test",
                    "Beauté > Soins",
                    39.9,
                    "3600523614561",
                    "3304.99.00",
                    "50 ml",
                    0.12,
                    "France",
                    "https://cdn.test/c1.jpg",
                    "https://cdn.test/c1b.jpg",
                    12,
                    24,
                    "",
                    "",
                ],
            ]
        }
    )
    catalogue = read_catalogue(path)
    assert catalogue.source_kind == "generic"
    assert catalogue.sheet == "Produits"
    assert catalogue.header_row == 1
    assert catalogue.encoding is None and catalogue.delimiter is None
    assert catalogue.findings == []
    [sku] = list(catalogue.iter_skus())
    assert sku.row == 2
    assert sku.sheet == "Produits"
    assert sku.sku == "C-001"
    assert sku.parent_sku is None
    assert sku.name == "Crème hydratante visage"
    assert sku.brand == "Maison Test"
    assert sku.price == Decimal("39.90")
    assert sku.ean == "3600523614561"
    assert sku.hs_code == "33049900"
    assert str(sku.net_content) == "50ml"
    assert sku.weight_kg == Decimal("0.12")
    assert sku.origin_country == "FR"
    assert sku.images == ["https://cdn.test/c1.jpg", "https://cdn.test/c1b.jpg"]
    assert sku.stock == 12
    assert sku.shelf_life_months == 24
    assert sku.columns["price"] == "Prix TTC (€)"
    assert sku.columns["images"] == "Image 1"
    assert sku.issues == []


def test_title_rows_merged_banners_and_blank_rows_above_the_header(
    write_xlsx: XlsxWriter,
) -> None:
    rows = [
        ["Maison Dupont — catalogue export Chine", "", "", "", "", ""],
        ["Mis à jour le 12/03/2024"],
        [],
        HEADERS,
        ["A-1", "Savon au lait d'ânesse", "Maison Dupont", "12,50", "3600523614561", 25],
        [],
        ["A-2", "Bougie parfumée", "Maison Dupont", 29, "3600523614561", 58],
    ]
    path = write_xlsx(sheets={"Catalogue": rows}, merges={"Catalogue": ["A1:F1"]})
    catalogue = read_catalogue(path)
    assert catalogue.header_row == 4
    assert catalogue.headers == HEADERS
    skus = list(catalogue.iter_skus())
    assert [s.row for s in skus] == [5, 7]  # the rows a person sees; blank row 6 skipped
    assert [s.price for s in skus] == [Decimal("12.50"), Decimal("29.00")]
    assert catalogue.rows == 2


def test_data_starting_further_right_keeps_its_columns(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["D3"], sheet["E3"] = "Référence", "Désignation", "Prix"
    sheet["C4"], sheet["D4"], sheet["E4"] = "B-7", "Miel de lavande", 9.5
    sheet["E5"] = "=E4*2"
    path = tmp_path / "decale.xlsx"
    workbook.save(path)
    catalogue = read_catalogue(path)
    assert catalogue.header_row == 3
    skus = list(catalogue.iter_skus())
    assert skus[0].row == 4 and skus[0].sku == "B-7" and skus[0].price == Decimal("9.50")
    # the formula of E5 is located in the right column despite the offset
    [issue] = skus[1].issues
    assert (issue.row, issue.column, issue.field) == (5, "Prix", "price")


def test_formula_without_cached_value_is_a_finding_on_its_row(write_xlsx: XlsxWriter) -> None:
    path = write_xlsx(
        sheets={
            "Feuil1": [
                HEADERS,
                ["A-1", "Savon", "Maison Test", 12.5, "3600523614561", 25],
                ["A-2", "Bougie", "Maison Test", '=IF(D2="","",D2&" €")', "3600523614561", 3],
            ]
        }
    )
    skus = list(read_catalogue(path).iter_skus())
    assert skus[0].issues == []
    [issue] = skus[1].issues
    assert issue.code == "formula-without-value"
    assert issue.severity == "error"
    assert (issue.row, issue.column, issue.field, issue.sku) == (3, "Prix TTC (€)", "price", "A-2")
    assert issue.sheet == "Feuil1"
    # as typed in the spreadsheet, not as the sheet's XML stores it (&quot;, &amp;)
    assert issue.value == '=IF(D2="","",D2&" €")'
    assert '=IF(D2="","",D2&" €")' in issue.message and "&quot;" not in issue.message
    assert "save it again" in issue.message and "type the value" in issue.message
    assert "program" not in issue.message.replace("spreadsheet program", "")
    assert skus[1].price is None


def test_a_formula_in_an_unmapped_or_ignored_column_blocks_nothing(
    write_xlsx: XlsxWriter,
) -> None:
    path = write_xlsx(
        sheets={
            "Feuil1": [
                [*HEADERS, "Stock"],
                ["A-1", "Savon", "Maison Test", 12.5, "3600523614561", "=D2*2", "=2+3"],
                ["A-2", "Bougie", "Maison Test", 8.0, "3600523614561", "=D3*2", 4],
                # a row whose only cells are formulas of an unmapped column is no product
                ["", "", "", "", "", "=D4*2", ""],
            ]
        }
    )
    plain = read_catalogue(path)
    assert "Prix x 2" not in plain.mapping and plain.mapping["Stock"] == "stock"
    found = [(s.row, [(f.code, f.column) for f in s.issues]) for s in plain.iter_skus()]
    assert found == [(2, [("formula-without-value", "Stock")]), (3, [])]
    ignored = read_catalogue(path, mappings={"Stock": "ignore"})
    assert [(s.row, s.issues) for s in ignored.iter_skus()] == [(2, []), (3, [])]
    # mapped to a field, the unmapped column's formulas are findings again
    mapped = read_catalogue(path, mappings={"Prix x 2": "weight_kg", "Stock": "ignore"})
    found = [(f.row, f.column) for s in mapped.iter_skus() for f in s.issues]
    assert found == [(2, "Prix x 2"), (3, "Prix x 2"), (4, "Prix x 2")]


def test_formula_scan_ignores_formulas_with_a_cached_value(tmp_path: Path) -> None:
    path = tmp_path / "cached.xlsx"
    sheet_xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Prix</t></is></c></row>'
        '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>'
        '<row r="3"><c r="A3"><f>1+2</f><v></v></c></row>'
        '<row r="4"><c r="A4"><f t="shared" ref="A4:A5" si="0">1+3</f></c></row>'
        '<row r="5"><c r="A5"><f t="shared" si="0"/></c></row>'
        "</sheetData>"
        '<conditionalFormatting sqref="A1"><cfRule type="expression" priority="1">'
        "<formula>A1&gt;0</formula></cfRule></conditionalFormatting>"
        "</worksheet>"
    )
    write_minimal_xlsx(path, sheet_xml)
    assert find_formulas_without_value(path, "Feuil1") == {
        (3, 0): "1+2",
        (4, 0): "1+3",
        (5, 0): "",
    }


def test_formula_scan_handles_prefixed_xml(tmp_path: Path) -> None:
    path = tmp_path / "prefixed.xlsx"
    sheet_xml = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:sheetData><x:row r="2"><x:c r="B2"><x:f>A2*2</x:f></x:c></x:row></x:sheetData>'
        "</x:worksheet>"
    )
    write_minimal_xlsx(path, sheet_xml)
    assert find_formulas_without_value(path, "Feuil1") == {(2, 1): "A2*2"}


def test_formula_scan_reads_a_big_sheet_in_chunks(write_xlsx: XlsxWriter) -> None:
    rows: list[list[object]] = [["Référence", "Désignation", "Prix"]]
    rows += [[f"R-{i}", "x" * 200, 10.0] for i in range(2, 8001)]
    rows.append(["R-last", "y", "=C2*3"])
    path = write_xlsx(sheets={"Big": rows})
    assert find_formulas_without_value(path, "Big") == {(8001, 2): "C2*3"}


def test_merged_cells_in_data_rows_show_their_value_on_every_row(write_xlsx: XlsxWriter) -> None:
    rows = [
        ["Référence", "Désignation", "Catégorie", "Prix"],
        ["M-1", "Foulard soie rouge", "Mode > Foulards", 89],
        ["M-2", "Foulard soie bleu", "", 89],
        ["M-3", "Foulard soie vert", "", 89],
    ]
    path = write_xlsx(sheets={"Mode": rows}, merges={"Mode": ["C2:C4"]})
    assert [s.category for s in read_catalogue(path).iter_skus()] == ["Mode > Foulards"] * 3


def test_numeric_cells(write_xlsx: XlsxWriter) -> None:
    rows = [
        ["Référence", "Désignation", "Prix", "EAN", "Stock", "Code SH", "Créé le"],
        [105, "Savon", 12.5, 3600523614561, 12, 33049900, dt.datetime(2024, 3, 1)],
        [106.0, "Savon", 0.1 + 0.2, 80446392, 1200.0, 4069000, dt.datetime(2024, 3, 1, 9, 30)],
        [107, "Savon", 9.9, 3.01235e12, 1, 33049900, ""],
    ]
    skus = list(read_catalogue(write_xlsx(sheets={"S": rows})).iter_skus())
    assert [s.sku for s in skus] == ["105", "106", "107"]
    assert [s.price for s in skus] == [Decimal("12.50"), Decimal("0.30"), Decimal("9.90")]
    assert [s.ean for s in skus] == ["3600523614561", "80446392", None]
    assert [s.stock for s in skus] == [12, 1200, 1]
    assert [s.hs_code for s in skus] == ["33049900", "04069000", "33049900"]
    assert skus[0].attributes == {"Créé le": "2024-03-01"}
    assert skus[1].attributes == {"Créé le": "2024-03-01 09:30:00"}
    [issue] = skus[2].issues
    assert issue.code == "invalid-ean"
    assert issue.value == "3012350000000"
    assert "scientific notation" in issue.message


def test_the_first_sheet_with_data_is_read(write_xlsx: XlsxWriter) -> None:
    path = write_xlsx(
        sheets={"Notes": [], "Produits": [["Référence", "Prix"], ["A", 1]], "Autre": [["x"]]}
    )
    assert read_catalogue(path).sheet == "Produits"


def test_sheet_option_and_config(write_xlsx: XlsxWriter) -> None:
    path = write_xlsx(
        sheets={
            "FR": [["Référence", "Prix"], ["FR-1", 1]],
            "Export Chine": [["Référence", "Prix"], ["CN-1", 2], ["CN-2", 3]],
        }
    )
    assert read_catalogue(path, sheet="Export Chine").rows == 2
    assert read_catalogue(path, sheet="export chine").sheet == "Export Chine"
    config = Config(catalogue=CatalogueConfig(sheet="Export Chine"))
    assert read_catalogue(path, config=config).sheet == "Export Chine"
    assert read_catalogue(path, config=config, sheet="FR").sheet == "FR"


def test_an_unknown_sheet_lists_the_sheets(write_xlsx: XlsxWriter) -> None:
    path = write_xlsx(sheets={"FR": [["Référence"], ["A"]], "CN": [["Référence"], ["B"]]})
    with pytest.raises(CatalogueError) as error:
        read_catalogue(path, sheet="Produits")
    assert "no sheet named 'Produits'" in str(error.value)
    assert "'FR', 'CN'" in str(error.value)
    assert error.value.exit_code == 3


def test_header_row_from_the_config(write_xlsx: XlsxWriter) -> None:
    rows = [["Code", "Texte"], ["Réf interne", "Libellé"], ["X-1", "Thé vert"]]
    path = write_xlsx(sheets={"S": rows})
    config = Config(catalogue=CatalogueConfig(header_row=2))
    catalogue = read_catalogue(path, config=config)
    assert catalogue.header_row == 2
    assert [s.name for s in catalogue.iter_skus()] == ["Thé vert"]


def test_an_empty_workbook_is_a_catalogue_error(write_xlsx: XlsxWriter) -> None:
    path = write_xlsx(sheets={"Vide": []})
    with pytest.raises(CatalogueError, match="empty"):
        read_catalogue(path)


@pytest.mark.parametrize(
    "content",
    [b"this is not a workbook", b"PK\x03\x04 broken zip", b"\xd0\xcf\x11\xe0garbage"],
)
def test_a_damaged_workbook_is_a_one_line_catalogue_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "abime.xlsx"
    path.write_bytes(content)
    with pytest.raises(CatalogueError) as error:
        read_catalogue(path)
    message = str(error.value)
    assert "abime.xlsx" in message
    assert "\n" not in message
    assert error.value.exit_code == 3


def test_rows_are_kept_in_memory_and_reread_from_there(write_xlsx: XlsxWriter) -> None:
    path = write_xlsx(sheets={"S": [["Référence", "Prix"], ["A", 1], ["B", 2]]})
    catalogue = read_catalogue(path)
    path.unlink()  # the file is gone: every pass still works
    assert [s.sku for s in catalogue.iter_skus()] == ["A", "B"]
    assert [s.sku for s in catalogue.iter_skus()] == ["A", "B"]
    assert list(catalogue.keys_factory()) == ["A", "B"]


def test_workbook_keys_are_kept_only_after_a_complete_pass(write_xlsx: XlsxWriter) -> None:
    path = write_xlsx(sheets={"S": [["Référence", "Prix"], ["A", 1], ["B", 2], ["C", 3]]})
    catalogue = read_catalogue(path)
    partial = iter(catalogue.keys_factory())
    assert next(partial) == "A"
    assert list(catalogue.keys_factory()) == ["A", "B", "C"]
    assert list(catalogue.keys_factory()) == ["A", "B", "C"]
    assert catalogue.products == 3


_CELL_KINDS = st.sampled_from(
    ["value", "cached", "open", "shared-head", "shared", "spaced", "text-with-f"]
)


@given(
    kinds=st.lists(_CELL_KINDS, min_size=1, max_size=40),
    prefix=st.sampled_from(["", "x:"]),
    cuts=st.lists(st.integers(min_value=0, max_value=4000), max_size=12),
)
def test_the_formula_scan_finds_the_same_cells_however_the_xml_is_cut(
    kinds: list[str], prefix: str, cuts: list[int]
) -> None:
    # the scan is fed the XML in pieces as it is inflated: a piece may end anywhere,
    # inside a tag, between "<" and "f", or in a formula's text
    p = prefix
    cells, expected = [], {}
    for n, kind in enumerate(kinds, start=1):
        ref = f"B{n}"
        if kind == "value":
            cells.append(f'<{p}c r="{ref}"><{p}v>{n}</{p}v></{p}c>')
        elif kind == "cached":
            cells.append(f'<{p}c r="{ref}"><{p}f>A{n}*2</{p}f><{p}v>{n}</{p}v></{p}c>')
        elif kind == "open":
            cells.append(f'<{p}c r="{ref}"><{p}f>A{n}+1</{p}f></{p}c>')
            expected[(n, 1)] = f"A{n}+1"
        elif kind == "shared-head":
            cells.append(f'<{p}c r="{ref}"><{p}f t="shared" si="{n}">A{n}</{p}f><{p}v/></{p}c>')
            expected[(n, 1)] = f"A{n}"
        elif kind == "shared":
            cells.append(f'<{p}c r="{ref}"><{p}f t="shared" si="0"/></{p}c>')
            expected[(n, 1)] = ""
        elif kind == "spaced":
            cells.append(f'<{p}c r="{ref}"><{p}f\n t="array" ref="{ref}">SUM(A1)</{p}f></{p}c>')
            expected[(n, 1)] = "SUM(A1)"
        else:  # text that reads "<f" once unescaped is not a formula
            cells.append(
                f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>&lt;f&gt;</{p}t></{p}is></{p}c>'
            )
    rows = "".join(f'<{p}row r="{n}">{cell}</{p}row>' for n, cell in enumerate(cells, start=1))
    xml = (
        f'<{p}worksheet xmlns{":x" if p else ""}="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>'
    ).encode()
    found: dict[tuple[int, int], str] = {}
    scan = FormulaScan(found)
    edges = sorted({min(c, len(xml)) for c in cuts})
    for start, end in zip([0, *edges], [*edges, len(xml)], strict=True):
        scan.feed(xml[start:end])
    assert found == expected


def test_a_computed_price_past_the_cent_is_read_to_the_cent_with_a_warning(
    tmp_path: Path,
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Référence", "Désignation", "Marque", "Prix TTC"])
    sheet.append(["A", "Crème", "M", 12.444])  # =10.37*1.2
    sheet.append(["B", "Savon", "M", 24.9])
    sheet.append(["C", "Baume", "M", 12.444])  # the same price point again (memoised)
    book.save(tmp_path / "c.xlsx")
    skus = list(read_catalogue(tmp_path / "c.xlsx").iter_skus())
    assert [s.price for s in skus] == [Decimal("12.44"), Decimal("24.90"), Decimal("12.44")]
    found = [[(f.code, f.severity, f.column, f.row) for f in s.issues] for s in skus]
    assert found == [
        [("rounded-price", "warning", "Prix TTC", 2)],
        [],
        [("rounded-price", "warning", "Prix TTC", 4)],
    ]
    assert "12.444" in skus[0].issues[0].message and "12.44" in skus[0].issues[0].message
