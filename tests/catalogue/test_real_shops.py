"""Real shop exports of ../shared/real_catalogues (see SOURCES.md there), read as a user would.

Skipped when that folder is absent. Every figure below was counted by opening the file
(a CSV reader and the eye), not taken from what export-kit prints.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from export_kit.catalogue import Catalogue, product_key, read_catalogue
from export_kit.model import Sku


def _read(path: Path) -> tuple[Catalogue, list[Sku]]:
    catalogue = read_catalogue(path)
    skus = list(catalogue.iter_skus())
    assert list(catalogue.keys_factory()) == [product_key(s) for s in skus]
    assert catalogue.rows == len(skus)
    assert catalogue.products == len(list(catalogue.iter_products()))
    return catalogue, skus


def _kg(grams: str) -> Decimal:
    return Decimal(grams) / 1000


def test_shopify_current_product_template(real_catalogues: Path) -> None:
    catalogue, skus = _read(real_catalogues / "shopify_product_template_new_format.csv")
    assert catalogue.source_kind == "shopify"
    # 16 variant rows: a T-shirt in 4 sizes × 3 colours, an e-book in 3 formats, a perfume
    assert len(skus) == 16 and catalogue.products == 3
    products = {p.outer_id: p for p in catalogue.iter_products()}
    assert {k: len(p.skus) for k, p in products.items()} == {
        "physical-product-the-band-t-shirt": 12,
        "digital-product-the-history-of-rock-music": 3,
        "example-perfume": 1,
    }
    assert not any(s.derived_sku for s in skus)  # every variant has its SKU
    assert skus[0].sku == "TheBandTShirt-SG" and skus[-1].sku == "EX-PERF-MEN"
    assert (skus[0].size, skus[0].colour, skus[0].stock) == ("Small", "green", 47)
    prices = sorted({s.price for s in skus if s.price is not None})
    assert prices == [Decimal(p) for p in ("9.99", "14.99", "19.99", "21.99", "74.99")]
    # Weight value (grams) in kilograms: 150, 177, 181, 200 g for the sizes, 500 g the
    # perfume, none for the e-book
    weights = Counter(s.weight_kg for s in skus)
    assert weights == {
        _kg("150"): 3,
        _kg("177"): 3,
        _kg("181"): 3,
        _kg("200"): 3,
        _kg("500"): 1,
        None: 3,
    }
    assert products["example-perfume"].category == "Perfume"
    assert len(products["physical-product-the-band-t-shirt"].images) == 1
    # the barcodes are placeholders: 10 digits, or an ISBN whose check digit is wrong
    assert Counter(i.code for s in skus for i in s.issues) == {"invalid-ean": 15}


def test_shopify_french_export_without_skus(real_catalogues: Path) -> None:
    catalogue, skus = _read(real_catalogues / "shopify_fr_export_no_skus.csv")
    assert catalogue.source_kind == "shopify"
    # 5 rows: 3 products of one variant each, and 2 image-only rows of the first
    assert len(skus) == 3 and catalogue.products == 3
    handles = [
        "lattafa-khamrah-eau-de-parfum-100ml",
        "rasasi-la-yuqawam-75ml",
        "swiss-arabian-shaghaf-oud-75ml",
    ]
    assert [s.sku for s in skus] == handles  # "Default Title": the handle alone
    assert all(s.derived_sku for s in skus)
    assert [i.code for s in skus for i in s.issues] == ["derived-sku"] * 3
    assert [s.price for s in skus] == [Decimal("39.90"), Decimal("70.00"), Decimal("36.90")]
    assert {s.weight_kg for s in skus} == {Decimal("0.5")}  # Variant Grams 500.0
    assert {s.stock for s in skus} == {5}
    # Type is empty on every row: the Product Category is the category
    assert all((s.category or "").startswith("Health & Beauty > Personal Care") for s in skus)
    first = next(iter(catalogue.iter_products()))
    assert len(first.images) == 3


def test_woocommerce_sample_data(real_catalogues: Path) -> None:
    catalogue, skus = _read(real_catalogues / "woocommerce_sample_products.csv")
    assert catalogue.source_kind == "woocommerce"
    # 25 rows: 14 simple, 2 variable with 3 and 4 variations, 1 grouped, 1 external
    assert len(skus) == 23 and catalogue.products == 16
    assert sum(s.is_parent_row for s in skus) == 2
    assert not any(s.derived_sku for s in skus)
    assert [(r.row, r.reason.split(":")[0]) for r in catalogue.skipped_rows()] == [
        (24, "not a listing"),
        (25, "not a listing"),
    ]
    assert [(f.row, f.sku) for f in catalogue.findings if f.code == "not-a-listing"] == [
        (24, "logo-collection"),
        (25, "wp-pennant"),
    ]
    assert {"logo-collection", "wp-pennant"}.isdisjoint(s.sku for s in skus)
    prices = [s.price for s in skus if s.price is not None]
    assert len(prices) == 21 and (min(prices), max(prices)) == (Decimal("3"), Decimal("90"))
    by_sku = {s.sku: s for s in skus}
    # Weight (lbs): pounds in kilograms, to the gram
    assert by_sku["woo-beanie"].weight_kg == Decimal("0.091")  # .2 lb
    assert by_sku["woo-hoodie-with-pocket"].weight_kg == Decimal("1.361")  # 3 lb
    assert by_sku["woo-album"].weight_kg is None
    # variations have no weight nor category of their own: their parent's; their own
    # description and image stay
    red = by_sku["woo-vneck-tee-red"]
    assert (red.parent_sku, red.colour) == ("woo-vneck-tee", "Red")
    assert (red.weight_kg, red.category) == (Decimal("0.227"), "Clothing > Tshirts")
    assert (red.description or "").startswith("Lorem ipsum") and len(red.images) == 1
    assert by_sku["woo-hoodie-blue-logo"].weight_kg == Decimal("0.68")  # 1.5 lb


def test_woocommerce_french_export_with_a_blank_type_header(real_catalogues: Path) -> None:
    catalogue, skus = _read(real_catalogues / "woocommerce_fr_export_blank_type.csv")
    assert catalogue.source_kind == "woocommerce"
    assert catalogue.mapping["Stock"] == "stock" and "En stock\xa0?" not in catalogue.mapping
    # 516 rows: 70 variable products and 446 variations, none with a UGS
    assert len(skus) == 516
    assert sum(s.is_parent_row for s in skus) == 70
    variations = [s for s in skus if not s.is_parent_row]
    assert len(variations) == 446 and all(s.derived_sku for s in variations)
    assert len({s.sku for s in skus}) == 516
    first = variations[0]
    assert (first.sku, first.parent_sku, first.size) == ("EV-0001-04-ans", "EV- 0001", "04 ans")
    # Parent 0 is no parent; "EV-0004" finds the parent written "EV- 0004"; the 5
    # variations of "EV-OO13" (letter O) and 1 of "EV-003" name no row of the file
    assert not any(s.parent_sku == "0" for s in skus)
    products = Counter(product_key(s) for s in skus)
    assert catalogue.products == 72
    assert products["EV- 0004"] == 7 and products["EV-OO13"] == 5 and products["EV-003"] == 1
    # prices are in FCFA ("20 000Fcfa"): never read as euros
    assert all(s.price is None for s in skus)
    unread = Counter(i.column for s in skus for i in s.issues if i.code == "invalid-number")
    # and 12 rows whose Stock and Poids cells hold a description or a link (a spreadsheet
    # fill gone wrong)
    assert unread == {"Tarif régulier": 515, "Stock": 12, "Poids (kg)": 12}
    assert catalogue.skipped_rows() == []
