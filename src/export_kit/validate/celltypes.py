"""What the cells of a catalogue's columns are when export-kit writes them to a workbook:
numbers or texts, decided once per column from all its cells.

A price column is read as the reader reads it (``24,90``, ``1 299,00 €``); another column
is one of numbers when every cell is a plain number in one decimal separator, the
column's; codes (SKU, EAN, HS code, a header naming a code, a leading zero, more digits
than a spreadsheet keeps) stay text, so ``0123`` is never written as 123.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from export_kit.catalogue.parsing import ParseError, decimal_convention, fold_key, parse_price

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue

__all__ = ["ColumnKinds"]

#: the fields whose cells may be numbers besides the prices; every other field (SKU, EAN,
#: HS code, name, size...) is text (``0123`` stays ``0123``, a size ``38`` is a label)
_NUMBER_FIELDS = frozenset({"weight_kg", "stock", "shelf_life_months"})
#: header words of a column of codes (kept as text even when its cells are digits)
_CODE_WORDS = frozenset(
    {"code", "ref", "reference", "ean", "gtin", "upc", "sku", "id", "isbn", "barcode", "handle"}
)
_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:([.,])(\d+))?")
_GROUPING = str.maketrans("", "", " \u00a0\u202f")
_PRICE_FIELDS = frozenset({"price", "price_excl_vat"})
#: how a price cell is shown: to the cent, as a price list shows it
_PRICE_FORMAT = "#,##0.00"
#: digits a spreadsheet number keeps exactly (Excel's precision)
_MAX_DIGITS = 15


class ColumnKinds:
    """What each column of a catalogue holds, decided once from all its cells (one pass
    over the rows): numbers (with the column's decimal separator and decimals shown) or
    texts; :meth:`typed` gives a cell's number."""

    def __init__(self, catalogue: Catalogue) -> None:
        headers = catalogue.headers
        width = len(headers)
        fields = catalogue.mapping
        decimals: dict[int, str | None] = {}
        reader = catalogue.reader
        if reader is not None:
            for column in reader.mapping.columns:
                if column.decimal is not None:
                    decimals[column.index] = column.decimal
        #: the price columns, read as the reader reads them (a cell it cannot read stays
        #: text: its finding says why)
        self.prices: dict[int, str | None] = {
            i: decimals.get(i)
            for i, header in enumerate(headers)
            if fields.get(header) in _PRICE_FIELDS
        }
        candidate = [
            i not in self.prices
            and (
                fields.get(header) in _NUMBER_FIELDS
                or (fields.get(header) is None and not _code_header(header))
            )
            for i, header in enumerate(headers)
        ]
        separators: list[set[str]] = [set() for _ in range(width)]
        samples: list[list[str]] = [[] for _ in range(width)]
        places = [0] * width
        for raw in catalogue.iter_raw_rows():
            for i, value in enumerate(raw.values[:width]):
                if not candidate[i] or value == "":
                    continue
                match = _NUMBER.fullmatch(value)
                if match is None or _not_a_number(match):
                    candidate[i] = False
                    continue
                separator = match.group(3)
                if separator:
                    separators[i].add(separator)
                    places[i] = max(places[i], len(match.group(4)))
                    if len(samples[i]) < 200:
                        samples[i].append(value)
        #: column index → (decimal separator, number format) of the columns of numbers
        self.numbers: dict[int, tuple[str | None, str | None]] = {}
        for i in range(width):
            if not candidate[i]:
                continue
            separator = decimals.get(i) or decimal_convention(samples[i])
            if separators[i] and (separator is None or separators[i] != {separator}):
                continue  # ``1.299`` beside ``12,50``, or no saying which: left as written
            shown = "0." + "0" * places[i] if separators[i] and places[i] <= 4 else None
            self.numbers[i] = (separator, shown)

    def typed(self, index: int, value: str) -> tuple[Any, str | None]:
        """The cell's number and its number format when its column holds numbers, else
        ``(None, None)``."""
        if value == "":
            return None, None
        if index in self.prices:
            try:
                return parse_price(value, self.prices[index]), _PRICE_FORMAT
            except ParseError:
                return None, None
        kind = self.numbers.get(index)
        if kind is None:
            return None, None
        separator, shown = kind
        value = value.translate(_GROUPING)
        if separator is not None and separator != ".":
            value = value.replace(separator, ".")
        return (int(value) if "." not in value else Decimal(value)), shown


def _code_header(header: str) -> bool:
    return bool(_CODE_WORDS & set(fold_key(header).split()))


def _not_a_number(match: re.Match[str]) -> bool:
    whole, fraction = match.group(2).translate(_GROUPING), match.group(4) or ""
    if len(whole) > 1 and whole.startswith("0"):
        return True  # ``0123``: a code, its zero kept
    return len(whole.lstrip("0")) + len(fraction) > _MAX_DIGITS
