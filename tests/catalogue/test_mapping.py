"""Column headers → canonical fields."""

from __future__ import annotations

import pytest

from export_kit.catalogue.mapping import (
    IGNORE,
    VOCABULARY,
    header_score,
    map_columns,
    match_header,
    unit_columns,
)
from export_kit.errors import ConfigError
from export_kit.model import CANONICAL_FIELDS

#: the headers the sample catalogues of sample_catalogs/ use
SAMPLE_HEADERS = {
    "Référence": "sku",
    "Référence parent": "parent_sku",
    "Désignation": "name",
    "Marque": "brand",
    "Description": "description",
    "Catégorie": "category",
    "Prix TTC (€)": "price",
    "Code EAN": "ean",
    "Code SH": "hs_code",
    "Contenance": "net_content",
    "Poids (kg)": "weight_kg",
    "Pays d'origine": "origin_country",
    "Image 1": "images",
    "Image 2": "images",
    "Stock": "stock",
    "Durée de conservation (mois)": "shelf_life_months",
    "Taille": "size",
    "Couleur": "colour",
}


@pytest.mark.parametrize(("header", "field"), SAMPLE_HEADERS.items())
def test_the_sample_catalogue_headers_map(header: str, field: str) -> None:
    found = match_header(header)
    assert found is not None
    assert found.field == field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Réf.", "sku"),
        ("REFERENCE", "sku"),
        ("reference", "sku"),
        ("Code article", "sku"),
        ("Variant SKU", "sku"),
        ("UGS", "sku"),
        ("Libellé", "name"),
        ("Nom du produit", "name"),
        ("Titre", "name"),
        ("Product name", "name"),
        ("Prix de vente", "price"),
        ("Prix public", "price"),
        ("Prix (TTC)", "price"),
        ("Regular price", "price"),
        ("Prix HT", "price_excl_vat"),
        ("Prix (HT)", "price_excl_vat"),
        ("Prix hors taxe", "price_excl_vat"),
        ("Price tax excluded", "price_excl_vat"),
        ("EAN13", "ean"),
        ("GTIN", "ean"),
        ("Code-barres", "ean"),
        ("Barcode", "ean"),
        ("Nomenclature douanière", "hs_code"),
        ("Code douanier", "hs_code"),
        ("HS code", "hs_code"),
        ("Code NC", "hs_code"),
        ("Volume", "net_content"),
        ("Poids net", "net_content"),
        ("Poids", "weight_kg"),
        ("Weight", "weight_kg"),
        ("Origine", "origin_country"),
        ("Made in", "origin_country"),
        ("Country of origin", "origin_country"),
        ("Images", "images"),
        ("URL image", "images"),
        ("Photo 3", "images"),
        ("Image Src", "images"),
        ("Quantité", "stock"),
        ("Qté", "stock"),
        ("DLUO", "shelf_life_months"),
        ("PAO", "shelf_life_months"),
        ("Pointure", "size"),
        ("Coloris", "colour"),
        ("Color", "colour"),
        ("Nom chinois", "name_zh"),
        ("中文名称", "name_zh"),
        ("Titre (zh)", "name_zh"),
        ("Name (Chinese)", "name_zh"),
        ("Description chinoise", "description_zh"),
        ("中文描述", "description_zh"),
        ("Rayon", "category"),
        ("Famille", "category"),
        ("Vendor", "brand"),
        ("Fabricant", "brand"),
        ("Modèle", "parent_sku"),
        ("Classe fiscale", "tax_class"),
        ("name-fr_FR", "name"),
        ("description-fr_FR-ecommerce", "description"),
        ("name-zh_CN", "name_zh"),
        ("price-EUR", "price"),
    ],
)
def test_french_and_english_vocabulary(header: str, field: str) -> None:
    found = match_header(header)
    assert found is not None, header
    assert found.field == field


@pytest.mark.parametrize("header", ["Remarque", "Date de création", "SEO Title", "Prix (USD)", ""])
def test_headers_that_name_no_field(header: str) -> None:
    assert match_header(header) is None


def test_every_canonical_field_has_a_vocabulary() -> None:
    assert set(VOCABULARY) == set(CANONICAL_FIELDS)


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("Poids (g)", "g"),
        ("Poids (kg)", "kg"),
        ("Poids en grammes", "g"),
        ("Contenance (ml)", "ml"),
        ("Contenance (cl)", "cl"),
        ("Durée de conservation (mois)", "months"),
        ("Durée de conservation (ans)", "years"),
    ],
)
def test_units_in_headers_are_remembered(header: str, unit: str) -> None:
    found = match_header(header)
    assert found is not None
    assert found.unit == unit


def test_a_price_in_euros_keeps_no_unit() -> None:
    found = match_header("Prix TTC (€)")
    assert found is not None and found.field == "price" and found.unit is None


def test_one_column_per_field_the_best_ranked_wins() -> None:
    mapping = map_columns(["Prix", "Prix TTC", "Désignation", "Libellé"])
    by_field = {c.field: c.header for c in mapping.columns}
    assert by_field["price"] == "Prix TTC"
    assert by_field["name"] == "Désignation"
    assert [h for _, h in mapping.unmapped] == ["Prix", "Libellé"]


def test_numbered_image_columns_are_all_kept_in_order() -> None:
    mapping = map_columns(["Référence", "Image 2", "Image principale", "Image 1", "Images"])
    images = sorted(
        (c for c in mapping.columns if c.field == "images"), key=lambda c: (c.order, c.index)
    )
    assert [c.header for c in images] == ["Image principale", "Image 1", "Images", "Image 2"]


