"""The :class:`Catalogue`: what a reader found in a file, and its rows as a stream.

A catalogue is re-iterable: each call to :meth:`Catalogue.iter_skus` reads the rows again
from the reader's row source (the file for CSV, the loaded sheet for xlsx), so stages can
stream 100,000 rows without keeping their models in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from export_kit.model import Product, Sku
from export_kit.validate.report import Finding

if TYPE_CHECKING:
    from export_kit.catalogue.mapping import ColumnMapping


@dataclass
class KeyScan:
    """What a key pass found in a run of rows: each row's product key, number and SKU,
    and the parent SKUs rows named."""

    keys: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    skus: list[str | None] = field(default_factory=list)
    parents: set[str] = field(default_factory=set)


class RowReader(Protocol):
    """What a :class:`Catalogue` asks of its reader
    (:class:`~export_kit.catalogue.rows.RowReader`; named here, not imported: the reader
    imports this module)."""

    #: the column of the parent SKU (None: the file has none)
    parent_col: int | None
    #: how the header row was mapped
    mapping: ColumnMapping

    def split(self, parts: int, min_rows: int = 1, lead: float = 1.0) -> list[tuple[int, int]]:
        """Row ranges no product spans."""
        ...

    def limit(self, first: int, stop: int) -> None:
        """Read only these rows from now on."""
        ...

    def first_rows_before(self, row: int) -> Mapping[str, int]:
        """Each SKU of the rows before ``row`` with its first row."""
        ...

    def skipped_rows(self) -> list[SkippedRow]:
        """The rows that are not products."""
        ...

    def all_keys(self) -> list[str] | None:
        """The product key of every row, once split."""
        ...

    def key_split_row(self) -> int | None:
        """Where a key pass in two processes should cut the rows (None: in one)."""
        ...

    def scan_keys(self, first: int = 0, stop: int = 1 << 62) -> KeyScan:
        """The key pass over the rows ``first`` ≤ row < ``stop``."""
        ...

    def adopt_keys(self, scans: Sequence[KeyScan]) -> None:
        """Keep key passes made over all rows, in row order."""
        ...

    def cells_by_key(self, fields: Sequence[str]) -> Iterator[tuple[str, list[Any]]]:
        """Each row's product key with its cells of ``fields``."""
        ...

__all__ = [
    "Catalogue",
    "KeyScan",
    "RawRow",
    "RowReader",
    "SkippedRow",
    "group_products",
    "product_key",
]


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row of the data that is not a product (a section title, a total, a footnote...)
    and why it was left out; it produces no finding."""

    row: int
    reason: str

    def to_dict(self) -> dict[str, object]:
        """``{"row", "reason"}``, as ``inspect --format json`` prints it."""
        return {"row": self.row, "reason": self.reason}


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
        sheet_reason: why that sheet was read, in a sentence for ``inspect`` (the only
            sheet, named with ``--sheet``, the one whose header names the most fields...);
            ``None`` for CSV.
        header_row: row number of the header as a spreadsheet shows it (its first row
            when the header is two rows; 0: the file has no header row).
        headers: the header cells as written.
        mapping: header → canonical field, for every mapped column.
        findings: catalogue-level findings of reading (``missing-column``...).
        encoding, delimiter: for text files, what was detected (``None`` for workbooks).
        row_hint: about how many data rows there are, known before reading them (the
            sheet's size; a text file's size over its first rows' length).
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
    sheet_reason: str | None = None
    reader: RowReader | None = field(default=None, repr=False)
    row_hint: int | None = None
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
        """Products: rows sharing a parent form one product, in file order.

        Rows of a product are usually adjacent; when a parent's rows are scattered, the
        product is held back until its last row has been read (a first, cheap pass over the
        SKU and parent columns counts them).
        """
        yield from group_products(self.iter_skus(), self.keys_factory(), self._set_products)

    def split(self, parts: int, min_rows: int = 1, lead: float = 1.0) -> list[tuple[int, int]]:
        """Row ranges ``[first, stop)`` that no product spans, about equal in size: at most
        ``parts``, each of ``min_rows`` rows or more; one range when the rows cannot be
        split. ``lead``: the first range's size relative to the others'."""
        if self.reader is None or parts < 2:
            return [(0, 1 << 62)]
        return self.reader.split(parts, min_rows, lead)

    def limit(self, first: int, stop: int) -> None:
        """Read only the rows ``first`` ≤ row < ``stop`` from now on (see :meth:`split`)."""
        if self.reader is None:
            raise ValueError("this catalogue cannot be limited to a range of rows")
        self.reader.limit(first, stop)
        self._rows = self._products = None

    def first_rows_before(self, row: int) -> Mapping[str, int]:
        """Each SKU of the rows before ``row`` with its first row (after :meth:`split`):
        what a share of the rows needs to know of the others to find duplicate SKUs (a
        read-only view that grows when a later row is asked for)."""
        if self.reader is None:
            raise ValueError("this catalogue cannot be split")
        return self.reader.first_rows_before(row)

    def skipped_rows(self) -> list[SkippedRow]:
        """The rows below the header that are not products, with the reason, in row order
        (reads the rows once)."""
        return self.reader.skipped_rows() if self.reader is not None else []

    def whole_products(self) -> int:
        """Products in the whole file, even while limited to a range (after :meth:`split`,
        from the keys the split kept: no rows read again)."""
        keys = self.reader.all_keys() if self.reader is not None else None
        return len(set(keys)) if keys is not None else self.products

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
    remaining: dict[str, int] = Counter(keys)
    open_groups: dict[str, list[Sku]] = {}
    emitted = 0
    for sku in skus:
        key = product_key(sku)
        left = remaining.get(key, 1) - 1
        remaining[key] = left
        rows = open_groups.get(key)
        if rows is None:
            if left <= 0:  # most products: a single row, or adjacent rows already complete
                emitted += 1
                yield _product(key, [sku])
                continue
            open_groups[key] = [sku]
            continue
        rows.append(sku)
        if left <= 0:
            del open_groups[key]
            emitted += 1
            yield _product(key, rows)
    for key, rows in open_groups.items():  # only if the key pass and the rows disagree
        emitted += 1
        yield _product(key, rows)
    if on_count is not None:
        on_count(emitted)


def _plain_product_model() -> bool:
    """True when ``Product`` is still the plain two-field model :func:`_product` builds."""
    decorators = Product.__pydantic_decorators__
    return (
        list(Product.model_fields) == ["outer_id", "skus"]
        and not Product.__pydantic_post_init__
        and not Product.__private_attributes__
        and not (decorators.validators or decorators.field_validators)
        and not (decorators.root_validators or decorators.model_validators)
        and all(f.alias is None for f in Product.model_fields.values())
    )


_PLAIN_PRODUCT = _plain_product_model()
_new = object.__new__
_set = object.__setattr__


def _product(outer_id: str, skus: list[Sku]) -> Product:
    """``Product(outer_id=..., skus=...)`` without validating again what the reader built.

    Validation would only check that a ``str`` and ``Sku`` models are what they are;
    skipping it is a third of the cost of grouping 100,000 rows.
    """
    if not _PLAIN_PRODUCT:
        return Product(outer_id=outer_id, skus=skus)
    product = _new(Product)
    _set(product, "__dict__", {"outer_id": outer_id, "skus": skus})
    _set(product, "__pydantic_fields_set__", {"outer_id", "skus"})
    _set(product, "__pydantic_extra__", None)
    _set(product, "__pydantic_private__", None)
    return product
