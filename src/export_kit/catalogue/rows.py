"""Rows → :class:`Sku` models, fast: one compiled plan per catalogue, run on every row.

The plan is made once from the column mapping: for each mapped column, its index, its
field and the parsing function for that field (memoised per column where values repeat:
prices, contents, countries...). A row then costs one pass over the mapped cells and one
model built without validation (the values are already checked and converted), which is
what lets a 100,000-row workbook be read in little more than calamine's own time.

The same plan gives the product key of a row (:meth:`RowReader.keys`), so the cheap key
pass and the full row pass always agree with :func:`~export_kit.catalogue.base.product_key`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

from export_kit.catalogue.base import KeyScan, RawRow, SkippedRow
from export_kit.catalogue.layout import digit, not_a_product
from export_kit.catalogue.mapping import Column, ColumnMapping, column_letter
from export_kit.catalogue.parsing import (
    ParseError,
    cell_text,
    fold_key,
    parse_country,
    parse_ean,
    parse_hs_code,
    parse_int,
    parse_net_content,
    parse_price,
    parse_shelf_life,
    parse_sku,
    parse_weight_kg,
    split_images,
)
from export_kit.catalogue.shoprows import ShopFacts, scan_shop
from export_kit.catalogue.shops import SourceRules, option_field
from export_kit.model import Sku
from export_kit.validate.report import CODES, Finding

__all__ = ["KeyScan", "RowReader", "attribute_keys", "construct_sku"]

Cell = Any
#: ``records(start)``: the rows with their numbers, in order; rows numbered below ``start``
#: may be left out (a workbook read in parts skips the parts before them)
Records = Callable[[int], Iterable[tuple[int, Sequence[Cell]]]]
Converter = Callable[[Cell], Any]

# --------------------------------------------------------------------------- building a Sku

_new = object.__new__
_set = object.__setattr__
_FIELDS = Sku.model_fields
_TEMPLATE: dict[str, Any] = {}
_FACTORIES: dict[str, Callable[[], Any]] = {}
for _name, _info in _FIELDS.items():
    if _info.default_factory is not None:
        _FACTORIES[_name] = _info.default_factory  # type: ignore[assignment]
        _TEMPLATE[_name] = None
    elif not _info.is_required():
        _TEMPLATE[_name] = _info.default
    else:
        _TEMPLATE[_name] = None


def _plain_model() -> bool:
    """True when ``Sku`` is a plain model (no aliases, post-init or private attributes), so
    building its ``__dict__`` directly is exactly what ``model_construct`` does."""
    if Sku.__pydantic_post_init__ or Sku.__private_attributes__:
        return False
    if Sku.model_config.get("extra") == "allow":
        return False
    return all(f.alias is None and f.validation_alias is None for f in _FIELDS.values())


_PLAIN = _plain_model()


def construct_sku(values: dict[str, Any]) -> Sku:
    """``Sku.model_construct(**values)`` without its per-field Python loop (values trusted)."""
    if not _PLAIN:
        return Sku.model_construct(**values)
    data = _TEMPLATE.copy()
    data.update(values)
    for name, factory in _FACTORIES.items():
        if name not in values:
            data[name] = factory()
    sku = _new(Sku)
    _set(sku, "__dict__", data)
    _set(sku, "__pydantic_fields_set__", set(values))
    _set(sku, "__pydantic_extra__", None)
    _set(sku, "__pydantic_private__", None)
    return sku


# --------------------------------------------------------------------------- converters


class Failed:
    """A cell a parser rejected, with the parser's message (cached like a value) and
    its finding code when not the field's usual one (``ambiguous-number``)."""

    __slots__ = ("code", "message")

    def __init__(self, message: str, code: str | None = None) -> None:
        self.message = message
        self.code = code


_CACHE_LIMIT = 20_000


class _Memo:
    """A parser memoised over the values of one column (prices, contents, countries repeat)."""

    def __init__(self, function: Converter) -> None:
        self.function = function
        self.cache: dict[Any, Any] = {}
        self.get = self.cache.get

    def fill(self, value: Cell) -> Any:
        try:
            result = self.function(value)
        except ParseError as exc:
            result = Failed(str(exc), exc.code)
        if type(value) is not bool and len(self.cache) < _CACHE_LIMIT:
            self.cache[value] = result
        return result


def _text(value: Cell) -> str | None:
    text = value.strip() if type(value) is str else cell_text(value).strip()
    return text or None


def _folded(value: Cell) -> str | None:
    text = " ".join((value if type(value) is str else cell_text(value)).split())
    return text or None


def _woo_text(value: Cell) -> str | None:
    # WooCommerce writes the line breaks of descriptions as the two characters \n
    text = _text(value)
    return text.replace("\\n", "\n") if text else None


def _weight(unit: str | None) -> Converter:
    def convert(value: Cell) -> Decimal | None:
        weight = parse_weight_kg(value, unit)
        return weight or None  # shop exports write 0 for "no weight"

    return convert


def _sku_text(value: Cell) -> str | None:
    if type(value) is str:
        return value.strip() or None
    try:
        return parse_sku(value)
    except ParseError:
        return None


#: unit words of companion unit columns (Akeneo ``weight-unit``: GRAM, KILOGRAM...)
_UNIT_CELLS = {
    "g": "g",
    "gr": "g",
    "gram": "g",
    "grams": "g",
    "gramme": "g",
    "grammes": "g",
    "kg": "kg",
    "kilo": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "kilogramme": "kg",
    "mg": "mg",
    "milligram": "mg",
    "milligramme": "mg",
    "l": "l",
    "litre": "l",
    "liter": "l",
    "litres": "l",
    "liters": "l",
    "ml": "ml",
    "millilitre": "ml",
    "milliliter": "ml",
    "cl": "cl",
    "centilitre": "cl",
    "centiliter": "cl",
    "lb": "lb",
    "pound": "lb",
    "oz": "oz",
    "ounce": "oz",
    "unite": "count",
    "unit": "count",
    "u": "count",
    "piece": "count",
    "pce": "count",
    "pc": "count",
    "pcs": "count",
}


def _with_unit_cell(name: str, default: str | None) -> Callable[[Cell, Cell], Any]:
    """A parser for a value whose unit sits in a companion column (``weight``/``weight-unit``)."""

    def convert(value: Cell, unit_cell: Cell) -> Any:
        unit = _UNIT_CELLS.get(fold_key(cell_text(unit_cell))) or default
        if unit == "count":
            return None  # "1 UNITE": a count, not a weight or a content
        try:
            if name == "weight_kg":
                return parse_weight_kg(value, unit) or None
            return parse_net_content(value, unit if unit in ("ml", "cl", "l", "g", "kg") else None)
        except ParseError as exc:
            return Failed(str(exc))

    return convert


