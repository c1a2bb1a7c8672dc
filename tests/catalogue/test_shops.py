"""Shop exports recognised from their headers and read with their own rules (DESIGN §5.1)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from export_kit.catalogue import product_key, read_catalogue
from export_kit.catalogue.shops import detect_source

from .conftest import CsvWriter

SHOPIFY_HEADER = [
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Type",
    "Tags",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Variant SKU",
    "Variant Grams",
    "Variant Inventory Qty",
    "Variant Price",
    "Variant Barcode",
    "Image Src",
    "Image Position",
    "Image Alt Text",
    "Variant Image",
]


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _shopify_row(**cells: str) -> list[str]:
    names = {h.replace(" ", "_").replace("(", "").replace(")", ""): h for h in SHOPIFY_HEADER}
    row = dict.fromkeys(SHOPIFY_HEADER, "")
    for key, value in cells.items():
        row[names[key]] = value
    return [row[h] for h in SHOPIFY_HEADER]


def test_shopify_variants_options_and_image_only_rows(write_csv: CsvWriter) -> None:
    rows = [
        SHOPIFY_HEADER,
        _shopify_row(
            Handle="foulard-soie",
            Title="Foulard en soie",
            Body_HTML="<p>Soie\nde Lyon</p>",
            Vendor="Maison Lyon",
            Type="Foulards",
            Option1_Name="Couleur",
            Option1_Value="Rouge",
            Option2_Name="Taille",
            Option2_Value="90 x 90",
            Variant_SKU="FS-R-90",
            Variant_Grams="120",
            Variant_Inventory_Qty="4",
            Variant_Price="89.00",
            Variant_Barcode="3600523614561",
            Image_Src="https://cdn.test/fs-1.jpg",
            Image_Position="1",
        ),
        _shopify_row(
            Handle="foulard-soie",
            Option1_Value="Bleu",
            Option2_Value="90 x 90",
            Variant_SKU="FS-B-90",
            Variant_Grams="120",
            Variant_Inventory_Qty="-2",
            Variant_Price="89.00",
            Image_Src="https://cdn.test/fs-2.jpg",
            Image_Position="2",
        ),
        _shopify_row(
            Handle="foulard-soie",
            Image_Src="https://cdn.test/fs-3.jpg",
            Image_Position="3",
            Image_Alt_Text="Porté",
        ),
        _shopify_row(
            Handle="foulard-soie", Image_Src="https://cdn.test/fs-4.jpg", Image_Position="4"
        ),
        _shopify_row(
            Handle="carte-cadeau",
            Title="Carte cadeau",
            Vendor="Maison Lyon",
            Option1_Name="Title",
            Option1_Value="Default Title",
            Variant_SKU="GIFT",
            Variant_Price="50.00",
            Variant_Grams="0",
        ),
    ]
    catalogue = read_catalogue(write_csv(_csv(rows), name="products_export.csv"))
    assert catalogue.source_kind == "shopify"
    assert catalogue.mapping["Handle"] == "parent_sku"
    assert catalogue.mapping["Variant Grams"] == "weight_kg"
    skus = list(catalogue.iter_skus())
    # image-only rows are folded into the product, not read as SKUs
    assert [s.sku for s in skus] == ["FS-R-90", "FS-B-90", "GIFT"]
    assert [s.row for s in skus] == [2, 3, 6]
    assert catalogue.rows == 3
    assert catalogue.products == 2
    red, blue, gift = skus
    assert (red.colour, red.size, blue.colour, blue.size) == ("Rouge", "90 x 90", "Bleu", "90 x 90")
    assert red.weight_kg == Decimal("0.12")  # Variant Grams are grams
    assert (red.columns["colour"], red.columns["size"]) == ("Option1 Value", "Option2 Value")
    assert blue.stock == -2
    assert blue.name is None  # variant rows carry only variant columns
    assert gift.weight_kg is None  # 0 grams: no weight given
    assert gift.size is None and gift.colour is None and "Title" not in gift.attributes
    products = list(catalogue.iter_products())
    assert [p.outer_id for p in products] == ["foulard-soie", "carte-cadeau"]
    scarf = products[0]
    assert scarf.name == "Foulard en soie" and scarf.brand == "Maison Lyon"
    assert scarf.images == [f"https://cdn.test/fs-{i}.jpg" for i in (1, 2, 3, 4)]
    assert all(product_key(s) == s.parent_sku for s in skus)


def test_woocommerce_parents_variations_and_ids(write_csv: CsvWriter) -> None:
    header = [
        "ID",
        "Type",
        "SKU",
        "Name",
        "Published",
        "Is featured?",
        "Description",
        "Tax class",
        "Stock",
        "Weight (kg)",
        "Regular price",
        "Categories",
        "Images",
        "Parent",
        "Attribute 1 name",
        "Attribute 1 value(s)",
        "Attribute 1 visible",
        "Attribute 2 name",
        "Attribute 2 value(s)",
    ]
    rows = [
        header,
        [
            "10",
            "variable",
            "PULL",
            "Pull marin",
            "1",
            "0",
            "Laine\\nbretonne",
            "",
            "",
            "",
            "",
            "Mode > Pulls",
            "https://w.test/p.jpg, https://w.test/p2.jpg",
            "",
            "Couleur",
            "Bleu, Écru",
            "1",
            "Taille",
            "S, M",
        ],
        [
            "11",
            "variation",
            "PULL-B-S",
            "Pull marin - Bleu, S",
            "1",
            "0",
            "",
            "",
            "3",
            "0.4",
            "95",
            "",
            "",
            "id:10",
            "Couleur",
            "Bleu",
            "",
            "Taille",
            "S",
        ],
        [
            "12",
            "variation",
            "PULL-E-M",
            "Pull marin - Écru, M",
            "1",
            "0",
            "",
            "",
            "1",
            "0.4",
            "95",
            "",
            "",
            "PULL",
            "Couleur",
            "Écru",
            "",
            "Taille",
            "M",
        ],
        [
            "13",
            "simple",
            "BONNET",
            "Bonnet",
            "1",
            "0",
            "",
            "reduced-rate",
            "8",
            "",
            "25",
            "Mode",
            "",
            "",
            "Couleur",
            "Rouge",
            "1",
            "",
            "",
        ],
        [
            "14",
            "variable",
            "",
            "Écharpe",
            "1",
            "0",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "15",
            "variation",
            "ECH-1",
            "Écharpe - 1",
            "1",
            "0",
            "",
            "",
            "",
            "",
            "30",
            "",
            "",
            "id:14",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "16",
            "grouped",
            "LOT",
            "Lot hiver",
            "1",
            "0",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    catalogue = read_catalogue(write_csv(_csv(rows), name="wc-product-export.csv"))
    assert catalogue.source_kind == "woocommerce"
    assert "Tax class" not in catalogue.mapping  # WooCommerce's tax classes, not CBEC's
    skus = {s.row: s for s in catalogue.iter_skus()}
    assert 8 not in skus  # a grouped product is not a listing
    parent, blue, ecru, bonnet, scarf, scarf_1 = (skus[r] for r in range(2, 8))
    assert parent.is_parent_row and parent.parent_sku == "PULL"
    assert parent.description == "Laine\nbretonne"
    assert parent.attributes["Couleur"] == "Bleu, Écru" and parent.colour is None
    assert blue.parent_sku == "PULL"  # id:10 resolved to the parent's SKU
    assert (blue.colour, blue.size, blue.price) == ("Bleu", "S", Decimal("95.00"))
    assert ecru.parent_sku == "PULL" and ecru.weight_kg == Decimal("0.4")
    assert bonnet.parent_sku is None and bonnet.colour == "Rouge" and not bonnet.is_parent_row
    assert scarf.parent_sku == "id:14" and scarf_1.parent_sku == "id:14"
    products = {p.outer_id: p for p in catalogue.iter_products()}
    assert set(products) == {"PULL", "BONNET", "id:14"}
    assert [s.sku for s in products["PULL"].variants] == ["PULL-B-S", "PULL-E-M"]
    assert catalogue.products == 3


def test_woocommerce_french_headers() -> None:
    headers = [
        "ID",
        "Type",
        "UGS",
        "Nom",
        "Publié",
        "Mis en avant ?",
        "Tarif régulier",
        "Parent",
        "Nom de l’attribut 1",
        "Valeur(s) de l’attribut 1",
    ]
    rules = detect_source(headers)
    assert rules.kind == "woocommerce"
    assert rules.attributes == {1: (8, 9)}


def test_prestashop_products_and_combinations(write_csv: CsvWriter) -> None:
    products = (
        "Product ID;Active (0/1);Name *;Categories (x,y,z...);Price tax excluded;Reference #;"
        "Manufacturer;EAN13;Weight;Quantity;Description;Image URLs (x,y,z...)\n"
        "1;1;Sac cabas;Maroquinerie;250;SAC-1;Maison Cuir;3600523614561;0.8;5;<p>Cuir</p>;"
        "http://p.test/1.jpg,http://p.test/2.jpg\n"
    )
    catalogue = read_catalogue(write_csv(products, name="products_import.csv"))
    assert catalogue.source_kind == "prestashop"
    [sku] = list(catalogue.iter_skus())
    assert (sku.sku, sku.name, sku.brand) == ("SAC-1", "Sac cabas", "Maison Cuir")
    assert sku.price is None and sku.price_excl_vat == Decimal("250.00")
    assert sku.images == ["http://p.test/1.jpg", "http://p.test/2.jpg"]
    [finding] = catalogue.findings
    assert finding.field == "price" and "add_vat_to_excl" in finding.message

    combinations = (
        "Product ID*;Attribute (Name:Type:Position)*;Value (Value:Position)*;Reference;EAN13;"
        "Impact on price;Quantity\n"
        "1;Couleur:color:0, Taille:select:1;Noir:0, M:1;SAC-1-N-M;;10;2\n"
        "1;Couleur:color:0, Taille:select:1;Fauve:0, M:1;SAC-1-F-M;;0;1\n"
        "2;Matière:select:0;Toile:0;TOTE-1;;0;9\n"
    )
    catalogue = read_catalogue(write_csv(combinations, name="combinations_import.csv"))
    assert catalogue.source_kind == "prestashop"
    skus = list(catalogue.iter_skus())
    assert [(s.parent_sku, s.colour, s.size) for s in skus] == [
        ("1", "Noir", "M"),
        ("1", "Fauve", "M"),
        ("2", None, None),
    ]
    assert skus[2].attributes["Matière"] == "Toile"
    assert "Impact on price" not in catalogue.mapping  # an impact is not a price
    assert catalogue.products == 2


def test_a_plain_sheet_is_generic() -> None:
    assert detect_source(["Référence", "Désignation", "Prix TTC", "Type"]).kind == "generic"
