"""``read_catalogue``: what a Catalogue promises other stages (docs/architecture.md)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from export_kit.catalogue import product_key, read_catalogue
from export_kit.catalogue.rows import construct_sku
from export_kit.config import BrandConfig, Config, PricingConfig
from export_kit.errors import ConfigError
from export_kit.model import NetContent, Sku

from .conftest import FRENCH_HEADERS, CsvWriter, XlsxWriter

ROWS = [
    [*FRENCH_HEADERS, "Remarque"],
    [
        "SAC-1",
        "",
        "Sac cabas cuir",
        "Maison Test",
        "Mode > Sacs",
        "250",
        "3600523614561",
        "4202.21.00",
        "",
        "0,8",
        "France",
        "https://c.test/s1.jpg",
        "",
        "5",
        "",
        "",
        "Noir",
        "",
    ],
    [
        "PULL",
        "",
        "Pull marin",
        "Maison Test",
        "Mode > Pulls",
        "",
        "",
        "6110.11",
        "",
        "",
        "",
        "https://c.test/p.jpg",
        "",
        "",
        "",
        "",
        "",
        "ligne parent",
    ],
    [
        "PULL-S",
        "PULL",
        "Pull marin S",
        "Maison Test",
        "",
        "95,00",
        "3600523614561",
        "",
        "",
        "0,4",
        "Italie",
        "",
        "",
        "3",
        "",
        "S",
        "Bleu",
        "",
    ],
    [
        "CREME",
        "",
        "Crème",
        "Maison Test",
        "Beauté",
        "39,90 €",
        "3600523614563",
        "33O4",
        "50 ml",
        "lourd",
        "",
        "",
        "",
        "2,5",
        "24 mois",
        "",
        "",
        "",
    ],
    [
        "PULL-M",
        "PULL",
        "Pull marin M",
        "Maison Test",
        "",
        "95,00",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "1",
        "",
        "M",
        "Bleu",
        "",
    ],
    [
        "",
        "",
        "Sans référence",
        "Maison Test",
        "",
        "12",
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


@pytest.fixture(params=["csv", "xlsx"])
def catalogue_path(request: pytest.FixtureRequest, write_csv: CsvWriter, write_xlsx: XlsxWriter):
    """The same French catalogue as a ``;``-CSV in cp1252 and as an xlsx."""
    if request.param == "csv":
        text = "\r\n".join(";".join(row) for row in ROWS) + "\r\n"
        return write_csv(text, encoding="cp1252")
    return write_xlsx(sheets={"Catalogue": ROWS})


def test_rows_become_skus(catalogue_path) -> None:
    catalogue = read_catalogue(catalogue_path)
    skus = list(catalogue.iter_skus())
    assert [s.row for s in skus] == [2, 3, 4, 5, 6, 7]
    sac, pull, small, creme, medium, anonymous = skus
    assert medium.size == "M" and medium.parent_sku == "PULL"
    assert sac.price == Decimal("250.00") and sac.hs_code == "42022100"
    assert sac.weight_kg == Decimal("0.8") and sac.colour == "Noir"
    assert pull.is_parent_row  # a parent line without a price
    assert not small.is_parent_row and small.parent_sku == "PULL"
    assert small.origin_country == "IT"
    assert creme.net_content == NetContent(quantity=Decimal(50), unit="ml")
    assert creme.shelf_life_months == 24
    assert anonymous.sku is None
    assert pull.attributes == {"Remarque": "ligne parent"}
    assert sac.attributes == {}


def test_cells_that_cannot_be_read_are_findings_on_their_row(catalogue_path) -> None:
    creme = list(read_catalogue(catalogue_path).iter_skus())[3]
    by_field = {issue.field: issue for issue in creme.issues}
    assert set(by_field) == {"ean", "hs_code", "weight_kg", "stock"}
    ean = by_field["ean"]
    assert (ean.code, ean.severity, ean.row, ean.column, ean.sku, ean.value) == (
        "invalid-ean",
        "error",
        5,
        "Code EAN",
        "CREME",
        "3600523614563",
    )
    assert ean.message == "EAN-13 check digit should be 1, not 3"
    assert by_field["hs_code"].code == "invalid-hs-code"
    assert by_field["weight_kg"].code == "invalid-number"
    assert by_field["weight_kg"].column == "Poids (kg)"
    assert by_field["stock"].value == "2,5"
    assert creme.ean is None and creme.hs_code is None and creme.weight_kg is None
    assert creme.stock is None
    assert ean.to_dict().keys() == {
        "code",
        "severity",
        "row",
        "sheet",
        "column",
        "field",
        "sku",
        "value",
        "message",
    }


def test_the_catalogue_is_re_iterable_and_counts(catalogue_path) -> None:
    catalogue = read_catalogue(catalogue_path)
    assert catalogue.rows == 6
    assert catalogue.products == 4
    first = [s.model_dump() for s in catalogue.iter_skus()]
    second = [s.model_dump() for s in catalogue.iter_skus()]
    assert first == second
    products = list(catalogue.iter_products())
    assert [p.outer_id for p in products] == ["SAC-1", "CREME", "PULL", "row 7"]
    assert [s.sku for s in products[2].skus] == ["PULL", "PULL-S", "PULL-M"]
    assert [s.sku for s in products[2].variants] == ["PULL-S", "PULL-M"]


def test_the_key_pass_agrees_with_product_key(catalogue_path) -> None:
    catalogue = read_catalogue(catalogue_path)
    assert list(catalogue.keys_factory()) == [product_key(s) for s in catalogue.iter_skus()]


def test_raw_rows_keep_the_cells_as_written(catalogue_path) -> None:
    raw = list(read_catalogue(catalogue_path).iter_raw_rows())
    assert [r.row for r in raw] == [2, 3, 4, 5, 6, 7]
    assert raw[3].values[5] == "39,90 €"
    assert raw[3].values[6] == "3600523614563"


def test_columns_name_the_headers_as_written(catalogue_path) -> None:
    catalogue = read_catalogue(catalogue_path)
    sku = next(iter(catalogue.iter_skus()))
    assert sku.columns["price"] == "Prix TTC (€)"
    assert sku.columns["shelf_life_months"] == "Durée de conservation (mois)"
    assert sku.columns["images"] == "Image 1"
    assert catalogue.field_columns["origin_country"] == "Pays d'origine"
    assert catalogue.mapping["Image 2"] == "images"
    assert "Remarque" not in catalogue.mapping


def test_skus_are_built_like_model_construct() -> None:
    values = {
        "row": 3,
        "sheet": None,
        "sku": "A",
        "price": Decimal("1.00"),
        "images": ["x"],
        "attributes": {},
        "columns": {"sku": "Ref"},
        "issues": [],
    }
    fast = construct_sku(dict(values))
    slow = Sku.model_construct(**values)
    assert fast == slow
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump() == slow.model_dump()
    fast.name = "changed"  # a normal model afterwards
    assert fast.name == "changed"


def test_missing_required_columns_are_catalogue_findings(write_csv: CsvWriter) -> None:
    path = write_csv("Désignation;Remarque\nThé;x\n")
    catalogue = read_catalogue(path)
    findings = {f.field: f for f in catalogue.findings}
    assert set(findings) == {"sku", "price", "brand"}
    sku = findings["sku"]
    assert (sku.code, sku.severity, sku.row, sku.column) == ("missing-column", "error", 1, None)
    assert "--map" in sku.message
    assert "[brand] name" in findings["brand"].message


def test_brand_from_the_config_when_there_is_no_brand_column(write_csv: CsvWriter) -> None:
    path = write_csv("Référence;Désignation;Prix\nA;Thé;3\n")
    config = Config(brand=BrandConfig(name="Maison Config"))
    catalogue = read_catalogue(path, config=config)
    assert all(f.field != "brand" for f in catalogue.findings)
    [sku] = list(catalogue.iter_skus())
    assert sku.brand == "Maison Config"
    assert "brand" not in sku.columns


def test_a_brand_column_wins_over_the_config(write_csv: CsvWriter) -> None:
    path = write_csv("Référence;Marque;Prix\nA;Maison Fichier;3\n")
    config = Config(brand=BrandConfig(name="Maison Config"))
    [sku] = list(read_catalogue(path, config=config).iter_skus())
    assert sku.brand == "Maison Fichier"


def test_a_tax_excluded_price_is_enough_when_the_config_adds_vat(write_csv: CsvWriter) -> None:
    path = write_csv("Référence;Désignation;Marque;Prix HT\nA;Thé;M;10\n")
    assert any(f.field == "price" for f in read_catalogue(path).findings)
    config = Config(pricing=PricingConfig(add_vat_to_excl=True))
    assert read_catalogue(path, config=config).findings == []


def test_mappings_from_the_command_line_and_the_config(write_csv: CsvWriter) -> None:
    path = write_csv("Code fournisseur;Texte;Tarif client;Poids (g)\nF-1;Thé vert;7,5;250\n")
    catalogue = read_catalogue(
        path,
        config=Config(mapping={"Texte": "name"}),
        mappings={"Code fournisseur": "sku", "Tarif client": "price"},
    )
    assert catalogue.mapping == {
        "Code fournisseur": "sku",
        "Texte": "name",
        "Tarif client": "price",
        "Poids (g)": "weight_kg",
    }
    [sku] = list(catalogue.iter_skus())
    assert (sku.sku, sku.name, sku.price) == ("F-1", "Thé vert", Decimal("7.50"))
    assert sku.weight_kg == Decimal("0.25")  # the header says grams
    with pytest.raises(ConfigError, match="no column 'Réf'"):
        read_catalogue(path, mappings={"Réf": "sku"})
    with pytest.raises(ConfigError, match="'reference' is not a field"):
        read_catalogue(path, mappings={"Code fournisseur": "reference"})


def test_map_finds_the_header_below_unknown_title_rows(write_csv: CsvWriter) -> None:
    text = "Export ERP;;\n;;\nCODE_ART;LIB_ART;PV_TTC\nA-1;Thé;3,20\n"
    catalogue = read_catalogue(
        write_csv(text), mappings={"CODE_ART": "sku", "LIB_ART": "name", "PV_TTC": "price"}
    )
    assert catalogue.header_row == 3
    [sku] = list(catalogue.iter_skus())
    assert (sku.row, sku.sku, sku.price) == (4, "A-1", Decimal("3.20"))


def test_a_quantity_column_holding_contents_is_the_net_content(write_csv: CsvWriter) -> None:
    text = "code\tproduct_name\tquantity\n1\tCamembert\t250 g\n2\tCidre\t75 cl\n3\tBrie\t1 kg\n"
    catalogue = read_catalogue(write_csv(text))
    assert catalogue.mapping["quantity"] == "net_content"
    assert [str(s.net_content) for s in catalogue.iter_skus()] == ["250g", "750ml", "1000g"]


def test_companion_unit_columns(write_csv: CsvWriter) -> None:
    text = "sku;name;weight;weight-unit\nA;Sac;500;GRAM\nB;Malle;12;KILOGRAM\nC;Lot;1;UNITE\n"
    skus = list(read_catalogue(write_csv(text)).iter_skus())
    assert [s.weight_kg for s in skus] == [Decimal("0.5"), Decimal("12"), None]


def test_repeated_and_blank_headers_keep_every_attribute(write_csv: CsvWriter) -> None:
    text = "Référence;Note;Note;;Prix\nA;douce;florale;sans titre;3\n"
    catalogue = read_catalogue(write_csv(text))
    [sku] = list(catalogue.iter_skus())
    assert sku.attributes == {"Note": "douce", "Note (2)": "florale", "Column D": "sans titre"}


def test_without_any_known_header_the_fullest_top_row_is_the_header(
    write_csv: CsvWriter,
) -> None:
    text = "Export du 12/03/2024\n\nCODE_ART;LIB_ART;PV\nA-1;Thé;3,20\nA-2;Café;4,10\n"
    catalogue = read_catalogue(write_csv(text))
    assert catalogue.header_row == 3
    assert catalogue.headers == ["CODE_ART", "LIB_ART", "PV"]
    assert {f.field for f in catalogue.findings} == {"sku", "name", "price", "brand"}
    assert [s.attributes["CODE_ART"] for s in catalogue.iter_skus()] == ["A-1", "A-2"]


def test_split_ranges_follow_the_lead_and_know_the_skus_before_them(tmp_path: Path) -> None:
    lines = ["Référence;Désignation;Prix TTC\n"]
    lines += [f"R-{n};Crème {n};10,00\n" for n in range(100)]
    lines.append("R-5;Doublon;10,00\n")  # row 102 repeats row 7's SKU
    path = tmp_path / "c.csv"
    path.write_text("".join(lines), encoding="utf-8")
    catalogue = read_catalogue(path)
    # without a parent column a row's SKU is its product: R-5 spans rows 7 to 102
    assert catalogue.split(2, 10) == [(0, 1 << 62)]
    lines[-1] = "R-500;Autre;10,00\n"
    path.write_text("".join(lines), encoding="utf-8")
    catalogue = read_catalogue(path)
    even = catalogue.split(2, 10)
    led = catalogue.split(2, 10, lead=1.5)
    assert [first for first, _ in even] == [0, 53]  # 101 rows: 51, then 50
    assert [first for first, _ in led] == [0, 63]  # 61 rows, then 40: 1.5 times as many
    before = catalogue.first_rows_before(53)
    assert len(before) == 51 and before["R-0"] == 2 and before["R-50"] == 52
    assert "R-51" not in before


def test_an_xml_or_html_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    from export_kit.errors import CatalogueError

    for name, text in (
        ("product.xml", '<?xml version="1.0"?><products><product id="1"/></products>'),
        ("export.xls.csv", "\ufeff<html><table><tr><td>Ref</td></tr></table></html>"),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CatalogueError, match=r"XML or HTML file.*CSV or XLSX") as caught:
            read_catalogue(path)
        assert caught.value.exit_code == 3