_CODES = {
    "price": "invalid-number",
    "price_excl_vat": "invalid-number",
    "weight_kg": "invalid-number",
    "stock": "invalid-number",
    "net_content": "invalid-number",
    "shelf_life_months": "invalid-number",
    "ean": "invalid-ean",
    "hs_code": "invalid-hs-code",
}
_FOLDED = ("name", "brand", "category", "size", "colour", "tax_class", "name_zh")
#: folded fields whose values repeat from row to row (memoised per column)
_REPEATED = ("brand", "category", "size", "colour", "tax_class")


#: header units a net content's bare numbers may be in
_CONTENT_UNITS = ("ml", "cl", "dl", "l", "g", "kg", "mg", "lb", "oz", "floz")


def _parser(column: Column) -> tuple[str, Converter]:
    """("memo" | "call", parser) for a field that parses (not text)."""
    name = column.field
    if name in ("price", "price_excl_vat"):
        if column.decimal is not None:
            return "memo", partial(parse_price, decimal=column.decimal)
        return "memo", parse_price
    if name == "ean":
        return "call", parse_ean
    if name == "hs_code":
        return "memo", parse_hs_code
    if name == "net_content":
        unit = column.unit if column.unit in _CONTENT_UNITS else None
        return "memo", partial(parse_net_content, unit=unit)
    if name == "weight_kg":
        return "memo", _weight(column.unit)
    if name == "stock":
        return "memo", parse_int
    if name == "shelf_life_months":
        return "memo", partial(parse_shelf_life, unit=column.unit)
    if name == "origin_country":
        return "memo", parse_country
    return "call", _sku_text


def attribute_keys(headers: Sequence[str], indexes: Iterable[int]) -> dict[int, str]:
    """Names of free-attribute columns: the header, ``Column F`` when blank, numbered on repeats."""
    names: dict[int, str] = {}
    seen: dict[str, int] = {}
    for i in indexes:
        base = headers[i] if i < len(headers) and headers[i] else f"Column {column_letter(i)}"
        count = seen.get(base, 0) + 1
        seen[base] = count
        names[i] = base if count == 1 else f"{base} ({count})"
    return names


def _one_image(value: Cell) -> list[str]:
    if type(value) is str:
        text = value.strip()
        if (
            text
            and " " not in text
            and "," not in text
            and "|" not in text
            and (";" not in text and "\n" not in text)
        ):
            return [text]
    return split_images(value)


# --------------------------------------------------------------------------- the plan


