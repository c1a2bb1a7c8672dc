"""Shop exports recognised from their headers and read with their own rules."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from export_kit.catalogue import product_key, read_catalogue
from export_kit.catalogue.shoprows import SkuAllocator, derive_sku
from export_kit.catalogue.shops import detect_source
from export_kit.cli import cli
from export_kit.errors import ConfigError

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


# --------------------------------------------------------------------------- Shopify today

SHOPIFY_NEW_HEADER = [
    "Title",
    "URL handle",
    "Description",
    "Vendor",
    "Product category",
    "Type",
    "Tags",
    "Status",
    "SKU",
    "Barcode",
    "Option1 name",
    "Option1 value",
    "Option1 Linked To",
    "Option2 name",
    "Option2 value",
    "Price",
    "Compare-at price",
    "Inventory quantity",
    "Weight value (grams)",
    "Weight unit for display",
    "Product image URL",
    "Image position",
    "Image alt text",
    "Variant image URL",
]


def _new_row(**cells: str) -> list[str]:
    names = {re.sub(r"\W+", "_", h.lower()).strip("_"): h for h in SHOPIFY_NEW_HEADER}
    row = dict.fromkeys(SHOPIFY_NEW_HEADER, "")
    for key, value in cells.items():
        row[names[key]] = value
    return [row[h] for h in SHOPIFY_NEW_HEADER]


def test_shopify_current_product_csv(write_csv: CsvWriter) -> None:
    rows = [
        SHOPIFY_NEW_HEADER,
        _new_row(
            title="Bougie parfumée",
            url_handle="bougie-figuier",
            description="<p>Cire de soja</p>",
            vendor="Atelier Sud",
            product_category="Home & Garden > Decor > Candles",
            sku="BG-180",
            barcode="3600523614561",
            option1_name="Taille",
            option1_value="180 g",
            price="24.90",
            compare_at_price="29.90",
            inventory_quantity="12",
            weight_value_grams="320",
            weight_unit_for_display="g",
            product_image_url="https://cdn.test/bougie-1.jpg",
            image_position="1",
        ),
        _new_row(
            url_handle="bougie-figuier",
            sku="BG-400",
            option1_value="400 g",
            price="39.90",
            inventory_quantity="3",
            weight_value_grams="650",
            variant_image_url="https://cdn.test/bougie-400.jpg",
        ),
        _new_row(
            url_handle="bougie-figuier",
            product_image_url="https://cdn.test/bougie-2.jpg",
            image_position="2",
            image_alt_text="De près",
        ),
        _new_row(
            title="Diffuseur",
            url_handle="diffuseur",
            vendor="Atelier Sud",
            product_category="Home & Garden > Decor",
            type="Diffuseurs",
            sku="DF-1",
            option1_name="Title",
            option1_value="Default Title",
            price="45",
            weight_value_grams="0",
        ),
    ]
    catalogue = read_catalogue(write_csv(_csv(rows), name="products_export_1.csv"))
    assert catalogue.source_kind == "shopify"
    assert catalogue.mapping["URL handle"] == "parent_sku"
    assert catalogue.mapping["Weight value (grams)"] == "weight_kg"
    assert "Compare-at price" not in catalogue.mapping  # not the price a buyer pays
    small, large, diffuser = catalogue.iter_skus()
    assert [s.sku for s in (small, large, diffuser)] == ["BG-180", "BG-400", "DF-1"]
    assert (small.price, small.weight_kg, small.stock) == (Decimal("24.90"), Decimal("0.32"), 12)
    assert (large.price, large.weight_kg, large.size) == (
        Decimal("39.90"),
        Decimal("0.65"),
        "400 g",
    )
    assert small.ean == "3600523614561"
    # Type is empty: the Product category says what it is; a filled Type wins
    assert small.category == "Home & Garden > Decor > Candles"
    assert diffuser.category == "Diffuseurs"
    assert diffuser.weight_kg is None and diffuser.size is None
    assert catalogue.rows == 3 and catalogue.products == 2
    candle = next(iter(catalogue.iter_products()))
    assert candle.outer_id == "bougie-figuier"
    assert candle.images == [
        "https://cdn.test/bougie-1.jpg",
        "https://cdn.test/bougie-400.jpg",
        "https://cdn.test/bougie-2.jpg",
    ]


# --------------------------------------------------------------------------- derived SKUs


def _scarves(*, given: str = "") -> list[list[str]]:
    return [
        SHOPIFY_HEADER,
        _shopify_row(
            Handle="foulard-soie",
            Title="Foulard en soie",
            Vendor="Maison Lyon",
            Option1_Name="Couleur",
            Option1_Value="Rouge Écarlate",
            Option2_Name="Taille",
            Option2_Value="90 x 90",
            Variant_Price="89.00",
        ),
        _shopify_row(
            Handle="foulard-soie",
            Option1_Value="Bleu, nuit",
            Option2_Value="90 x 90",
            Variant_Price="89.00",
        ),
        _shopify_row(Handle="foulard-soie", Image_Src="https://cdn.test/fs-3.jpg"),
        # the same options twice (a shop's mistake): still two SKUs
        _shopify_row(
            Handle="foulard-soie",
            Option1_Value="Bleu, nuit",
            Option2_Value="90 x 90",
            Variant_Price="95.00",
        ),
        _shopify_row(
            Handle="carte-cadeau",
            Title="Carte cadeau",
            Option1_Name="Title",
            Option1_Value="Default Title",
            Variant_Price="50.00",
        ),
        _shopify_row(Handle="etui", Title="Étui", Variant_SKU=given, Variant_Price="15.00"),
    ]


def test_shopify_variants_without_sku_get_derived_ones(write_csv: CsvWriter) -> None:
    path = write_csv(_csv(_scarves(given="carte-cadeau")), name="products_export.csv")
    catalogue = read_catalogue(path)
    skus = list(catalogue.iter_skus())
    assert [s.sku for s in skus] == [
        "foulard-soie-Rouge-Ecarlate-90-x-90",
        "foulard-soie-Bleu-nuit-90-x-90",
        "foulard-soie-Bleu-nuit-90-x-90-2",  # the same options: made distinct
        "carte-cadeau-2",  # 'carte-cadeau' is another product's own SKU
        "carte-cadeau",
    ]
    assert [s.derived_sku for s in skus] == [True, True, True, True, False]
    red = skus[0]
    [finding] = red.issues
    assert (finding.code, finding.severity, finding.row) == ("derived-sku", "warning", 2)
    assert (finding.column, finding.field, finding.sku) == ("Variant SKU", "sku", red.sku)
    assert "foulard-soie" in finding.message and "Variant SKU" in finding.message
    assert skus[4].issues == []
    # a SKU safe on every marketplace: letters, digits, - and _ only
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,64}", s.sku or "") for s in skus)
    # nothing rejected for it, the keys agree with the rows, and a second run agrees
    assert catalogue.products == 3
    assert list(catalogue.keys_factory()) == [product_key(s) for s in skus]
    again = [s.sku for s in read_catalogue(path).iter_skus()]
    assert again == [s.sku for s in skus]


def test_a_sheet_that_is_not_a_shop_export_derives_nothing(write_csv: CsvWriter) -> None:
    text = (
        "Référence;Désignation;Prix TTC;Marque\n;Savon;5,00;Marseille\nS-2;Huile;9,00;Marseille\n"
    )
    skus = list(read_catalogue(write_csv(text)).iter_skus())
    assert [(s.sku, s.derived_sku) for s in skus] == [(None, False), ("S-2", False)]


@given(
    st.text(max_size=80),
    st.lists(st.text(max_size=30), max_size=3),
)
def test_derived_skus_are_safe_short_and_stable(base: str, options: list[str]) -> None:
    sku = derive_sku(base, options)
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", sku)
    assert sku == derive_sku(base, list(options))
    assert "," not in sku


@given(
    st.sets(st.sampled_from(["A", "a", "A-2", "b", "B-1"])),
    st.lists(st.sampled_from(["A", "a", "b", "B-1", "é"]), max_size=8),
)
def test_derived_skus_never_meet_another_sku(given_skus: set[str], wanted: list[str]) -> None:
    allocator = SkuAllocator(given_skus)
    taken = [allocator.take(derive_sku(w, [])) for w in wanted]
    folded = [t.casefold() for t in taken]
    assert len(set(folded)) == len(taken)
    assert not set(folded) & {g.casefold() for g in given_skus}


def test_long_derived_skus_stay_distinct() -> None:
    base = "coffret-" + "tres-long-nom-de-produit-" * 4
    first, second = derive_sku(base, ["Rouge"]), derive_sku(base, ["Bleu"])
    assert len(first) == len(second) == 64 and first != second


def test_map_wins_in_shop_mode(write_csv: CsvWriter) -> None:
    path = write_csv(_csv(_scarves(given="ETUI-1")), name="products_export.csv")
    # the handle as the SKU: honoured, and the rows are still grouped by handle
    catalogue = read_catalogue(path, mappings={"Handle": "sku"})
    assert catalogue.mapping["Handle"] == "sku" and "Variant SKU" not in catalogue.mapping
    skus = list(catalogue.iter_skus())
    assert [s.sku for s in skus] == ["foulard-soie"] * 3 + ["carte-cadeau", "etui"]
    assert not any(s.derived_sku for s in skus)
    assert catalogue.rows == 5 and catalogue.products == 3  # the image-only row still folds
    # the file's SKU column ignored: every variant gets a derived SKU
    ignored = read_catalogue(path, mappings={"Variant SKU": "ignore"})
    assert [s.sku for s in ignored.iter_skus()][-1] == "etui"
    # a column the file does not have: refused, with the columns it has
    with pytest.raises(ConfigError, match=r"no column 'Handel'.*'Handle'"):
        read_catalogue(path, mappings={"Handel": "sku"})


# --------------------------------------------------------------------------- WooCommerce

WOO_FR_HEADER = [
    "ID",
    "",  # the Type column, its header lost
    "UGS",
    "Nom",
    "Publié",
    "Mis en avant ?",
    "Description",
    "En stock ?",
    "Stock",
    "Poids (kg)",
    "Tarif régulier",
    "Catégories",
    "Images",
    "Parent",
    "Groupes de produits",
    "URL externe",
    "Nom de l’attribut 1",
    "Valeur(s) de l’attribut 1",
]


def _woo_fr(**cells: str) -> list[str]:
    keys = ["id", "type", "ugs", "nom", "publie", "avant", "description", "en_stock", "stock"]
    keys += ["poids", "tarif", "categories", "images", "parent", "groupes", "url", "attr", "valeur"]
    row = dict.fromkeys(keys, "")
    row.update(cells)
    return [row[k] for k in keys]


def _woo_rows() -> list[list[str]]:
    return [
        WOO_FR_HEADER,
        _woo_fr(
            id="20",
            type="Variable ",
            ugs="ROBE",
            nom="Robe lin",
            description="Lin lavé",
            en_stock="1",
            poids="0,3",
            categories="Mode > Robes",
            images="https://w.test/robe.jpg",
            parent="0",
            attr="Taille",
            valeur="S, M",
        ),
        _woo_fr(
            id="21",
            type="variation",
            nom="Robe lin - S",
            en_stock="1",
            stock="4",
            tarif="59",
            parent="ROBE",
            attr="Taille",
            valeur="S",
        ),
        _woo_fr(
            id="22",
            type="Variation",
            nom="Robe lin - M",
            en_stock="1",
            stock="2",
            tarif="59",
            parent="id:20",
            attr="Taille",
            valeur="M",
            images="https://w.test/robe-m.jpg",
            description="Taille M",
        ),
        _woo_fr(
            id="23",
            type="simple",
            ugs="CEINT",
            nom="Ceinture",
            en_stock="1",
            stock="7",
            tarif="25",
            parent="0",
        ),
        _woo_fr(id="24", type="simple", nom="Foulard", en_stock="1", tarif="19", parent=""),
        _woo_fr(id="25", type="grouped", ugs="LOT", nom="Lot été", groupes="ROBE, CEINT"),
        _woo_fr(
            id="26",
            type="external",
            ugs="AFF",
            nom="Chapeau",
            tarif="30",
            url="https://ailleurs.test/chapeau",
        ),
        _woo_fr(id="27", type="variable", ugs="AFF-V", nom="Sac", parent="0"),
        _woo_fr(id="28", type="variation", nom="Lot été - 1", tarif="10", parent="id:25"),
    ]


def test_woocommerce_french_export_with_a_blank_type_header(write_csv: CsvWriter) -> None:
    catalogue = read_catalogue(write_csv(_csv(_woo_rows()), name="produits.csv"))
    assert catalogue.source_kind == "woocommerce"
    assert catalogue.mapping["Stock"] == "stock"
    assert "En stock ?" not in catalogue.mapping  # a 0/1 flag, not a quantity
    skus = {s.row: s for s in catalogue.iter_skus()}
    assert sorted(skus) == [2, 3, 4, 5, 6, 9]
    robe, small, medium, belt, scarf, bag = (skus[r] for r in (2, 3, 4, 5, 6, 9))
    assert robe.is_parent_row and robe.parent_sku == "ROBE"
    # Parent 0 or empty: no parent
    assert belt.parent_sku is None and scarf.parent_sku is None and bag.parent_sku == "AFF-V"
    # a parent's SKU and id:NN both resolve
    assert small.parent_sku == medium.parent_sku == "ROBE"
    assert (small.sku, small.derived_sku, small.stock, small.price) == (
        "ROBE-S",
        True,
        4,
        Decimal("59.00"),
    )
    assert medium.sku == "ROBE-M" and medium.size == "M"
    # a variation takes its parent's description, images, category and weight when its
    # own are empty, and keeps its own otherwise
    assert (small.description, small.images) == ("Lin lavé", ["https://w.test/robe.jpg"])
    assert (small.category, small.weight_kg) == ("Mode > Robes", Decimal("0.3"))
    assert (medium.description, medium.images) == ("Taille M", ["https://w.test/robe-m.jpg"])
    # a product without SKU nor parent: derived from its id
    assert (scarf.sku, scarf.derived_sku) == ("id-24", True)
    assert [i.column for i in scarf.issues] == ["UGS"]
    products = {p.outer_id: p for p in catalogue.iter_products()}
    assert set(products) == {"ROBE", "CEINT", "id-24", "AFF-V"}
    assert list(catalogue.keys_factory()) == [product_key(s) for s in catalogue.iter_skus()]
    # grouped and external products, and a variation of one, are not listings
    skipped = catalogue.skipped_rows()
    assert [s.row for s in skipped] == [7, 8, 10]
    assert all(s.reason.startswith("not a listing") for s in skipped)
    findings = [f for f in catalogue.findings if f.code == "not-a-listing"]
    assert [(f.row, f.sku, f.value) for f in findings] == [
        (7, "LOT", "grouped"),
        (8, "AFF", "external"),
        (10, None, "variation"),
    ]
    assert all(f.severity == "warning" and f.column == "Column B" for f in findings)
    assert "'LOT'" in findings[2].message


def test_woocommerce_english_export_recognised_without_a_type_header() -> None:
    headers = ["ID", "", "SKU", "Name", "Published", "Is featured?", "Regular price", "Parent"]
    sample = [["1", "simple, virtual", "A", "Album", "1", "0", "9", ""]]
    rules = detect_source(headers, sample)
    assert rules.kind == "woocommerce" and rules.type_column == 1
    # a blank column that holds something else is not taken for the type
    other = [["1", "Rouge", "A", "Album", "1", "0", "9", ""]]
    assert detect_source(headers, other).type_column is None


def test_woocommerce_weights_in_pounds(write_csv: CsvWriter) -> None:
    text = (
        "ID,Type,SKU,Name,Is featured?,Weight (lbs),Regular price,Parent\n"
        "1,simple,CAP,Cap,0,.5,18,\n"
    )
    [cap] = read_catalogue(write_csv(text, name="wc.csv")).iter_skus()
    assert cap.weight_kg == Decimal("0.227")  # 0.5 lb, not 0.5 kg


def test_not_a_listing_reported_once_by_validate(write_csv: CsvWriter, runner: CliRunner) -> None:
    path = write_csv(_csv(_woo_rows()), name="produits.csv")
    result = runner.invoke(cli, ["validate", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["findings"]
    rows = [f["row"] for f in findings if f["code"] == "not-a-listing"]
    assert rows == [7, 8, 10]
    assert not any(f["sku"] in ("LOT", "AFF") for f in findings if f["code"] != "not-a-listing")


def test_derived_skus_are_the_same_in_every_share_of_the_rows(write_csv: CsvWriter) -> None:
    variants = [
        _shopify_row(
            Handle=f"pot-{n % 4}",
            Title="Pot",
            Option1_Name="Taille",
            Option1_Value=f"T{n // 4}" if n != 11 else "T1",  # one repeat: a -2 SKU
            Variant_Price="10",
        )
        for n in range(12)
    ]
    variants.sort(key=lambda r: r[0])  # a product's rows together, as Shopify writes them
    path = write_csv(_csv([SHOPIFY_HEADER, *variants]), name="products_export.csv")
    whole = [(s.row, s.sku) for s in read_catalogue(path).iter_skus()]
    catalogue = read_catalogue(path)
    ranges = catalogue.split(3)
    assert len(ranges) > 1
    shared = []
    for first, stop in ranges:
        catalogue.limit(first, stop)
        shared += [(s.row, s.sku) for s in catalogue.iter_skus()]
    assert shared == whole
    assert "pot-3-T1-2" in {sku for _, sku in whole}
