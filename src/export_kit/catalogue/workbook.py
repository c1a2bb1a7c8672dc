"""Workbooks (``.xlsx``, ``.xlsm``; also ``.xls``, ``.xlsb``, ``.ods``) through python-calamine.

The chosen sheet is loaded once and kept in calamine's memory (compact, on the Rust side);
every pass over the catalogue iterates it from there as Python lists, without reading the
file again (TECH-NOTES §2: calamine is ten times openpyxl's speed). Holding the rows as
Python lists instead was measured: as fast for two passes, and 80 MB more at 100,000 rows.
calamine returns an empty cell for a formula that has no cached value (a file written by a
program, never opened in Excel); those cells are found by streaming the sheet's XML inside
the zip and looking only at cells that hold an ``<f>`` element. That pass also measures
the sheet (:mod:`export_kit.catalogue.guard`) before calamine sees it, so it runs before
calamine parses, or, when a big sheet is parsed in parts
(:mod:`export_kit.catalogue.sheetparts`), looks at its XML as it is inflated, before each
part goes to calamine.
"""

from __future__ import annotations

import html
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any

from defusedxml import ElementTree

from export_kit.catalogue import sheetparts
from export_kit.catalogue.guard import SheetGuard, check_archive
from export_kit.config import LimitsConfig
from export_kit.errors import CatalogueError

__all__ = [
    "Workbook",
    "find_formulas_without_value",
    "head_rows",
    "load_workbook",
    "measure_sheet",
    "measure_workbook",
]

_CHUNK = 1 << 20
#: a cell in progress longer than this is not kept for the formula scan: a formula
#: without its value is a short cell, and keeping a long one made the scan quadratic
_MAX_CELL = 4 << 20
_READ_ERRORS = (OSError, zipfile.BadZipFile, EOFError, ValueError, zlib.error)
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>([^<]*)</(?:\w+:)?v>")


@dataclass
class Workbook:
    """The loaded sheet, kept in calamine's memory and iterated as Python rows on demand.

    Spreadsheet row ``row_offset + i + 1`` is the ``i``-th row :meth:`iter_rows` yields;
    column ``col_offset + j`` (0-based) is its ``j``-th cell.
    """

    sheet: str
    sheets: list[str]
    source: Any = field(repr=False)
    row_offset: int = 0
    col_offset: int = 0
    #: the last used row, as a spreadsheet numbers it
    last_row: int = 0
    #: spreadsheet row → (0-based list index, formula) of cells whose formula has no value
    formulas: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    #: merged ranges, in list coordinates: ((first row, first col), (last row, last col))
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    #: why this sheet was read, in a sentence
    reason: str = ""

    def iter_rows(self, skip: int = 0) -> Iterator[list[Any]]:
        """Every row of the sheet from its first row, as lists of cell values; ``skip``:
        from the row of that index on (a sheet read in parts skips the parts before it)."""
        if skip and isinstance(self.source, sheetparts.JoinedSheet):
            return self.source.iter_rows(skip)
        rows: Iterator[list[Any]] = self.source.iter_rows()
        return islice(rows, skip, None) if skip else rows

    def part_rows(self) -> list[int]:
        """The spreadsheet rows where the parts of a sheet read in parts begin (reading
        from one of them skips the parts before it); none for a sheet read whole."""
        if not isinstance(self.source, sheetparts.JoinedSheet):
            return []
        return [part.start[0] + 1 + self.row_offset for part in self.source.parts[1:]]


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML part, from ``xl/workbook.xml`` and its relationships."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets: dict[str, str] = {}
    for rel in rels:
        rel_id, target = rel.get("Id"), rel.get("Target")
        if rel_id and target:
            if target.startswith("/"):
                path = target.lstrip("/")
            else:
                path = str(PurePosixPath("xl") / target)
            targets[rel_id] = path
    parts: dict[str, str] = {}
    for element in book.iter():
        if element.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        name = element.get("name")
        rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        if name is not None and rel_id in targets:
            parts[name] = targets[rel_id]
    return parts


