"""Files written from a report: the annotated copy and the invalid-rows file (DESIGN §6).

- :func:`write_annotated_copy` (``validate --report FILE.xlsx``): the catalogue's cells at
  their original row and column, problem cells filled red (error) or amber (warning)
  with a comment holding the messages, and a ``Findings`` sheet.
- :func:`write_invalid_rows` (``validate --invalid-rows FILE``): only the rejected rows,
  original header and columns plus a ``reason`` column, ready to fix and re-import.

Both stream the rows (openpyxl write-only mode, ``csv``), are written atomically, and
neutralise cells a spreadsheet would run as formulas. Every text a reader accepted can be
written (:func:`xlsx_text`, :func:`csv_text`): a control character a workbook cannot hold
is replaced by a fixed rule, a NUL never reaches a CSV; a catalogue wider or longer than a
worksheet is an :class:`~export_kit.errors.OutputError` (exit 3) naming the limit.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from export_kit.errors import OutputError
from export_kit.fileio import FORMULA_PREFIXES, atomic_writer, save_workbook

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.validate.report import Finding, Report

__all__ = [
    "ERROR_FILL",
    "PRODUCT_LEVEL_CODES",
    "PRODUCT_LEVEL_FIELDS",
    "WARNING_FILL",
    "XLSX_MAX_CELL",
    "XLSX_MAX_COLUMNS",
    "XLSX_MAX_ROWS",
    "check_fits_worksheet",
    "csv_text",
    "is_product_level",
    "rejected_rows",
    "safe_cell",
    "write_annotated_copy",
    "write_invalid_rows",
    "xlsx_text",
]

#: ARGB fills of the annotated copy (Excel's "bad" red and "neutral" amber)
ERROR_FILL = "FFFFC7CE"
WARNING_FILL = "FFFFEB9C"
FINDINGS_SHEET = "Findings"
FINDINGS_HEADER = ("code", "severity", "row", "column", "sku", "value", "message")

#: fields a product holds once: a missing one rejects every row of the product
PRODUCT_LEVEL_FIELDS = frozenset({"name", "brand", "description", "category", "images"})
#: codes about the listing as a whole (its title, texts, images, category)
PRODUCT_LEVEL_CODES = frozenset(
    {
        "missing-image",
        "missing-hs-code",
        "title-too-long",
        "missing-translation",
        "missing-brand-name",
        "unmapped-category",
        "too-many-images",
        "banned-term",
        "superlative-claim",
        "medical-claim",
        "special-cosmetic-claim",
    }
)
_RANK = {"error": 0, "warning": 1, "info": 2}
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

#: what one worksheet holds (Excel's limits: a workbook past them does not open)
XLSX_MAX_COLUMNS = 16_384
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CELL = 32_767
#: characters XML 1.0, hence a workbook, cannot hold: C0 controls but tab, LF and CR,
#: lone surrogates, U+FFFE and U+FFFF
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: ``_x0041_`` in a cell is read as "A" by Excel and python-calamine: escaped as they do
_XLSX_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
#: the vertical tab is Mac Excel's line break inside a cell (exported to CSV as is)
_LINE_BREAKS = {"\x0b": "\n"}
REPLACEMENT = "\ufffd"


def _replace_control(match: re.Match[str]) -> str:
    return _LINE_BREAKS.get(match.group(), REPLACEMENT)


def xlsx_text(value: str) -> str:
    """``value`` as a worksheet cell can hold it, read back the same by Excel and export-kit.

    A vertical tab (Mac Excel's line break in a cell) becomes a line break; any other
    character XML cannot hold (C0 controls but tab, line feed and carriage return, U+FFFE,
    U+FFFF) becomes U+FFFD "�", visibly; a literal ``_x0041_`` is escaped so that it is not
    read back as "A"; past 32,767 characters (a cell's most) the text is cut and ends
    in "…".
    """
    if _NOT_IN_XML.search(value) is not None:
        value = _NOT_IN_XML.sub(_replace_control, value)
    if "_x" in value:
        value = _XLSX_ESCAPE.sub(r"_x005F_\1", value)
    if len(value) > XLSX_MAX_CELL:
        value = value[: XLSX_MAX_CELL - 1] + "…"
    return value


def csv_text(value: str) -> str:
    """``value`` as a CSV export-kit writes it: a NUL (which would make the file binary to
    every reader, export-kit's own included) becomes U+FFFD "�"; the rest is kept."""
    return value.replace("\x00", REPLACEMENT) if "\x00" in value else value


def check_fits_worksheet(columns: int, target: Path, option: str) -> None:
    """Refuse (exit 3) a worksheet output of more columns than a worksheet holds."""
    if columns > XLSX_MAX_COLUMNS:
        raise OutputError(
            f"Cannot write {option} {target}: it needs {columns:,} columns (the catalogue's"
            f"{' and the reason' if option == '--invalid-rows' else ''}), more than the "
            f"{XLSX_MAX_COLUMNS:,} a worksheet holds. "
            + (
                "Write the rejected rows to a .csv file instead."
                if option == "--invalid-rows"
                else "Use --format json or --invalid-rows FILE.csv for its findings."
            )
        )


def _too_many_rows(target: Path, row: int) -> OutputError:
    return OutputError(
        f"Cannot write {target}: row {row:,} is past the {XLSX_MAX_ROWS:,} rows a worksheet "
        "holds. Use --format json, or write the rejected rows to a .csv file."
    )


def safe_cell(value: str | None) -> str | None:
    """A cell text that no spreadsheet runs as a formula (plain numbers such as ``-12,5``
    stay as they are, so a fixed file re-imports unchanged)."""
    if not value:
        return None
    if value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _xlsx_cell(value: str | None) -> str | None:
    safe = safe_cell(value)
    return xlsx_text(safe) if safe is not None else None


def _csv_cell(value: str | None) -> str:
    safe = safe_cell(value)
    return csv_text(safe) if safe is not None else ""


def is_product_level(finding: Finding) -> bool:
    """Whether a finding concerns the product as a whole rather than one row.

    A bad cell (an EAN, a price, an image URL) rejects its row; a listing-wide problem
    (no name, no image, a banned claim in its texts) rejects every row of the product.
    """
    if finding.code in PRODUCT_LEVEL_CODES:
        return True
    return finding.code in ("missing-value", "missing-recommended") and (
        finding.field in PRODUCT_LEVEL_FIELDS
    )


def _sheet_title(name: str | None, fallback: str) -> str:
    title = _SHEET_FORBIDDEN.sub(" ", name or fallback).strip().strip("'")[:31].strip()
    return title or "Catalogue"


def _label(finding: Finding) -> str:
    return f"{finding.column}: {finding.message}" if finding.column else finding.message


# ------------------------------------------------------------------ annotated copy


def write_annotated_copy(catalogue: Catalogue, report: Report, target: Path) -> None:
    """Write the annotated copy of ``catalogue`` to ``target`` (an .xlsx workbook)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    fills = {
        "error": PatternFill(fill_type="solid", start_color=ERROR_FILL, end_color=ERROR_FILL),
        "warning": PatternFill(fill_type="solid", start_color=WARNING_FILL, end_color=WARNING_FILL),
    }
    bold = Font(bold=True)
    headers = catalogue.headers
    check_fits_worksheet(len(headers), target, "--report")
    index: dict[str, int] = {}
    for i, header in enumerate(headers):
        index.setdefault(header, i)
    header_row = catalogue.header_row
    # row -> column index -> findings; catalogue-level ones go on the header row
    cells: dict[int, dict[int, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in report.findings:
        row = header_row if finding.row is None else finding.row
        column = index.get(finding.column, 0) if finding.column else 0
        cells[row][column].append(finding)

    workbook = Workbook(write_only=True)
    title = _sheet_title(catalogue.sheet, catalogue.path.stem)
    sheet = workbook.create_sheet(title)
    findings_title = FINDINGS_SHEET if title != FINDINGS_SHEET else "Findings (export-kit)"

    def styled(row: int, values: list[str] | None = None, font: Any = None) -> list[Any]:
        if row > XLSX_MAX_ROWS:
            raise _too_many_rows(target, row)
        marks = cells.get(row, {})
        values = values or []
        out: list[Any] = []
        width = max(len(values), max(marks, default=-1) + 1)
        if width > XLSX_MAX_COLUMNS:
            # a row wider than its header: the empty cells past the limit go, a value there
            # cannot be shown
            width = len(values)
            while width > XLSX_MAX_COLUMNS and not values[width - 1]:
                width -= 1
            check_fits_worksheet(width, target, "--report")
        for col in range(width):
            value = _xlsx_cell(values[col]) if col < len(values) else None
            found = marks.get(col)
            if not found and font is None:
                out.append(value)
                continue
            cell = WriteOnlyCell(sheet, value=value)
            if font is not None:
                cell.font = font
            if found:
                worst = min(found, key=lambda f: _RANK[f.severity])
                if worst.severity in fills:
                    cell.fill = fills[worst.severity]
                cell.comment = _comment(found, Comment)
            out.append(cell)
        return out

    written = 0

    def skip_to(row: int) -> None:
        nonlocal written
        while written < row - 1:
            written += 1
            sheet.append(styled(written) if written in cells else [])

    skip_to(header_row)
    sheet.append(styled(header_row, headers, bold))
    written = header_row
    for raw in catalogue.iter_raw_rows():
        if raw.row <= written:
            continue
        skip_to(raw.row)
        sheet.append(styled(raw.row, raw.values))
        written = raw.row
    for row in sorted(r for r in cells if r > written):
        skip_to(row)
        sheet.append(styled(row))
        written = row

    findings_sheet = workbook.create_sheet(findings_title)
    room = XLSX_MAX_ROWS - 2  # the header, and a last line saying what did not fit
    header_cells = []
    for name in FINDINGS_HEADER:
        cell = WriteOnlyCell(findings_sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    findings_sheet.append(header_cells)
    for count, finding in enumerate(report.sorted_findings()):
        if count == room:
            left = len(report.findings) - room
            findings_sheet.append(
                [None] * 6 + [f"... and {left:,} more findings: see --format json."]
            )
            break
        findings_sheet.append(
            [
                finding.code,
                finding.severity,
                finding.row,
                _xlsx_cell(finding.column),
                _xlsx_cell(finding.sku),
                _xlsx_cell(finding.value),
                _xlsx_cell(finding.message),
            ]
        )
    save_workbook(workbook, target)


def _comment(found: list[Finding], comment_class: Any) -> Any:
    text = xlsx_text("\n".join(f"{f.severity} ({f.code}): {f.message}" for f in found))
    comment = comment_class(text, "export-kit")
    comment.width = 320
    comment.height = min(400, 40 + 16 * (len(text) // 45 + len(found)))
    return comment


# ------------------------------------------------------------------ invalid rows


def rejected_rows(catalogue: Catalogue, report: Report) -> dict[int, list[str]]:
    """Rows rejected by an error finding → their reasons, in file order.

    A row-level error rejects its row; a product-level one (a missing name, a banned
    claim in the description...) rejects every row of the product.
    """
    from export_kit.catalogue.base import product_key

    reasons: dict[int, list[str]] = defaultdict(list)
    product_errors: list[Finding] = []
    for finding in report.sorted_findings():
        if finding.severity != "error" or finding.row is None:
            continue
        if is_product_level(finding):
            product_errors.append(finding)
        else:
            reasons[finding.row].append(_label(finding))
    if product_errors:
        rows_of: dict[str, list[int]] = defaultdict(list)
        key_of: dict[int, str] = {}
        for sku in catalogue.iter_skus():
            key = product_key(sku)
            rows_of[key].append(sku.row)
            key_of[sku.row] = key
        for finding in product_errors:
            row_key = key_of.get(finding.row) if finding.row is not None else None
            rows = rows_of[row_key] if row_key is not None else [finding.row]
            for row in rows:
                if row is not None:
                    reasons[row].append(_label(finding))
    return {row: list(dict.fromkeys(reasons[row])) for row in sorted(reasons)}


def _reason_header(headers: list[str]) -> str:
    return "reason" if "reason" not in headers else "reason (export-kit)"


def write_invalid_rows(catalogue: Catalogue, report: Report, target: Path) -> int:
    """Write the rejected rows of ``catalogue`` to ``target`` (.csv/.tsv/.txt or .xlsx).

    Returns the number of rows written (besides the header).
    """
    reasons = rejected_rows(catalogue, report)
    headers = list(catalogue.headers)
    width = len(headers)
    header = [*headers, _reason_header(headers)]

    def rows() -> Iterable[list[str | None]]:
        if not reasons:  # nothing rejected: no need to read the rows again
            return
        for raw in catalogue.iter_raw_rows():
            found = reasons.get(raw.row)
            if found:
                values = (list(raw.values) + [""] * width)[:width]
                yield [*values, " | ".join(found)]

    count = 0
    if target.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import Workbook

        check_fits_worksheet(len(header), target, "--invalid-rows")
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_sheet_title(catalogue.sheet, "Invalid rows"))
        sheet.append([_xlsx_cell(h) for h in header])
        for values in rows():
            if count + 2 > XLSX_MAX_ROWS:
                raise _too_many_rows(target, count + 2)
            sheet.append([_xlsx_cell(v) for v in values])
            count += 1
        save_workbook(workbook, target)
        return count
    if target.suffix.lower() in (".tsv", ".txt") and catalogue.delimiter is None:
        delimiter = "\t"
    else:
        delimiter = catalogue.delimiter or ";"
    with atomic_writer(target, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([_csv_cell(h) for h in header])
        for values in rows():
            writer.writerow([_csv_cell(v) for v in values])
            count += 1
    return count
