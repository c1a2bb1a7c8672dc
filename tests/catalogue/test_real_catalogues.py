"""Real shop and retailer exports of ../shared/real_catalogues (see SOURCES.md there).

Skipped when that folder is absent. The expectations are what SOURCES.md documents for
each file (row counts, quirks), checked by reading the files through ``read_catalogue``.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from export_kit.catalogue import product_key, read_catalogue


def test_shopify_parispousse(real_catalogues: Path) -> None:
    catalogue = read_catalogue(real_catalogues / "shopify_parispousse_fr.csv")
    assert catalogue.source_kind == "shopify"
    assert (catalogue.encoding, catalogue.delimiter) == ("utf-8", ",")
    skus = list(catalogue.iter_skus())
    # 159 data rows: 48 image-only rows folded into their products, 111 variant rows
    assert len(skus) == 159 - 48
    assert catalogue.products == 40
    products = list(catalogue.iter_products())
    assert len(products) == 40
    # multi-line Body (HTML) cells are one row each: the last row is row 160
    assert skus[-1].row <= 160
    # the shop never filled Variant SKU: every variant's SKU is derived from its handle
    # and its option, one of a kind, and said so on its row
    assert all(s.derived_sku for s in skus)
    assert len({s.sku for s in skus}) == 111
    pot = next(s for s in skus if s.size == "S - Ø 30 cm - hauteur 28 cm")
    assert pot.sku == f"{pot.parent_sku}-S-O-30-cm-hauteur-28-cm"
    assert sum(1 for s in skus if s.stock is not None and s.stock < 0) == 32
    assert all(s.weight_kg is None for s in skus)  # Variant Grams is 0 everywhere
    assert {s.size for s in skus if s.size} >= {"S - Ø 30 cm - hauteur 28 cm"}
    prices = [s.price for s in skus if s.price is not None]
    assert min(prices) == Decimal("10.00") and max(prices) == Decimal("469.00")
    assert sum(len(p.images) for p in products) >= 48
    assert [i.code for s in skus for i in s.issues] == ["derived-sku"] * 111
    assert list(catalogue.keys_factory()) == [product_key(s) for s in skus]
    body = products[0].description or ""
    assert "\n" in body and 'style=""' not in body


def test_woocommerce_sample_export(real_catalogues: Path) -> None:
    catalogue = read_catalogue(real_catalogues / "woocommerce_export_en.csv")
    assert catalogue.source_kind == "woocommerce"
    assert catalogue.encoding == "utf-8-sig"
    assert catalogue.headers[0] == "ID"
    skus = list(catalogue.iter_skus())
    # 124 rows, of which 6 grouped and 4 external products: not listings, left out
    assert len(skus) == 124 - 10
    kinds = Counter(s.attributes.get("Type") for s in skus)
    assert kinds["variation"] == 28 and kinds["variable"] == 12
    assert {"grouped", "external"}.isdisjoint(kinds)
    assert [f.code for f in catalogue.findings].count("not-a-listing") == 10
    assert len(catalogue.skipped_rows()) == 10
    # of the 9 rows without a SKU, 2 are variable parents (keyed id:NN) and 1 grouped;
    # the 6 simple products get one derived from their id
    assert sorted(s.sku for s in skus if s.derived_sku) == [f"id-{n}" for n in range(82, 88)]
    variations = [s for s in skus if s.attributes.get("Type") == "variation"]
    assert {s.parent_sku for s in variations} == {"woo-hoodie", "woo-vneck-tee"}
    assert all(s.colour for s in variations)
    parents = [s for s in skus if s.attributes.get("Type") == "variable"]
    assert all(s.is_parent_row for s in parents)
    tee = next(s for s in skus if s.sku == "woo-vneck-tee")
    assert len(tee.images) == 3 and tee.category == "Clothing > Tshirts"
    assert all("\\n" not in (s.description or "") for s in skus)
    keys = list(catalogue.keys_factory())
    assert keys == [product_key(s) for s in skus]


def test_prestashop_sample_imports(real_catalogues: Path) -> None:
    products = read_catalogue(real_catalogues / "prestashop_products_import.csv")
    assert products.source_kind == "prestashop"
    skus = list(products.iter_skus())
    assert len(skus) == 7
    # every EAN13 is the dummy 1234567890123, whose check digit should be 8
    assert [i.message for s in skus for i in s.issues] == [
        "EAN-13 check digit should be 8, not 3"
    ] * 7
    assert skus[0].weight_kg == Decimal("0.068357")
    assert skus[0].price_excl_vat == Decimal("100.00")
    assert len(skus[0].images) == 2

    combinations = read_catalogue(real_catalogues / "prestashop_combinations_import.csv")
    assert combinations.source_kind == "prestashop"
    skus = list(combinations.iter_skus())
    assert len(skus) == 27
    assert skus[0].ean == "0000080446392"  # leading zeros kept
    assert skus[0].colour == "Blue" and skus[0].attributes["Disk space"] == "16GB"
    assert combinations.products == len({s.parent_sku for s in skus})


def test_systeme_u_akeneo_export_through_map(real_catalogues: Path) -> None:
    path = real_catalogues / "systemeu_akeneo_export_fr.csv"
    catalogue = read_catalogue(
        path,
        mappings={
            "UGC_ean": "ean",
            "UGC_libEcommerce": "name",
            "UGC_MesureNette": "net_content",
            "SVE_cdRubriqueN3": "category",
        },
    )
    skus = list(catalogue.iter_skus())
    assert len(skus) == 5
    assert all(s.ean and len(s.ean) == 13 for s in skus)
    assert skus[0].name == "Bière blonde d'Abbaye Höellingem , 6,5°, 75cl"
    # 0.7500 LITRE from the companion unit column; "UNITE" is a count, not a content
    assert str(skus[0].net_content) == "750ml"
    assert str(skus[1].net_content) == "1500ml"
    assert skus[2].net_content is None


def test_akeneo_icecat_products(real_catalogues: Path) -> None:
    catalogue = read_catalogue(real_catalogues / "akeneo_icecat_products_sample.csv")
    assert catalogue.mapping["description-fr_FR-ecommerce"] == "description"
    assert catalogue.mapping["price-EUR"] == "price"
    skus = list(catalogue.iter_skus())
    assert len(skus) == 10
    bag = skus[0]
    assert bag.weight_kg == Decimal("0.5")  # 500 GRAM, not 500 kg
    assert {i.code for s in skus for i in s.issues} == {"invalid-ean"}


def test_open_food_facts_tab_export(real_catalogues: Path) -> None:
    catalogue = read_catalogue(real_catalogues / "openfoodfacts_search_export_2019.csv")
    assert catalogue.delimiter == "\t"
    assert catalogue.mapping["quantity"] == "net_content"
    skus = list(catalogue.iter_skus())
    assert len(skus) == 1541
    assert all(len(s.attributes) < 164 for s in skus)
    french = [s for s in skus if s.attributes.get("countries") == "France"]
    assert len(french) == 293
    # 309 rows give a quantity; all but the few without a unit or with US units read
    contents = [s.net_content for s in skus if s.net_content is not None]
    unread = [i for s in skus for i in s.issues if i.field == "net_content"]
    assert len(contents) + len(unread) == 309
    assert len(contents) >= 295


def test_open_food_facts_resaved_by_excel(real_catalogues: Path) -> None:
    catalogue = read_catalogue(real_catalogues / "openfoodfacts_excel_resaved.csv")
    assert catalogue.encoding == "utf-8-sig"
    assert catalogue.headers.count("#NAME?") == 33
    skus = list(catalogue.iter_skus())
    assert len(skus) == 1470
    # the destroyed barcodes stay as written (reported later as duplicates, not guessed)
    assert sum(1 for s in skus if s.sku and "E+" in s.sku) == 1253
    assert catalogue.mapping.get("#NAME?") is None


def test_every_real_file_reads_without_error(real_catalogues: Path) -> None:
    for path in sorted(real_catalogues.glob("*.csv")):
        catalogue = read_catalogue(path)
        rows = sum(1 for _ in catalogue.iter_skus())
        assert rows == catalogue.rows > 0, path.name
        assert catalogue.products == len(list(catalogue.iter_products())), path.name
