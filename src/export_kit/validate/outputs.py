"""Files written from a report: the annotated copy and the invalid-rows file (DESIGN §6).

- :func:`write_annotated_copy` (``validate --report FILE.xlsx``): the catalogue's cells at
  their original row and column, problem cells filled red (error) or amber (warning)
  with a comment holding the messages, and a ``Findings`` sheet.
- :func:`write_invalid_rows` (``validate --invalid-rows FILE``): only the rejected rows,
  original header and columns plus a ``reason`` column, ready to fix and re-import.

Both stream the rows (openpyxl write-only mode, ``csv``), are written atomically, and
neutralise cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from export_kit.fileio import FORMULA_PREFIXES, atomic_path, atomic_writer

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.validate.report import Finding, Report

__all__ = [
    "ERROR_FILL",
    "PRODUCT_LEVEL_CODES",
    "PRODUCT_LEVEL_FIELDS",
    "WARNING_FILL",
    "is_product_level",
    "rejected_rows",
    "safe_cell",
    "write_annotated_copy",
    "write_invalid_rows",
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
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def safe_cell(value: str | None) -> str | None:
    """A cell text that no spreadsheet runs as a formula (plain numbers such as ``-12,5``
    stay as they are, so a fixed file re-imports unchanged)."""
    if not value:
        return None
    if value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


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
    title = _SHEET_FORBIDDEN.sub(" ", name or fallback).strip().strip("'") or "Catalogue"
    return title[:31]


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
        marks = cells.get(row, {})
        values = values or []
        out: list[Any] = []
        for col in range(max(len(values), max(marks, default=-1) + 1)):
            value = safe_cell(values[col]) if col < len(values) else None
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
    header_cells = []
    for name in FINDINGS_HEADER:
        cell = WriteOnlyCell(findings_sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    findings_sheet.append(header_cells)
    for finding in report.sorted_findings():
        findings_sheet.append(
            [
                finding.code,
                finding.severity,
                finding.row,
                safe_cell(finding.column),
                safe_cell(finding.sku),
                safe_cell(finding.value),
                safe_cell(finding.message),
            ]
        )
    with atomic_path(target) as tmp:
        workbook.save(tmp)


def _comment(found: list[Finding], comment_class: Any) -> Any:
    text = "\n".join(f"{f.severity} ({f.code}): {f.message}" for f in found)
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
                yield [safe_cell(v) for v in values] + [safe_cell(" | ".join(found))]

    count = 0
    if target.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_sheet_title(catalogue.sheet, "Invalid rows"))
        sheet.append([safe_cell(h) for h in header])
        for values in rows():
            sheet.append(values)
            count += 1
        with atomic_path(target) as tmp:
            workbook.save(tmp)
        return count
    if target.suffix.lower() in (".tsv", ".txt") and catalogue.delimiter is None:
        delimiter = "\t"
    else:
        delimiter = catalogue.delimiter or ";"
    with atomic_writer(target, encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([safe_cell(h) or "" for h in header])
        for values in rows():
            writer.writerow([v or "" for v in values])
            count += 1
    return count
