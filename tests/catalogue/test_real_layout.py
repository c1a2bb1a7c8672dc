"""Sheets and layout on real files (../shared/real_catalogues; skipped when absent).

The figures were counted by opening each file with openpyxl and looking at its cells.
"""

from __future__ import annotations

import itertools
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import python_calamine

from export_kit.catalogue import read_catalogue, workbook

SAMPLES = Path(__file__).resolve().parents[2] / "sample_catalogs"
#: Marques and Produits name the brand and the product; mapped here so these tests
#: check the layout whatever the vocabulary says of plural headers
PRICE_LIST_MAP = {"Marques": "brand", "Produits": "name"}


def test_price_list_drawn_with_merged_cells_and_section_rows(real_catalogues: Path) -> None:
    catalogue = read_catalogue(
        real_catalogues / "pricelist_fr_merged_cells.xlsx", mappings=PRICE_LIST_MAP
    )
    assert (catalogue.sheet, catalogue.sheet_reason) == ("Feuil1", "the workbook's only sheet")
    # B1:I1 is the title, row 3 the header; column A is empty
    assert catalogue.header_row == 3
    assert catalogue.headers == [
        "Fournisseurs",
        "Marques",
        "Produits",
        "Caractéristiques",
        "Contenants",
        "Prix TTC (€)",
        "Nombres",
        "Montants (€)",
    ]
    assert catalogue.mapping["Prix TTC (€)"] == "price"
    skus = list(catalogue.iter_skus())
    by_row = {s.row: s for s in skus}
    # column G holds 80 values below the header: "(l'unité)" in G4, then one price per
    # product, most of them at the top of a two-row (43:45 and 46:48: three-row) merge
    assert len(skus) == catalogue.rows == catalogue.products == 79
    assert not {7, 9, 11, 13, 44, 45, 47, 48, 80, 82, 84, 158} & set(by_row)
    numbers = [s.price for s in skus if s.price is not None]
    assert len(numbers) == 76 and sum(numbers) == Decimal("1906")  # 3 prices are per kg
    # F6:F7 and G6:G7 (a bottle, 8 €), F8:F9 and G8:G9 (6 bottles, 45 €) under the brand
    # and name merged over C6:C9 and D6:D9
    # ("Btle verre 75 cl" and "6 btles verre x 75 cl": both 75 cl bottles)
    for row, price in ((6, "8"), (8, "45")):
        sku = by_row[row]
        assert (sku.brand, sku.name) == ("Florentius", "Vin blanc sec (vieilles vignes)")
        assert str(sku.net_content) == "750ml" and sku.price == Decimal(price)
        assert sku.attributes["Fournisseurs"].startswith("Bodegas Florentino Martínez")
    # rows 14 and 15 share the merged brand and name but each has its own price
    assert [(by_row[r].name, by_row[r].price) for r in (14, 15)] == [
        ("Vin rouge reserva***", Decimal("20.00")),
        ("Vin rouge reserva***", Decimal("110.00")),
    ]
    # B24:B25 names the supplier of row 25: it is not joined to the block of row 23
    assert "Fournisseurs" not in by_row[23].attributes
    assert by_row[25].attributes["Fournisseurs"].startswith("Bodegas Luis Ángel Casado")
    # "Bidon fer blanc 2 litres"
    assert (str(by_row[92].net_content), by_row[92].price) == ("2000ml", Decimal("35.00"))
    assert (by_row[155].name, by_row[155].price) == ("Chorizo très piquant", Decimal("6.00"))
    assert by_row[69].name == "Lomo qualité bellota, boyau naturel"  # 80,00 / kg

    skipped = catalogue.skipped_rows()
    assert [(s.row, s.reason.split(":")[0]) for s in skipped] == [
        (4, "section title"),  # "Vins sous DO*" and "(l'unité)" under the price
        (67, "section title"),
        (76, "section title"),
        (94, "section title"),
        (125, "section title"),
        (129, "section title"),
        (140, "section title"),
        (157, "total"),  # F157:H158 "Total", with the footnotes of B157 and B158
        (159, "footnote"),
        (160, "footnote"),
        (161, "footnote"),
    ]
    assert '"Huiles d\'olive"' in skipped[2].reason
    rows = {s.row for s in skipped}
    assert not rows & {issue.row for s in skus for issue in s.issues}
    assert [r.row for r in catalogue.iter_raw_rows()] == [s.row for s in skus]


def test_catalogue_with_merged_banners_above_the_header(real_catalogues: Path) -> None:
    catalogue = read_catalogue(real_catalogues / "catalogue_fr_image_formulas.xlsx")
    assert catalogue.sheet == "Générateur EAN-13"
    # A1:H1 and A2:H2 are merged banners; the header is row 3, the products 4 to 117
    assert catalogue.header_row == 3
    assert catalogue.headers[:3] == ["Nom du produit", "N° produit (1-999999999)", "Prix"]
    skus = list(catalogue.iter_skus())
    assert (len(skus), skus[0].row, skus[-1].row) == (114, 4, 117)
    assert (skus[0].name, skus[0].price) == ("Qamis 1 - Blanc - T.60", Decimal("25.00"))
    assert (skus[-1].name, skus[-1].price) == ("Qamis 4 Enfant - Noir - T.34", Decimal("19.95"))
    # prices as numbers (25, 27, 35) and as text ("19.95 €", "39.90 €"...): 37 at 19.95
    assert sum(1 for s in skus if s.price == Decimal("19.95")) == 37
    assert catalogue.skipped_rows() == []


def _files(root: Path) -> list[Path]:
    kinds = {".csv", ".xlsx", ".tsv", ".txt"}
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in kinds)


@pytest.mark.parametrize("folder", ["real", "samples"])
def test_files_with_a_header_never_read_as_headerless(real_catalogues: Path, folder: str) -> None:
    files = _files(real_catalogues if folder == "real" else SAMPLES)
    assert files
    for path in files:
        catalogue = read_catalogue(path)
        assert catalogue.header_row >= 1, path.name
        assert "no-header-row" not in {f.code for f in catalogue.findings}, path.name


@pytest.mark.parametrize(
    "name", ["pricelist_fr_merged_cells.xlsx", "catalogue_fr_image_formulas.xlsx"]
)
def test_first_rows_from_the_xml_are_what_calamine_reads(real_catalogues: Path, name: str) -> None:
    # files saved by Excel: shared strings, styles, formulas with cached values
    path = real_catalogues / name
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    sheet = book.sheet_names[0]
    expected = list(itertools.islice(book.get_sheet_by_name(sheet).iter_rows(), 40))
    with zipfile.ZipFile(path) as archive:
        part = workbook._sheet_parts(archive)[sheet]
        rows = workbook._xml_head(archive, part, 40)

    def texts(rows: list[list[object]]) -> list[list[object]]:
        return [[c for c in row if c != ""] for row in rows if any(c != "" for c in row)]

    assert texts(rows)[:20] == texts(expected)[:20]
