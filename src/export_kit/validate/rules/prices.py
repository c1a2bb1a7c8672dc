"""``non-positive-price``: a price (tax included or excluded) of zero or less."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from export_kit.validate.rules.base import RuleContext

if TYPE_CHECKING:
    from export_kit.model import Product
    from export_kit.validate.report import Finding

__all__ = ["PriceRule"]

_ZERO = Decimal(0)
_LABELS = {"price": "price", "price_excl_vat": "price without VAT"}


class PriceRule:
    """Every price read must be above zero (unreadable prices are reported by the reader)."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx

    def check(self, product: Product) -> list[Finding]:
        """One finding per price cell at or below zero."""
        out: list[Finding] = []
        for sku in product.skus:
            for field in ("price", "price_excl_vat"):
                value = getattr(sku, field)
                if value is not None and value <= _ZERO:
                    text = format(value, "f")
                    out.append(
                        self.ctx.finding(
                            "non-positive-price",
                            f"The {_LABELS[field]} is {text} €: a listing needs a price above "
                            "0. Fix the cell.",
                            sku,
                            field=field,
                            value=text,
                        )
                    )
        return out