def find_formulas_without_value(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """Cells of ``sheet`` whose formula has no cached value: (row, column) 1-/0-based → formula.

    Streams the sheet's XML and inspects only the cells that contain an ``<f`` element, so a
    sheet without formulas costs one decompression pass.
    """
    found: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_parts(archive).get(sheet)
            if part is None or part not in archive.namelist():
                return found
            with archive.open(part) as stream:
                _scan(stream, found)
    except (OSError, zipfile.BadZipFile, EOFError, ValueError):
        return found
    return found


def _scan(stream: Any, found: dict[tuple[int, int], str]) -> None:
    scan = FormulaScan(found)
    while chunk := stream.read(_CHUNK):
        scan.feed(chunk)


class FormulaScan:
    """Finds the cells whose formula has no cached value in a sheet's XML fed in pieces
    (:func:`find_formulas_without_value`; a sheet parsed in parts feeds it as it goes)."""

    def __init__(self, found: dict[tuple[int, int], str]) -> None:
        self.found = found
        self._buffer = b""
        self._marks: tuple[re.Pattern[bytes], bytes, bytes] | None = None

    def feed(self, chunk: bytes) -> None:
        """Look at the next piece of the sheet's XML."""
        buffer = self._buffer + chunk if self._buffer else chunk
        if self._marks is None:
            root = re.search(rb"<(\w+:)?worksheet[\s>]", buffer[:_CHUNK])
            if root is None and len(buffer) < _CHUNK:  # its prefix is still to come
                self._buffer = buffer
                return
            prefix = root.group(1) or b"" if root else b""
            # a regular expression finds the rare <f> in a sheet's XML in two thirds of
            # the time bytes.find takes for "<f" (every tag begins with "<")
            formula = re.compile(b"<" + re.escape(prefix) + rb"f[\s>/]")
            self._marks = (formula, b"<" + prefix + b"c ", b"</" + prefix + b"c>")
        formula, c_open, c_close = self._marks
        search = formula.search
        pos = 0
        need_more = False
        while True:
            found = search(buffer, pos)
            if found is None:
                break
            i = found.start()
            start = buffer.rfind(c_open, 0, i)
            end = buffer.find(c_close, i)
            if end < 0:
                need_more = True
                break
            if start >= 0:
                _inspect(buffer[start:end], self.found)
            pos = end
        # keep the cell in progress (it may hold the next <f>)
        keep = buffer.rfind(c_open)
        if keep < pos and not need_more:
            keep = max(pos, len(buffer) - len(c_open))  # a tag cut in two by the piece
        if len(buffer) - keep > _MAX_CELL:
            keep = len(buffer) - len(c_open)
        self._buffer = buffer[max(keep, 0) :]


def _inspect(cell: bytes, found: dict[tuple[int, int], str]) -> None:
    head_end = cell.find(b">")
    ref = _CELL_REF.search(cell, 0, head_end if head_end > 0 else len(cell))
    if ref is None:
        return
    value = _VALUE.search(cell)
    if value is not None and value.group(1).strip():
        return
    formula = re.search(rb"<(?:\w+:)?f(?:\s[^>]*)?>([^<]*)</", cell)
    text = formula.group(1).decode("utf-8", "replace") if formula else ""
    found[(int(ref.group(2)), sheetparts.column_index(ref.group(1)))] = text


def _sheet_error(path: Path, wanted: str, names: Sequence[str]) -> CatalogueError:
    listed = ", ".join(f"'{n}'" for n in names)
    return CatalogueError(
        f"{path.name}: no sheet named '{wanted}'. Its sheets are: {listed}. "
        "Choose one with --sheet or [catalogue] sheet.",
        source=str(path),
    )


def _choose_sheet(path: Path, book: Any, wanted: str | None) -> str:
    names: list[str] = list(book.sheet_names)
    if not names:
        raise CatalogueError(f"{path.name}: the workbook has no sheet.", source=str(path))
    if wanted is not None:
        if wanted in names:
            return wanted
        folded = {n.strip().casefold(): n for n in names}
        if wanted.strip().casefold() in folded:
            return folded[wanted.strip().casefold()]
        if wanted.isdigit() and 1 <= int(wanted) <= len(names):
            return names[int(wanted) - 1]
        raise _sheet_error(path, wanted, names)
    return ""


def _is_fatal(exc: BaseException) -> bool:
    return isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit | MemoryError)


#: rows of a sheet looked at to score its header when choosing the catalogue sheet
_SCORE_ROWS = 40
#: a sheet whose XML is bigger than this has its first rows read from the XML for the
#: choice, not the whole sheet parsed
_SCORE_BYTES = 2 << 20
#: at most this much of a sheet's XML is inflated for its first rows
_MAX_HEAD_BYTES = 32 << 20


