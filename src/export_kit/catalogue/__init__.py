"""Reading catalogues: spreadsheets and shop exports → a :class:`Catalogue` (DESIGN §5).

:func:`read_catalogue` opens the file, finds the header row, recognises the source
(Shopify, PrestaShop, WooCommerce or a generic French sheet), maps the columns to the
canonical fields and returns a re-iterable :class:`Catalogue`. Cells that cannot be read
become findings on their row (:attr:`Sku.issues`); problems of the whole file (a required
column missing) are :attr:`Catalogue.findings`; a file that cannot be read at all raises
:class:`~export_kit.errors.CatalogueError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, count
from pathlib import Path
from typing import Any

from export_kit.catalogue.base import Catalogue, RawRow, group_products, product_key
from export_kit.catalogue.mapping import ColumnMapping, header_score, map_columns, unit_columns
from export_kit.catalogue.parsing import (
    ParseError,
    cell_text,
    fold_key,
    parse_int,
    parse_net_content,
)
from export_kit.catalogue.rows import RowReader
from export_kit.catalogue.shops import SourceRules, detect_source
from export_kit.catalogue.text import TextFormat, iter_records, sample_records, sniff_format
from export_kit.catalogue.workbook import Workbook, head_rows, load_workbook
from export_kit.config import Config
from export_kit.errors import CatalogueError
from export_kit.validate.report import CODES, Finding

__all__ = [
    "Catalogue",
    "ParseError",
    "RawRow",
    "group_products",
    "is_workbook",
    "product_key",
    "read_catalogue",
]

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"
#: rows looked at to find the header
_HEADER_SEARCH = 20
#: rows of a sheet read up front: header search and content hints
_HEAD_ROWS = 300

_REQUIRED_LABELS = {
    "sku": "the product reference (SKU)",
    "name": "the product name",
    "price": "the retail price including VAT",
    "brand": "the brand",
}


def read_catalogue(
    path: Path,
    *,
    config: Config | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    mappings: Mapping[str, str] | None = None,
) -> Catalogue:
    """Open a catalogue (xlsx/xlsm/xls/ods or csv/tsv/txt) and describe how it reads.

    Args:
        path: the catalogue file.
        config: the brand's configuration (``[catalogue]``, ``[mapping]``, ``[brand]``).
        sheet: the sheet to read (``--sheet``; default: the config's, else the first sheet
            with data).
        encoding: the text encoding of a CSV (``--encoding``; default: detected).
        mappings: ``--map`` overrides, column → field.

    Raises:
        CatalogueError: the file is missing, empty, damaged or of an unknown kind.
        ConfigError: a mapping names an unknown field, or a ``--map`` column that does not
            exist.
    """
    config = config or Config()
    path = Path(path)
    head = _head(path)
    workbook = head.startswith((_ZIP, _OLE))
    if not workbook and path.suffix.lower() in WORKBOOK_SUFFIXES:
        raise CatalogueError(
            f"{path.name} is not a valid {path.suffix.lower()} workbook: it may be damaged, or "
            "be another kind of file renamed. Open it in Excel or LibreOffice and save it "
            "again, or export it as CSV.",
            source=str(path),
        )
    if workbook:
        return _read_workbook(path, config, sheet, mappings, scan=head.startswith(_ZIP))
    return _read_text(path, config, encoding, mappings)


def is_workbook(path: Path) -> bool:
    """True for a file that reads as a workbook (by its first bytes), False otherwise.

    A workbook is held whole in memory while it is read (calamine's copy of the sheet);
    a text file is streamed, its rows read again on each pass.
    """
    try:
        with Path(path).open("rb") as handle:
            return handle.read(8).startswith((_ZIP, _OLE))
    except OSError:
        return False


def _head(path: Path) -> bytes:
    try:
        if not path.exists():
            raise CatalogueError(f"{path}: no such file. Check the path.", source=str(path))
        if path.is_dir():
            raise CatalogueError(f"{path} is a folder, not a catalogue file.", source=str(path))
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise CatalogueError(
            f"{path}: cannot be read ({exc.strerror or exc}).", source=str(path)
        ) from None
    if not head:
        raise CatalogueError(
            f"{path.name} is empty: there is no catalogue to read.", source=str(path)
        )
    return head


# --------------------------------------------------------------------------- header row


def _choose_header(
    candidates: Iterable[tuple[int, Sequence[Any]]], wanted: Sequence[str]
) -> tuple[int, Sequence[Any]]:
    """The row that looks most like a header among the first non-blank rows.

    Rows are scored by how many of their cells name a known field (or a ``--map``
    column); title rows, banners and blank rows above the header score nothing. When no
    row names a field, the first of the fullest rows is taken (a banner fills one cell).
    """
    best: tuple[int, Sequence[Any]] | None = None
    best_score = 0
    fullest: tuple[int, Sequence[Any]] | None = None
    most = 0
    looked = 0
    for number, cells in candidates:
        filled = sum(1 for c in cells if cell_text(c).strip())
        if not filled:
            continue
        looked += 1
        score = header_score(cells, wanted)
        if score > best_score:
            best, best_score = (number, cells), score
        if filled > most:
            fullest, most = (number, cells), filled
        if looked >= _HEADER_SEARCH:
            break
    if best is not None:
        return best
    if fullest is not None:
        return fullest
    raise CatalogueError("no data")


def _headers(cells: Sequence[Any]) -> list[str]:
    headers = [cell_text(c).strip() for c in cells]
    if headers:
        headers[0] = headers[0].lstrip("\ufeff").strip()
    while headers and not headers[-1]:
        headers.pop()
    return headers


# --------------------------------------------------------------------------- readers


def _read_workbook(
    path: Path,
    config: Config,
    sheet: str | None,
    mappings: Mapping[str, str] | None,
    *,
    scan: bool,
) -> Catalogue:
    wanted = sheet or config.catalogue.sheet
    book = load_workbook(path, wanted, scan_formulas=scan, limits=config.limits)
    offset = book.row_offset
    head = head_rows(book, max(_HEAD_ROWS, (config.catalogue.header_row or 0) - offset))
    override = config.catalogue.header_row
    header_cells: Sequence[Any]
    if override is not None:
        index = override - offset - 1
        if not 0 <= index < len(head):
            raise CatalogueError(
                f"{path.name}: [catalogue] header_row = {override}, but the sheet "
                f"'{book.sheet}' has no such row.",
                source=str(path),
            )
        number, header_cells = override, head[index]
    else:
        try:
            number, header_cells = _choose_header(
                [(i + offset + 1, row) for i, row in enumerate(head)],
                list(mappings or {}) + list(config.mapping),
            )
        except CatalogueError:
            raise CatalogueError(
                f"{path.name}: the sheet '{book.sheet}' has no data.", source=str(path)
            ) from None
    header_index = number - offset - 1
    first = header_index + 1
    patches = _merged_patches(book, header_index)
    formulas: dict[int, list[tuple[int, str]]] = {
        row: cells for row, cells in book.formulas.items() if row > number
    }
    # calamine leaves out trailing rows whose only cells are formulas without a value
    beyond = sorted(row for row in formulas if row > book.last_row)

    def records(start: int = 0) -> Iterator[tuple[int, list[Any]]]:
        base = offset + 1
        skip = max(first, start - base)
        rows = book.iter_rows(skip)
        if not patches:  # the usual sheet: numbered by C iterators, no Python frame a row
            return chain(zip(count(skip + base), rows), ((row, []) for row in beyond))
        return _patched(rows, skip, base, patches, beyond)

    return _catalogue(
        path,
        config,
        mappings,
        header_cells=header_cells,
        header_row=number,
        sample=head[first : first + 100],
        records=records,
        sheet=book.sheet,
        textual=False,
        formulas=formulas,
        row_hint=max(book.last_row - number, 0),
        key_split=_key_split(book, number),
    )


def _key_split(book: Workbook, header_row: int) -> int:
    """The row where a key pass in two processes should cut the data rows: the start of
    the part of the sheet nearest their middle, when it was read in parts (reading from
    there skips the part before), else their middle."""
    middle = header_row + 1 + max(book.last_row - header_row, 0) // 2
    starts = [row for row in book.part_rows() if row > header_row + 1]
    return min(starts, key=lambda row: abs(row - middle)) if starts else middle


def _patched(
    rows: Iterator[list[Any]],
    skip: int,
    base: int,
    patches: dict[int, list[tuple[int, Any]]],
    beyond: list[int],
) -> Iterator[tuple[int, list[Any]]]:
    """A sheet's rows numbered from ``skip + base``, merged values filled in, then the
    rows ``beyond`` its last (formulas without a value, empty)."""
    for i, cells in enumerate(rows, start=skip):
        if i in patches:
            for column, value in patches[i]:
                if column < len(cells) and cells[column] == "":
                    cells[column] = value
        yield i + base, cells
    for row in beyond:
        yield row, []


def _merged_patches(book: Workbook, header_index: int) -> dict[int, list[tuple[int, Any]]]:
    """A value merged over several data cells is what a person sees in each of them:
    row index → (column, value) to fill in, from the merged ranges below the header."""
    ranges = [r for r in book.merged if r[0][0] > header_index]
    if not ranges:
        return {}
    tops = {r0 for (r0, _), _ in ranges}
    values: dict[tuple[int, int], Any] = {}
    for i, cells in enumerate(book.iter_rows()):
        if i in tops:
            for (r0, c0), _ in ranges:
                if r0 == i and c0 < len(cells):
                    values[(r0, c0)] = cells[c0]
        if i >= max(tops):
            break
    patches: dict[int, list[tuple[int, Any]]] = {}
    for (r0, c0), (r1, c1) in ranges:
        value = values.get((r0, c0), "")
        if value == "":
            continue
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    patches.setdefault(r, []).append((c, value))
    return patches


def _read_text(
    path: Path, config: Config, encoding: str | None, mappings: Mapping[str, str] | None
) -> Catalogue:
    fmt: TextFormat = sniff_format(path, encoding or config.catalogue.encoding)
    sample = sample_records(path, fmt, limit=60)
    override = config.catalogue.header_row
    header_cells: Sequence[Any]
    if override is not None:
        found = [cells for n, cells in sample if n == override]
        if not found:
            raise CatalogueError(
                f"{path.name}: [catalogue] header_row = {override}, but that row is not "
                "among the first rows of the file.",
                source=str(path),
            )
        number, header_cells = override, found[0]
    else:
        try:
            number, header_cells = _choose_header(
                sample, list(mappings or {}) + list(config.mapping)
            )
        except CatalogueError:
            raise CatalogueError(
                f"{path.name} has no data: every row is empty.", source=str(path)
            ) from None

    def records(start: int = 0) -> Iterator[tuple[int, list[str]]]:
        # a text file is read from its start whatever row is wanted first
        return iter_records(path, fmt, after=number)

    return _catalogue(
        path,
        config,
        mappings,
        header_cells=header_cells,
        header_row=number,
        sample=[cells for n, cells in sample if n > number],
        records=records,
        sheet=None,
        textual=True,
        encoding=fmt.encoding,
        delimiter=fmt.delimiter,
        row_hint=_csv_rows(path, sample),
    )


def _csv_rows(path: Path, sample: Sequence[tuple[int, Sequence[Any]]]) -> int:
    """About how many rows a text file holds, from its size and its first rows."""
    cells = sum(len(str(c)) + 1 for _, row in sample for c in row)
    try:
        size = path.stat().st_size
    except OSError:
        return 0
    return size * len(sample) // cells if cells else 0


def _catalogue(
    path: Path,
    config: Config,
    mappings: Mapping[str, str] | None,
    *,
    header_cells: Sequence[Any],
    header_row: int,
    sample: Sequence[Sequence[Any]],
    records: Any,
    sheet: str | None,
    textual: bool,
    formulas: dict[int, list[tuple[int, str]]] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    row_hint: int | None = None,
    key_split: int | None = None,
) -> Catalogue:
    headers = _headers(header_cells)
    rules: SourceRules = detect_source(headers)
    mapping: ColumnMapping = map_columns(
        headers,
        mappings=mappings,
        config_mapping=config.mapping,
        vocabulary=rules.vocabulary,
        excluded=rules.excluded,
    )
    hints = _content_hints(mapping, sample)
    if hints:
        mapping = map_columns(
            headers,
            mappings=mappings,
            config_mapping=config.mapping,
            vocabulary=rules.vocabulary,
            excluded=rules.excluded,
            hints=hints,
        )
    fields = {c.field for c in mapping.columns}
    brand = config.brand.name if "brand" not in fields and config.brand.name else None
    reader = RowReader(
        path=path,
        sheet=sheet,
        rules=rules,
        mapping=mapping,
        records=records,
        textual=textual,
        brand=brand,
        formulas=formulas,
        units=unit_columns(headers, mapping.columns),
        keep_keys=not textual,
        key_split=key_split,
    )
    return Catalogue(
        path=path,
        source_kind=rules.kind,
        sheet=sheet,
        header_row=header_row,
        headers=headers,
        mapping=mapping.header_to_field(),
        skus_factory=reader.skus,
        raw_factory=reader.raw,
        keys_factory=reader.keys,
        reader=reader,
        row_hint=row_hint,
        findings=_missing_columns(path, config, fields, header_row, sheet, mapping),
        encoding=encoding,
        delimiter=delimiter,
    )


#: headers that mean a stock in a shop export but a net content in a food database
#: (Open Food Facts ``quantity`` = "500 g")
_AMBIGUOUS_QUANTITY = {"quantity", "quantite", "qte", "qty"}


def _content_hints(mapping: ColumnMapping, sample: Sequence[Sequence[Any]]) -> dict[int, str]:
    """A "quantity" column whose cells are contents (``150 g``, ``1 L``) is the net content."""
    if any(c.field == "net_content" for c in mapping.columns):
        return {}
    for column in mapping.columns:
        if column.field != "stock" or fold_key(column.header) not in _AMBIGUOUS_QUANTITY:
            continue
        cells = [r[column.index] for r in sample if column.index < len(r)]
        cells = [c for c in cells if cell_text(c).strip()]
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


def _missing_columns(
    path: Path,
    config: Config,
    fields: set[str],
    header_row: int,
    sheet: str | None,
    mapping: ColumnMapping,
) -> list[Finding]:
    findings: list[Finding] = []
    for name, label in _REQUIRED_LABELS.items():
        if name in fields:
            continue
        if name == "brand" and config.brand.name:
            continue
        if name == "price" and "price_excl_vat" in fields and config.pricing.add_vat_to_excl:
            continue
        how = f"map one with --map 'COLUMN={name}' or in [mapping] of export-kit.toml"
        if name == "brand":
            how += ", or set [brand] name in export-kit.toml"
        if name == "price" and "price_excl_vat" in fields:
            excl = next(c.header for c in mapping.columns if c.field == "price_excl_vat")
            how = (
                f"only '{excl}' (without VAT) was found: set [pricing] add_vat_to_excl = true "
                f"in export-kit.toml to add French VAT, or {how}"
            )
        findings.append(
            Finding(
                code="missing-column",
                severity=CODES["missing-column"][0],
                message=f"No column holds {label}: {how}.",
                row=header_row,
                column=None,
                field=name,
                sheet=sheet,
                source=path.name,
            )
        )
    return findings
