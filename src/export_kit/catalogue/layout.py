"""How a sheet is drawn: rows that are not products, merged blocks, two-row headers.

Price lists are drawn for a person to read: section titles between the products, a unit
under a column's name, totals and footnotes at the end, a product drawn over two rows
whose cells are merged, a ``Prix`` merged over ``HT | TTC``. This module reads them as a
person does:

* :func:`not_a_product`: the closer look at a data row that has neither SKU nor price
  (the reader asks only for those rows);
* :class:`MergedBlocks`: the rows a vertical merge covers beyond its top row are lines of
  the top row's product, not products of their own;
* :func:`two_row_header`: a header merged across sub-headers combines with them;
* :func:`looks_like_data`: the first line of a file without a header row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from export_kit.catalogue.mapping import header_score
from export_kit.catalogue.parsing import cell_text, fold_key

__all__ = [
    "MergedBlocks",
    "Range",
    "digit",
    "looks_like_data",
    "not_a_product",
    "two_row_header",
]

#: a merged range in list coordinates: ((first row, first col), (last row, last col))
Range = tuple[tuple[int, int], tuple[int, int]]

digit = re.compile(r"\d").search
_LETTER = re.compile(r"[^\W\d_]").search
#: a cell that is a number as written: ``12,50``, ``3 600 523 614 561``, ``45 €``, ``20%``
_NUMBER = re.compile(r"^[+-]?\d[\d\s\u00a0\u202f.,']*(?:\s?(?:€|eur|%))?$", re.IGNORECASE)
_SHOWN = 60

_TOTALS = ("total", "sous total", "subtotal", "sub total", "montant total", "grand total")
_UNITS = {
    "ht",
    "ttc",
    "eur",
    "euro",
    "euros",
    "hors taxe",
    "hors taxes",
    "toutes taxes comprises",
    "kg",
    "g",
    "l",
    "cl",
    "ml",
    "u",
    "unite",
    "l unite",
    "a l unite",
    "par unite",
    "unit",
    "per unit",
    "piece",
    "la piece",
    "par piece",
    "le kg",
    "au kg",
    "par kg",
    "le litre",
    "au litre",
    "par litre",
    "carton",
    "le carton",
    "par carton",
    "colis",
    "lot",
    "qte",
    "quantite",
}
_NOTE_MARKS = ("*", "†", "‡", "¹", "²", "³", "(1)", "(*)", "nb", "n.b", "nota", "note")


# --------------------------------------------------------------------------- skipped rows


def not_a_product(mapped: Sequence[int], sku: int, price: int, cells: Sequence[Any]) -> str | None:
    """Why a data row without a price is not a product, or None when it is one.

    Not a product: a row whose only content is one text, in one cell or across a merge
    (a section title, a unit sub-header such as ``(l'unité)``, a footnote; in the SKU
    column (index ``sku``, -1 for none) only a text of several words or without a digit,
    not a reference),
    a total (``Total``, ``Sous-total``), or, without a SKU, a row with a unit in its
    price cell (index ``price``) or with no value in a mapped column (what it holds sits
    in columns that are not product fields). ``""``: a row of blank texts only (left out
    without a word).
    """
    texts: list[str] = []
    numbers = False
    for cell in cells:
        if cell == "":
            continue
        if cell.__class__ is str:
            text = " ".join(cell.split())
            if text and text not in texts:
                texts.append(text)
        else:
            numbers = True
    if not texts and not numbers:
        return ""
    kinds = [_kind(t) for t in texts]
    if "total" in kinds:
        return _reason(texts, kinds)
    single = not numbers and len(texts) == 1 and _LETTER(texts[0]) is not None
    if 0 <= sku < len(cells) and cells[sku] != "":
        if single and (" " in texts[0] or digit(texts[0]) is None):
            return _reason(texts, kinds)
        return None
    width = len(cells)
    if 0 <= price < width and cells[price].__class__ is str:
        unit = " ".join(cells[price].split())
        if unit and _kind(unit) == "unit sub-header":
            return _reason(texts, kinds)
    mapped_value = any(
        i < width and cells[i] != "" and (cells[i].__class__ is not str or cells[i].strip())
        for i in mapped
    )
    if mapped_value and not single:
        return None
    return _reason(texts, kinds)


def _kind(text: str) -> str:
    folded = fold_key(text)
    lowered = text.lower()
    if folded.startswith(_TOTALS):
        return "total"
    if lowered.startswith(_NOTE_MARKS) or len(text) > 80:
        return "footnote"
    if folded in _UNITS or (text.startswith("(") and text.endswith(")") and len(text) <= 24):
        return "unit sub-header"
    return "section title"


def _reason(texts: Sequence[str], kinds: Sequence[str]) -> str:
    if not texts:
        return "no product value: only numbers outside the product columns"
    if "total" in kinds:
        kind = "total"
    elif "section title" in kinds:
        kind = "section title"
    else:
        kind = kinds[0]
    shown = [t if len(t) <= _SHOWN else t[: _SHOWN - 1].rstrip() + "…" for t in texts[:3]]
    return f"{kind}: " + " | ".join(f'"{t}"' for t in shown)


# --------------------------------------------------------------------------- merged blocks


class MergedBlocks:
    """The merged ranges below the header, and what they mean for the data rows.

    A value merged over several cells is what a person sees in each of them (the
    *patches*). A row whose SKU (or, without a SKU column, price) cell lies under a
    vertical merge from a row above, or whose every filled cell comes from merges above,
    is a line of the product drawn from that top row: its own cells are joined to the
    top row's (a text below another, on a new line), and it is no row of its own.
    """

    def __init__(self, ranges: Sequence[Range], values: dict[tuple[int, int], Any]) -> None:
        self.ranges = list(ranges)
        #: row index → (column, value) to fill in
        self.patches: dict[int, list[tuple[int, Any]]] = {}
        #: (row, column) of a range's top-left cell → its last row
        self.tops: dict[tuple[int, int], int] = {}
        for (r0, c0), (r1, c1) in self.ranges:
            self.tops[(r0, c0)] = r1
            value = values.get((r0, c0), "")
            if value == "":
                continue
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        self.patches.setdefault(r, []).append((c, value))
        #: row index → last row of its block, for rows that continue the row above
        self.lines: dict[int, int] = {}
        self.keys: list[int] = []

    def key_columns(self, columns: Sequence[int]) -> None:
        """The SKU and price columns (those mapped): a row whose key cells lie under a
        vertical merge from above continues its top row."""
        self.lines = {}
        self.keys = list(columns)
        if not columns:
            return
        under: dict[int, list[int]] = {}
        for (r0, c0), (r1, c1) in self.ranges:
            for column in columns:
                if c0 <= column <= c1:
                    for r in range(r0 + 1, r1 + 1):
                        under.setdefault(r, []).append(r1)
        for row, ends in under.items():
            self.lines[row] = min(ends)

    def rows(
        self, rows: Iterator[list[Any]], skip: int, base: int
    ) -> Iterator[tuple[int, list[Any]]]:
        """The rows numbered from ``skip + base``, merged values filled in, the lines of a
        merged block joined to its top row (numbered as that row)."""
        patches, lines, tops, keys = self.patches, self.lines, self.tops, self.keys
        held: tuple[int, list[Any]] | None = None
        for i, cells in enumerate(rows, start=skip):
            fills = patches.get(i)
            if fills is not None:
                block_end = lines.get(i)
                if block_end is not None and all(k >= len(cells) or cells[k] == "" for k in keys):
                    if held is not None:
                        _join(held[1], cells, i, tops, block_end)
                    continue
                if cells.count("") == len(cells):
                    continue  # nothing of its own: only what merges above show again
                for column, value in fills:
                    if column < len(cells) and cells[column] == "":
                        cells[column] = value
            if held is not None:
                yield held
            held = (i + base, cells)
        if held is not None:
            yield held


def _join(
    top: list[Any], cells: Sequence[Any], row: int, tops: dict[tuple[int, int], int], end: int
) -> None:
    """Join the cells a block's line holds of its own to its top row's."""
    for column, value in enumerate(cells):
        if value == "" or column >= len(top):
            continue
        if tops.get((row, column), row) > end:
            continue  # a merge that goes on below the block: it belongs to the next rows
        before = top[column]
        if before == "":
            top[column] = value
        else:
            top[column] = f"{cell_text(before)}\n{cell_text(value)}"


# --------------------------------------------------------------------------- headers


def two_row_header(
    head: Sequence[Sequence[Any]], merged: Sequence[Range], index: int
) -> tuple[list[Any], int, int]:
    """The header cells and the indexes of its first and last rows: ``Prix`` merged over
    ``HT | TTC`` reads as ``Prix HT`` and ``Prix TTC``, and the data starts below.

    The header row found (``index``) is the upper row when it holds a horizontal merge
    with texts (not numbers) under it, or the lower one when the row above it holds such
    merges over some of its columns (a banner over all of them is a title, not a header);
    it is kept when the combined names name fewer fields than it alone.
    """
    below = _combined(head, merged, index)
    if below is not None:
        return below, index, index + 1
    if index > 0:
        above = _combined(head, merged, index - 1, upper=False)
        if above is not None:
            return above, index - 1, index
    return list(head[index]), index, index


def _combined(
    head: Sequence[Sequence[Any]], merged: Sequence[Range], index: int, *, upper: bool = True
) -> list[Any] | None:
    """Row ``index`` combined with the sub-headers of row ``index + 1``, or None."""
    if index + 1 >= len(head):
        return None
    top, sub = list(head[index]), head[index + 1]
    groups = [
        ((r0, c0), (r1, c1)) for (r0, c0), (r1, c1) in merged if r0 == r1 == index and c1 > c0
    ]
    if not groups:
        return None
    under = {c for (_, c0), (_, c1) in groups for c in range(c0, c1 + 1)}
    subs: dict[int, str] = {}
    for column, value in enumerate(sub):
        if value == "":
            continue
        if value.__class__ is not str or _NUMBER.match(value.strip()) or len(value) > 40:
            return None
        if value.strip():
            subs[column] = " ".join(value.split())
    if not any(c in under for c in subs):
        return None
    if not upper and len(groups) == 1 and set(subs) <= under:
        return None  # one merge over every column: a banner above the header
    for (_, c0), (_, c1) in groups:
        for column in range(c0 + 1, min(c1 + 1, len(top))):
            top[column] = top[c0]
    combined: list[Any] = []
    for column, cell in enumerate(top):
        name = cell_text(cell).strip()
        extra = subs.get(column, "")
        combined.append(f"{name} {extra}".strip())
    for column in sorted(c for c in subs if c >= len(top)):
        combined.extend([""] * (column - len(combined)) + [subs[column]])
    alone = top if upper else list(sub)
    if header_score(combined) < header_score(alone):
        return None
    return combined


def _numeric(value: Any) -> bool:
    if value.__class__ in (int, float):
        return True
    return value.__class__ is str and bool(_NUMBER.match(value.strip()))


def looks_like_data(rows: Sequence[Sequence[Any]], wanted: Sequence[str] = ()) -> bool:
    """True when the first of the non-blank ``rows`` is a product, not a header: no cell
    names a known field, and it holds numbers (prices, EANs) where the next row does."""
    if not rows or header_score(rows[0], wanted) > 0:
        return False
    numbers = {i for i, cell in enumerate(rows[0]) if _numeric(cell)}
    if not numbers:
        return False
    if len(rows) == 1:
        return True
    return any(i < len(rows[1]) and _numeric(rows[1][i]) for i in numbers)