def load_workbook(
    path: Path,
    wanted: str | None,
    *,
    scan_formulas: bool,
    score: Callable[[list[list[Any]]], int] | None = None,
    limits: LimitsConfig | None = None,
) -> Workbook:
    """Open a workbook, choose the sheet and load it.

    The sheet is ``wanted``, else, when there are several, the one whose first rows
    ``score`` best (how well its header names a catalogue's fields; -1 for no data),
    else the first with data. :attr:`Workbook.reason` says which and why.

    A zip-based workbook is measured against ``limits`` (default: ``[limits]``'s defaults)
    before python-calamine opens it, and each sheet before calamine parses it.

    Raises:
        CatalogueError: the file is not a workbook, is damaged, or has no such sheet;
            :class:`~export_kit.catalogue.guard.WorkbookLimitError` beyond a limit.
    """
    import python_calamine

    limits = limits or LimitsConfig()
    if scan_formulas:
        check_archive(path, limits)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # calamine raises its own errors and pyo3 panics
        if _is_fatal(exc):
            raise
        raise CatalogueError(
            f"{path.name} cannot be read as a workbook ({_reason(exc)}). Check that it is an "
            "Excel file that opens in Excel or LibreOffice, or export it as CSV.",
            source=str(path),
        ) from None
    try:
        chosen = _choose_sheet(path, book, wanted)
        candidates = [chosen] if chosen else _candidates(book)
        reason = "the workbook's only sheet" if len(candidates) == 1 else ""
        if not chosen and score is not None and len(candidates) > 1:
            candidates, reason = _rank(path, book, candidates, score, limits)
        for name in candidates:
            scan: dict[tuple[int, int], str] = {}
            sheet: Any = _in_parts(path, name, scan, limits) if scan_formulas else None
            if sheet is None:
                scan = {}
                if scan_formulas:
                    measure_sheet(path, name, limits, scan)
                sheet = book.get_sheet_by_name(name)
            start, end = sheet.start, sheet.end
            merged = sheet.merged_cell_ranges or []
            first = next(iter(sheet.iter_rows()), None) if start is not None else None
            if start is None or end is None or first is None:
                if chosen or name == candidates[-1]:
                    if chosen:
                        raise CatalogueError(
                            f"{path.name}: the sheet '{name}' is empty.", source=str(path)
                        )
                    raise CatalogueError(
                        f"{path.name}: every sheet is empty; there is no catalogue to read.",
                        source=str(path),
                    )
                continue
            loaded = _assemble(
                name, list(book.sheet_names), sheet, first, (start, end), merged, scan
            )
            loaded.reason = reason or "the first sheet with data"
            return loaded
    except CatalogueError:
        raise
    except BaseException as exc:
        if _is_fatal(exc):
            raise
        raise CatalogueError(
            f"{path.name}: the workbook is damaged ({_reason(exc)}). Open it in Excel or "
            "LibreOffice and save it again.",
            source=str(path),
        ) from None
    finally:
        book.close()
    raise CatalogueError(f"{path.name}: the workbook has no sheet with data.", source=str(path))


