"""The canonical product model every stage works on.

A catalogue row becomes a :class:`Sku` (one sellable variant). Rows sharing a parent
(``parent_sku``, Shopify ``Handle``, WooCommerce parent) form one :class:`Product`: one
listing, whose outer id is the parent SKU, or the SKU of a single-row product.

Readers build these models with ``model_construct``: the French parsing rules have already
checked and converted every value (and turned what they could not read into findings), so
pydantic's per-field validation would only cost time on 100,000 rows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from export_kit.validate.report import Finding

__all__ = [
    "CANONICAL_FIELDS",
    "TEXT_FIELDS",
    "NetContent",
    "Product",
    "Sku",
]

#: Canonical field names, in the order the model lists them.
CANONICAL_FIELDS: tuple[str, ...] = (
    "sku",
    "parent_sku",
    "name",
    "brand",
    "description",
    "category",
    "price",
    "ean",
    "hs_code",
    "net_content",
    "weight_kg",
    "origin_country",
    "images",
    "stock",
    "shelf_life_months",
    "size",
    "colour",
    "tax_class",
    "name_zh",
    "description_zh",
    "price_excl_vat",
)

#: French text fields that get Chinese (the review workbook's ``field`` column).
TEXT_FIELDS: tuple[str, ...] = ("name", "description", "category", "colour", "size")


class NetContent(BaseModel):
    """A net content normalised to millilitres or grams (``75 cl`` → 750 ml)."""

    model_config = ConfigDict(frozen=True)

    quantity: Decimal
    unit: Literal["ml", "g"]

    def __str__(self) -> str:
        """``50ml``, ``1500ml``, ``200g``: the form Chinese titles use."""
        return _net_content_text(self.quantity, self.unit)


@functools.lru_cache(maxsize=4096)
def _net_content_text(quantity: Decimal, unit: str) -> str:
    # titles, listings and the tax class all print a SKU's content; few values repeat
    return f"{format(quantity.normalize(), 'f')}{unit}"


class Sku(BaseModel):
    """One catalogue row: a sellable variant, with the values read from its cells.

    ``columns`` maps each canonical field to the header (as written in the file) its value
    came from, so a finding can name the column a person sees. ``issues`` holds what the
    French parsing rules could not read in this row (``invalid-number``, ``invalid-ean``...).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    row: int = Field(description="row number as a spreadsheet shows it (1-based)")
    sheet: str | None = None
    sku: str | None = None
    parent_sku: str | None = None
    name: str | None = None
    brand: str | None = None
    description: str | None = None
    category: str | None = None
    price: Decimal | None = None
    price_excl_vat: Decimal | None = None
    ean: str | None = None
    hs_code: str | None = None
    net_content: NetContent | None = None
    weight_kg: Decimal | None = None
    origin_country: str = "FR"
    images: list[str] = Field(default_factory=list)
    stock: int | None = None
    shelf_life_months: int | None = None
    size: str | None = None
    colour: str | None = None
    tax_class: str | None = None
    name_zh: str | None = None
    description_zh: str | None = None
    #: a parent row that holds product-level values but is not sold itself
    #: (WooCommerce "variable" rows, a generic sheet's parent line without price)
    is_parent_row: bool = False
    #: the seller SKU was made up by export-kit (a shop variant without one)
    derived_sku: bool = False
    attributes: dict[str, str] = Field(default_factory=dict)
    columns: dict[str, str] = Field(default_factory=dict)
    issues: list[Finding] = Field(default_factory=list)


class _once:  # noqa: N801 (used as a decorator)
    """A property worked out on first use and kept in the instance's ``__dict__``.

    Like :func:`functools.cached_property`, whose ``__get__`` takes a lock on Python 3.11;
    pydantic leaves the kept value out of equality and dumps (not a field).
    """

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


class Product(BaseModel):
    """One listing: the SKUs sharing a parent, or one single-row product.

    Shop exports often write product-level values (name, description, images, category)
    only on a product's first row; the properties below fall back across the rows. A
    product's rows are fixed once it is built: :attr:`images` and :attr:`variants` are
    worked out on first use and kept.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, ignored_types=(_once,))

    outer_id: str
    skus: list[Sku]

    @property
    def row(self) -> int:
        """Row of the product's first SKU."""
        return self.skus[0].row

    def first(self, field: str) -> object:
        """The first non-empty value of ``field`` among the product's rows."""
        for sku in self.skus:
            value = getattr(sku, field)
            if value is None:
                continue
            if value.__class__ is str:  # the usual case: no comparison with "" and []
                if value:
                    return value
                continue
            if value not in ("", []):
                return value
        return None

    def first_sku_with(self, field: str) -> Sku:
        """The row that holds the product-level value of ``field`` (else the first row)."""
        for sku in self.skus:
            if getattr(sku, field) not in (None, "", []):
                return sku
        return self.skus[0]

    @property
    def name(self) -> str | None:
        """French product name."""
        value = self.first("name")
        return value if isinstance(value, str) else None

    @property
    def brand(self) -> str | None:
        """Brand as written in the catalogue (or the config)."""
        value = self.first("brand")
        return value if isinstance(value, str) else None

    @property
    def description(self) -> str | None:
        """French description (may be HTML)."""
        value = self.first("description")
        return value if isinstance(value, str) else None

    @property
    def category(self) -> str | None:
        """French category path."""
        value = self.first("category")
        return value if isinstance(value, str) else None

    @_once
    def images(self) -> list[str]:
        """Every distinct image of the product, in order of appearance (worked out once:
        the rules, the listing and the preview all ask; do not change the list)."""
        seen: dict[str, None] = {}
        for sku in self.skus:
            for url in sku.images:
                seen.setdefault(url, None)
        return list(seen)

    @_once
    def variants(self) -> list[Sku]:
        """The sellable rows: every row but parent-only rows (all rows if that leaves none;
        worked out once, as :attr:`images`)."""
        sellable = [sku for sku in self.skus if not sku.is_parent_row]
        return sellable or self.skus

    @property
    def is_single(self) -> bool:
        """True for a product of one row without variants."""
        return len(self.skus) == 1 and not self.skus[0].parent_sku
