"""Identifiers: ``duplicate-sku`` across the catalogue, ``missing-hs-code`` per product,
``restricted-ean`` per row.

EAN and HS-code syntax are checked while reading (``invalid-ean``, ``invalid-hs-code``
arrive in ``Sku.issues``); what an EAN that reads well may still be is checked here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from export_kit.validate.report import CODES, Finding
from export_kit.validate.rules.base import ColumnGap, RuleContext, column_gap

if TYPE_CHECKING:
    from export_kit.model import Product, Sku

__all__ = ["DuplicateSkuRule", "HsCodeRule", "RestrictedEanRule", "restricted_prefix"]


class DuplicateSkuRule:
    """``duplicate-sku`` on every row whose SKU an earlier row already has.

    :attr:`before` holds the SKUs of rows checked elsewhere, all before these rows (the
    rows before a worker's share of the catalogue), with their first row; it is read, not
    copied or changed.
    """

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.before: Mapping[str, int] = {}
        self.first_rows: dict[str, int] = {}
        # Findings for rows already checked: a product whose rows are scattered reaches
        # the validator after a later row with the same SKU.
        self.late: list[Finding] = []

    def check(self, product: Product) -> list[Finding]:
        """Duplicates among the rows seen so far."""
        out: list[Finding] = []
        first_rows = self.first_rows
        for sku in product.skus:
            key = sku.sku
            if not key:
                continue
            first = first_rows.get(key)
            if first is None:
                first = self.before.get(key)
                if first is None:
                    first_rows[key] = sku.row
                    continue
            if first < sku.row:
                out.append(self._finding(sku, key, first, sku.row))
            elif first > sku.row:
                first_rows[key] = sku.row
                self.late.append(self._finding(sku, key, sku.row, first))
        return out

    def finish(self) -> list[Finding]:
        """Duplicates found out of row order."""
        late, self.late = self.late, []
        return late

    def _finding(self, sku: Sku, key: str, first: int, row: int) -> Finding:
        return _duplicate(
            key, first, row, self.ctx.column(sku, "sku"), sku.sheet or self.ctx.catalogue.sheet
        )


def _duplicate(key: str, first: int, row: int, column: str | None, sheet: str | None) -> Finding:
    return Finding(
        code="duplicate-sku",
        severity=CODES["duplicate-sku"][0],
        message=(
            f"SKU '{key}' already appears in row {first}. Give each row its own reference "
            "(variants of one product share a parent SKU, not a SKU)."
        ),
        row=row,
        column=column,
        field="sku",
        sku=key,
        value=key,
        sheet=sheet,
    )


class HsCodeRule:
    """``missing-hs-code``: the cross-border declaration needs an HS code per product."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.has_column = "hs_code" in ctx.present
        #: no HS-code column: one finding for the file instead of one per product
        self.gaps: list[ColumnGap] = []
        if not self.has_column:
            self.gaps.append(
                column_gap(
                    "missing-hs-code",
                    "No column of the file holds the HS code, so no product has one: customs "
                    "need it to declare a cross-border sale. Add a column for the customs code "
                    "(Code SH, 6 to 10 digits, e.g. 33049900), or map one with "
                    "--map 'COLUMN=hs_code'.",
                    "hs_code",
                    ctx.catalogue,
                )
            )

    def check(self, product: Product) -> list[Finding]:
        """One finding when no row of the product has an HS code (or an unreadable one)."""
        if not self.has_column:
            return []
        for sku in product.skus:
            if sku.hs_code or any(issue.field == "hs_code" for issue in sku.issues):
                return []
        return [
            self.ctx.finding(
                "missing-hs-code",
                "No HS code: customs need one to declare a cross-border sale. Fill in the "
                "customs code (Code SH / nomenclature douanière, 6 to 10 digits, "
                "e.g. 33049900).",
                product.skus[0],
                field="hs_code",
            )
        ]


#: GS1 restricted-circulation prefixes of a GTIN-13 (in-store codes: goods weighed or
#: priced at the till, a shop's own labels, coupons): 020-029, 040-049, 200-299
_RESTRICTED_13 = frozenset(f"{n:03d}" for n in (*range(20, 30), *range(40, 50), *range(200, 300)))


def restricted_prefix(ean: str) -> str | None:
    """The GS1 restricted-circulation prefix ``ean`` starts with, or ``None``.

    A GTIN-13 by its first three digits; a UPC-A (12 digits) is the GTIN-13 with a
    leading 0, so its number-system digit 2 or 4 is restricted; a GTIN-14 by the three
    digits after its packaging indicator; an EAN-8 starting with 0 or 2 is an RCN-8.
    """
    n = len(ean)
    if n == 13:
        prefix = ean[:3]
    elif n == 12:
        prefix = "0" + ean[:2]
    elif n == 14:
        prefix = ean[1:4]
    elif n == 8:
        return ean[0] if ean[0] in "02" else None
    else:
        return None
    return prefix if prefix in _RESTRICTED_13 else None


class RestrictedEanRule:
    """``restricted-ean``: a barcode of the GS1 ranges for in-store use, not a product GTIN.

    Marketplaces match products by their GTIN and reject these codes (an error under
    ``--platform``: the platforms' severity defaults); a warning otherwise.
    """

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.has_column = "ean" in ctx.present

    def check(self, product: Product) -> list[Finding]:
        """One finding per row whose EAN has a restricted prefix."""
        if not self.has_column:
            return []
        out: list[Finding] = []
        for sku in product.skus:
            ean = sku.ean
            if not ean:
                continue
            prefix = restricted_prefix(ean)
            if prefix is None:
                continue
            out.append(
                self.ctx.finding(
                    "restricted-ean",
                    f"EAN '{ean}' starts with {prefix}: a GS1 restricted-circulation number, "
                    "an in-store code (goods priced at the till, a shop's own labels), not "
                    "the product's GTIN. Marketplaces reject it: give the barcode printed on "
                    "the product by the brand (its GS1 company prefix).",
                    sku,
                    field="ean",
                    value=ean,
                )
            )
        return out