def _in_parts(
    path: Path, name: str, scan: dict[tuple[int, int], str], limits: LimitsConfig
) -> sheetparts.JoinedSheet | None:
    """The sheet parsed in parts in parallel threads, when it is big enough (measured and
    the formula scan fed as its XML is inflated); ``None`` to parse it whole."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_parts(archive).get(name)
            if part is None:
                return None
            size = archive.getinfo(part).file_size
    except (OSError, KeyError, zipfile.BadZipFile, EOFError, ValueError):
        return None
    if size < 2 * sheetparts.MIN_PART_BYTES:
        return None
    guard = SheetGuard(path, name, limits)
    formulas = FormulaScan(scan)

    def watch(piece: bytes) -> None:
        guard.feed(piece)
        formulas.feed(piece)

    joined = sheetparts.load_in_parts(path, name, part, watch=watch)
    if joined is not None:
        guard.finish()
    return joined


def measure_workbook(path: Path, limits: LimitsConfig | None = None) -> None:
    """Measure a workbook and its first sheet against ``limits`` (default: the defaults)
    before another reader (the review sheet's import) opens it.

    Raises:
        WorkbookLimitError: beyond a limit. CatalogueError: damaged.
    """
    limits = limits or LimitsConfig()
    check_archive(path, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            first = next(iter(_sheet_parts(archive)), "")
    except _READ_ERRORS:
        return
    measure_sheet(path, first, limits)


def measure_sheet(
    path: Path,
    sheet: str,
    limits: LimitsConfig,
    formulas: dict[tuple[int, int], str] | None = None,
) -> None:
    """Stream the XML of ``sheet`` once, measuring it against ``limits`` (and filling
    ``formulas`` with the cells whose formula has no value), before a reader parses it.

    A workbook whose sheets this cannot tell apart has each of its sheets measured.

    Raises:
        WorkbookLimitError: beyond a limit. CatalogueError: the sheet's XML is damaged
        (not what the zip declares).
    """
    try:
        archive = zipfile.ZipFile(path)
    except _READ_ERRORS:
        return  # not a zip: the reader says what is wrong
    with archive:
        names = set(archive.namelist())
        part = _sheet_parts(archive).get(sheet)
        if part in names:
            wanted = [(sheet, part)]
        else:
            wanted = [
                (sheet, n)
                for n in sorted(names)
                if n.startswith("xl/worksheets/") and n.endswith(".xml")
            ]
        for name, member in wanted:
            guard = SheetGuard(path, name, limits)
            scan = FormulaScan(formulas) if formulas is not None and part in names else None
            try:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        guard.feed(chunk)
                        if scan is not None:
                            scan.feed(chunk)
            except (*_READ_ERRORS, NotImplementedError) as exc:
                raise CatalogueError(
                    f"{path.name}: the sheet '{name}' is damaged ({_reason(exc)}). Open it "
                    "in Excel or LibreOffice and save it again.",
                    source=str(path),
                ) from None
            guard.finish()


def _candidates(book: Any) -> list[str]:
    """Worksheets in order, visible ones first."""
    visible: list[str] = []
    hidden: list[str] = []
    for meta in book.sheets_metadata:
        kind = str(meta.typ)
        if "Chart" in kind or "Vba" in kind or "Dialog" in kind:
            continue
        (visible if str(meta.visible).endswith("Visible") else hidden).append(meta.name)
    return visible + hidden or list(book.sheet_names)


def _rank(
    path: Path,
    book: Any,
    names: list[str],
    score: Callable[[list[list[Any]]], int],
    limits: LimitsConfig,
) -> tuple[list[str], str]:
    """The sheets best first, and why the first: those whose header names fields before
    the others, visible before hidden, then by the fields named (workbook order on a tie)."""
    scores = {name: score(_first_rows(path, book, name, limits)) for name in names}
    hidden = _hidden(book)
    order = sorted(names, key=lambda n: (scores[n] <= 0, n in hidden, -scores[n]))
    best = order[0]
    if scores[best] <= 0:
        return order, ""
    others = ", ".join(
        f"'{n}' {max(scores[n], 0)}" + (" (hidden)" if n in hidden else "")
        for n in names
        if n != best
    )
    fields = "field" if scores[best] == 1 else "fields"
    which = "visible sheet" if any(scores[n] > scores[best] for n in hidden) else "sheet"
    return order, (
        f"the {which} whose header names the most catalogue {fields}: {scores[best]} "
        f"(other sheets: {others})"
    )


def _hidden(book: Any) -> set[str]:
    return {meta.name for meta in book.sheets_metadata if not str(meta.visible).endswith("Visible")}


def _first_rows(path: Path, book: Any, name: str, limits: LimitsConfig) -> list[list[Any]]:
    """The first rows of a sheet, without parsing the whole of a big one (a small one is
    measured first: calamine parses it whole)."""
    zipped = path.suffix.lower() in (".xlsx", ".xlsm")
    if zipped:
        try:
            with zipfile.ZipFile(path) as archive:
                part = _sheet_parts(archive).get(name)
                if part is not None and archive.getinfo(part).file_size > _SCORE_BYTES:
                    return _xml_head(archive, part, _SCORE_ROWS)
        except (OSError, KeyError, zipfile.BadZipFile, EOFError, ValueError):
            pass
        measure_sheet(path, name, limits, {})
    sheet = book.get_sheet_by_name(name)
    if sheet.start is None:
        return []
    return list(islice(sheet.iter_rows(), _SCORE_ROWS))


_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*>(.*?)</(?:\w+:)?row>", re.DOTALL)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_TYPE = re.compile(rb'\st="([^"]*)"')
_TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*>([^<]*)</(?:\w+:)?t>")
_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_DATA_END = re.compile(rb"</(?:\w+:)?sheetData>")
_SI = re.compile(rb"<(?:\w+:)?si\b[^>]*>(.*?)</(?:\w+:)?si>", re.DOTALL)


def _xml_head(archive: zipfile.ZipFile, part: str, count: int) -> list[list[Any]]:
    """The first ``count`` rows of a sheet read from its XML: texts and numbers, enough
    to score a header (shared strings read only as far as those rows need)."""
    buffer = b""
    with archive.open(part) as stream:
        while len(buffer) < _MAX_HEAD_BYTES:
            piece = stream.read(1 << 16)
            if not piece:
                break
            buffer += piece
            if len(_ROW_END.findall(buffer)) >= count or _DATA_END.search(buffer):
                break
    rows: list[list[tuple[int, bytes, bytes]]] = []
    needed = -1
    for row in islice(_ROW.finditer(buffer), count):
        cells = []
        for position, cell in enumerate(_CELL.finditer(row.group(1))):
            attributes, body = cell.group(1), cell.group(2) or b""
            ref = _CELL_REF.search(b" " + attributes)
            column = sheetparts.column_index(ref.group(1)) if ref else position
            kind = _TYPE.search(attributes)
            typ = kind.group(1) if kind else b"n"
            cells.append((column, typ, body))
            if typ == b"s":
                index = _VALUE.search(body)
                if index and index.group(1).strip().isdigit():
                    needed = max(needed, int(index.group(1)))
        rows.append(cells)
    strings = _shared_strings(archive, needed)
    result: list[list[Any]] = []
    for cells in rows:
        out: list[Any] = []
        for column, typ, body in cells:
            found = _VALUE.search(body)
            raw = _xml_text(found.group(1)) if found else ""
            shown: Any = raw
            if typ == b"s":
                shown = strings[int(raw)] if raw.isdigit() and int(raw) < len(strings) else ""
            elif typ == b"inlineStr":
                shown = _xml_text(b"".join(_TEXT.findall(body)))
            elif typ not in (b"str", b"e", b"b") and raw:
                try:
                    shown = float(raw)
                except ValueError:
                    shown = raw
            out.extend([""] * (column - len(out)))
            if column == len(out):
                out.append(shown)
        result.append(out)
    return result


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _xml_text(raw: bytes) -> str:
    """A text of the XML as a spreadsheet shows it: entities, XML line ends and the
    ``_x000D_`` escapes of spreadsheet XML decoded."""
    text = html.unescape(raw.decode("utf-8", "replace"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _shared_strings(archive: zipfile.ZipFile, needed: int) -> list[str]:
    """The workbook's shared strings up to index ``needed``."""
    strings: list[str] = []
    if needed < 0:
        return strings
    name = next((n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")), None)
    if name is None:
        return strings
    buffer = b""
    with archive.open(name) as stream:
        while len(strings) <= needed:
            piece = stream.read(1 << 16)
            buffer += piece
            end = 0
            for item in _SI.finditer(buffer):
                strings.append(_xml_text(b"".join(_TEXT.findall(item.group(1)))))
                end = item.end()
            buffer = buffer[end:]
            if not piece:
                break
    return strings


def _assemble(
    name: str,
    sheets: list[str],
    sheet: Any,
    first: list[Any],
    bounds: tuple[tuple[int, int], tuple[int, int]],
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    scan: dict[tuple[int, int], str],
) -> Workbook:
    # python-calamine's iter_rows starts at row 1 but at the first used column; work both
    # offsets out from the sheet's bounds rather than rely on either: the rows above the
    # first used one are empty, so a non-empty first row means rows start at the bounds
    (first_row, first_col), (last_row, last_col) = bounds
    row_offset = first_row if first_row and any(c != "" for c in first) else 0
    col_offset = first_col if len(first) == last_col - first_col + 1 else 0
    book = Workbook(name, sheets, sheet, row_offset, col_offset, last_row + 1)
    book.merged = [
        ((r0 - row_offset, c0 - col_offset), (r1 - row_offset, c1 - col_offset))
        for (r0, c0), (r1, c1) in merged
    ]
    for (row, col), formula in sorted(scan.items()):
        index = col - col_offset
        if index >= 0:
            book.formulas.setdefault(row, []).append((index, formula))
    return book


def head_rows(book: Workbook, count: int) -> list[list[Any]]:
    """The first ``count`` rows of the sheet."""
    return list(islice(book.iter_rows(), count))


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