class _Plan:
    """Generates the row → Sku function of one catalogue (unrolled, one block per column).

    Generated code is the fast way to run "for each mapped column: read, parse, store"
    100,000 times: no loop over a list of operations, no tuple unpacking, the memo lookups
    and text folding inline. Every name the code uses comes from the namespace below; the
    only text spliced into it are column indexes and canonical field names.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "Failed": Failed,
            "ParseError": ParseError,
            "Decimal": Decimal,
            "CENT": Decimal("0.01"),
            "HALF_UP": ROUND_HALF_UP,
            "MISSING": _MISSING,
            "CACHE_LIMIT": _CACHE_LIMIT,
            "cell_text": cell_text,
            "one_image": _one_image,
            "folded": _folded,
            "text": _text,
            "woo_text": _woo_text,
            "sku_text": _sku_text,
        }

    def add(self, line: str, indent: int = 1) -> None:
        self.lines.append("    " * indent + line)

    def name(self, prefix: str, value: Any) -> str:
        key = f"{prefix}{len(self.namespace)}"
        self.namespace[key] = value
        return key

    def compile(self, function: str) -> Callable[..., Any]:
        source = "\n".join(self.lines) + "\n"
        exec(compile(source, f"<export-kit row plan {function}>", "exec"), self.namespace)
        compiled: Callable[..., Any] = self.namespace[function]
        return compiled


_MISSING = object()
#: kinds read with the whole-file rules of :mod:`export_kit.catalogue.shoprows`
_SHOPS = ("shopify", "woocommerce")
#: past any row number: the end of the last range of :meth:`RowReader.split`
_END = 1 << 62


class _Cursor:
    """One reading of the records, handed out a range at a time, ranges moving forward.

    A process working on several ranges of a big file (:mod:`export_kit.shares`) reads
    on from where the previous range ended instead of from the first row again. The row
    read past a range's end is kept for the next range.
    """

    def __init__(self, records: Iterable[tuple[int, Sequence[Cell]]], start: int = 0) -> None:
        self._records = iter(records)
        self._start = start  # the records may leave out the rows before this one
        self._ahead: tuple[int, Sequence[Cell]] | None = None
        self._passed = -1  # the last row handed out or skipped
        self.busy = False

    def serves(self, first: int) -> bool:
        """True when no row from ``first`` on has been handed out or skipped yet (and the
        records hold the rows from ``first`` on)."""
        return not self.busy and first > self._passed and first >= self._start

    def within(self, first: int, stop: int) -> Iterator[tuple[int, Sequence[Cell]]]:
        """The records of rows ``first`` ≤ row < ``stop`` (records come in row order)."""
        self.busy = True
        try:
            ahead, self._ahead = self._ahead, None
            records = self._records if ahead is None else itertools.chain([ahead], self._records)
            for record in records:
                row = record[0]
                if row >= stop:
                    self._ahead = record
                    return
                self._passed = row
                if row >= first:
                    yield record
        finally:
            self.busy = False


class RowReader:
    """Reads the rows of one catalogue again on every call (Skus, product keys, raw rows)."""

    def __init__(
        self,
        *,
        path: Path,
        sheet: str | None,
        rules: SourceRules,
        mapping: ColumnMapping,
        records: Records,
        textual: bool,
        brand: str | None = None,
        formulas: dict[int, list[tuple[int, str]]] | None = None,
        units: dict[int, int] | None = None,
        keep_keys: bool = False,
        key_split: int | None = None,
        mixed: Mapping[int, str] | None = None,
    ) -> None:
        self.path = path
        self.sheet = sheet
        self.rules = rules
        self.kind = rules.kind
        self.mapping = mapping
        self.headers = mapping.headers
        self.width = len(mapping.headers)
        self._records = records
        self.textual = textual
        self.keep_keys = keep_keys
        #: where a key pass in two parts should cut the rows (see :meth:`key_split_row`)
        self.key_split = key_split
        self._keys: list[str] | None = None
        self._key_rows: list[int] | None = None
        self._key_skus: list[str | None] | None = None
        # rows this reader is limited to (a worker's share of the catalogue), or None;
        # the keys and rows of the whole file once split
        self._range: tuple[int, int] | None = None
        self._cursor: _Cursor | None = None
        # (row, each SKU of the rows before it with its first row, of which split)
        self._before: tuple[int, dict[str, int], object] | None = None
        self._all_keys: tuple[list[str], list[int], list[str | None]] | None = None
        self.brand = brand
        #: rows of a UTF-8 file read as cp1252 → the line's text
        self.mixed = mixed or {}
        self.units = units or {}
        # only the cells a product is read from: a formula without a value elsewhere (an
        # unmapped or ignored column) blocks nothing; filtered once here, not per row
        used = {c.index for c in mapping.columns} | set(self.units.values())
        self.formulas = {
            row: kept
            for row, cells in (formulas or {}).items()
            if (kept := [(index, formula) for index, formula in cells if index in used])
        }
        by_field = mapping.by_field
        self.sku_col = by_field["sku"][0].index if "sku" in by_field else None
        self.parent_col = by_field["parent_sku"][0].index if "parent_sku" in by_field else None
        if self.parent_col is None and rules.handle_column is not None:
            # Shopify's rows are grouped by their handle even when --map gave it another field
            self.parent_col = rules.handle_column
        self.name_col = by_field["name"][0].index if "name" in by_field else None
        # an image-only row has no SKU: unless the SKU is read from a column it may fill
        self._sku_ends_image_row = (
            self.sku_col is not None and self.sku_col not in rules.image_row_columns
        )
        self._facts: ShopFacts | None = None
        self._parent_skus: dict[str, Sku] | None = None
        self.price_col = by_field["price"][0].index if "price" in by_field else None
        images = sorted(
            (c for c in mapping.columns if c.field == "images"), key=lambda c: (c.order, c.index)
        )
        self.image_cols = [c.index for c in images]
        self.columns: dict[str, str] = {
            c.field: c.header for c in mapping.columns if c.field != "images"
        }
        if images:
            self.columns["images"] = images[0].header
        self.field_of = {c.index: c.field for c in mapping.columns}
        unmapped = (i for i, _ in mapping.unmapped)
        self.attr_cols = list(attribute_keys(self.headers, unmapped).items())
        self._woo_ids: dict[str, str] | None = None
        self._woo_skus: set[str] = set()
        self._woo_loose: dict[str, str] = {}
        self._parents: set[str] | None = None
        self.build: Callable[[int, Sequence[Cell]], Sku] = self._compile()
        price = by_field.get("price") or by_field.get("price_excl_vat")
        self._layout_price_col = price[0].index if price else -1
        #: the closer look at a row without a price (generic sheets only: a shop
        #: export's rows without them are its own: images, parents, grouped products;
        #: and not before a column says what a product row holds)
        self._layout: Callable[[Sequence[Cell]], str | None] | None = None
        if self.kind == "generic" and {"sku", "name", "price", "price_excl_vat"} & set(by_field):
            mapped = sorted({c.index for c in mapping.columns} - {self._layout_price_col})
            sku = -1 if self.sku_col is None else self.sku_col
            self._layout = partial(not_a_product, mapped, sku, self._layout_price_col)

    # ----------------------------------------------------------------- compiling

    def _compile(self) -> Callable[[int, Sequence[Cell]], Sku]:
        plan = _Plan()
        ns = plan.namespace
        numbers = _Memo(cell_text)  # the text of number cells, keyed by float only
        ns.update(
            NUMBER_TEXT=numbers.get,
            number_text=numbers.fill,
            SHEET=self.sheet,
            TEMPLATE=_TEMPLATE,
            FACTORIES=_FACTORIES,
            PLAIN=_PLAIN,
            construct=construct_sku,
            new=_new,
            setattr=_set,
            Sku=Sku,
            COLUMNS=self.columns,
            BRAND=self.brand,
            NOTED=frozenset(self.formulas) | frozenset(self.mixed),
            issues_of=self._issues,
            ident=self.ident,
            DERIVED=self._derived_sku,
            DERIVED_FINDING=self._derived_finding,
            ROUNDED_MESSAGE=_rounded_message,
        )
        add = plan.add
        add("def build(row, cells):", 0)
        add("values = {'row': row, 'sheet': SHEET}")
        add("problems = None")
        if self.kind == "woocommerce":
            add("sku, parent = ident(cells)")
            add("if sku is not None: values['sku'] = sku")
            add("if parent is not None: values['parent_sku'] = parent")
        else:
            for index, name in ((self.sku_col, "sku"), (self.parent_col, "parent_sku")):
                if index is None:
                    continue
                add(f"v = cells[{index}]")
                add("if v != '':")
                add("t = v.strip() if v.__class__ is str else sku_text(v)", 2)
                add(f"if t: values['{name}'] = t", 2)
        shop = self.kind in _SHOPS
        if shop:
            add("if 'sku' not in values:")
            add("d = DERIVED(row)", 2)
            add("if d is not None:", 2)
            add("values['sku'] = d", 3)
            add("values['derived_sku'] = True", 3)
        fallback = self.rules.fallbacks.get("category")
        if fallback is not None and fallback not in self.field_of:
            add("if 'category' not in values:")
            add(f"v = cells[{fallback}]", 2)
            add("if v != '':", 2)
            add("t = folded(v)", 3)
            add("if t: values['category'] = t", 3)
        for column in self.mapping.columns:
            i, name = column.index, column.field
            if name in ("sku", "parent_sku", "images"):
                continue
            add(f"v = cells[{i}]")
            add("if v != '':")
            if name in _REPEATED:
                memo = _Memo(_folded)  # called with text cells only: keys are all str
                get, fill = plan.name("G", memo.get), plan.name("F", memo.fill)
                add("if v.__class__ is str:", 2)
                add(f"t = {get}(v, MISSING)", 3)
                add(f"if t is MISSING: t = {fill}(v)", 3)
                add("else: t = folded(v)", 2)
                add(f"if t: values['{name}'] = t", 2)
                continue
            if name in _FOLDED:
                add("t = ' '.join(v.split()) if v.__class__ is str else folded(v)", 2)
                add(f"if t: values['{name}'] = t", 2)
                continue
            if name in ("description", "description_zh"):
                if self.kind == "woocommerce":
                    add("t = woo_text(v)", 2)
                else:
                    add("t = v.strip() if v.__class__ is str else text(v)", 2)
                add(f"if t: values['{name}'] = t", 2)
                continue
            if i in self.units:
                convert = plan.name("U", _with_unit_cell(name, column.unit))
                add(f"r = {convert}(v, cells[{self.units[i]}])", 2)
            else:
                how, parser = _parser(column)
                if how == "memo" and name in ("price", "price_excl_vat"):
                    # a number cell is the usual case in a workbook: a 2-place Decimal,
                    # memoised by value (price lists repeat their price points)
                    memo = _Memo(parser)
                    get, fill = plan.name("G", memo.get), plan.name("F", memo.fill)
                    cents: dict[float, Decimal] = {}
                    cached, cache = plan.name("C", cents.get), plan.name("D", cents)
                    # (NaN and the infinities fail the bounds; the parser reports them)
                    rounded: set[float] = set()
                    seen = plan.name("R", rounded)
                    add("if v.__class__ is float and -1e30 < v < 1e30:", 2)
                    add(f"r = {cached}(v)", 3)
                    add("if r is None:", 3)
                    add("x = Decimal(repr(v))", 4)
                    add("r = x.quantize(CENT, HALF_UP)", 4)
                    add(f"if r != x: {seen}.add(v)", 4)
                    # never 0.0: it equals -0.0, whose price prints as -0.00
                    add(f"if v and len({cache}) < CACHE_LIMIT: {cache}[v] = r", 4)
                    # a computed price (HT × 1.2) past the cent: read to the cent, said
                    add(f"if v in {seen}:", 3)
                    add("if problems is None: problems = []", 4)
                    add(
                        f"problems.append(({i}, '{name}', 'rounded-price', v, "
                        f"ROUNDED_MESSAGE(v, r)))",
                        4,
                    )
                    add("else:", 2)
                    add(f"r = {get}(v, MISSING) if v.__class__ is not bool else MISSING", 3)
                    add(f"if r is MISSING: r = {fill}(v)", 3)
                elif how == "memo":
                    memo = _Memo(parser)
                    get, fill = plan.name("G", memo.get), plan.name("F", memo.fill)
                    add(f"r = {get}(v, MISSING) if v.__class__ is not bool else MISSING", 2)
                    add(f"if r is MISSING: r = {fill}(v)", 2)
                else:
                    # a parser that rarely repeats a value (EAN): called directly
                    code = _CODES.get(name, "invalid-number")
                    add("try:", 2)
                    add(f"r = {plan.name('P', parser)}(v)", 3)
                    add(f"if r is not None: values['{name}'] = r", 3)
                    add("except ParseError as exc:", 2)
                    add("if problems is None: problems = []", 3)
                    add(f"problems.append(({i}, '{name}', exc.code or '{code}', v, str(exc)))", 3)
                    continue
            code = _CODES.get(name, "invalid-number")
            add("if r.__class__ is Failed:", 2)
            add("if problems is None: problems = []", 3)
            add(f"problems.append(({i}, '{name}', r.code or '{code}', v, r.message))", 3)
            add(f"elif r is not None: values['{name}'] = r", 2)
        if self.brand is not None:
            add("if 'brand' not in values: values['brand'] = BRAND")
        if len(self.image_cols) == 1:
            add(f"v = cells[{self.image_cols[0]}]")
            add("values['images'] = one_image(v) if v != '' else []")
        else:
            add("images = []")
            for index in self.image_cols:
                add(f"v = cells[{index}]")
                add("if v != '': images.extend(one_image(v))")
            add("values['images'] = images")
        add("attributes = {}")
        for index, key in self.attr_cols:
            constant = plan.name("K", key)
            add(f"v = cells[{index}]")
            if self.textual:
                add(f"if v != '': attributes[{constant}] = v")
            else:
                add("if v.__class__ is str:")
                add(f"if v: attributes[{constant}] = v", 2)
                add("elif v.__class__ is float:")
                add("t = NUMBER_TEXT(v)", 2)
                add(f"attributes[{constant}] = t if t is not None else number_text(v)", 2)
                add(f"elif v != '': attributes[{constant}] = cell_text(v)")
        add(f"if len(cells) > {self.width}: attributes.update(extra_cells(cells))")
        ns["extra_cells"] = self._extra_cells
        add("values['attributes'] = attributes")
        add("values['columns'] = COLUMNS.copy()")
        if self.formulas or self.mixed:
            add("if problems is not None or row in NOTED:")
            add("values['issues'] = issues_of(row, problems, values.get('sku'))", 2)
            add("else: values['issues'] = []")
        else:
            add(
                "values['issues'] = issues_of(row, problems, values.get('sku')) if problems else []"
            )
        if shop:
            add("if 'derived_sku' in values:")
            add("values['issues'].append(DERIVED_FINDING(row, values['sku']))", 2)
        add("if not PLAIN: return construct(values)")
        add("data = TEMPLATE.copy()")
        add("data.update(values)")
        for field_name in _FACTORIES:
            if field_name not in ("images", "attributes", "columns", "issues"):
                add(f"if '{field_name}' not in values:")
                add(f"data['{field_name}'] = FACTORIES['{field_name}']()", 2)
        add("sku = new(Sku)")
        add("setattr(sku, '__dict__', data)")
        add("setattr(sku, '__pydantic_fields_set__', set(values))")
        add("setattr(sku, '__pydantic_extra__', None)")
        add("setattr(sku, '__pydantic_private__', None)")
        add("return sku")
        build: Callable[[int, Sequence[Cell]], Sku] = plan.compile("build")
        return build

    def _extra_cells(self, cells: Sequence[Cell]) -> dict[str, str]:
        return {
            f"Column {column_letter(i)}": cell_text(cells[i])
            for i in range(self.width, len(cells))
            if cells[i] != ""
        }

    def _issues(
        self, row: int, problems: list[tuple[int, str, str, Cell, str]] | None, sku: str | None
    ) -> list[Finding]:
        issues = [
            self._finding(row, index, name, code, raw, message, sku)
            for index, name, code, raw, message in problems or ()
        ]
        for index, formula in self.formulas.get(row, ()):
            issues.append(self._formula_finding(row, index, formula, sku))
        if row in self.mixed:
            issues.append(self._mixed_finding(row, self.mixed[row], sku))
        return issues

    # ----------------------------------------------------------------- records

    def records(self) -> Iterator[tuple[int, Sequence[Cell]]]:
        """Non-blank data rows with their row numbers, padded to the header's width."""
        if self._range is None:
            records: Iterable[tuple[int, Sequence[Cell]]] = self._records(0)
        else:
            first, stop = self._range
            cursor = self._cursor
            if cursor is None or not cursor.serves(first):
                cursor = self._cursor = _Cursor(self._records(first), first)
            records = cursor.within(first, stop)
        yield from self._filtered(records)

    def _filtered(
        self,
        records: Iterable[tuple[int, Sequence[Cell]]],
        skipped: list[SkippedRow] | None = None,
    ) -> Iterator[tuple[int, Sequence[Cell]]]:
        """The rows that are products, the same in every pass: blank rows left out, and
        the rows ``not_a_product`` (:mod:`~export_kit.catalogue.layout`) finds, noted in
        ``skipped``."""
        width = self.width
        formulas = self.formulas
        layout = self._layout
        # a price cell that is a number or holds a digit (or, without a price column, a
        # SKU) makes a product at once: only the other rows get the closer look
        sku_col = -1 if self.sku_col is None else self.sku_col
        price_col = self._layout_price_col
        for row, cells in records:
            n = len(cells)
            # a filled first cell (the usual row) settles it without comparing every cell
            if (n == 0 or (cells[0] == "" and cells.count("") == n)) and row not in formulas:
                continue
            if n < width:
                cells = list(cells) + [""] * (width - n)
            if layout is not None:
                if price_col < 0:
                    look = sku_col < 0 or cells[sku_col] == ""
                else:
                    v = cells[price_col]
                    look = v == "" or (
                        v.__class__ is str and not v[:1].isdigit() and digit(v) is None
                    )
                # a formula without a value is a cell filled in (its finding is on the row)
                if look and row not in formulas:
                    reason = layout(cells)
                    if reason is not None:
                        if reason and skipped is not None:
                            skipped.append(SkippedRow(row, reason))
                        continue
            yield row, cells

    # ----------------------------------------------------------------- identity

    def cell_sku(self, cells: Sequence[Cell], index: int | None) -> str | None:
        if index is None:
            return None
        raw = cells[index]
        return None if raw == "" else _sku_text(raw)

    def ident(self, cells: Sequence[Cell]) -> tuple[str | None, str | None]:
        """(sku, parent_sku) of a row, by the source's rules."""
        sku = self.cell_sku(cells, self.sku_col)
        if self.kind == "woocommerce":
            return sku, self.woo_parent(cells, sku)
        return sku, self.cell_sku(cells, self.parent_col)

    def _woo_kind(self, cells: Sequence[Cell]) -> str:
        column = self.rules.type_column
        return cell_text(cells[column]).lower() if column is not None else ""

    def woo_parent(self, cells: Sequence[Cell], sku: str | None) -> str | None:
        if "variable" in self._woo_kind(cells):
            if sku:
                return sku
            ident = self.cell_sku(cells, self.rules.id_column)
            return f"id:{ident}" if ident else None
        parent = self.cell_sku(cells, self.parent_col)
        if parent is None or parent == "0":  # WooCommerce writes 0 for "no parent"
            return None
        if parent[:3].lower() == "id:":
            number = parent[3:].strip()
            if number in ("", "0"):
                return None
            return self._woo_id_map().get(number) or f"id:{number}"
        return self._woo_sku_named(parent)

    def _woo_id_map(self) -> dict[str, str]:
        """WooCommerce ids → SKUs, from every row of the file; also notes the SKUs, and
        which one a parent written with other spaces means (``EV-0004`` for ``EV- 0004``)."""
        if self._woo_ids is None:
            ids: dict[str, str] = {}
            skus: set[str] = set()
            id_col = self.rules.id_column
            if self.sku_col is not None:
                for _, cells in self.whole_records():
                    sku = self.cell_sku(cells, self.sku_col)
                    if not sku:
                        continue
                    skus.add(sku)
                    number = self.cell_sku(cells, id_col)
                    if number:
                        ids.setdefault(number, sku)
            loose: dict[str, str | None] = {}
            for sku in sorted(skus):
                key = "".join(sku.split())
                loose[key] = sku if key not in loose else None  # two SKUs: no guess
            self._woo_skus = skus
            self._woo_loose = {k: v for k, v in loose.items() if v is not None}
            self._woo_ids = ids
        return self._woo_ids

    def _woo_sku_named(self, parent: str) -> str:
        """The SKU a parent reference means: itself, or the one SKU of the file that
        differs from it only by spaces."""
        self._woo_id_map()
        if parent in self._woo_skus:
            return parent
        return self._woo_loose.get("".join(parent.split()), parent)

    def _parent_set(self) -> set[str]:
        """SKUs that other rows name as their parent (generic sheets' parent lines)."""
        if self._parents is None:
            parents: set[str] = set()
            if self.parent_col is not None:
                for _, cells in self.records():
                    parent = self.cell_sku(cells, self.parent_col)
                    if parent:
                        parents.add(parent)
            self._parents = parents
        return self._parents

    def image_only(self, cells: Sequence[Cell]) -> bool:
        """A Shopify row that only adds an image to its product."""
        if self.price_col is not None and cells[self.price_col] != "":
            return False
        if self._sku_ends_image_row and cells[self.sku_col] != "":  # type: ignore[index]
            return False
        allowed = self.rules.image_row_columns
        has_image = False
        for i, cell in enumerate(cells):
            if cell == "" or (type(cell) is str and not cell.strip()):
                continue
            if i not in allowed:
                return False
            if i in self.image_cols:
                has_image = True
        return has_image

    def cells_by_key(self, fields: Sequence[str]) -> Iterator[tuple[str, list[Cell]]]:
        """The product key of each row with its cells of ``fields`` (``""`` for a field
        without a column), in file order: a pass that builds no Sku, for facts of the
        whole catalogue (its sector)."""
        by_field = self.mapping.by_field
        indexes = [by_field[f][0].index if f in by_field else None for f in fields]
        shopify = self.kind == "shopify"
        inline = self.kind != "woocommerce"  # the key pass's inlined ident
        sku_col, parent_col = self.sku_col, self.parent_col
        for row, cells in self.records():
            if shopify and self.image_only(cells):
                continue
            if inline:
                raw = "" if sku_col is None else cells[sku_col]
                if raw == "":
                    sku = None
                else:
                    sku = (raw.strip() or None) if raw.__class__ is str else _sku_text(raw)
                raw = "" if parent_col is None else cells[parent_col]
                if raw == "":
                    parent = None
                else:
                    parent = (raw.strip() or None) if raw.__class__ is str else _sku_text(raw)
            else:
                sku, parent = self.ident(cells)
            values = ["" if i is None else cells[i] for i in indexes]
            yield parent or sku or f"row {row}", values

    def keys(self) -> Iterator[str]:
        """The product key of every row (parent SKU, else SKU, else ``row N``).

        A complete pass also remembers the parent SKUs, which the row pass of a generic
        sheet needs (its parent lines), so a CSV is not read a third time for them. A
        workbook's keys are kept after the first complete pass (its rows are in memory and
        never change); a CSV's are read again each time, as its rows are.
        """
        if self._keys is not None:
            return iter(self._keys)
        return self._key_pass()

    def _key_pass(
        self,
        records: Iterable[tuple[int, Sequence[Cell]]] | None = None,
        into: KeyScan | None = None,
    ) -> Iterator[str]:
        """The key of each row of ``records`` (default: every row), noted in ``into`` with
        its row and SKU. A pass over every row keeps what it found (:meth:`_adopt`)."""
        if self.kind in _SHOPS:
            yield from self._shop_key_pass(records, into)
            return
        whole = records is None
        if into is None and whole and self.keep_keys:
            into = KeyScan()
        parents: set[str] | None = None
        if into is not None:
            parents = into.parents
        elif whole and self._parents is None:
            parents = set()
        keys = rows = skus = None
        if into is not None:
            keys, rows, skus = into.keys, into.rows, into.skus
        # ident's (sku, parent) inlined: this pass reads every row, and the calls were a
        # third of its time
        sku_col, parent_col = self.sku_col, self.parent_col
        for row, cells in self.records() if records is None else records:
            raw = "" if sku_col is None else cells[sku_col]
            if raw == "":
                sku = None
            else:
                sku = (raw.strip() or None) if raw.__class__ is str else _sku_text(raw)
            raw = "" if parent_col is None else cells[parent_col]
            if raw == "":
                parent = None
            else:
                parent = (raw.strip() or None) if raw.__class__ is str else _sku_text(raw)
            if parent:
                if parents is not None:
                    parents.add(parent)
                key = parent
            else:
                key = sku or f"row {row}"
            if keys is not None and rows is not None and skus is not None:
                keys.append(key)
                rows.append(row)
                skus.append(sku)
            yield key
        if whole:
            self._adopt(into, parents)

    def _shop_key_pass(
        self, records: Iterable[tuple[int, Sequence[Cell]]] | None, into: KeyScan | None
    ) -> Iterator[str]:
        """:meth:`_key_pass` of a shop export: the rows it reads as SKUs only (no image-only
        row, no row that is not a listing), each with the SKU it reads or derives."""
        whole = records is None
        if into is None and whole and self.keep_keys:
            into = KeyScan()
        facts = self._shop_facts()
        skipped, derived = facts.skipped_rows, facts.derived
        shopify = self.kind == "shopify"
        ident = self.ident
        for row, cells in self.records() if records is None else records:
            if shopify:
                if self.image_only(cells):
                    continue
            elif row in skipped:
                continue
            sku, parent = ident(cells)
            if sku is None:
                sku = derived.get(row)
            key = parent or sku or f"row {row}"
            if into is not None:
                if parent:
                    into.parents.add(parent)
                into.keys.append(key)
                into.rows.append(row)
                into.skus.append(sku)
            yield key
        if whole:
            self._adopt(into, None)

    def _adopt(self, scan: KeyScan | None, parents: set[str] | None) -> None:
        if parents is not None and self.kind != "woocommerce":
            self._parents = parents
        if scan is not None:
            self._keys, self._key_rows, self._key_skus = scan.keys, scan.rows, scan.skus

    def key_split_row(self) -> int | None:
        """The row where a key pass in two parts (:meth:`scan_keys`) should cut, or None
        when it is better made in one: a text file (read from its start whatever row is
        wanted first), a WooCommerce export (whose parents are found through every row's
        id), or keys known already."""
        if self.textual or self.kind == "woocommerce" or self._keys is not None:
            return None
        return self.key_split

    def scan_keys(self, first: int = 0, stop: int = _END) -> KeyScan:
        """The key pass over the rows ``first`` ≤ row < ``stop`` only, without keeping
        anything: another process may make it over other rows (:meth:`adopt_keys`)."""

        def within() -> Iterator[tuple[int, Sequence[Cell]]]:
            for record in self._filtered(self._records(first)):
                row = record[0]
                if row >= stop:
                    return
                if row >= first:  # a row source may give the rows before ``first`` too
                    yield record

        scan = KeyScan()
        for _ in self._key_pass(within(), scan):
            pass
        return scan

    def adopt_keys(self, scans: Sequence[KeyScan]) -> None:
        """Keep the key passes of :meth:`scan_keys` over all rows, in row order, as if one
        pass had read them (:meth:`split` then reads no row)."""
        whole = KeyScan()
        for scan in scans:
            whole.keys += scan.keys
            whole.rows += scan.rows
            whole.skus += scan.skus
            whole.parents |= scan.parents
        self._adopt(whole, whole.parents)

    # ----------------------------------------------------------------- shares

    def split(self, parts: int, min_rows: int = 1, lead: float = 1.0) -> list[tuple[int, int]]:
        """Row ranges ``[first, stop)`` of about equal size that no product spans.

        Each range holds whole products, so a worker can read and check it alone. Fewer
        ranges than ``parts`` (one, at worst) when products spread over the whole file,
        or when a range would have fewer than ``min_rows`` rows. ``lead``: the first
        range's size relative to the others' (its process has other work too).
        The cross-row facts of the whole file (parent lines, WooCommerce ids) are read
        first, so a reader limited to a range still knows them.
        """
        if self.kind == "woocommerce":
            self._woo_id_map()
        if self._keys is None or self._key_rows is None:
            # one key pass, kept: it also notes the parent lines, and each share reuses
            # its slice of the keys instead of reading its rows once more for them
            keep, self.keep_keys = self.keep_keys, True
            try:
                for _ in self._key_pass():
                    pass
            finally:
                self.keep_keys = keep
        keys = self._keys or []
        rows = self._key_rows or []
        self._all_keys = (keys, rows, self._key_skus or [])
        parts = min(parts, len(rows) // max(min_rows, 1))
        if parts < 2:
            return [(0, _END)]
        last = {key: i for i, key in enumerate(keys)}
        bounds: list[int] = []
        size = len(keys)
        unit = size / (parts - 1 + lead)
        reach = -1  # the last row index a product started so far ends at
        for i, key in enumerate(keys):
            if i > 0 and reach < i and i >= unit * (len(bounds) + lead):
                bounds.append(rows[i])
                if len(bounds) == parts - 1:
                    break
            reach = max(reach, last[key])
        edges = [0, *bounds, _END]
        return list(itertools.pairwise(edges))

    def limit(self, first: int, stop: int) -> None:
        """Read only rows ``first`` ≤ row < ``stop`` from now on (a worker's share)."""
        self._range = (first, stop)
        self._keys = self._key_rows = self._key_skus = None
        if self._all_keys is not None:
            keys, rows, skus = self._all_keys
            start, end = bisect.bisect_left(rows, first), bisect.bisect_left(rows, stop)
            self._keys, self._key_rows = keys[start:end], rows[start:end]
            self._key_skus = skus[start:end]

    def all_keys(self) -> list[str] | None:
        """The product key of every row of the file, once :meth:`split` has read them."""
        return self._all_keys[0] if self._all_keys is not None else None

    def first_rows_before(self, row: int) -> Mapping[str, int]:
        """Each SKU of the rows before ``row`` with its first row (after :meth:`split`).

        A read-only view, not a copy (a late range has nearly every SKU of the file
        before it): it grows when a later row is asked for, so read it before that.
        """
        if self._all_keys is None:
            raise ValueError("split the rows first")
        _, rows, skus = self._all_keys
        known = self._before
        if known is None or known[0] > row or known[2] is not self._all_keys:
            known = self._before = (0, {}, self._all_keys)
        # ranges taken in row order extend what the last one knew
        start, first, _ = known
        end = bisect.bisect_left(rows, row)
        for index in range(bisect.bisect_left(rows, start), end):
            sku = skus[index]
            if sku and sku not in first:
                first[sku] = rows[index]
        self._before = (row, first, self._all_keys)
        return MappingProxyType(first)

    # ----------------------------------------------------------------- rows

    def skipped_rows(self) -> list[SkippedRow]:
        """The data rows that are not products, with the reason, in row order."""
        found = [*self._layout_skipped(), *self._shop_skipped()]
        return sorted(found, key=lambda skipped: skipped.row)

    def _shop_skipped(self) -> list[SkippedRow]:
        """The rows of a shop export that are not listings (WooCommerce grouped, external)."""
        if self.kind not in _SHOPS:
            return []
        return list(self._shop_facts().skipped)

    def reading_findings(self) -> list[Finding]:
        """Findings of reading that belong to no SKU: one ``not-a-listing`` per row that
        is not a listing (read once, when the catalogue is opened)."""
        if self.kind != "woocommerce":
            return []
        return list(self._shop_facts().findings)

    def whole_records(self) -> Iterator[tuple[int, Sequence[Cell]]]:
        """Every non-blank data row of the file, even while limited to a range."""
        return self._filtered(self._records(0))

    def name_of(self, cells: Sequence[Cell]) -> str | None:
        """The product name of a row, as written (None when there is none)."""
        if self.name_col is None or cells[self.name_col] == "":
            return None
        return _folded(cells[self.name_col])

    def _shop_facts(self) -> ShopFacts:
        if self._facts is None:
            self._facts = scan_shop(self)
        return self._facts

    def _derived_sku(self, row: int) -> str | None:
        return self._shop_facts().derived.get(row)

    def _derived_finding(self, row: int, sku: str) -> Finding:
        column = self.rules.sku_header if self.sku_col is None else self.header_of(self.sku_col)
        base, options = self._shop_facts().bases.get(row, ("", []))
        source = f"'{base}'" + (f" and its options ({', '.join(options)})" if options else "")
        return Finding(
            code="derived-sku",
            severity=CODES["derived-sku"][0],
            message=(
                f"This variant has no SKU: export-kit made up '{sku}' from {source}; the same "
                f"file always gives the same SKU. Fill in '{column}' to choose your own."
            ),
            row=row,
            column=column,
            field="sku",
            sku=sku,
            value=None,
            sheet=self.sheet,
            source=self.path.name,
        )

    def _layout_skipped(self) -> list[SkippedRow]:
        """Section titles, unit sub-headers, totals and footnotes among the data rows
        (the rows :meth:`_filtered` leaves out in every pass)."""
        found: list[SkippedRow] = []
        if self._layout is None:
            return found
        if self._range is None:
            records: Iterable[tuple[int, Sequence[Cell]]] = self._records(0)
        else:
            first, stop = self._range
            records = ((r, c) for r, c in self._records(first) if first <= r < stop)
        for _ in self._filtered(records, found):
            pass
        return found

    def raw(self) -> Iterator[RawRow]:
        """Every data row with its cells as text (for reports and rejected-row files)."""
        for row, cells in self.records():
            yield RawRow(row, [c if type(c) is str else cell_text(c) for c in cells])

    def skus(self) -> Iterator[Sku]:
        """Every data row as a :class:`Sku`."""
        if self.kind == "shopify":
            yield from self._shopify_skus()
            return
        build = self.build
        if self.kind == "woocommerce":
            skipped = self._shop_facts().skipped_rows
            for row, cells in self.records():
                if row in skipped:
                    continue
                sku = build(row, cells)
                self._woo_row(cells, sku)
                yield sku
            return
        if self.rules.combination is not None:
            for row, cells in self.records():
                sku = build(row, cells)
                self._combination(cells, sku)
                yield sku
            return
        if self.kind == "generic" and self.parent_col is not None:
            parents = self._parent_set()
            for row, cells in self.records():
                sku = build(row, cells)
                if sku.parent_sku is None and sku.price is None and sku.sku in parents:
                    _set_field(sku, "is_parent_row", True)
                yield sku
            return
        for row, cells in self.records():
            yield build(row, cells)

    def _shopify_skus(self) -> Iterator[Sku]:
        held: Sku | None = None
        handle: str | None = None
        names: dict[int, str] = {}
        build = self.build
        for row, cells in self.records():
            if self.image_only(cells):
                urls = [u for i in self.image_cols if cells[i] != "" for u in _one_image(cells[i])]
                _, parent = self.ident(cells)
                if held is not None and held.parent_sku == parent:
                    held.images.extend(u for u in urls if u not in held.images)
                continue
            sku = build(row, cells)
            if sku.parent_sku != handle:
                handle, names = sku.parent_sku, {}
            self._shopify_options(cells, sku, names)
            if held is not None:
                yield held
            held = sku
        if held is not None:
            yield held

    def _shopify_options(self, cells: Sequence[Cell], sku: Sku, names: dict[int, str]) -> None:
        for number, (name_col, value_col) in sorted(self.rules.options.items()):
            if name_col is not None and cells[name_col] != "":
                names[number] = cell_text(cells[name_col]).strip()
            if value_col is None or cells[value_col] == "":
                continue
            value = " ".join(cell_text(cells[value_col]).split())
            name = names.get(number, f"Option{number}")
            if name.lower() == "title" and value.lower() == "default title":
                continue
            _set_option(sku, name, value, self.header_of(value_col))

    def _woo_row(self, cells: Sequence[Cell], sku: Sku) -> None:
        kind = self._woo_kind(cells)
        if "variable" in kind or "grouped" in kind:
            _set_field(sku, "is_parent_row", True)
        for _, (name_col, value_col) in sorted(self.rules.attributes.items()):
            if name_col is None or value_col is None:
                continue
            name = cell_text(cells[name_col]).strip()
            value = " ".join(cell_text(cells[value_col]).split())
            if not name or not value:
                continue
            if sku.is_parent_row or ("variation" not in kind and "," in value):
                sku.attributes[name] = value  # the choice of values, not this row's value
            else:
                _set_option(sku, name, value, self.header_of(value_col))
        if "variation" in kind and sku.parent_sku is not None:
            parent = self._woo_parents().get(sku.parent_sku)
            if parent is not None:
                _inherit(sku, parent)

    def _woo_parents(self) -> dict[str, Sku]:
        """Each variable product's row read as a Sku, by product key (what its variations
        take when their own cells are empty)."""
        if self._parent_skus is None:
            self._parent_skus = {
                key: self.build(row, cells)
                for key, (row, cells) in self._shop_facts().parents.items()
            }
        return self._parent_skus

    def _combination(self, cells: Sequence[Cell], sku: Sku) -> None:
        if self.rules.combination is None:
            return
        names_col, values_col = self.rules.combination
        names = [part.split(":")[0].strip() for part in cell_text(cells[names_col]).split(",")]
        values = [
            part.rsplit(":", 1)[0].strip() if ":" in part else part.strip()
            for part in cell_text(cells[values_col]).split(",")
        ]
        for name, value in zip(names, values, strict=False):
            if name and value:
                _set_option(sku, name, value, self.header_of(values_col))

    # ----------------------------------------------------------------- findings

    def header_of(self, index: int) -> str:
        if index < len(self.headers) and self.headers[index]:
            return self.headers[index]
        return f"Column {column_letter(index)}"

    def _finding(
        self,
        row: int,
        index: int,
        name: str,
        code: str,
        raw: Cell,
        message: str,
        sku: str | None,
    ) -> Finding:
        return Finding(
            code=code,
            severity=CODES[code][0],
            message=message,
            row=row,
            column=self.header_of(index),
            field=name,
            sku=sku,
            value=cell_text(raw),
            sheet=self.sheet,
            source=self.path.name,
        )

    def _mixed_finding(self, row: int, line: str, sku: str | None) -> Finding:
        return Finding(
            code="mixed-encoding",
            severity=CODES["mixed-encoding"][0],
            message=(
                f"Row {row} is written in Windows-1252 (a line pasted from an older file, "
                "it seems) while the rest of the file is UTF-8: it was read as "
                "Windows-1252. Check its accents and € signs, then save the file as "
                "'CSV UTF-8' so every line has the same encoding."
            ),
            row=row,
            column=None,
            field=None,
            sku=sku,
            value=line,
            sheet=self.sheet,
            source=self.path.name,
        )

    def _formula_finding(self, row: int, index: int, formula: str, sku: str | None) -> Finding:
        formula = _xml_unescape(formula)
        shown = f"the formula ={formula}" if formula else "a formula"
        return Finding(
            code="formula-without-value",
            severity=CODES["formula-without-value"][0],
            message=(
                f"This cell holds {shown} but no saved result, so its value cannot be read. "
                "Open the file in a spreadsheet program and save it again, so the results "
                "are stored with the formulas, or type the value in place of the formula."
            ),
            row=row,
            column=self.header_of(index),
            field=self.field_of.get(index),
            sku=sku,
            value=f"={formula}" if formula else None,
            sheet=self.sheet,
            source=self.path.name,
        )


_XML_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));")
_XML_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _xml_unescape(text: str) -> str:
    """A formula as a person types it: the sheet XML's ``&quot;``, ``&amp;``... read back."""
    if "&" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        named, decimal, hexadecimal = match.groups()
        if named:
            return _XML_NAMED[named]
        code = int(decimal) if decimal else int(hexadecimal, 16)
        return chr(code) if 0 < code <= 0x10FFFF else match.group()

    return _XML_ENTITY.sub(one, text)


def _rounded_message(value: float, price: Decimal) -> str:
    return (
        f"The cell holds {value!r} (a computed price?): it is read to the cent, {price}. "
        "Round it in the file (=ROUND(...;2) in Excel) if that is not the price."
    )


def _set_field(sku: Sku, name: str, value: Any) -> None:
    """Set a field without validation (the reader's values are already converted)."""
    sku.__dict__[name] = value
    sku.__pydantic_fields_set__.add(name)


#: what a WooCommerce variation takes from its parent when its own cell is empty
_INHERITED = ("description", "category", "weight_kg")


def _inherit(sku: Sku, parent: Sku) -> None:
    for name in _INHERITED:
        value = getattr(parent, name)
        if value is not None and getattr(sku, name) is None:
            _set_field(sku, name, value)
            if name in parent.columns:
                sku.columns[name] = parent.columns[name]
    if not sku.images and parent.images:
        sku.images.extend(parent.images)


def _set_option(sku: Sku, name: str, value: str, header: str) -> None:
    """An option or attribute of a shop export: size, colour, or a free attribute."""
    target = option_field(name)
    if target is not None:
        _set_field(sku, target, value)
        sku.columns[target] = header
    else:
        sku.attributes[name] = value
