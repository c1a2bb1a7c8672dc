"""The annotated copy (``validate --report FILE.xlsx``): the brand's own file, problems marked.

- An .xlsx/.xlsm catalogue is loaded whole (openpyxl) and saved again with its sheets,
  merged cells, styles, number formats, column widths, freeze panes, formulas and values
  as they were; only the problem cells of the catalogue's sheet change (a red or amber
  fill, a comment holding the messages) and a ``Findings`` sheet is added.
- A CSV (or a workbook openpyxl cannot open: .xls, .ods, .xlsb, or one past
  :data:`WHOLE_COPY_MAX_CELLS`) becomes a workbook written row by row: the same columns at
  the same rows, numbers as numbers (:mod:`export_kit.validate.celltypes`), codes and
  texts as text.

Every text export-kit writes goes through :func:`~export_kit.validate.outputs.xlsx_text`;
the CSV's cells also through :func:`~export_kit.validate.outputs.safe_cell` (a cell that
would run as a formula is written as text).
"""

from __future__ import annotations

import warnings
import zipfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from export_kit.catalogue.parsing import cell_text, fold_key
from export_kit.errors import OutputError
from export_kit.fileio import save_workbook
from export_kit.validate.celltypes import ColumnKinds
from export_kit.validate.outputs import (
    ERROR_FILL,
    FINDINGS_HEADER,
    FINDINGS_SHEET,
    RANK,
    WARNING_FILL,
    XLSX_MAX_COLUMNS,
    XLSX_MAX_ROWS,
    check_fits_worksheet,
    sheet_title,
    too_many_rows,
    xlsx_cell,
    xlsx_text,
)

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.validate.report import Finding, Report

__all__ = ["WHOLE_COPY_MAX_CELLS", "write_annotated_copy"]

#: a workbook of more cells than this (rows × columns of the catalogue's sheet) is copied
#: row by row: openpyxl holds every cell of a loaded workbook in memory (about 1 KB each)
WHOLE_COPY_MAX_CELLS = 500_000
_WHOLE_SUFFIXES = (".xlsx", ".xlsm")
# cells: row → column index → findings
Marks = dict[int, dict[int, list["Finding"]]]


def write_annotated_copy(catalogue: Catalogue, report: Report, target: Path) -> bool:
    """Write the annotated copy of ``catalogue`` to ``target`` (.xlsx; .xlsm for an .xlsm
    catalogue, its macros kept).

    A workbook is its own file with the problem cells filled and commented; a CSV a
    workbook of its columns, numbers typed. Both get a ``Findings`` sheet. Returns True
    when the copy is the workbook itself, False when its cells were copied row by row (a
    CSV, a workbook too big to load whole or that openpyxl cannot open).
    """
    check_fits_worksheet(len(catalogue.headers), target, "--report")
    if _whole_copy(catalogue):
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            _annotate_workbook(catalogue, report, target)
            return True
        except (
            InvalidFileException,
            zipfile.BadZipFile,
            KeyError,
            IndexError,
            ValueError,
            TypeError,
            AttributeError,
            MemoryError,
        ):
            pass  # a workbook openpyxl cannot read or hold: its cells, row by row
    if target.suffix.lower() == ".xlsm":
        # a workbook without the macros under an .xlsm name: Excel refuses to open it
        raise OutputError(
            f"Cannot write {target}: the catalogue is copied row by row (it is past "
            f"{WHOLE_COPY_MAX_CELLS:,} cells, or openpyxl cannot open it), without its "
            "macros. Write the annotated copy to a .xlsx file instead."
        )
    _streamed_copy(catalogue, report, target)
    return False


def _whole_copy(catalogue: Catalogue) -> bool:
    if catalogue.sheet is None or catalogue.path.suffix.lower() not in _WHOLE_SUFFIXES:
        return False
    if not catalogue.path.is_file():
        return False
    rows = catalogue.row_hint if catalogue.row_hint is not None else catalogue.rows
    return (rows + catalogue.header_row) * max(len(catalogue.headers), 1) <= WHOLE_COPY_MAX_CELLS


def _marks(catalogue: Catalogue, report: Report, first_row: int) -> Marks:
    """Each finding at its cell: its row (catalogue-level ones on ``first_row``) and its
    column's index among the headers (the first column when it names none)."""
    index: dict[str, int] = {}
    for i, header in enumerate(catalogue.headers):
        index.setdefault(header, i)
    cells: Marks = defaultdict(lambda: defaultdict(list))
    for finding in report.findings:
        row = first_row if finding.row is None or finding.row < 1 else finding.row
        column = index.get(finding.column, 0) if finding.column else 0
        cells[row][column].append(finding)
    return cells


def _comment_text(found: list[Finding]) -> str:
    return "\n".join(f"{f.severity} ({f.code}): {f.message}" for f in found)


