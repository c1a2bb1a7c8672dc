"""Catalogues built in memory, as a reader would return them, for the rule tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from export_kit.catalogue.base import Catalogue, RawRow, product_key
from export_kit.model import Sku
from export_kit.validate.report import Finding

#: the header a person wrote for each field in these test catalogues
HEADERS = {
    "sku": "Référence",
    "parent_sku": "Parent",
    "name": "Désignation",
    "brand": "Marque",
    "price": "Prix TTC (€)",
    "price_excl_vat": "Prix HT",
    "ean": "Code EAN",
    "hs_code": "Code SH",
    "description": "Description",
    "category": "Catégorie",
    "images": "Images",
}
DEFAULT_FIELDS = ("sku", "parent_sku", "name", "brand", "price", "hs_code", "description", "images")

MakeCatalogue = Callable[..., Catalogue]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " | ".join(value)
    return str(value)


def build_catalogue(
    rows: Sequence[dict[str, Any]],
    *,
    fields: Sequence[str] = DEFAULT_FIELDS,
    findings: Sequence[Finding] = (),
    path: str = "catalogue.csv",
    sheet: str | None = None,
    header_row: int = 1,
    delimiter: str | None = ";",
) -> Catalogue:
    """A catalogue of ``rows`` (Sku fields; ``row`` defaults to the next spreadsheet row).

    The raw rows hold each value as text in the column of its field, like the file would.
    """
    headers = [HEADERS[f] for f in fields]
    columns = {f: HEADERS[f] for f in fields}
    skus: list[Sku] = []
    raws: list[RawRow] = []
    for number, values in enumerate(rows, start=header_row + 1):
        values = dict(values)
        row = values.pop("row", number)
        raw = values.pop("raw", None)
        skus.append(Sku(row=row, sheet=sheet, columns=columns, **values))
        raws.append(RawRow(row, raw if raw is not None else [_text(values.get(f)) for f in fields]))
    return Catalogue(
        path=Path(path),
        source_kind="generic",
        sheet=sheet,
        header_row=header_row,
        headers=headers,
        mapping=dict(zip(headers, fields, strict=True)),
        skus_factory=lambda: iter(skus),
        raw_factory=lambda: iter(raws),
        keys_factory=lambda: (product_key(s) for s in skus),
        findings=list(findings),
        encoding="utf-8" if delimiter else None,
        delimiter=delimiter,
    )


@pytest.fixture
def make_catalogue() -> MakeCatalogue:
    """``make_catalogue(rows, fields=..., findings=...)`` → a :class:`Catalogue`."""
    return build_catalogue


def good_row(sku: str, **values: Any) -> dict[str, Any]:
    """A row with nothing to report, changed by ``values``."""
    row: dict[str, Any] = {
        "sku": sku,
        "name": f"Crème hydratante {sku}",
        "brand": "Maison Exemple",
        "price": "24.90",
        "hs_code": "33049900",
        "description": "Une crème légère pour le visage.",
        "images": [f"https://cdn.example.fr/{sku}.jpg"],
    }
    row.update(values)
    return row


@pytest.fixture
def good() -> Callable[..., dict[str, Any]]:
    """``good("P-1", price="0")`` → a clean row with some values changed."""
    return good_row
