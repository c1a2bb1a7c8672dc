"""How a catalogue was read, as data: what ``export-kit inspect`` prints.

:func:`describe` gives the JSON document of ``inspect --format json``: the source kind, the
sheet, the header row, the column mapping, the rows that are not products and why, the
findings of reading, and (``products=True``) every product with its SKUs and the values
read from their cells. A user's script reads the same document to see what was understood.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from export_kit.catalogue.base import Catalogue
from export_kit.model import Product, Sku
from export_kit.validate.report import Finding, report_order

__all__ = ["describe", "product_item", "sku_item"]


def _decimal(value: Decimal | None, *, normalise: bool = False) -> str | None:
    if value is None:
        return None
    if normalise:
        value = value.normalize()
    return format(value, "f")


def sku_item(sku: Sku) -> dict[str, Any]:
    """One SKU as ``inspect --products`` shows it (decimals as strings, weight in kg)."""
    return {
        "sku": sku.sku,
        "row": sku.row,
        "price": _decimal(sku.price),
        "weight_kg": _decimal(sku.weight_kg, normalise=True),
        "stock": sku.stock,
        "ean": sku.ean,
        "net_content": None if sku.net_content is None else str(sku.net_content),
        "derived_sku": sku.derived_sku,
    }


def product_item(product: Product) -> dict[str, Any]:
    """One product as ``inspect --products`` shows it: its key, first row, product-level
    values and its sellable SKUs (a parent-only row is the product's, not a SKU)."""
    return {
        "key": product.outer_id,
        "row": product.row,
        "name": product.name,
        "brand": product.brand,
        "category": product.category,
        "skus": [sku_item(sku) for sku in product.variants],
    }


def describe(catalogue: Catalogue, *, products: bool = False) -> dict[str, Any]:
    """The document of ``inspect --format json`` (reads the rows once).

    Keys: ``source_kind``, ``sheet``, ``sheet_reason``, ``header_row``, ``mapping``
    (header → field), ``rows`` (rows read as SKUs), ``products``, ``encoding`` and
    ``delimiter`` (``None`` for a workbook), ``skipped_rows`` (``[{"row", "reason"}]``),
    ``findings`` (what reading found: the file's, then each row's, in row order) and, with
    ``products``, ``items``: one object per product (:func:`product_item`).
    """
    findings: list[Finding] = list(catalogue.findings)
    items: list[dict[str, Any]] = []
    rows = count = 0
    for product in catalogue.iter_products():
        count += 1
        rows += len(product.skus)
        for sku in product.skus:
            findings.extend(sku.issues)
        if products:
            items.append(product_item(product))
    findings.sort(key=report_order)
    data: dict[str, Any] = {
        "source_kind": catalogue.source_kind,
        "sheet": catalogue.sheet,
        "sheet_reason": catalogue.sheet_reason,
        "header_row": catalogue.header_row,
        "mapping": dict(catalogue.mapping),
        "rows": rows,
        "products": count,
        "encoding": catalogue.encoding,
        "delimiter": catalogue.delimiter,
        "skipped_rows": [skipped.to_dict() for skipped in catalogue.skipped_rows()],
        "findings": [finding.to_dict() for finding in findings],
    }
    if products:
        data["items"] = items
    return data
