"""Shop exports recognised from their headers, and the rules each is read with.

- **Shopify** product CSV: rows grouped by ``Handle`` (the product; it becomes the parent
  SKU of every row). The first row of a product carries Title, Body, Vendor; variant rows
  carry only variant columns; *image-only* rows (Handle + Image Src, nothing else) add an
  image to the product and are not SKUs: their images are folded into the product's last
  SKU row and the row itself is not counted in ``rows`` (a person counts the sellable rows
  of a Shopify export, not its image continuation lines). ``OptionN Name`` (given on the
  product's first row) says whether ``OptionN Value`` is a size, a colour or another
  attribute.
- **WooCommerce** export (English or French headers): ``Type`` simple / variable /
  variation / grouped / external; a variation's ``Parent`` is ``id:NN`` or the parent's SKU.
  Variation rows belong to their parent; the ``variable`` row is a product-level row
  (``is_parent_row``), so is a ``grouped`` row (it is not sold itself). Attributes come in
  numbered ``Attribute N name`` / ``Attribute N value(s)`` columns.
- **PrestaShop** import files: products (``Reference #``, ``Name *``, ``Price tax
  excluded``...) and combinations (``Product ID*``, ``Attribute (Name:Type:Position)*``,
  ``Value (Value:Position)*``): a combination's product id is its parent. A combinations
  file alone has no names and its prices are impacts on the product's price, so it reads
  with the findings that say so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from export_kit.catalogue.mapping import HeaderMatch, match_header
from export_kit.catalogue.parsing import fold_key

__all__ = ["WOO_TYPES", "SourceRules", "detect_source", "option_field", "woo_type_words"]


def _vocab(entries: dict[str, tuple[str, int, str | None] | None]) -> dict[str, HeaderMatch | None]:
    return {
        fold_key(header): None if spec is None else HeaderMatch(spec[0], spec[1] - 100, spec[2])
        for header, spec in entries.items()
    }


SHOPIFY_VOCABULARY = _vocab(
    {
        "Handle": ("parent_sku", 0, None),
        "Title": ("name", 0, None),
        "Body (HTML)": ("description", 0, None),
        "Vendor": ("brand", 0, None),
        "Type": ("category", 0, None),
        "Product Category": ("category", 1, None),
        "Variant SKU": ("sku", 0, None),
        "Variant Price": ("price", 0, None),
        "Variant Barcode": ("ean", 0, None),
        "Variant Grams": ("weight_kg", 0, "g"),
        "Variant Inventory Qty": ("stock", 0, None),
        "Image Src": ("images", 0, None),
        "Variant Image": ("images", 1, None),
        "Variant HS Code": ("hs_code", 0, None),
        "HS Code": ("hs_code", 1, None),
        "Variant Country of Origin": ("origin_country", 0, None),
        "Country of Origin": ("origin_country", 1, None),
        "Variant Compare At Price": None,
        "Variant Weight": None,
        "Variant Weight Unit": None,
        "Variant Tax Code": None,
        "Cost per item": None,
        "SEO Title": None,
        "SEO Description": None,
        "Image Alt Text": None,
        "Image Position": None,
        "Tags": None,
        "Status": None,
        "Published": None,
        "Gift Card": None,
        # the current product CSV (2024 on): plain names, one row per variant
        "URL handle": ("parent_sku", 0, None),
        "Description": ("description", 0, None),
        "SKU": ("sku", 0, None),
        "Barcode": ("ean", 0, None),
        "Price": ("price", 0, None),
        "Inventory quantity": ("stock", 0, None),
        "Weight value (grams)": ("weight_kg", 0, "g"),
        "Product image URL": ("images", 0, None),
        "Variant image URL": ("images", 1, None),
        "Compare-at price": None,
        "Weight unit for display": None,
        "Image alt text": None,
        "Published on online store": None,
        "Charge tax": None,
        "Tax code": None,
        "Inventory tracker": None,
        "Continue selling when out of stock": None,
        "Requires shipping": None,
        "Fulfillment service": None,
        "Variant Inventory Tracker": None,
        "Variant Inventory Policy": None,
        "Variant Fulfillment Service": None,
        "Variant Requires Shipping": None,
        "Variant Taxable": None,
    }
)

WOOCOMMERCE_VOCABULARY = _vocab(
    {
        "SKU": ("sku", 0, None),
        "UGS": ("sku", 0, None),
        "Name": ("name", 0, None),
        "Nom": ("name", 0, None),
        "Description": ("description", 0, None),
        "Short description": None,
        "Description courte": None,
        "Regular price": ("price", 0, None),
        "Tarif régulier": ("price", 0, None),
        "Prix régulier": ("price", 0, None),
        "Sale price": None,
        "Tarif promo": None,
        "Prix promo": None,
        "Categories": ("category", 0, None),
        "Catégories": ("category", 0, None),
        "Images": ("images", 0, None),
        "Weight (kg)": ("weight_kg", 0, "kg"),
        "Poids (kg)": ("weight_kg", 0, "kg"),
        "Weight (g)": ("weight_kg", 0, "g"),
        "Poids (g)": ("weight_kg", 0, "g"),
        "Weight (lbs)": ("weight_kg", 0, "lb"),
        "Poids (lbs)": ("weight_kg", 0, "lb"),
        "Weight (oz)": ("weight_kg", 0, "oz"),
        "Poids (oz)": ("weight_kg", 0, "oz"),
        "Stock": ("stock", 0, None),
        "In stock?": None,  # a 0/1 flag, not a quantity
        "En stock ?": None,
        "Low stock amount": None,
        "Montant de stock faible": None,
        "Published": None,
        "Publié": None,
        "Grouped products": None,
        "Groupes de produits": None,
        "Upsells": None,
        "Produits suggérés": None,
        "Cross-sells": None,
        "Ventes croisées": None,
        "External URL": None,
        "URL externe": None,
        "Button text": None,
        "Libellé du bouton": None,
        "Brands": ("brand", 0, None),
        "Marques": ("brand", 0, None),
        "GTIN, UPC, EAN, or ISBN": ("ean", 0, None),
        "GTIN, UPC, EAN ou ISBN": ("ean", 0, None),
        "Parent": ("parent_sku", 0, None),  # id:NN or the parent's SKU, resolved by the rules
        "Type": None,
        "ID": None,
        "Tax class": None,  # WooCommerce's own tax classes, not the CBEC one
        "Classe de TVA": None,
        "Classe de taxe": None,
        "Tax status": None,
        "État de la TVA": None,
        "Tags": None,
        "Étiquettes": None,
        "Position": None,
    }
)

PRESTASHOP_VOCABULARY = _vocab(
    {
        "Product ID": None,
        "ID": None,
        "Reference #": ("sku", 0, None),
        "Reference": ("sku", 0, None),
        "Name *": ("name", 0, None),
        "Name": ("name", 0, None),
        "Categories (x,y,z...)": ("category", 0, None),
        "Price tax excluded": ("price_excl_vat", 0, None),
        "Price tax included": ("price", 0, None),
        "Manufacturer": ("brand", 0, None),
        "EAN13": ("ean", 0, None),
        "UPC": None,
        "Weight": ("weight_kg", 0, "kg"),
        "Quantity": ("stock", 0, None),
        "Description": ("description", 0, None),
        "Summary": None,
        "Image URLs (x,y,z...)": ("images", 0, None),
        "Supplier reference #": None,
        "Supplier reference": None,
        "Wholesale price": None,
        "Impact on price": None,
        "Impact on weight": None,
        "Tax rules ID": None,
        "Unity": None,
        "Unit price": None,
    }
)

_OPTION = re.compile(r"^option ?([123]) (name|value)$")
_WOO_ATTRIBUTE = re.compile(
    r"^(?:attribute (\d+) (name|value s|visible|global|default)|"
    r"nom de l attribut (\d+)|valeur s de l attribut (\d+)|attribut (\d+) (visible|global|"
    r"par defaut))$"
)
_PS_ATTRIBUTES = {"attribute name type position", "attribute name type position *"}
_PS_VALUES = {"value value position", "value value position *"}


@dataclass
class SourceRules:
    """How a recognised source is read: its kind, vocabulary and special columns."""

    kind: str
    vocabulary: dict[str, HeaderMatch | None] | None = None
    #: columns read by the source's own rules (never mapped, never plain attributes)
    excluded: set[int] = field(default_factory=set)
    #: Shopify: option number → (name column, value column)
    options: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)
    #: WooCommerce: attribute number → (name column, value column)
    attributes: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)
    type_column: int | None = None
    id_column: int | None = None
    #: PrestaShop combinations: attribute names and values columns
    combination: tuple[int, int] | None = None
    #: Shopify: columns allowed on an image-only row
    image_row_columns: set[int] = field(default_factory=set)
    #: Shopify: the handle column, which groups the rows whatever ``--map`` does with it
    handle_column: int | None = None
    #: Shopify: a column read for a field when the field's own column is empty on a row
    #: (``Product category`` when ``Type`` is empty)
    fallbacks: dict[str, int] = field(default_factory=dict)
    #: the name the source gives its SKU column (for findings when it has none)
    sku_header: str = "SKU"


def _keys(headers: Sequence[str]) -> list[str]:
    return [fold_key(h) for h in headers]


_WOO_MARKERS = {
    "regular price",
    "tarif regulier",
    "prix regulier",
    "parent",
    "is featured",
    "mis en avant",
    "visibility in catalog",
    "visibilite dans le catalogue",
    "grouped products",
    "groupes de produits",
}
#: the words of WooCommerce's ``Type`` cells (``simple, downloadable, virtual``)
WOO_TYPES = {"simple", "variable", "variation", "grouped", "external", "downloadable", "virtual"}


def detect_source(headers: Sequence[str], sample: Sequence[Sequence[object]] = ()) -> SourceRules:
    """Recognise a shop export from its header row (generic when none matches).

    ``sample``: the first data rows, which tell a WooCommerce ``Type`` column whose
    header was left blank by the cells it holds (``variable``, ``variation``...).
    """
    keys = _keys(headers)
    present = set(keys)
    if "handle" in present and present & {"variant sku", "variant price", "body html"}:
        return _shopify(keys)
    if "url handle" in present and present & {"sku", "price", "product image url"}:
        return _shopify(keys)
    if present & {"sku", "ugs"} and len(present & _WOO_MARKERS) >= 2:
        if "type" in present:
            return _woocommerce(keys)
        blank = _woo_type_column(keys, sample)
        if blank is not None or len(present & _WOO_MARKERS) >= 3:
            rules = _woocommerce(keys)
            rules.type_column = blank
            return rules
    if "product id" in present and (present & _PS_ATTRIBUTES or present & _PS_VALUES):
        return _prestashop(keys, combinations=True)
    if present & {"price tax excluded", "price tax included"} and present & {
        "reference",
        "name",
        "product id",
    }:
        return _prestashop(keys, combinations=False)
    return SourceRules("generic")


def woo_type_words(cell: object) -> set[str]:
    """The words of a WooCommerce ``Type`` cell, lower case (``{"simple", "virtual"}``)."""
    text = cell if isinstance(cell, str) else ""
    return {part.strip().lower() for part in text.split(",")} - {""}


def _woo_type_column(keys: list[str], sample: Sequence[Sequence[object]]) -> int | None:
    """The blank-header column whose cells are WooCommerce types, if there is one."""
    for i, key in enumerate(keys):
        if key:
            continue
        cells = [row[i] for row in sample if i < len(row) and row[i] != ""]
        if cells and all(woo_type_words(c) and woo_type_words(c) <= WOO_TYPES for c in cells):
            return i
    return None


def _shopify(keys: list[str]) -> SourceRules:
    rules = SourceRules("shopify", SHOPIFY_VOCABULARY)
    rules.sku_header = "SKU" if "url handle" in keys else "Variant SKU"
    for i, key in enumerate(keys):
        match = _OPTION.match(key)
        if match:
            number = int(match.group(1))
            name_col, value_col = rules.options.get(number, (None, None))
            if match.group(2) == "name":
                name_col = i
            else:
                value_col = i
            rules.options[number] = (name_col, value_col)
            rules.excluded.add(i)
        elif key.startswith("option") and "linked to" in key:
            rules.excluded.add(i)
        if key in ("handle", "url handle") and rules.handle_column is None:
            rules.handle_column = i
        if key == "product category":
            rules.fallbacks["category"] = i
        if key in (
            "handle",
            "url handle",
            "image src",
            "product image url",
            "image alt text",
            "image position",
        ):
            rules.image_row_columns.add(i)
    return rules


def _woocommerce(keys: list[str]) -> SourceRules:
    rules = SourceRules("woocommerce", WOOCOMMERCE_VOCABULARY)
    rules.sku_header = "UGS" if "ugs" in keys and "sku" not in keys else "SKU"
    for i, key in enumerate(keys):
        match = _WOO_ATTRIBUTE.match(key)
        if match:
            rules.excluded.add(i)
            number_text = match.group(1) or match.group(3) or match.group(4) or match.group(5)
            number = int(number_text)
            name_col, value_col = rules.attributes.get(number, (None, None))
            if match.group(2) == "name" or match.group(3):
                name_col = i
            elif match.group(2) == "value s" or match.group(4):
                value_col = i
            rules.attributes[number] = (name_col, value_col)
        elif key == "type":
            rules.type_column = i
        elif key == "id":
            rules.id_column = i
    return rules


def _prestashop(keys: list[str], *, combinations: bool) -> SourceRules:
    rules = SourceRules("prestashop", PRESTASHOP_VOCABULARY)
    if combinations:
        rules.vocabulary = dict(PRESTASHOP_VOCABULARY)
        rules.vocabulary["product id"] = HeaderMatch("parent_sku", -100)
        names = next(i for i, k in enumerate(keys) if k in _PS_ATTRIBUTES)
        values = next((i for i, k in enumerate(keys) if k in _PS_VALUES), None)
        if values is not None:
            rules.combination = (names, values)
            rules.excluded.update((names, values))
    return rules


def option_field(name: str) -> str | None:
    """``size`` or ``colour`` for an option or attribute name (Taille, Color...), else None."""
    found = match_header(name)
    if found is not None and found.field in ("size", "colour"):
        return found.field
    return None
