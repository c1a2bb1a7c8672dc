"""The :class:`Catalogue`: what a reader found in a file, and its rows as a stream.

A catalogue is re-iterable: each call to :meth:`Catalogue.iter_skus` reads the rows again
from the reader's row source (the file for CSV, the loaded sheet for xlsx), so stages can
stream 100,000 rows without keeping their models in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from export_kit.model import Product, Sku
from export_kit.validate.report import Finding

__all__ = ["Catalogue", "RawRow", "group_products", "product_key"]


@dataclass(slots=True)
class RawRow:
    """A data row as written in the file: its spreadsheet row number and cell texts."""

    row: int
    values: list[str]


@dataclass
class Catalogue:
    """A readable catalogue: where it came from, how it was read, and its rows.

    Attributes:
        path: the catalogue file.
        source_kind: ``shopify``, ``prestashop``, ``woocommerce`` or ``generic``.
        sheet: the sheet read in a workbook (``None`` for CSV).
        header_row: row number of the header as a spreadsheet shows it.
        headers: the header cells as written.
        mapping: header → canonical field, for every mapped column.
        findings: catalogue-level findings of reading (``missing-column``...).
        encoding, delimiter: for text files, what was detected (``None`` for workbooks).
    """

    path: Path
    source_kind: str
    sheet: str | None
    header_row: int
    headers: list[str]
    mapping: dict[str, str]
    skus_factory: Callable[[], Iterable[Sku]] = field(repr=False)
    raw_factory: Callable[[], Iterable[RawRow]] = field(repr=False)
    keys_factory: Callable[[], Iterable[str]] = field(repr=False)
    findings: list[Finding] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    _rows: int | None = field(default=None, repr=False)
    _products: int | None = field(default=None, repr=False)

    def iter_skus(self) -> Iterator[Sku]:
        """Every data row as a :class:`Sku`, in file order (reads the rows again each call)."""
        count = 0
        for sku in self.skus_factory():
            count += 1
            yield sku
        self._rows = count

    def iter_raw_rows(self) -> Iterator[RawRow]:
        """Every data row with its original cell texts (for reports and rejected-row files)."""
        yield from self.raw_factory()

    def iter_products(self) -> Iterator[Product]:
        """Products (DESIGN §5.2): rows sharing a parent form one product, in file order.

        Rows of a product are usually adjacent; when a parent's rows are scattered, the
        product is held back until its last row has been read (a first, cheap pass over the
        SKU and parent columns counts them).
        """
        yield from group_products(self.iter_skus(), self.keys_factory(), self._set_products)

    def _set_products(self, count: int) -> None:
        self._products = count

    @property
    def rows(self) -> int:
        """Number of data rows (reads the catalogue once if it was never read)."""
        if self._rows is None:
            self._rows = sum(1 for _ in self.keys_factory())
        return self._rows

    @property
    def products(self) -> int:
        """Number of products: distinct product keys (a cheap pass over two columns)."""
        if self._products is None:
            self._products = len(set(self.keys_factory()))
        return self._products

    @property
    def field_columns(self) -> dict[str, str]:
        """Canonical field → first header mapped to it."""
        columns: dict[str, str] = {}
        for header, name in self.mapping.items():
            columns.setdefault(name, header)
        return columns


def product_key(sku: Sku) -> str:
    """The product a row belongs to: its parent SKU, else its own SKU, else its row."""
    return sku.parent_sku or sku.sku or f"row {sku.row}"


def group_products(
    skus: Iterable[Sku], keys: Iterable[str], on_count: Callable[[int], None] | None = None
) -> Iterator[Product]:
    """Group rows into products, streaming: a product is yielded once its last row is read.

    ``keys`` is the product key of every row in file order (a cheap first pass that reads
    only the SKU and parent columns); with its counts, adjacent rows cost nothing and a
    product whose rows are scattered is held back only until its last row.
    """
    remaining: dict[str, int] = {}
    for key in keys:
        remaining[key] = remaining.get(key, 0) + 1
    open_groups: dict[str, list[Sku]] = {}
    emitted = 0
    for sku in skus:
        key = product_key(sku)
        rows = open_groups.setdefault(key, [])
        rows.append(sku)
        left = remaining.get(key, 1) - 1
        remaining[key] = left
        if left <= 0:
            del open_groups[key]
            emitted += 1
            yield Product(outer_id=key, skus=rows)
    for key, rows in open_groups.items():  # only if the key pass and the rows disagree
        emitted += 1
        yield Product(outer_id=key, skus=rows)
    if on_count is not None:
        on_count(emitted)
