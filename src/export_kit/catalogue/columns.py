"""Columns chosen by their cells as well as their header.

A header says what a column should hold; its first cells say what it does hold. Once the
headers are mapped, the first rows of the file (the same sample the header search read)
settle what the headers alone cannot:

* a "quantity" whose cells are contents (``150 g``) is the net content, not the stock;
* a yes/no flag (``En stock`` holding 0/1 or oui/non) is never the stock quantity when a
  quantity column (``Stock``) is there, and never one at all when it holds words;
* a column of ``=IMAGE()`` formulas or of image URLs is never the EAN, and among the
  EAN columns the one whose cells are valid codes wins (``EAN-13 complet`` over
  ``Code-barre (image)``);
* a price column's decimal separator is read once from its cells (``12,50`` says a
  comma), so ``1.299`` in that column is 1 299,00 and not 1,30.

Everything here runs once per file, on at most a few hundred rows.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from export_kit.catalogue.mapping import IGNORE, Column, ColumnMapping, HeaderMatch, match_header
from export_kit.catalogue.parsing import (
    ParseError,
    cell_text,
    decimal_convention,
    fold_key,
    parse_decimal,
    parse_ean,
    parse_int,
    parse_net_content,
)

__all__ = [
    "content_hints",
    "grams_columns",
    "replace_columns",
    "with_conventions",
    "without_pictures",
]

#: headers that mean a stock in a shop export but a net content in a food database
#: (Open Food Facts ``quantity`` = "500 g")
_AMBIGUOUS_QUANTITY = {"quantity", "quantite", "qte", "qty"}
#: the words of a yes/no column
_YES_NO = {
    "oui",
    "non",
    "yes",
    "no",
    "true",
    "false",
    "vrai",
    "faux",
    "o",
    "n",
    "y",
    "x",
    "en stock",
    "rupture",
    "disponible",
    "indisponible",
    "in stock",
    "out of stock",
    "instock",
    "outofstock",
}
#: headers that name an availability, not a quantity
_FLAG_HEADERS = {"en stock", "in stock", "disponible", "disponibilite", "available", "dispo"}
#: shop exports write their prices with a decimal point whatever the shop's language
_POINT_SOURCES = {"shopify", "woocommerce", "prestashop"}
_IMAGE_ENDINGS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp")


def _cells(sample: Sequence[Sequence[Any]], index: int) -> list[Any]:
    cells = [row[index] for row in sample if index < len(row)]
    return [c for c in cells if cell_text(c).strip()]


def _candidates(
    headers: Sequence[str], vocabulary: Mapping[str, HeaderMatch | None] | None
) -> dict[str, list[tuple[int, int]]]:
    """Field → (rank, column index) of every header that names it."""
    found: dict[str, list[tuple[int, int]]] = {}
    for i, header in enumerate(headers):
        if not header:
            continue
        match: HeaderMatch | None
        key = fold_key(header)
        if vocabulary is not None and key in vocabulary:
            match = vocabulary[key]
        else:
            match = match_header(header)
        if match is not None:
            found.setdefault(match.field, []).append((match.rank, i))
    return found


def _is_flag(cells: Sequence[Any]) -> bool:
    """Cells of a yes/no column: booleans or yes/no words (0/1 alone do not say it)."""
    words = 0
    for cell in cells:
        if isinstance(cell, bool):
            words += 1
            continue
        text = fold_key(cell_text(cell))
        if text in _YES_NO:
            words += 1
        elif text not in ("0", "1"):
            return False
    return words > 0


def _is_binary(cells: Sequence[Any]) -> bool:
    return bool(cells) and all(fold_key(cell_text(c)) in ("0", "1") for c in cells)


def _stock_hints(
    headers: Sequence[str], candidates: Sequence[tuple[int, int]], sample: Sequence[Sequence[Any]]
) -> dict[int, str]:
    """Flags out of the stock: words always, 0/1 when a quantity column is there."""
    hints: dict[int, str] = {}
    kinds: dict[int, str] = {}
    for _, i in candidates:
        cells = _cells(sample, i)
        if _is_flag(cells):
            kinds[i] = "flag"
        elif _is_binary(cells) or (not cells and fold_key(headers[i]) in _FLAG_HEADERS):
            kinds[i] = "binary"
        else:
            kinds[i] = "quantity"
    quantities = [i for i, kind in kinds.items() if kind == "quantity"]
    for i, kind in kinds.items():
        if kind == "flag" or (kind == "binary" and quantities):
            hints[i] = IGNORE
    return hints


def _is_url(text: str) -> bool:
    low = text.lower()
    return low.startswith(("http://", "https://", "www.", "//")) or low.endswith(_IMAGE_ENDINGS)


def _image_columns(
    sample: Sequence[Sequence[Any]],
    formulas: Mapping[int, Sequence[tuple[int, str]]],
    columns: Sequence[int],
) -> set[int]:
    """Columns of pictures: ``=IMAGE()`` formulas (saved or written as text) or URLs."""
    found: set[int] = set()
    for row in formulas.values():
        for index, formula in row:
            if index in columns and "image(" in formula.lower():
                found.add(index)
    for index in columns:
        cells = [cell_text(c).strip() for c in _cells(sample, index)]
        if cells and all(c.lower().startswith("=image(") or _is_url(c) for c in cells):
            found.add(index)
    return found


def without_pictures(
    formulas: Mapping[int, Sequence[tuple[int, str]]],
) -> dict[int, list[tuple[int, str]]]:
    """The formulas without value, less those of picture columns: an ``=IMAGE()`` cell
    never has a saved value (it shows a picture), so it is no missing value. A column is
    a picture column when each of its formulas that Excel wrote out (a shared formula is
    written once) is an ``IMAGE()``."""
    texts: dict[int, list[str]] = {}
    for row in formulas.values():
        for index, formula in row:
            if formula:
                texts.setdefault(index, []).append(formula.lower())
    pictures = {i for i, found in texts.items() if all("image(" in f for f in found)}
    kept: dict[int, list[tuple[int, str]]] = {}
    for number, row in formulas.items():
        cells = [(i, f) for i, f in row if i not in pictures]
        if cells:
            kept[number] = cells
    return kept


def _valid_eans(cells: Sequence[Any]) -> int:
    valid = 0
    for cell in cells:
        try:
            parse_ean(cell)
        except ParseError:
            continue
        valid += 1
    return valid


def _ean_hints(
    candidates: Sequence[tuple[int, int]],
    sample: Sequence[Sequence[Any]],
    formulas: Mapping[int, Sequence[tuple[int, str]]],
) -> dict[int, str]:
    """Pictures never the EAN; the column of valid codes over a better-named one."""
    columns = [i for _, i in candidates]
    pictures = _image_columns(sample, formulas, columns)
    hints = dict.fromkeys(pictures, IGNORE)
    left = sorted((rank, i) for rank, i in candidates if i not in pictures)
    if len(left) > 1:
        valid = {i: _valid_eans(_cells(sample, i)) for _, i in left}
        named = left[0][1]
        best = max(left, key=lambda c: (valid[c[1]], -c[0]))[1]
        if valid[best] > valid[named]:
            hints[best] = "ean"
    return hints


#: headers that name the article in French sheets: its code or its name, as the cells say
_ARTICLE_HEADERS = {"article", "articles", "art", "produit", "produits"}
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{1,29}")


def _looks_like_codes(cells: Sequence[Any]) -> bool:
    """Most cells are one token of letters and digits with a digit (``9000080``, ``AB-12``)."""
    texts = [cell_text(c).strip() for c in cells]
    codes = sum(1 for t in texts if _CODE.fullmatch(t) and any(ch.isdigit() for ch in t))
    return bool(texts) and codes * 10 >= len(texts) * 9


def _code_hints(mapping: ColumnMapping, sample: Sequence[Sequence[Any]]) -> dict[int, str]:
    """An "Article" column of codes beside another name column is the reference (a
    spare-parts list: ``Article`` 9000080, ``Désignation article`` BALAI BLEU...)."""
    if any(c.field == "sku" for c in mapping.columns):
        return {}
    names = [c for c in mapping.columns if c.field == "name"]
    for i, header in enumerate(mapping.headers):
        if fold_key(header) not in _ARTICLE_HEADERS:
            continue
        if not any(c.index != i for c in names) and any(c.index == i for c in names):
            continue  # the only name column: its cells are the names
        if _looks_like_codes(_cells(sample, i)):
            return {i: "sku"}
    return {}


def _quantity_hints(mapping: ColumnMapping, sample: Sequence[Sequence[Any]]) -> dict[int, str]:
    """A "quantity" column whose cells are contents (``150 g``, ``1 L``) is the net content."""
    if any(c.field == "net_content" for c in mapping.columns):
        return {}
    for column in mapping.columns:
        if column.field != "stock" or fold_key(column.header) not in _AMBIGUOUS_QUANTITY:
            continue
        cells = _cells(sample, column.index)
        if not cells:
            continue
        contents = 0
        for cell in cells:
            try:
                parse_int(cell)
                continue
            except ParseError:
                pass
            try:
                parse_net_content(cell)
                contents += 1
            except ParseError:
                pass
        if contents * 2 > len(cells):
            return {column.index: "net_content"}
    return {}


def content_hints(
    mapping: ColumnMapping,
    sample: Sequence[Sequence[Any]],
    *,
    vocabulary: Mapping[str, HeaderMatch | None] | None = None,
    formulas: Mapping[int, Sequence[tuple[int, str]]] | None = None,
) -> dict[int, str]:
    """Column index → field (or ``ignore``) that the cells of ``sample`` settle, for
    :func:`~export_kit.catalogue.mapping.map_columns`'s ``hints`` (which rank below the
    user's ``--map`` and ``[mapping]``). ``formulas``: row → (column, formula) of the
    cells whose formula has no saved value."""
    headers = mapping.headers
    candidates = _candidates(headers, vocabulary)
    hints = _quantity_hints(mapping, sample)
    hints.update(_code_hints(mapping, sample))
    if candidates.get("stock"):
        hints.update(_stock_hints(headers, candidates["stock"], sample))
    if candidates.get("ean"):
        hints.update(_ean_hints(candidates["ean"], sample, formulas or {}))
    return hints


def with_conventions(
    mapping: ColumnMapping, sample: Sequence[Sequence[Any]], kind: str = "generic"
) -> ColumnMapping:
    """The mapping with each price column's decimal separator, read from its cells (a shop
    export's is a point when its cells do not say)."""
    columns = []
    changed = False
    for column in mapping.columns:
        if column.field in ("price", "price_excl_vat"):
            decimal = decimal_convention(_cells(sample, column.index))
            if decimal is None and kind in _POINT_SOURCES:
                decimal = "."
            if decimal is not None:
                column = dataclasses.replace(column, decimal=decimal)
                changed = True
        columns.append(column)
    if not changed:
        return mapping
    return ColumnMapping(mapping.headers, columns, mapping.unmapped)


