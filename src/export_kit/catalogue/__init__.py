"""Reading catalogues: spreadsheets and shop exports → a :class:`Catalogue`.

:func:`read_catalogue` opens the file, finds the header row, recognises the source
(Shopify, PrestaShop, WooCommerce or a generic French sheet), maps the columns to the
canonical fields and returns a re-iterable :class:`Catalogue`. Cells that cannot be read
become findings on their row (:attr:`Sku.issues`); problems of the whole file (a required
column missing) are :attr:`Catalogue.findings`; a file that cannot be read at all raises
:class:`~export_kit.errors.CatalogueError`.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, count
from pathlib import Path
from typing import Any

from export_kit.catalogue.base import Catalogue, RawRow, group_products, product_key
from export_kit.catalogue.columns import (
    content_hints,
    grams_columns,
    replace_columns,
    with_conventions,
    without_pictures,
)
from export_kit.catalogue.layout import MergedBlocks, looks_like_data, two_row_header
from export_kit.catalogue.mapping import (
    Column,
    ColumnMapping,
    column_letter,
    header_score,
    map_columns,
    unit_columns,
)
from export_kit.catalogue.parsing import ParseError, cell_text
from export_kit.catalogue.rows import RowReader
from export_kit.catalogue.shops import SourceRules, detect_source
from export_kit.catalogue.text import (
    TextFormat,
    iter_records,
    mixed_rows,
    sample_records,
    sniff_format,
)
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
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        # an XML feed or a web page saved as a spreadsheet: read as a CSV it is nonsense
        raise CatalogueError(
            f"{path.name} is an XML or HTML file, not a spreadsheet: export the catalogue "
            "from your shop or your spreadsheet as CSV or XLSX (in Excel: File > Save As > "
            "Excel Workbook).",
            source=str(path),
        )
    return _read_text(path, config, encoding, mappings)


def is_workbook(path: Path) -> bool:
    """True for a file that reads as a workbook (by its first bytes), False otherwise.

    A workbook is held whole in memory while it is read (calamine's copy of the sheet);
    a text file is streamed, its rows read again on each pass.
    """
    if not Path(path).is_file():  # a FIFO would block here: read_catalogue refuses it
        return False
    try:
        with Path(path).open("rb") as handle:
            return handle.read(8).startswith((_ZIP, _OLE))
    except OSError:
        return False


def _head(path: Path) -> bytes:
    try:
        try:
            status = path.stat()
        except FileNotFoundError:
            raise CatalogueError(
                f"{path}: no such file. Check the path.", source=str(path)
            ) from None
        if stat.S_ISDIR(status.st_mode):
            raise CatalogueError(f"{path} is a folder, not a catalogue file.", source=str(path))
        if not stat.S_ISREG(status.st_mode):
            # opening a FIFO blocks until a writer comes; a device never ends
            raise CatalogueError(
                f"{path} is {_special_kind(status.st_mode)}, not a catalogue file. "
                "Save the catalogue to a file and pass that.",
                source=str(path),
            )
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


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


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
    extra = list(mappings or {}) + list(config.mapping)
    book = load_workbook(
        path, wanted, scan_formulas=scan,
        score=lambda rows: _sheet_score(rows, extra),
        limits=config.limits,
    )
    if wanted:
        book.reason = (
            f"named with --sheet {sheet}" if sheet else "named in [catalogue] sheet of the config"
        )
    offset = book.row_offset
    head = head_rows(book, max(_HEAD_ROWS, (config.catalogue.header_row or 0) - offset))
    override = config.catalogue.header_row
    header_cells: Sequence[Any]
    no_header: int | None = None
    if override == 0:
        number, header_cells = 0, _letters(max((len(r) for r in head), default=0), book.col_offset)
    elif override is not None:
        index = override - offset - 1
        if not 0 <= index < len(head):
            raise CatalogueError(
                f"{path.name}: [catalogue] header_row = {override}, but the sheet "
                f"'{book.sheet}' has no such row.",
                source=str(path),
            )
        number, header_cells = override, head[index]
    else:
        numbered = [(i + offset + 1, row) for i, row in enumerate(head)]
        try:
            number, header_cells = _choose_header(numbered, extra)
        except CatalogueError:
            raise CatalogueError(
                f"{path.name}: the sheet '{book.sheet}' has no data.", source=str(path)
            ) from None
        no_header = _first_line_is_data(numbered, extra)
        if no_header is not None:
            number, header_cells = (
                0,
                _letters(max((len(r) for r in head), default=0), book.col_offset),
            )
    header_index = number - offset - 1 if number else -1
    last = header_index
    if number:
        header_cells, header_index, last = two_row_header(head, book.merged, header_index)
        number = header_index + offset + 1
    first = last + 1
    blocks = _merged_blocks(book, last)
    last_number = last + offset + 1
    formulas: dict[int, list[tuple[int, str]]] = {
        row: cells for row, cells in book.formulas.items() if row > last_number
    }
    # calamine leaves out trailing rows whose only cells are formulas without a value
    beyond = sorted(row for row in formulas if row > book.last_row)

    def records(start: int = 0) -> Iterator[tuple[int, list[Any]]]:
        base = offset + 1
        skip = max(first, start - base)
        rows = book.iter_rows(skip)
        if blocks is None:  # the usual sheet: numbered by C iterators, no Python frame a row
            return chain(zip(count(skip + base), rows), ((row, []) for row in beyond))
        return _patched(rows, skip, base, blocks, beyond)

    def mapped(mapping: ColumnMapping) -> None:
        if blocks is not None:
            by_field = mapping.by_field
            keys = [by_field[f][0].index for f in ("sku", "price") if f in by_field]
            if "price" not in by_field and "price_excl_vat" in by_field:
                keys.append(by_field["price_excl_vat"][0].index)
            blocks.key_columns(keys)

    return _catalogue(
        path,
        config,
        mappings,
        header_cells=header_cells,
        header_row=number,
        sample=head[first : first + 100],
        records=records,
        sheet=book.sheet,
        sheet_reason=book.reason,
        textual=False,
        formulas=formulas,
        row_hint=max(book.last_row - last_number, 0),
        key_split=_key_split(book, last_number),
        mapped=mapped,
        no_header=no_header,
    )


def _letters(width: int, first: int = 0) -> list[str]:
    """Column names of a file read without a header row: ``Column A``, ``Column B``...
    (``first``: the index of the first column, for a sheet whose data starts further
    right)."""
    return [f"Column {column_letter(first + i)}" for i in range(width)]


def _first_line_is_data(
    numbered: Sequence[tuple[int, Sequence[Any]]], wanted: Sequence[str]
) -> int | None:
    """The row of the first line when it is already a product (no header row), else None."""
    lines: list[tuple[int, Sequence[Any]]] = []
    for number, row in numbered:
        if any(cell_text(c).strip() for c in row):
            lines.append((number, row))
            if len(lines) >= _HEADER_SEARCH:
                break
    if any(header_score(row, wanted) for _, row in lines):
        return None
    if looks_like_data([row for _, row in lines[:2]], wanted):
        return lines[0][0]
    return None


def _sheet_score(rows: Sequence[Sequence[Any]], wanted: Sequence[str]) -> int:
    """How well a sheet's first rows read as a catalogue's header: the fields its best
    header candidate names (-1: no data at all)."""
    best = -1
    looked = 0
    for cells in rows:
        if not any(cell_text(c).strip() for c in cells):
            continue
        best = max(best, header_score(cells, wanted))
        looked += 1
        if looked >= _HEADER_SEARCH:
            break
    return best


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
    blocks: MergedBlocks,
    beyond: list[int],
) -> Iterator[tuple[int, list[Any]]]:
    """A sheet's rows numbered from ``skip + base``, merged values filled in and merged
    blocks read as one row (:class:`MergedBlocks`), then the rows ``beyond`` its last
    (formulas without a value, empty)."""
    yield from blocks.rows(rows, skip, base)
    for row in beyond:
        yield row, []


def _merged_blocks(book: Workbook, header_index: int) -> MergedBlocks | None:
    """The merged ranges below the header with their values (None: no merge there, the
    sheet's rows are read as they come)."""
    ranges = [r for r in book.merged if r[0][0] > header_index]
    if not ranges:
        return None
    tops = {r0 for (r0, _), _ in ranges}
    values: dict[tuple[int, int], Any] = {}
    for i, cells in enumerate(book.iter_rows()):
        if i in tops:
            for (r0, c0), _ in ranges:
                if r0 == i and c0 < len(cells):
                    values[(r0, c0)] = cells[c0]
        if i >= max(tops):
            break
    return MergedBlocks(ranges, values)


def _read_text(
    path: Path, config: Config, encoding: str | None, mappings: Mapping[str, str] | None
) -> Catalogue:
    fmt: TextFormat = sniff_format(path, encoding or config.catalogue.encoding)
    sample = sample_records(path, fmt, limit=60)
    override = config.catalogue.header_row
    extra = list(mappings or {}) + list(config.mapping)
    header_cells: Sequence[Any]
    no_header: int | None = None
    if override == 0:
        number, header_cells = 0, _letters(max((len(r) for _, r in sample), default=0))
    elif override is not None:
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
            number, header_cells = _choose_header(sample, extra)
        except CatalogueError:
            raise CatalogueError(
                f"{path.name} has no data: every row is empty.", source=str(path)
            ) from None
        no_header = _first_line_is_data(sample, extra)
        if no_header is not None:
            number = 0
            header_cells = _letters(max((len(r) for _, r in sample), default=0))

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
        mixed=mixed_rows(path, fmt),
        no_header=no_header,
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
    sheet_reason: str | None = None,
    formulas: dict[int, list[tuple[int, str]]] | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    row_hint: int | None = None,
    key_split: int | None = None,
    mixed: dict[int, str] | None = None,
    mapped: Callable[[ColumnMapping], None] | None = None,
    no_header: int | None = None,
) -> Catalogue:
    headers = _headers(header_cells)
    rules: SourceRules = detect_source(headers, sample)
    mapping: ColumnMapping = map_columns(
        headers,
        mappings=mappings,
        config_mapping=config.mapping,
        vocabulary=rules.vocabulary,
        excluded=rules.excluded,
    )
    hints = content_hints(mapping, sample, vocabulary=rules.vocabulary, formulas=formulas)
    if hints:
        mapping = map_columns(
            headers,
            mappings=mappings,
            config_mapping=config.mapping,
            vocabulary=rules.vocabulary,
            excluded=rules.excluded,
            hints=hints,
        )
    mapping = with_conventions(mapping, sample, rules.kind)
    units = unit_columns(headers, mapping.columns)
    grams = [c for c in grams_columns(mapping, sample) if c.index not in units]
    if grams:
        mapping = replace_columns(mapping, grams)
    formulas = without_pictures(formulas) if formulas else formulas
    if mapped is not None:
        mapped(mapping)
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
        units=units,
        keep_keys=not textual,
        key_split=key_split,
        mixed=mixed,
    )
    findings = _missing_columns(path, config, fields, header_row, sheet, mapping)
    findings += [_grams_finding(path, sheet, header_row, column) for column in grams]
    if no_header is not None:
        findings.insert(0, _no_header_finding(path, sheet, no_header, mappings))
    return Catalogue(
        path=path,
        source_kind=rules.kind,
        sheet=sheet,
        sheet_reason=sheet_reason,
        header_row=header_row,
        headers=headers,
        mapping=mapping.header_to_field(),
        skus_factory=reader.skus,
        raw_factory=reader.raw,
        keys_factory=reader.keys,
        reader=reader,
        row_hint=row_hint,
        findings=[*findings, *reader.reading_findings()],
        encoding=encoding,
        delimiter=delimiter,
    )


