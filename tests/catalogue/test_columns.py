"""Columns chosen by their cells as well as their header (catalogue/columns.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from export_kit.catalogue import read_catalogue
from export_kit.catalogue.columns import content_hints, with_conventions, without_pictures
from export_kit.catalogue.mapping import IGNORE, map_columns

from .conftest import XlsxWriter

_BARCODE = '=IMAGE("https://barcodeapi.org/api/ean13/"&C{row})'


def test_an_image_formula_column_is_never_the_ean(write_xlsx: XlsxWriter) -> None:
    rows: list[list[object]] = [["Désignation", "Code EAN", "EAN-13 complet", "Prix", "Marque"]]
    for row, code in enumerate(["3760000000017", "3760000000024"], start=2):
        rows.append([f"Savon {row}", _BARCODE.format(row=row), code, 9.9, "Maison Été"])
    catalogue = read_catalogue(write_xlsx(sheets={"Catalogue": rows}))
    assert catalogue.mapping.get("EAN-13 complet") == "ean"
    assert "Code EAN" not in catalogue.mapping
    skus = list(catalogue.iter_skus())
    assert [s.ean for s in skus] == ["3760000000017", "3760000000024"]
    # an IMAGE() cell shows a picture: it has no saved value, and that is no finding
    assert not any(s.issues for s in skus)


def test_the_column_of_valid_codes_wins_over_a_better_named_one() -> None:
    headers = ["Code EAN", "GTIN", "Désignation"]
    sample = [["voir photo", "3760000000017", "Savon"], ["", "3760000000024", "Crème"]]
    mapping = map_columns(headers)
    assert mapping.header_to_field()["Code EAN"] == "ean"
    hints = content_hints(mapping, sample)
    assert hints == {1: "ean"}
    assert map_columns(headers, hints=hints).header_to_field() == {
        "GTIN": "ean",
        "Désignation": "name",
    }


def test_a_flag_column_is_left_as_an_attribute_only_beside_a_quantity() -> None:
    alone = [["1"], ["0"], ["1"]]
    assert content_hints(map_columns(["Stock"]), alone) == {}  # 0/1 alone: a quantity
    both = [["1", "12"], ["0", "0"]]
    hints = content_hints(map_columns(["En stock", "Stock"]), both)
    assert hints == {0: IGNORE}


def test_picture_formulas_are_no_missing_values() -> None:
    formulas = {4: [(7, 'IF(G4="","",IMAGE("https://x/"&G4))'), (2, "A4*2")], 5: [(7, "")]}
    assert without_pictures(formulas) == {4: [(2, "A4*2")]}


def test_conventions_are_decided_once_per_price_column() -> None:
    headers = ["Référence", "Prix TTC", "Prix HT"]
    sample = [["A1", "12,50", "10.42"], ["A2", "1.299", "1082.50"]]
    mapping = with_conventions(map_columns(headers), sample)
    decimals = {c.header: c.decimal for c in mapping.columns}
    assert decimals == {"Référence": None, "Prix TTC": ",", "Prix HT": "."}
    shop = with_conventions(map_columns(headers), [["A1", "45", "40"]], "woocommerce")
    assert [c.decimal for c in shop.columns] == [None, ".", "."]


def test_text_prices_with_a_euro_sign_in_a_workbook(write_xlsx: XlsxWriter) -> None:
    rows = [
        ["Nom du produit", "Prix", "Marque", "Référence"],
        ["Qamis", "39.95 €", "Maison", "Q1"],
        ["Qamis enfant", 25.0, "Maison", "Q2"],
        ["Coffret", "1.299 €", "Maison", "Q3"],
    ]
    skus = list(read_catalogue(write_xlsx(sheets={"Feuil1": rows})).iter_skus())
    assert [s.price for s in skus[:2]] == [Decimal("39.95"), Decimal("25.00")]
    # 39.95 says the column's decimal is a point: 1.299 has three decimals, never rounded
    assert skus[2].price is None
    assert [i.code for i in skus[2].issues] == ["invalid-number"]


def test_an_article_column_of_codes_beside_a_name_is_the_reference(tmp_path: Path) -> None:
    # a spare-parts list: "Article" holds codes, "Désignation article" the names
    path = tmp_path / "pieces.csv"
    path.write_text(
        "Article;Désignation article;Emplacemt\n"
        "9000080;BALAI BLEU ALIMENT-MONOBLOC 70CM;EPI 4 2B\n"
        "9000081;BALAI VERT ALIMENT-MONOBLOC 70CM;EPI 4 3D\n",
        encoding="utf-8",
    )
    catalogue = read_catalogue(path)
    assert catalogue.mapping == {"Article": "sku", "Désignation article": "name"}
    assert [s.sku for s in catalogue.iter_skus()] == ["9000080", "9000081"]


def test_an_article_column_of_names_stays_the_name(tmp_path: Path) -> None:
    path = tmp_path / "tarif.csv"
    path.write_text(
        "Article;Prix TTC\nSavon au lait d'ânesse;9,90\nBaume à lèvres;6,50\n", encoding="utf-8"
    )
    catalogue = read_catalogue(path)
    assert catalogue.mapping == {"Article": "name", "Prix TTC": "price"}


def test_ttc_alone_is_the_price_beside_prix_ht(tmp_path: Path) -> None:
    path = tmp_path / "epicerie.csv"
    path.write_text(
        "Code EAN,Nom de l’article,Prix HT,TVA,TTC,stock\n"
        "3250391584123,Jambon Superieur,3.50,0.055,3.69,10\n",
        encoding="utf-8",
    )
    catalogue = read_catalogue(path)
    assert catalogue.mapping["TTC"] == "price" and catalogue.mapping["Prix HT"] == "price_excl_vat"
    assert [s.price for s in catalogue.iter_skus()] == [Decimal("3.69")]


def test_a_weight_column_without_unit_in_whole_grams_reads_as_grams(tmp_path: Path) -> None:
    path = tmp_path / "dattes.csv"
    path.write_text(
        "id;nom;prix;poids\ndatte-medjool;Medjool Royale;24.50;520\n"
        "datte-ajwa;Ajwa de Médine;32.00;420\n",
        encoding="utf-8",
    )
    catalogue = read_catalogue(path)
    assert [s.weight_kg for s in catalogue.iter_skus()] == [Decimal("0.52"), Decimal("0.42")]
    [warning] = [f for f in catalogue.findings if f.code == "weight-in-grams"]
    assert warning.column == "poids" and "poids (kg)" in warning.message


def test_weights_in_kilograms_stay_kilograms(tmp_path: Path) -> None:
    path = tmp_path / "vins.csv"
    path.write_text(
        "Référence;Désignation;Prix TTC;Poids\nV1;Bordeaux;12,50;1,3\nV2;Caisse de 6;70;8\n",
        encoding="utf-8",
    )
    catalogue = read_catalogue(path)
    assert [s.weight_kg for s in catalogue.iter_skus()] == [Decimal("1.3"), Decimal("8")]
    assert not [f for f in catalogue.findings if f.code == "weight-in-grams"]
