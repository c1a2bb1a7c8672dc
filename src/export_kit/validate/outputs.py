"""Files written from a report: the annotated copy and the invalid-rows file.

- :func:`write_annotated_copy` (``validate --report FILE.xlsx``): the catalogue's own
  workbook with its problem cells filled red (error) or amber (warning) and commented, and
  a ``Findings`` sheet (:mod:`export_kit.validate.annotate`).
- :func:`write_invalid_rows` (``validate --invalid-rows FILE``): every row of every
  rejected product (:mod:`export_kit.validate.rejected`), original header and columns plus
  a ``reason`` column, ready to fix and re-import.

Both are written atomically and neutralise cells a spreadsheet would run as formulas.
Every text a reader accepted can be written (:func:`xlsx_text`, :func:`csv_text`): a
control character a workbook cannot hold is replaced by a fixed rule, a NUL never reaches
a CSV; a catalogue wider or longer than a worksheet is an
:class:`~export_kit.errors.OutputError` (exit 3) naming the limit.
"""

from __future__ import annotations

import csv
import re
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
    "WARNING_FILL",
    "XLSX_MAX_CELL",
    "XLSX_MAX_COLUMNS",
    "XLSX_MAX_ROWS",
    "check_fits_worksheet",
    "csv_text",
    "safe_cell",
    "write_invalid_rows",
    "xlsx_text",
]

#: ARGB fills of the annotated copy (Excel's "bad" red and "neutral" amber)
ERROR_FILL = "FFFFC7CE"
WARNING_FILL = "FFFFEB9C"
FINDINGS_SHEET = "Findings"
FINDINGS_HEADER = ("code", "severity", "row", "column", "sku", "value", "message")

RANK = {"error": 0, "warning": 1, "info": 2}
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


def too_many_rows(target: Path, row: int) -> OutputError:
    """The error (exit 3) of a worksheet output that needs ``row``, past a worksheet's last."""
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


def xlsx_cell(value: str | None) -> str | None:
    """A text as a worksheet cell export-kit writes: :func:`safe_cell`, then
    :func:`xlsx_text` (``None`` for an empty text)."""
    safe = safe_cell(value)
    return xlsx_text(safe) if safe is not None else None


def _csv_cell(value: str | None) -> str:
    safe = safe_cell(value)
    return csv_text(safe) if safe is not None else ""


def sheet_title(name: str | None, fallback: str) -> str:
    """A worksheet name from ``name`` (else ``fallback``): no character Excel refuses, 31
    characters at most."""
    title = _SHEET_FORBIDDEN.sub(" ", name or fallback).strip().strip("'")[:31].strip()
    return title or "Catalogue"


def _label(finding: Finding) -> str:
    return f"{finding.column}: {finding.message}" if finding.column else finding.message


# ------------------------------------------------------------------ invalid rows


def _reason_header(headers: list[str]) -> str:
    return "reason" if "reason" not in headers else "reason (export-kit)"


def write_invalid_rows(catalogue: Catalogue, report: Report, target: Path) -> int:
    """Write the rejected rows of ``catalogue`` to ``target`` (.csv/.tsv/.txt or .xlsx).

    Returns the number of rows written (besides the header).
    """
    from export_kit.validate.rejected import rejected_rows

    reasons = rejected_rows(catalogue, report)
    headers = list(catalogue.headers)
    # a file without a header row gets none either: read back as it was (header_row = 0)
    titled = catalogue.header_row >= 1
    width = len(headers)
    header = [*headers, _reason_header(headers)]

    def rows() -> Iterable[list[str | None]]:
        if not reasons:  # nothing rejected: no need to read the rows again
            return
        for raw in catalogue.iter_raw_rows():
            found = reasons.get(raw.row)
            if found is not None:
                values = (list(raw.values) + [""] * width)[:width]
                yield [*values, " | ".join(found)]

    count = 0
    if target.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        from export_kit.validate.celltypes import ColumnKinds

        check_fits_worksheet(len(header), target, "--invalid-rows")
        # numbers as numbers, as in the annotated copy (codes stay text)
        kinds = ColumnKinds(catalogue) if reasons else None
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(sheet_title(catalogue.sheet, "Invalid rows"))
        if titled:
            sheet.append([xlsx_cell(h) for h in header])
        for values in rows():
            if count + 1 + titled > XLSX_MAX_ROWS:
                raise too_many_rows(target, count + 1 + titled)
            cells: list[Any] = []
            for index, value in enumerate(values):
                number, shown = (
                    kinds.typed(index, value or "")
                    if kinds is not None and index < width
                    else (None, None)
                )
                if number is None:
                    cells.append(xlsx_cell(value))
                elif shown is None:
                    cells.append(number)
                else:
                    cell = WriteOnlyCell(sheet, value=number)
                    cell.number_format = shown
                    cells.append(cell)
            sheet.append(cells)
            count += 1
        save_workbook(workbook, target)
        return count
    if target.suffix.lower() in (".tsv", ".txt") and catalogue.delimiter is None:
        delimiter = "\t"
    else:
        delimiter = catalogue.delimiter or ";"
    with atomic_writer(target, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        if titled:
            writer.writerow([_csv_cell(h) for h in header])
        for values in rows():
            writer.writerow([_csv_cell(v) for v in values])
            count += 1
    return count
