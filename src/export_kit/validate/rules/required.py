"""``missing-value``: a required field (sku, name, brand, price) is empty.

Name and brand belong to the product: shop exports write them on the first row only, so
a variant row inherits them and a missing one is reported once per product. SKU and price
belong to each sellable row; a parent-only row needs neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from export_kit.validate.rules.base import RuleContext

if TYPE_CHECKING:
    from export_kit.model import Product, Sku
    from export_kit.validate.report import Finding

__all__ = ["RequiredRule"]

_PRODUCT_FIELDS = (
    (
        "name",
        "name",
        "Fill in the product name (a variant row may leave it empty when "
        "its product's first row has it).",
    ),
    (
        "brand",
        "brand",
        "Fill in the brand, or set [brand] name in export-kit.toml when "
        "the whole catalogue is one brand.",
    ),
)


def _has_issue(sku: Sku, *fields: str) -> bool:
    return any(issue.field in fields for issue in sku.issues)


class RequiredRule:
    """Reports empty required values, never twice for one cause."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        present = ctx.present
        self.check_sku = "sku" in present
        self.check_price = "price" in present or "price_excl_vat" in present
        self.product_fields = [
            (field, label, advice)
            for field, label, advice in _PRODUCT_FIELDS
            if field in present and not (field == "brand" and ctx.config.brand.name)
        ]

    def check(self, product: Product) -> list[Finding]:
        """Missing SKU and price per sellable row, missing name and brand per product."""
        ctx = self.ctx
        out: list[Finding] = []
        for field, label, advice in self.product_fields:
            if product.first(field) is None and not any(
                _has_issue(sku, field) for sku in product.skus
            ):
                sku = product.skus[0]
                out.append(
                    ctx.finding(
                        "missing-value", f"The {label} is empty. {advice}", sku, field=field
                    )
                )
        for sku in product.skus:
            if sku.is_parent_row:
                continue
            if self.check_sku and not sku.sku and not _has_issue(sku, "sku"):
                out.append(
                    ctx.finding(
                        "missing-value",
                        "The SKU (reference) is empty. Give every sellable row its own "
                        "unique reference.",
                        sku,
                        field="sku",
                    )
                )
            if (
                self.check_price
                and sku.price is None
                and sku.price_excl_vat is None
                and not _has_issue(sku, "price", "price_excl_vat")
            ):
                field = "price" if "price" in ctx.present else "price_excl_vat"
                out.append(
                    ctx.finding(
                        "missing-value",
                        "The price is empty. Fill in the retail price in euros, tax included "
                        "(e.g. 24,90).",
                        sku,
                        field=field,
                    )
                )
        return out
