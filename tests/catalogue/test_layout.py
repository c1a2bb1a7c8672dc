"""Sheets and layout: which sheet, merged blocks, two-row headers, rows that are not
products, files without a header row."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from export_kit.catalogue import read_catalogue, workbook
from export_kit.config import CatalogueConfig, Config
from export_kit.errors import ConfigError

from .conftest import CsvWriter, XlsxWriter

NOTICE = [
    ["Lisez-moi"],
    ["Ce fichier contient le catalogue export de la marque."],
    ["Les prix sont en euros TTC. Contact : export@example.fr"],
]
PRODUCTS = [
    ["Référence", "Désignation", "Marque", "Prix TTC (€)"],
    ["S-1", "Savon au lait d'ânesse", "Clairval", 12.5],
    ["S-2", "Bougie parfumée", "Clairval", 29],
]


# --------------------------------------------------------------------------- sheets


def test_a_notice_sheet_first_is_passed_over_for_the_catalogue(write_xlsx: XlsxWriter) -> None:
    path = write_xlsx(sheets={"Lisez-moi": NOTICE, "Tarifs 2026": PRODUCTS, "Listes": [["Oui"]]})
    catalogue = read_catalogue(path)
    assert catalogue.sheet == "Tarifs 2026"
    assert [s.sku for s in catalogue.iter_skus()] == ["S-1", "S-2"]
    reason = catalogue.sheet_reason or ""
    assert reason.startswith("the sheet whose header names the most catalogue fields: 4 ")
    assert "'Lisez-moi' 0" in reason and "'Listes' 0" in reason


def test_the_sheet_option_wins_and_says_so(write_xlsx: XlsxWriter) -> None:
    path = write_xlsx(sheets={"Lisez-moi": NOTICE, "Tarifs": PRODUCTS})
    catalogue = read_catalogue(path, sheet="Lisez-moi")
    assert catalogue.sheet == "Lisez-moi"
    assert catalogue.sheet_reason == "named with --sheet Lisez-moi"
    config = Config(catalogue=CatalogueConfig(sheet="Lisez-moi"))
    assert "[catalogue] sheet" in (read_catalogue(path, config=config).sheet_reason or "")


def test_a_single_sheet_and_sheets_naming_no_field(write_xlsx: XlsxWriter) -> None:
    assert read_catalogue(write_xlsx(sheets={"S": PRODUCTS})).sheet_reason == (
        "the workbook's only sheet"
    )
    path = write_xlsx(
        "other.xlsx", sheets={"Vide": [], "A": [["x", "y"], ["1", "2"]], "B": [["z"], ["3"]]}
    )
    catalogue = read_catalogue(path)
    assert (catalogue.sheet, catalogue.sheet_reason) == ("A", "the first sheet with data")


def test_a_big_sheet_is_scored_from_the_first_rows_of_its_xml(
    write_xlsx: XlsxWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every sheet counts as big: its first rows are read from the XML, shared strings
    # and inline numbers included, without parsing the sheet
    monkeypatch.setattr(workbook, "_SCORE_BYTES", 0)
    path = write_xlsx(sheets={"Lisez-moi": NOTICE, "Tarifs": [["Titre & prix"], *PRODUCTS]})
    catalogue = read_catalogue(path)
    assert catalogue.sheet == "Tarifs"
    assert catalogue.header_row == 2
    with zipfile.ZipFile(path) as archive:
        rows = workbook._xml_head(archive, "xl/worksheets/sheet2.xml", 3)
    assert rows == [
        ["Titre & prix"],
        PRODUCTS[0],
        ["S-1", "Savon au lait d'ânesse", "Clairval", 12.5],
    ]


# --------------------------------------------------------------------------- merged cells


def test_a_product_drawn_as_a_two_row_merged_block_is_one_product(
    write_xlsx: XlsxWriter,
) -> None:
    rows = [
        ["Référence", "Désignation", "Caractéristiques", "Prix"],
        ["A-1", "Savon", "Lait d'ânesse", 12.5],
        ["", "", "sans parfum", ""],
        ["A-2", "Bougie", "Cire de soja", 29],
        ["", "", "", ""],
    ]
    merges = ["A2:A3", "B2:B3", "D2:D3", "A4:A5", "B4:B5", "C4:C5", "D4:D5"]
    catalogue = read_catalogue(write_xlsx(sheets={"S": rows}, merges={"S": merges}))
    skus = list(catalogue.iter_skus())
    assert [(s.row, s.sku, s.price) for s in skus] == [
        (2, "A-1", Decimal("12.50")),
        (4, "A-2", Decimal("29.00")),
    ]
    # the second line of the block joins the first, on a line of its own
    assert skus[0].attributes["Caractéristiques"] == "Lait d'ânesse\nsans parfum"
    assert all(not s.issues for s in skus)
    assert catalogue.rows == 2 and catalogue.products == 2
    assert [r.row for r in catalogue.iter_raw_rows()] == [2, 4]
    assert catalogue.skipped_rows() == []


def test_merges_over_several_products_fill_each_and_blocks_stay_apart(
    write_xlsx: XlsxWriter,
) -> None:
    # a price list without references: the brand and name merged over two products,
    # each product a two-row block of its container and price
    rows = [
        ["Marque", "Désignation", "Conditionnement", "Prix TTC"],
        ["Florentius", "Vin blanc sec", "Bouteille 75 cl", 8],
        [],
        ["", "", "6 bouteilles x 75 cl", 45],
        [],
        ["Distercio", "Vin rouge", "Bouteille 75 cl", 10],
        ["", "", "6 bouteilles x 75 cl", 55],
    ]
    merges = ["A2:A5", "B2:B5", "C2:C3", "D2:D3", "C4:C5", "D4:D5", "A6:A7", "B6:B7"]
    catalogue = read_catalogue(write_xlsx(sheets={"S": rows}, merges={"S": merges}))
    skus = list(catalogue.iter_skus())
    assert [(s.row, s.brand, s.name, s.price) for s in skus] == [
        (2, "Florentius", "Vin blanc sec", Decimal("8.00")),
        (4, "Florentius", "Vin blanc sec", Decimal("45.00")),
        (6, "Distercio", "Vin rouge", Decimal("10.00")),
        (7, "Distercio", "Vin rouge", Decimal("55.00")),
    ]
    assert [s.attributes["Conditionnement"] for s in skus] == [
        "Bouteille 75 cl",
        "6 bouteilles x 75 cl",
        "Bouteille 75 cl",
        "6 bouteilles x 75 cl",
    ]
    assert catalogue.rows == 4


def test_a_header_merged_over_sub_headers_combines_with_them(write_xlsx: XlsxWriter) -> None:
    rows = [
        ["Référence", "Désignation", "Prix", "", "Marque"],
        ["", "", "HT", "TTC", ""],
        ["S-1", "Savon", 10, 12, "Clairval"],
        ["S-2", "Bougie", 20, 24, "Clairval"],
    ]
    merges = ["A1:A2", "B1:B2", "C1:D1", "E1:E2"]
    catalogue = read_catalogue(write_xlsx(sheets={"S": rows}, merges={"S": merges}))
    assert catalogue.header_row == 1
    assert catalogue.headers == ["Référence", "Désignation", "Prix HT", "Prix TTC", "Marque"]
    assert catalogue.mapping["Prix TTC"] == "price"
    assert catalogue.mapping["Prix HT"] == "price_excl_vat"
    skus = list(catalogue.iter_skus())
    assert [(s.row, s.price, s.price_excl_vat) for s in skus] == [
        (3, Decimal("12.00"), Decimal("10.00")),
        (4, Decimal("24.00"), Decimal("20.00")),
    ]
    assert catalogue.findings == []


def test_a_merged_header_over_a_data_row_is_no_two_row_header(write_xlsx: XlsxWriter) -> None:
    rows = [["Référence", "Prix", ""], ["S-1", "12,50 €", ""]]
    catalogue = read_catalogue(write_xlsx(sheets={"S": rows}, merges={"S": ["B1:C1"]}))
    assert catalogue.headers == ["Référence", "Prix"]
    assert [s.price for s in catalogue.iter_skus()] == [Decimal("12.50")]


# --------------------------------------------------------------------------- skipped rows


def test_section_titles_units_totals_and_footnotes_are_not_products(
    write_xlsx: XlsxWriter,
) -> None:
    rows = [
        ["Référence", "Désignation", "Prix TTC (€)", "Stock"],
        ["", "", "(l'unité)", ""],
        ["Soins du visage", "", "", ""],
        ["V-1", "Crème hydratante", 38, 5],
        ["V-2", "Sérum", 48, 2],
        ["Huiles"],
        ["H-1", "Huile de néroli", 42, 1],
        ["", "Total", "", 8],
        ["* Prix publics conseillés, TVA 20 % comprise."],
    ]
    catalogue = read_catalogue(write_xlsx(sheets={"S": rows}, merges={"S": ["A3:D3"]}))
    skus = list(catalogue.iter_skus())
    assert [s.sku for s in skus] == ["V-1", "V-2", "H-1"]
    assert all(not s.issues for s in skus)
    skipped = [(s.row, s.reason.split(":")[0]) for s in catalogue.skipped_rows()]
    assert skipped == [
        (2, "unit sub-header"),
        (3, "section title"),
        (6, "section title"),
        (8, "total"),
        (9, "footnote"),
    ]
    assert '"Soins du visage"' in catalogue.skipped_rows()[1].reason
    assert catalogue.rows == 3 and catalogue.products == 3
    assert [r.row for r in catalogue.iter_raw_rows()] == [4, 5, 7]
    assert catalogue.skipped_rows()[0].to_dict() == {
        "row": 2,
        "reason": 'unit sub-header: "(l\'unité)"',
    }


def test_a_unit_under_the_price_header_is_no_product_whatever_beside_it(
    write_csv: CsvWriter,
) -> None:
    text = "Référence;Désignation;Prix TTC\n;Vins rouges;(la bouteille)\nV-1;Rioja;12\n"
    catalogue = read_catalogue(write_csv(text))
    assert [s.sku for s in catalogue.iter_skus()] == ["V-1"]
    [skipped] = catalogue.skipped_rows()
    assert skipped.row == 2 and '"(la bouteille)"' in skipped.reason


def test_rows_with_product_values_stay_products(write_csv: CsvWriter) -> None:
    # no price: a reference, or a name with a brand, is still a product (with findings)
    text = (
        "Référence;Désignation;Marque;Prix\n"
        "R-1;;;\n"
        ";Savon;Clairval;\n"
        "R-2;Bougie;Clairval;sur demande\n"
        "R-3;Diffuseur;Clairval;80,00 / kg\n"
    )
    catalogue = read_catalogue(write_csv(text))
    assert [s.row for s in catalogue.iter_skus()] == [2, 3, 4, 5]
    assert catalogue.skipped_rows() == []


def test_shop_exports_rows_are_left_to_their_own_rules(write_csv: CsvWriter) -> None:
    text = (
        "Handle,Title,Variant SKU,Variant Price,Image Src\n"
        "savon,Savon,S-1,12.00,https://cdn.example/a.jpg\n"
        "savon,,,,https://cdn.example/b.jpg\n"
    )
    catalogue = read_catalogue(write_csv(text))
    assert catalogue.source_kind == "shopify"
    assert catalogue.skipped_rows() == []
    assert [s.images for s in catalogue.iter_skus()] == [
        ["https://cdn.example/a.jpg", "https://cdn.example/b.jpg"]
    ]


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéè", min_size=2, max_size=8)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("product"), _WORDS, st.integers(1, 999)),
            st.tuples(st.just("section"), st.lists(_WORDS, min_size=1, max_size=3)),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_mix_of_products_and_section_rows_reads_back(
    tmp_path_factory: pytest.TempPathFactory, lines: list[tuple[object, ...]]
) -> None:
    out = ["Référence;Désignation;Prix"]
    products: list[tuple[int, str, Decimal]] = []
    sections: list[int] = []
    for i, line in enumerate(lines):
        row = i + 2
        if line[0] == "product":
            name, price = str(line[1]), int(line[2])  # type: ignore[call-overload]
            out.append(f"P-{row};{name};{price},50")
            products.append((row, f"P-{row}", Decimal(f"{price}.50")))
        else:
            words = " ".join(line[1])  # type: ignore[arg-type]
            column = row % 2  # in the reference or the name column
            out.append(";".join([words if c == column else "" for c in range(3)]))
            sections.append(row)
    path = tmp_path_factory.mktemp("mix") / "mix.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    catalogue = read_catalogue(path)
    assert [(s.row, s.sku, s.price) for s in catalogue.iter_skus()] == products
    assert [s.row for s in catalogue.skipped_rows()] == sections
    for skipped in catalogue.skipped_rows():
        assert f'"{out[skipped.row - 1].strip(";")}"' in skipped.reason
    assert catalogue.rows == len(products)


# --------------------------------------------------------------------------- no header row


def test_a_csv_without_header_row_is_an_error_that_says_how_to_go_on(
    write_csv: CsvWriter,
) -> None:
    text = "S-1;Savon au lait;12,50;3600523614561\nS-2;Bougie;29,00;3600523614578\n"
    catalogue = read_catalogue(write_csv(text))
    finding = catalogue.findings[0]
    assert (finding.code, finding.severity, finding.row) == ("no-header-row", "error", 1)
    assert "catalogue.csv" in finding.message and "no header row" in finding.message
    assert "--map A=sku" in finding.message and "header_row = 0" in finding.message
    # no product is lost meanwhile: the first line is read as one
    assert catalogue.header_row == 0
    assert catalogue.headers == ["Column A", "Column B", "Column C", "Column D"]
    assert [s.row for s in catalogue.iter_skus()] == [1, 2]


def test_header_row_0_and_columns_mapped_by_letter(write_csv: CsvWriter) -> None:
    path = write_csv("S-1;Savon au lait;12,50;3600523614561\nS-2;Bougie;29,00;3600523614578\n")
    config = Config(
        catalogue=CatalogueConfig(header_row=0), mapping={"A": "sku", "Column B": "name"}
    )
    catalogue = read_catalogue(path, config=config, mappings={"C": "price", "D": "ean"})
    assert not [f for f in catalogue.findings if f.code == "no-header-row"]
    assert catalogue.mapping == {
        "Column A": "sku",
        "Column B": "name",
        "Column C": "price",
        "Column D": "ean",
    }
    skus = list(catalogue.iter_skus())
    assert [(s.row, s.sku, s.name, s.price, s.ean) for s in skus] == [
        (1, "S-1", "Savon au lait", Decimal("12.50"), "3600523614561"),
        (2, "S-2", "Bougie", Decimal("29.00"), "3600523614578"),
    ]
    with pytest.raises(ConfigError, match="no column 'F'"):
        read_catalogue(path, config=config, mappings={"F": "price"})


def test_a_workbook_without_header_row(write_xlsx: XlsxWriter) -> None:
    rows = [["S-1", "Savon", 12.5, 3600523614561], ["S-2", "Bougie", 29, 3600523614578]]
    path = write_xlsx(sheets={"S": rows})
    [finding] = [f for f in read_catalogue(path).findings if f.code == "no-header-row"]
    assert finding.sheet == "S" and "sheet 'S'" in finding.message
    config = Config(catalogue=CatalogueConfig(header_row=0))
    catalogue = read_catalogue(path, config=config, mappings={"A": "sku", "C": "price"})
    assert [(s.row, s.sku, s.price) for s in catalogue.iter_skus()] == [
        (1, "S-1", Decimal("12.50")),
        (2, "S-2", Decimal("29.00")),
    ]


def test_a_header_of_unknown_words_is_not_taken_for_data(write_csv: CsvWriter) -> None:
    catalogue = read_catalogue(write_csv("Artikel;Bezeichnung;Preis\nA-1;Seife;12,50\n"))
    assert catalogue.header_row == 1
    assert "no-header-row" not in {f.code for f in catalogue.findings}


def test_a_title_line_with_a_date_above_the_header_is_no_data(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Tarifs", 2026])
    sheet.append(["Référence", "Prix"])
    sheet.append(["S-1", 12])
    book.save(tmp_path / "t.xlsx")
    catalogue = read_catalogue(tmp_path / "t.xlsx")
    assert catalogue.header_row == 2
    assert "no-header-row" not in {f.code for f in catalogue.findings}


def test_sub_headers_found_first_combine_with_the_merge_above(write_xlsx: XlsxWriter) -> None:
    # the merged "Prix" names fewer fields than the row below: the header is found on
    # row 2, and its first row is row 1
    rows = [
        ["", "", "Prix", ""],
        ["Référence", "Désignation", "HT", "TTC"],
        ["S-1", "Savon", 10, 12],
    ]
    catalogue = read_catalogue(write_xlsx(sheets={"S": rows}, merges={"S": ["C1:D1"]}))
    assert catalogue.header_row == 1
    assert catalogue.headers == ["Référence", "Désignation", "Prix HT", "Prix TTC"]
    assert [(s.row, s.price) for s in catalogue.iter_skus()] == [(3, Decimal("12.00"))]


def test_a_banner_merged_over_the_header_stays_out_of_it(write_xlsx: XlsxWriter) -> None:
    rows = [["Catalogue export — Clairval", "", ""], ["Référence", "Désignation", "Prix"]]
    rows.append(["S-1", "Savon", 12])
    catalogue = read_catalogue(write_xlsx(sheets={"S": rows}, merges={"S": ["A1:C1"]}))
    assert (catalogue.header_row, catalogue.headers) == (2, ["Référence", "Désignation", "Prix"])


def test_columns_named_by_letter_in_any_spelling(write_csv: CsvWriter) -> None:
    path = write_csv("S-1;Savon;12,50\n")
    config = Config(catalogue=CatalogueConfig(header_row=0))
    mappings = {"column a": "sku", "Colonne B": "name", "Col. C": "price"}
    catalogue = read_catalogue(path, config=config, mappings=mappings)
    assert catalogue.mapping == {"Column A": "sku", "Column B": "name", "Column C": "price"}


def test_a_hidden_sheet_comes_after_the_visible_catalogue(tmp_path: Path) -> None:
    book = Workbook()
    lists = book.active
    lists.title = "Données"
    for row in [["Référence", "Désignation", "Marque", "Prix", "EAN"], ["X", "x", "x", 1, "1"]]:
        lists.append(row)
    lists.sheet_state = "hidden"
    products = book.create_sheet("Produits")
    for row in PRODUCTS:
        products.append(row)
    book.save(tmp_path / "h.xlsx")
    catalogue = read_catalogue(tmp_path / "h.xlsx")
    assert catalogue.sheet == "Produits"
    assert (catalogue.sheet_reason or "").startswith("the visible sheet whose header")
    assert "'Données' 5 (hidden)" in (catalogue.sheet_reason or "")


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("block"), st.integers(1, 3), st.integers(1, 500)),
            st.tuples(st.just("title"), _WORDS),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_merged_blocks_and_titles_read_back_as_drawn(
    tmp_path_factory: pytest.TempPathFactory, drawn: list[tuple[object, ...]]
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Référence", "Désignation", "Prix", "Détail"])
    expected: list[tuple[int, str, Decimal, str]] = []
    titles: list[int] = []
    row = 2
    for item in drawn:
        if item[0] == "title":
            sheet.cell(row, 1, f"Gamme {item[1]}")
            sheet.merge_cells(f"A{row}:D{row}")
            titles.append(row)
            row += 1
            continue
        height, price = int(item[1]), int(item[2])  # type: ignore[call-overload]
        sheet.cell(row, 1, f"R-{row}")
        sheet.cell(row, 2, f"Produit {row}")
        sheet.cell(row, 3, price)
        lines = [f"ligne {row}.{k}" for k in range(height)]
        for k, line in enumerate(lines):
            sheet.cell(row + k, 4, line)
        if height > 1:
            for column in "ABC":
                sheet.merge_cells(f"{column}{row}:{column}{row + height - 1}")
        expected.append((row, f"R-{row}", Decimal(price), "\n".join(lines)))
        row += height
    path = tmp_path_factory.mktemp("blocks") / "blocks.xlsx"
    book.save(path)
    catalogue = read_catalogue(path)
    skus = list(catalogue.iter_skus())
    assert [(s.row, s.sku, s.price, s.attributes["Détail"]) for s in skus] == expected
    assert [s.row for s in catalogue.skipped_rows()] == titles
    assert catalogue.rows == catalogue.products == len(expected)
    assert [r.row for r in catalogue.iter_raw_rows()] == [e[0] for e in expected]


def test_a_headerless_sheet_starting_further_right_keeps_its_letters(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet["C2"], sheet["D2"] = "S-1", 12.5
    sheet["C3"], sheet["D3"] = "S-2", 29
    book.save(tmp_path / "droite.xlsx")
    config = Config(catalogue=CatalogueConfig(header_row=0))
    catalogue = read_catalogue(
        tmp_path / "droite.xlsx", config=config, mappings={"C": "sku", "D": "price"}
    )
    assert catalogue.headers == ["Column C", "Column D"]
    assert [(s.row, s.sku, s.price) for s in catalogue.iter_skus()] == [
        (2, "S-1", Decimal("12.50")),
        (3, "S-2", Decimal("29.00")),
    ]