def _grams_finding(path: Path, sheet: str | None, header_row: int, column: Column) -> Finding:
    return Finding(
        code="weight-in-grams",
        severity=CODES["weight-in-grams"][0],
        message=(
            f"The column '{column.header}' names no unit and its weights are whole numbers "
            "of 50 or more (a product of 520 kg?): they are read as grams (520 → 0.52 kg). "
            f"If they are kilograms, write the header as '{column.header} (kg)'; else write "
            f"'{column.header} (g)' to make this warning go."
        ),
        row=header_row,
        column=column.header,
        field="weight_kg",
        sheet=sheet,
        source=path.name,
    )


def _no_header_finding(
    path: Path, sheet: str | None, row: int, mappings: Mapping[str, str] | None
) -> Finding:
    where = f"the sheet '{sheet}' of {path.name}" if sheet else path.name
    mapped = ", ".join(f"--map {c}={f}" for c, f in (mappings or {}).items())
    how = (
        f"you mapped {mapped}; "
        if mapped
        else "map the columns by letter (--map A=sku --map "
        'B=name ..., or A = "sku" in [mapping] of export-kit.toml), and '
    )
    return Finding(
        code="no-header-row",
        severity=CODES["no-header-row"][0],
        message=(
            f"{where} has no header row: its first line (row {row}) is already a product, "
            "and no cell names a column. Its columns are read as Column A, Column B... "
            f"To go on, {how}set header_row = 0 in [catalogue] of export-kit.toml to read the "
            "first line as a product (or add a header row to the file)."
        ),
        row=row,
        column=None,
        sheet=sheet,
        source=path.name,
    )


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
