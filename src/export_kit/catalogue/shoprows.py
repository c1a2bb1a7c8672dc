"""Shop-export rules that need the whole file before any row is read.

- **Derived SKUs.** SKUs are optional in Shopify and WooCommerce. A variant without one
  gets a seller SKU made from its product's handle (Shopify), its parent's SKU or
  ``id:NN`` (a WooCommerce variation), or its product id (a WooCommerce product without
  a parent), followed by its option values in order: each part reduced to letters,
  digits, ``-`` and ``_`` (accents dropped, every other run of characters a ``-``),
  the parts joined by ``-``, at most 64 characters (a longer one keeps 55 and adds 8
  hexadecimal digits of its full text's SHA-1). A SKU already given in the file or
  derived for an earlier row gets ``-2``, ``-3``... So ``Pot Lotus`` / ``S - Ø 30 cm``
  gives ``pot-lotus-S-O-30-cm``, the same on every run of the same file.
- **Rows that are not listings.** A WooCommerce ``grouped`` product (a set of other
  products shown together) and an ``external`` product (sold on another site) are not
  products to list, nor are variations of them: they are left out of the rows, listed
  as skipped rows, and each gets a ``not-a-listing`` warning.
- **What a variation takes from its parent.** A WooCommerce variation whose description,
  images, category or weight is empty takes its parent's (WooCommerce shows the parent's).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from export_kit.catalogue.base import SkippedRow
from export_kit.catalogue.parsing import cell_text
from export_kit.catalogue.shops import woo_type_words
from export_kit.validate.report import CODES, Finding

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from export_kit.catalogue.shops import SourceRules


class RowReader(Protocol):
    """What the shop scan reads of :class:`~export_kit.catalogue.rows.RowReader` (named
    here, not imported: the reader imports this module)."""

    kind: str
    rules: SourceRules
    sheet: str | None
    path: Path
    sku_col: int | None

    def whole_records(self) -> Iterator[tuple[int, Sequence[Any]]]: ...
    def image_only(self, cells: Sequence[Any]) -> bool: ...
    def ident(self, cells: Sequence[Any]) -> tuple[str | None, str | None]: ...
    def cell_sku(self, cells: Sequence[Any], index: int | None) -> str | None: ...
    def woo_parent(self, cells: Sequence[Any], sku: str | None) -> str | None: ...
    def name_of(self, cells: Sequence[Any]) -> str | None: ...
    def header_of(self, index: int) -> str: ...

__all__ = ["MAX_SKU_LENGTH", "ShopFacts", "SkuAllocator", "derive_sku", "scan_shop", "sku_part"]

#: the longest SKU derived (marketplaces cap seller SKUs at 64 characters or more)
MAX_SKU_LENGTH = 64
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_DASHES = re.compile(r"-{2,}")
#: letters that Unicode does not decompose into a base letter and an accent
_LETTERS = str.maketrans(
    {
        "Ø": "O",
        "ø": "o",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "Ð": "D",
        "ð": "d",
        "Þ": "TH",
        "þ": "th",
        "Ł": "L",
        "ł": "l",
        "×": "x",
    }
)
_NOT_LISTED = {"grouped", "external"}


def sku_part(text: str) -> str:
    """``text`` with only the characters safe in a seller SKU: ``S - Ø 30 cm`` → ``S-O-30-cm``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _DASHES.sub("-", _UNSAFE.sub("-", plain)).strip("-_")


def derive_sku(base: str, options: Sequence[str]) -> str:
    """The SKU derived from a product's handle or parent and a variant's option values."""
    full = "-".join(p for p in (sku_part(base), *(sku_part(o) for o in options)) if p)
    if len(full) <= MAX_SKU_LENGTH and full:
        return full
    source = "\x1f".join((base, *options))
    digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]
    if not full:  # nothing readable left (a handle in another script)
        return f"sku-{digest}"
    return f"{full[: MAX_SKU_LENGTH - 9].rstrip('-_')}-{digest}"


class SkuAllocator:
    """Hands out derived SKUs distinct from every SKU of the file and from each other
    (compared without regard to case: a marketplace may not tell ``A`` from ``a``)."""

    def __init__(self, given: set[str]) -> None:
        self.taken = {s.casefold() for s in given}

    def take(self, wanted: str) -> str:
        """``wanted``, or ``wanted-2``, ``wanted-3``... the first one not taken yet."""
        sku, number = wanted, 2
        while sku.casefold() in self.taken:
            sku = f"{wanted}-{number}"
            number += 1
        self.taken.add(sku.casefold())
        return sku


@dataclass
class ShopFacts:
    """What a first pass over a shop export found."""

    #: row → the SKU derived for it
    derived: dict[int, str] = field(default_factory=dict)
    #: row → how it was derived (the base and the option values), for the finding
    bases: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    #: rows that are not listings, in row order
    skipped: list[SkippedRow] = field(default_factory=list)
    skipped_rows: set[int] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    #: WooCommerce: a variable product's key → its row and cells
    parents: dict[str, tuple[int, Sequence[Any]]] = field(default_factory=dict)