def test_map_overrides_the_vocabulary() -> None:
    mapping = map_columns(
        ["Réf fournisseur", "Référence", "Prix"], mappings={"Réf fournisseur": "sku"}
    )
    assert mapping.header_to_field() == {"Réf fournisseur": "sku", "Prix": "price"}


def test_map_matches_headers_without_accents_or_case() -> None:
    mapping = map_columns(["Réf. Fournisseur", "Prix"], mappings={"ref fournisseur": "sku"})
    assert mapping.header_to_field()["Réf. Fournisseur"] == "sku"


def test_command_line_map_wins_over_the_config() -> None:
    mapping = map_columns(
        ["A", "B"], mappings={"A": "sku"}, config_mapping={"A": "name", "B": "name"}
    )
    assert mapping.header_to_field() == {"A": "sku", "B": "name"}


def test_ignore_keeps_a_column_as_an_attribute() -> None:
    mapping = map_columns(["Référence", "Type"], mappings={"Type": IGNORE})
    assert mapping.header_to_field() == {"Référence": "sku"}
    assert (1, "Type") in mapping.unmapped


def test_a_map_to_an_unknown_field_lists_the_valid_ones() -> None:
    with pytest.raises(ConfigError) as error:
        map_columns(["Prix"], mappings={"Prix": "prix"})
    message = str(error.value)
    assert "'prix' is not a field" in message
    assert "price, ean" in message


def test_a_config_mapping_to_an_unknown_field_is_an_error_too() -> None:
    with pytest.raises(ConfigError, match="'weight' is not a field"):
        map_columns(["Poids"], config_mapping={"Poids": "weight"})


def test_a_map_column_that_does_not_exist_lists_the_headers() -> None:
    with pytest.raises(ConfigError) as error:
        map_columns(["Référence", "Prix"], mappings={"Ref": "sku"})
    assert "no column 'Ref'" in str(error.value)
    assert "'Référence', 'Prix'" in str(error.value)


def test_a_config_mapping_for_another_file_is_ignored() -> None:
    mapping = map_columns(["Référence"], config_mapping={"Code interne": "sku"})
    assert mapping.header_to_field() == {"Référence": "sku"}


def test_unit_companion_columns() -> None:
    headers = ["sku", "weight", "weight-unit", "UGC_MesureNette", "UGC_uniteMesureNette"]
    mapping = map_columns(headers, mappings={"UGC_MesureNette": "net_content"})
    assert unit_columns(headers, mapping.columns) == {1: 2, 3: 4}


def test_header_score_counts_known_fields() -> None:
    assert header_score(["Référence", "Désignation", "Prix TTC (€)", "Remarque"]) == 3
    assert header_score(["Catalogue printemps 2024", "", ""]) == 0
    assert header_score(["Code fournisseur", "Libellé"], extra=["Code fournisseur"]) == 2


# --------------------------------------------------------------------------- words brands write


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Article", "name"),
        ("Produit", "name"),
        ("Produits", "name"),
        ("Désignations", "name"),
        ("Marque", "brand"),
        ("Marques", "brand"),
        ("Contenant", "net_content"),
        ("Contenants", "net_content"),
        ("PVC TTC", "price"),
        ("P.V.C. TTC", "price"),
        ("Prix public conseillé", "price"),
        ("Prix public conseillé TTC", "price"),
        ("Prix TTC (€)", "price"),
        ("PVC HT", "price_excl_vat"),
        ("EAN-13 complet", "ean"),
        ("Codes EAN", "ean"),
        ("N° produit (1-999999999)", "sku"),
        ("Références", "sku"),
        ("Stocks", "stock"),
        ("Quantités", "stock"),
        ("Familles", "category"),
        ("Teintes", "colour"),
    ],
)
def test_plurals_and_abbreviations_brand_managers_write(header: str, field: str) -> None:
    found = match_header(header)
    assert found is not None, header
    assert found.field == field


@pytest.mark.parametrize(
    "header",
    ["En stock ?", "En stock\u00a0?", "In stock?", "Code-barre (image)", "Montants (€)", "Nombres"],
)
def test_questions_pictures_and_order_totals_name_no_field(header: str) -> None:
    assert match_header(header) is None


@pytest.mark.parametrize(
    ("header", "field", "unit"),
    [
        ("Weight (lbs)", "weight_kg", "lb"),
        ("Poids (lb)", "weight_kg", "lb"),
        ("Poids lb", "weight_kg", "lb"),
        ("Poids (oz)", "weight_kg", "oz"),
        ("Poids (grammes)", "weight_kg", "g"),
        ("Weight (grams)", "weight_kg", "g"),
        ("Poids (kg)", "weight_kg", "kg"),
        ("Contenance (ml)", "net_content", "ml"),
        ("Contenance (cl)", "net_content", "cl"),
        ("Volume (l)", "net_content", "l"),
        ("Contenance (fl oz)", "net_content", "floz"),
        ("Grams", "weight_kg", "g"),  # the unit is the header itself
        ("Variant Grams", "weight_kg", "g"),
    ],
)
def test_weight_and_content_units_in_headers(header: str, field: str, unit: str) -> None:
    found = match_header(header)
    assert found is not None
    assert (found.field, found.unit) == (field, unit)
