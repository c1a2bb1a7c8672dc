"""What every rule needs: where findings come from and how to locate them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from export_kit.validate.report import CODES, Finding, Severity

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.config import Config
    from export_kit.model import Product, Sku

__all__ = ["ColumnGap", "Rule", "RuleContext", "column_gap"]


@dataclass
class RuleContext:
    """The catalogue being validated, seen the way rules need it.

    Attributes:
        columns: canonical field → header as written (first column mapped to it).
        present: fields that have a column in the file (a field without one is reported
            once as ``missing-column``, never row by row).
    """

    catalogue: Catalogue
    config: Config
    columns: dict[str, str]
    present: frozenset[str]

    @classmethod
    def build(cls, catalogue: Catalogue, config: Config) -> RuleContext:
        """Context of ``catalogue``: its columns, minus those reported missing."""
        columns = catalogue.field_columns
        missing = {f.field for f in catalogue.findings if f.code == "missing-column" and f.field}
        return cls(
            catalogue=catalogue,
            config=config,
            columns=columns,
            present=frozenset(columns) - missing,
        )

    def column(self, sku: Sku, field: str | None) -> str | None:
        """The header a person sees for ``field`` in ``sku``'s row."""
        if field is None:
            return None
        return sku.columns.get(field) or self.columns.get(field)

    def finding(
        self,
        code: str,
        message: str,
        sku: Sku,
        *,
        field: str | None = None,
        value: str | None = None,
        severity: Severity | None = None,
        row: int | None = None,
    ) -> Finding:
        """A finding located at ``sku``'s row (or ``row``) and ``field``'s column."""
        return Finding(
            code=code,
            severity=severity or CODES[code][0],
            message=message,
            row=sku.row if row is None else row,
            column=self.column(sku, field),
            field=field,
            sku=sku.sku or sku.parent_sku,
            value=value,
            sheet=sku.sheet or self.catalogue.sheet,
        )


@dataclass
class ColumnGap:
    """A field the products need that no column of the file holds: one finding for the
    file (no row), not one per product.

    Attributes:
        finding: the file-level finding (``row`` None).
        concerns: whether the gap concerns a product (``None``: every product), e.g. a
            shelf life only food and cosmetics need; a product it concerns lacks the field,
            as if each had its own finding (``run`` leaves it out on an error).
    """

    finding: Finding
    concerns: Callable[[Product], bool] | None = None


def column_gap(
    code: str,
    message: str,
    field: str,
    catalogue: Catalogue,
    *,
    severity: Severity | None = None,
    concerns: Callable[[Product], bool] | None = None,
) -> ColumnGap:
    """A :class:`ColumnGap` for ``field`` in ``catalogue``: its finding has no row nor column."""
    finding = Finding(
        code=code,
        severity=severity or CODES[code][0],
        message=message,
        row=None,
        column=None,
        field=field,
        sheet=catalogue.sheet,
    )
    return ColumnGap(finding, concerns)


class Rule(Protocol):
    """A built-in rule: the findings of one product (rules may keep state across products)."""

    def check(self, product: Product) -> list[Finding]:
        """Findings of ``product``."""
        ...