def scan_shop(reader: RowReader) -> ShopFacts:
    """The whole-file facts of a Shopify or WooCommerce export (empty for other kinds)."""
    if reader.kind == "shopify":
        return _scan_shopify(reader)
    if reader.kind == "woocommerce":
        return _scan_woocommerce(reader)
    return ShopFacts()


def _values(cells: Sequence[Any], columns: Sequence[int | None]) -> list[str]:
    values = []
    for index in columns:
        if index is None or cells[index] == "":
            continue
        value = " ".join(cell_text(cells[index]).split())
        if value and value.casefold() != "default title":  # Shopify's "no options"
            values.append(value)
    return values


def _allocate(facts: ShopFacts, given: set[str], wanted: list[tuple[int, str, list[str]]]) -> None:
    allocator = SkuAllocator(given)
    for row, base, options in wanted:
        facts.derived[row] = allocator.take(derive_sku(base, options))
        facts.bases[row] = (base, options)


def _scan_shopify(reader: RowReader) -> ShopFacts:
    facts = ShopFacts()
    given: set[str] = set()
    wanted: list[tuple[int, str, list[str]]] = []
    value_cols = [value for _, (_, value) in sorted(reader.rules.options.items())]
    for row, cells in reader.whole_records():
        if reader.image_only(cells):
            continue
        sku, handle = reader.ident(cells)
        if sku:
            given.add(sku)
        elif handle:
            wanted.append((row, handle, _values(cells, value_cols)))
    _allocate(facts, given, wanted)
    return facts


def _scan_woocommerce(reader: RowReader) -> ShopFacts:
    facts = ShopFacts()
    rules = reader.rules
    rows: list[tuple[int, Sequence[Any], set[str], str | None]] = []
    given: set[str] = set()
    for row, cells in reader.whole_records():
        kind = woo_type_words(cells[rules.type_column]) if rules.type_column is not None else set()
        sku = reader.cell_sku(cells, reader.sku_col)
        if sku:
            given.add(sku)
        rows.append((row, cells, kind, sku))
    not_listed: dict[str, str] = {}  # key of a grouped or external product → its kind
    for _, cells, kind, sku in rows:
        if kind & _NOT_LISTED:
            number = reader.cell_sku(cells, rules.id_column)
            for key in (sku, f"id:{number}" if number else None):
                if key:
                    not_listed[key] = "grouped" if "grouped" in kind else "external"
    value_cols = [value for _, (_, value) in sorted(rules.attributes.items())]
    wanted: list[tuple[int, str, list[str]]] = []
    for row, cells, kind, sku in rows:
        parent = reader.woo_parent(cells, sku)
        if kind & _NOT_LISTED:
            what = "grouped" if "grouped" in kind else "external"
            _skip(reader, facts, row, cells, sku, what, None)
            continue
        if parent and parent in not_listed and "variation" in kind:
            _skip(reader, facts, row, cells, sku, not_listed[parent], parent)
            continue
        if "variable" in kind:
            if parent:
                facts.parents.setdefault(parent, (row, cells))
            continue  # a parent row: the product, not a variant to sell
        if sku:
            continue
        if parent:
            wanted.append((row, parent, _values(cells, value_cols)))
            continue
        number = reader.cell_sku(cells, rules.id_column)
        name = reader.name_of(cells)
        if number:
            wanted.append((row, f"id-{number}", []))
        elif name:
            wanted.append((row, name, []))
    _allocate(facts, given, wanted)
    return facts


_WHY = {
    "grouped": "a grouped product (a set of other products shown together on one page)",
    "external": "an external (affiliate) product, sold on another site",
}


def _skip(
    reader: RowReader,
    facts: ShopFacts,
    row: int,
    cells: Sequence[Any],
    sku: str | None,
    kind: str,
    parent: str | None,
) -> None:
    name = reader.name_of(cells)
    shown = f" ('{name}')" if name else ""
    if parent is None:
        reason = f"not a listing: {_WHY[kind]}"
        message = (
            f"This row{shown} is {_WHY[kind]}, not a product to list: it is left out of "
            "the feeds. "
            + (
                "The products it groups are read from their own rows."
                if kind == "grouped"
                else "Sell it through its own product row with a price if you stock it."
            )
        )
    else:
        reason = f"not a listing: a variation of '{parent}', {_WHY[kind]}"
        message = (
            f"This variation{shown} belongs to '{parent}', {_WHY[kind]}, which is not a "
            "product to list: it is left out of the feeds."
        )
    type_col = reader.rules.type_column
    facts.skipped.append(SkippedRow(row, reason))
    facts.skipped_rows.add(row)
    facts.findings.append(
        Finding(
            code="not-a-listing",
            severity=CODES["not-a-listing"][0],
            message=message,
            row=row,
            column=reader.header_of(type_col) if type_col is not None else "Type",
            field=None,
            sku=sku,
            value=cell_text(cells[type_col]).strip() if type_col is not None else None,
            sheet=reader.sheet,
            source=reader.path.name,
        )
    )