#: a weight column without a unit whose cells are whole numbers of at least this many
#: (520, 1200...) is in grams: no product of a cross-border catalogue weighs 520 kg
_GRAMS_FROM = 50


def grams_columns(mapping: ColumnMapping, sample: Sequence[Sequence[Any]]) -> list[Column]:
    """Weight columns whose header names no unit and whose cells read as grams (most of
    them whole numbers of 50 or more): the columns to read in grams, each as it will be."""
    found: list[Column] = []
    for column in mapping.columns:
        if column.field != "weight_kg" or column.unit is not None:
            continue
        numbers: list[Decimal] = []
        for cell in _cells(sample, column.index):
            try:
                numbers.append(parse_decimal(cell))
            except ParseError:
                continue
        if len(numbers) < 2:
            continue
        grams = sum(1 for n in numbers if n == n.to_integral_value() and n >= _GRAMS_FROM)
        if grams * 10 >= len(numbers) * 8:
            found.append(dataclasses.replace(column, unit="g"))
    return found


def replace_columns(mapping: ColumnMapping, changed: Sequence[Column]) -> ColumnMapping:
    """The mapping with ``changed`` columns in place of those at the same index."""
    by_index = {c.index: c for c in changed}
    columns = [by_index.get(c.index, c) for c in mapping.columns]
    return ColumnMapping(mapping.headers, columns, mapping.unmapped)