def _comment(text: str, lines: int) -> Any:
    from openpyxl.comments import Comment

    text = xlsx_text(text)
    comment = Comment(text, "export-kit")
    comment.width = 320
    comment.height = min(400, 40 + 16 * (len(text) // 45 + lines))
    return comment


def _fills() -> dict[str, Any]:
    from openpyxl.styles import PatternFill

    return {
        "error": PatternFill(fill_type="solid", start_color=ERROR_FILL, end_color=ERROR_FILL),
        "warning": PatternFill(fill_type="solid", start_color=WARNING_FILL, end_color=WARNING_FILL),
    }


def _findings_title(taken: Sequence[str]) -> str:
    """``Findings``, or a name no sheet of the workbook has (Excel ignores case)."""
    used = {name.casefold() for name in taken}
    for title in (FINDINGS_SHEET, f"{FINDINGS_SHEET} (export-kit)"):
        if title.casefold() not in used:
            return title
    number = 2
    while f"{FINDINGS_SHEET} {number}".casefold() in used:
        number += 1
    return f"{FINDINGS_SHEET} {number}"


def _findings_rows(report: Report) -> Iterator[list[Any]]:
    room = XLSX_MAX_ROWS - 2  # the header, and a last line saying what did not fit
    for count, finding in enumerate(report.sorted_findings()):
        if count == room:
            left = len(report.findings) - room
            yield [None] * 6 + [f"... and {left:,} more findings: see --format json."]
            return
        yield [
            finding.code,
            finding.severity,
            finding.row,
            xlsx_cell(finding.column),
            xlsx_cell(finding.sku),
            xlsx_cell(finding.value),
            xlsx_cell(finding.message),
        ]


# ------------------------------------------------------------------ the workbook itself


def _annotate_workbook(catalogue: Catalogue, report: Report, target: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.cell.cell import MergedCell
    from openpyxl.styles import Font

    source = catalogue.path
    # a macro-enabled copy only under an .xlsm name: Excel refuses an .xlsx holding macros
    keep_vba = source.suffix.lower() == ".xlsm" and target.suffix.lower() == ".xlsm"
    with warnings.catch_warnings():
        # "Unknown extension is not supported": openpyxl's notes on what it leaves out,
        # which the docs say; a user sees no library warning
        warnings.simplefilter("ignore")
        book = load_workbook(source, keep_vba=keep_vba, rich_text=True, keep_links=True)
    sheet = book[catalogue.sheet]
    offset = _column_offset(sheet, catalogue)
    fills = _fills()
    for row, columns in _marks(catalogue, report, max(catalogue.header_row, 1)).items():
        for index, found in columns.items():
            column = offset + index + 1
            if row > XLSX_MAX_ROWS or column > XLSX_MAX_COLUMNS:
                continue  # past a worksheet: the Findings sheet still names it
            cell = sheet.cell(row=row, column=column)
            if isinstance(cell, MergedCell):  # the problem is the merged block's value
                for merged in sheet.merged_cells.ranges:
                    if (
                        merged.min_row <= row <= merged.max_row
                        and merged.min_col <= column <= merged.max_col
                    ):
                        cell = sheet.cell(row=merged.min_row, column=merged.min_col)
                        break
            worst = min(found, key=lambda f: RANK[f.severity])
            if worst.severity in fills:
                cell.fill = fills[worst.severity]
            text = _comment_text(found)
            if cell.comment is not None:  # the brand's own note is kept, ours below it
                text = f"{cell.comment.text}\n---\n{text}"
            cell.comment = _comment(text, len(found) + 1)
    findings = book.create_sheet(_findings_title(book.sheetnames))
    findings.append(list(FINDINGS_HEADER))
    bold = Font(bold=True)
    for cell in findings[1]:
        cell.font = bold
    for values in _findings_rows(report):
        findings.append(values)
    findings.freeze_panes = "A2"
    # openpyxl writes formulas without their saved results: the spreadsheet computes them
    # when the copy is opened
    book.calculation.fullCalcOnLoad = True
    save_workbook(book, target)


def _column_offset(sheet: Any, catalogue: Catalogue) -> int:
    """How many columns the catalogue's first header is right of column A: found by
    matching the headers with the header row's cells (and the row below, for a header on
    two rows), so a problem cell is marked at its own column."""
    row = catalogue.header_row
    if row < 1:
        return _first_filled_column(sheet, 1)
    found = [
        {int(c.column): fold_key(cell_text(c.value)) for c in cells if c.value is not None}
        for cells in sheet.iter_rows(min_row=row, max_row=row + 1)
    ]
    return _best_offset(catalogue.headers, [[*found, {}, {}][:2]]) or 0


def _best_offset(headers: Sequence[str], pairs: Sequence[Sequence[dict[int, str]]]) -> int | None:
    """The offset at which ``headers`` match best a header row (and the row below it) of
    ``pairs``: each row as column number (1 = A) → folded text; None when none matches."""
    named = [(i, fold_key(h)) for i, h in enumerate(headers) if fold_key(h)]
    if not named:
        return None
    first_index, first_name = named[0]
    best: tuple[int, int] | None = None
    for top, below in pairs:
        candidates = {
            column - 1 - first_index
            for column, text in (*top.items(), *below.items())
            if text
            and (
                first_name == text
                or first_name.startswith(text + " ")
                or first_name.endswith(" " + text)
            )
        }
        for offset in sorted(c for c in candidates if c >= 0):
            hits = 0
            for i, name in named:
                upper = top.get(offset + i + 1, "")
                lower = below.get(offset + i + 1, "")
                if (
                    name in (upper, lower)
                    or (upper and name.startswith(upper))
                    or (lower and name.endswith(lower))
                ):
                    hits += 1
            if best is None or hits > best[0]:
                best = (hits, offset)
    return best[1] if best is not None else None


def _first_filled_column(sheet: Any, row: int) -> int:
    for cells in sheet.iter_rows(min_row=row, max_row=row + 5):
        for cell in cells:
            if cell.value is not None:
                return int(cell.column) - 1
    return 0


def _sheet_offset(catalogue: Catalogue) -> int:
    """The column offset of a workbook's data, from the first rows of its sheet's XML (not
    the whole sheet: a big one takes seconds to load); 0 for a CSV or a workbook that is
    not an .xlsx/.xlsm."""
    if catalogue.sheet is None or catalogue.path.suffix.lower() not in _WHOLE_SUFFIXES:
        return 0
    from export_kit.catalogue.workbook import _sheet_parts, _xml_head

    try:
        with zipfile.ZipFile(catalogue.path) as archive:
            part = _sheet_parts(archive).get(catalogue.sheet)
            if part is None:
                return 0
            # the rows the XML holds down to the header (blank rows are not written)
            head = _xml_head(archive, part, max(catalogue.header_row, 1) + 1)
    except (OSError, KeyError, zipfile.BadZipFile, EOFError, ValueError):
        return 0
    rows = [
        {i + 1: fold_key(cell_text(v)) for i, v in enumerate(cells) if v != ""} for cells in head
    ]
    if catalogue.header_row < 1:
        return min((min(r) - 1 for r in rows if r), default=0)
    pairs = [(rows[i], rows[i + 1] if i + 1 < len(rows) else {}) for i in range(len(rows))]
    return _best_offset(catalogue.headers, pairs) or 0


# ------------------------------------------------------------------ row by row


def _streamed_copy(catalogue: Catalogue, report: Report, target: Path) -> None:
    """The catalogue's cells at their original row and column in a new workbook (written
    row by row: flat memory whatever the size), numbers typed, problem cells marked."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    fills = _fills()
    bold = Font(bold=True)
    headers = catalogue.headers
    header_row = catalogue.header_row
    cells = _marks(catalogue, report, max(header_row, 1))
    kinds = ColumnKinds(catalogue)
    offset = _sheet_offset(catalogue)

    workbook = Workbook(write_only=True)
    title = sheet_title(catalogue.sheet, catalogue.path.stem)
    sheet = workbook.create_sheet(title)
    for i, header in enumerate(headers[: XLSX_MAX_COLUMNS - offset]):
        width = min(max(len(header) + 2, 10), 50)
        sheet.column_dimensions[get_column_letter(offset + i + 1)].width = width
    if header_row >= 1:
        sheet.freeze_panes = f"A{header_row + 1}"

    def styled(row: int, values: Sequence[str] | None = None, header: bool = False) -> list[Any]:
        if row > XLSX_MAX_ROWS:
            raise too_many_rows(target, row)
        marks = cells.get(row, {})
        values = values or []
        out: list[Any] = [None] * offset  # the columns left of the data, empty
        width = max(len(values), max(marks, default=-1) + 1)
        if width + offset > XLSX_MAX_COLUMNS:
            # a row wider than its header: the empty cells past the limit go, a value there
            # cannot be shown
            width = len(values)
            while width + offset > XLSX_MAX_COLUMNS and not values[width - 1]:
                width -= 1
            check_fits_worksheet(width + offset, target, "--report")
        for col in range(width):
            text = values[col] if col < len(values) else ""
            number, shown = kinds.typed(col, text) if not header else (None, None)
            value = number if number is not None else xlsx_cell(text)
            found = marks.get(col)
            if not found and not header and shown is None:
                out.append(value)
                continue
            cell = WriteOnlyCell(sheet, value=value)
            if header:
                cell.font = bold
            if shown is not None:
                cell.number_format = shown
            if found:
                worst = min(found, key=lambda f: RANK[f.severity])
                if worst.severity in fills:
                    cell.fill = fills[worst.severity]
                cell.comment = _comment(_comment_text(found), len(found))
            out.append(cell)
        return out

    written = 0

    def skip_to(row: int) -> None:
        nonlocal written
        while written < row - 1:
            written += 1
            sheet.append(styled(written) if written in cells else [])

    if header_row >= 1:
        skip_to(header_row)
        sheet.append(styled(header_row, headers, header=True))
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

    findings_sheet = workbook.create_sheet(_findings_title([title]))
    header_cells = []
    for name in FINDINGS_HEADER:
        cell = WriteOnlyCell(findings_sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    findings_sheet.append(header_cells)
    for values in _findings_rows(report):
        findings_sheet.append(values)
    save_workbook(workbook, target)
