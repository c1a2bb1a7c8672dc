"""French words, numbers and units of the real catalogues of ../shared/real_catalogues.

Skipped when that folder is absent. Each expectation is what the file holds, counted by
opening it (its header row, its cells), checked through ``read_catalogue``.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from export_kit.catalogue import read_catalogue


def test_image_formulas_catalogue(real_catalogues: Path) -> None:
    catalogue = read_catalogue(real_catalogues / "catalogue_fr_image_formulas.xlsx")
    assert catalogue.header_row == 3
    mapping = catalogue.mapping
    # the =IMAGE() column draws the barcode of EAN-13 complet: the code is the EAN
    assert mapping["EAN-13 complet"] == "ean"
    assert "Code-barre (image)" not in mapping
    assert mapping["N° produit (1-999999999)"] == "sku"
    assert (mapping["Nom du produit"], mapping["Prix"], mapping["Stock"]) == (
        "name",
        "price",
        "stock",
    )
    skus = list(catalogue.iter_skus())
    assert len(skus) == 114
    assert (skus[0].sku, skus[0].ean, skus[0].name) == (
        "1",
        "2000000000015",
        "Qamis 1 - Blanc - T.60",
    )
    assert all(s.ean is not None and s.ean.startswith("200") for s in skus)  # in-store codes
    # prices are numbers or text like "39.95 €": every one read, none rounded
    prices = Counter(str(s.price) for s in skus)
    assert prices == {
        "19.95": 37,
        "27.00": 35,
        "25.00": 13,
        "39.90": 10,
        "35.00": 8,
        "39.95": 6,
        "34.95": 5,
    }
    assert all(s.stock == 1 for s in skus)
    # an IMAGE() formula has no saved value by nature: no finding on its 114 cells
    assert not any(s.issues for s in skus)


def test_price_list_plural_headers(real_catalogues: Path) -> None:
    catalogue = read_catalogue(real_catalogues / "pricelist_fr_merged_cells.xlsx")
    mapping = catalogue.mapping
    assert mapping["Produits"] == "name"
    assert mapping["Marques"] == "brand"
    assert mapping["Contenants"] == "net_content"
    assert mapping["Prix TTC (€)"] == "price"
    # the order form's quantity and amount columns are no stock and no price
    assert "Montants (€)" not in mapping and "Nombres" not in mapping
    by_row = {s.row: s for s in catalogue.iter_skus()}
    wine = by_row[6]
    assert (wine.brand, wine.price) == ("Florentius", Decimal("8.00"))
    assert wine.net_content is not None and (wine.net_content.quantity, wine.net_content.unit) == (
        750,
        "ml",
    )
    oil = by_row[83]  # "Bidon fer blanc 5 litres"
    assert oil.net_content is not None and oil.net_content.quantity == 5000
    honey = by_row[110]  # "Pot verre 1 kg"
    assert honey.net_content is not None and (
        honey.net_content.quantity,
        honey.net_content.unit,
    ) == (
        1000,
        "g",
    )
    # "80,00 / kg": a price per kilogram is not the price of the piece sold
    ham = by_row[69]
    assert ham.price is None
    assert [i.code for i in ham.issues if i.field == "price"] == ["invalid-number"]
    assert "per unit of measure" in next(i.message for i in ham.issues if i.field == "price")


def test_woocommerce_weights_in_pounds(real_catalogues: Path) -> None:
    catalogue = read_catalogue(real_catalogues / "woocommerce_sample_products.csv")
    assert catalogue.mapping["Weight (lbs)"] == "weight_kg"
    weights = {s.sku: s.weight_kg for s in catalogue.iter_skus()}
    # .5 lb, 1.5 lb and 2 lb in the file
    assert weights["woo-vneck-tee"] == Decimal("0.227")
    assert weights["woo-hoodie"] == Decimal("0.68")
    assert weights["woo-hoodie-with-logo"] == Decimal("0.907")


def test_woocommerce_french_stock_flag(real_catalogues: Path) -> None:
    catalogue = read_catalogue(real_catalogues / "woocommerce_fr_export_blank_type.csv")
    assert catalogue.mapping["Stock"] == "stock"
    assert "En stock\u00a0?" not in catalogue.mapping
    skus = list(catalogue.iter_skus())
    # "En stock ?" holds 1 on ten rows: never read as a stock of one
    assert not any(s.stock == 1 for s in skus)
    assert sum(1 for s in skus if s.attributes.get("En stock\u00a0?") == "1") == 10
