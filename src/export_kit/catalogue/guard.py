"""Workbooks measured before they are read: what a zip and a sheet declare and inflate to.

python-calamine holds a sheet as one rectangle of 32-byte cells from its first to its last
used cell, and aborts the process (a Rust allocation failure, no exception) when that
rectangle does not fit in memory: one cell at ``XFD1048576`` asks for 512 GiB. openpyxl and
calamine also inflate whatever a zip holds. So before either parses a workbook, this
module checks:

* the zip's central directory: each part's declared inflated size and compression ratio,
  and the total of the parts a reader inflates (a zip bomb), then the real inflated size
  of the workbook-wide parts (shared strings, styles...) streamed with the declared size as
  a cap (zipfile stops there and checks the CRC, so a part that lies is refused);
* the sheet's XML, streamed (:class:`SheetGuard`, fed by the formula scan's own pass or by
  the parts reader as it inflates): cell and row references beyond Excel's limits, the
  rectangle from A1 to the last used row and column against an absolute limit and against
  the cells present, and any text without markup (a cell, a shared string, whitespace)
  longer than a limit.

The scan is cheap on a normal sheet: per piece of XML a few counts and one search for a
reference beyond the largest seen so far (rows come in order, so it fails at once); only a
piece where that search hits is read reference by reference. Every check stops at the
first limit exceeded with a :class:`WorkbookLimitError` (exit 3) that names the limit and
the ``[limits]`` key that raises it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from export_kit.config import LimitsConfig
from export_kit.errors import CatalogueError

__all__ = [
    "CELL_BYTES",
    "EXCEL_COLUMNS",
    "EXCEL_ROWS",
    "SheetGuard",
    "WorkbookLimitError",
    "check_archive",
    "check_declared",
    "column_letters",
]

#: the bytes python-calamine takes for each cell of a sheet's used rectangle
CELL_BYTES = 32
#: Excel's last column (XFD) and last row
EXCEL_COLUMNS = 16_384
EXCEL_ROWS = 1_048_576

_MB = 1 << 20
#: parts a reader never inflates (pictures, embedded files): left out of the sizes
_NOT_READ = ("xl/media/", "xl/embeddings/", "xl/printerSettings/", "docProps/thumbnail")
#: a part's compression ratio is looked at only from this inflated size on
_RATIO_FROM = 4 * _MB
_STEP = 1 << 20
#: bytes of a piece kept for the next one, so a reference cut in two is still seen
_CARRY = 64
_SHEET_PREFIXES = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/", "xl/macrosheets/")
_REF = re.compile(rb'r="([A-Z]*)(\d*)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s[^>]*?ref="([^"]*)"')
_DIMENSION_REF = re.compile(rb"([A-Z]+)(\d+)")
_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*)>")
_ROOT = re.compile(rb"<(\w+:)?worksheet[\s>]")


class WorkbookLimitError(CatalogueError):
    """A workbook beyond one of the limits it is measured against (exit 3)."""


def column_letters(index: int) -> str:
    """``1`` → ``A``, ``28`` → ``AB``: the letters of a 1-based column number."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + (byte - 64)
    return number


def _raise_with(key: str, value: object) -> str:
    return f"raise it with [limits] {key} = {value} in export-kit.toml if the file is genuine"


def _fmt_mb(size: int) -> str:
    return f"{size / _MB:,.0f} MB" if size >= _MB else f"{size:,} bytes"


def check_archive(path: Path, limits: LimitsConfig, *, stream: bool = True) -> None:
    """Check a zip-based workbook's parts before a reader opens it.

    Refuses a part whose declared inflated size or compression ratio is beyond the limits,
    parts (other than pictures) that together inflate beyond ``max_inflated_mb``, and, with
    ``stream``, a workbook-wide part (not a sheet) that does not inflate to what it
    declares or holds a text longer than ``max_cell_mb``. A file that is not a zip is left
    to the reader, which says what is wrong.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, EOFError, ValueError):
        return
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        check_declared(path, infos, limits)
        if not stream:
            return
        for info in infos:
            name = info.filename
            if name.startswith(_NOT_READ) or name.startswith(_SHEET_PREFIXES):
                continue
            if not name.endswith((".xml", ".rels", ".bin")):
                continue
            try:
                with archive.open(info) as part:
                    _stream_part(path, name, part, limits)
            except (OSError, zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
                raise CatalogueError(
                    f"{path.name}: the part {name} inside the workbook is damaged or does not "
                    "inflate to the size it declares. Open the file in Excel or LibreOffice "
                    "and save it again.",
                    source=str(path),
                ) from None


def check_declared(path: Path, infos: Iterable[zipfile.ZipInfo], limits: LimitsConfig) -> None:
    """The central directory's declared sizes and ratios against the limits."""
    total = 0
    most = limits.max_inflated_mb * _MB
    for info in infos:
        if info.filename.startswith(_NOT_READ):
            continue
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= _RATIO_FROM and ratio > limits.max_ratio:
            raise WorkbookLimitError(
                f"{path.name}: the part {info.filename} inflates {ratio:,.0f} times "
                f"({_fmt_mb(info.compress_size)} to {_fmt_mb(info.file_size)}), beyond the "
                f"limit of {limits.max_ratio} (a zip bomb?); "
                + _raise_with("max_ratio", int(ratio) + 1)
                + ".",
                source=str(path),
            )
        if total > most:
            raise WorkbookLimitError(
                f"{path.name}: the workbook's parts inflate to more than "
                f"{limits.max_inflated_mb:,} MB, the limit; "
                + _raise_with("max_inflated_mb", limits.max_inflated_mb * 2)
                + ".",
                source=str(path),
            )


def _stream_part(path: Path, name: str, part: IO[bytes], limits: LimitsConfig) -> None:
    """Inflate a part to its end (zipfile stops at the declared size and checks the CRC);
    an XML part's texts measured on the way."""
    runs = _TextRuns(path, name, limits) if name.endswith(".xml") else None
    while piece := part.read(_STEP):
        if runs is not None:
            runs.feed(piece)


class _TextRuns:
    """The longest text without markup (no ``<``) in XML fed in pieces, against
    ``max_cell_mb``: each aligned block of half the limit must hold a ``<``, which costs
    a few ``find`` calls a piece; only a block without one is measured exactly."""

    def __init__(self, path: Path, part: str, limits: LimitsConfig) -> None:
        self.path = path
        self.part = part
        self.limits = limits
        self.most = max(int(limits.max_cell_mb * _MB), 2)
        self.block = self.most // 2
        self.base = 0
        #: offset, in the whole XML, just after the last ``<`` seen
        self.after_last = 0

    def feed(self, piece: bytes) -> None:
        size = len(piece)
        first = piece.find(b"<")
        if first < 0:
            self._check(self.base + size - self.after_last)
            self.base += size
            return
        self._check(self.base + first - self.after_last)
        block = self.block
        for start in range(first, size, block):
            end = min(start + block, size)
            if end - start < block or piece.find(b"<", start, end) >= 0:
                continue
            left = piece.rfind(b"<", 0, start)
            right = piece.find(b"<", end)
            self._check((right if right >= 0 else size) - left - 1)
        self.after_last = self.base + piece.rfind(b"<") + 1
        self.base += size

    def _check(self, run: int) -> None:
        if run > self.most:
            raise WorkbookLimitError(
                f"{self.path.name}: {self.part} holds a text of more than "
                f"{_fmt_mb(self.most)} without markup (a cell, a shared string or "
                f"whitespace), beyond the limit of {self.limits.max_cell_mb} MB; "
                + _raise_with("max_cell_mb", self.limits.max_cell_mb * 4)
                + ".",
                source=str(self.path),
            )


class SheetGuard:
    """Measures a sheet's XML fed in pieces, raising :class:`WorkbookLimitError` at the
    first limit exceeded, before the piece goes to a reader.

    The used rectangle is counted from A1 to the largest row and column referenced (what
    python-calamine allocates, 32 bytes a cell, give or take its first row and column).
    It is refused beyond ``max_range_cells``, and beyond ``range_factor`` times the cells
    present once it is larger than ``range_floor``.
    """

    def __init__(self, path: Path, sheet: str, limits: LimitsConfig) -> None:
        self.path = path
        self.sheet = sheet
        self.limits = limits
        self.text = _TextRuns(path, f"the sheet '{sheet}'", limits)
        #: largest row (1-based) and column (1-based) referenced so far
        self.rows = 0
        self.columns = 0
        self.cells = 0
        self._row_ref = ""
        self._column_ref = ""
        self._carry = b""
        self._head = True
        self._prefix = b""
        self._beyond: re.Pattern[bytes] | None = None
        self._beyond_for = (-1, -1)
        # where implied positions stand (cells without a reference)
        self._at_row = 0
        self._at_column = 0
        # offset in the whole XML of the piece being fed, and where the tags read one by
        # one end (a tag in the kept bytes of the last piece is not read twice)
        self._offset = 0
        self._done = 0

    def feed(self, piece: bytes) -> None:
        """Look at the next piece of the sheet's XML."""
        self.text.feed(piece)
        data = self._carry + piece if self._carry else piece
        if self._head:
            self._read_head(data)
        prefix = self._prefix
        # the last row of the piece: rows come in order, so usually the largest so far
        row_tag = b"<" + prefix + b"row "
        last = data.rfind(row_tag)
        close = data.find(b">", last) if last >= 0 else -1
        if last >= 0 and close < 0:  # the tag is cut by the piece's end: the one before
            last = data.rfind(row_tag, 0, last)
            close = data.find(b">", last) if last >= 0 else -1
        if close >= 0:
            found = _REF.search(data, last, close)
            if found is not None and not found.group(1) and found.group(2):
                self._see_row(int(found.group(2)), found.group(2))
        if self._beyond_search(data):
            self._exact(data, self._offset - (len(data) - len(piece)))
        self._offset += len(piece)
        # the cells present are counted only once the rectangle nears the floor (a count
        # costs as much as the search above): at most half the floor's cells go uncounted;
        # and no more once they are enough for any rectangle within max_range_cells
        limits = self.limits
        if (
            self.rows * self.columns > limits.range_floor // 2
            and self.cells * limits.range_factor <= limits.max_range_cells
        ):
            self.cells += piece.count(b"<" + prefix + b"c")
        self._carry = data[-_CARRY:]
        self._check()

    def finish(self) -> None:
        """The checks once the whole XML is seen (the same as those made on the way)."""
        self._check()

    # -- the pieces

    def _read_head(self, data: bytes) -> None:
        root = _ROOT.search(data, 0, 1 << 16)
        if root is None and len(data) < 1 << 16:
            return
        self._head = False
        self._prefix = (root.group(1) or b"") if root else b""
        dimension = _DIMENSION.search(data, 0, 1 << 20)
        if dimension is None:
            return
        for letters, digits in _DIMENSION_REF.findall(dimension.group(1)[:64]):
            if _column_number(letters) > EXCEL_COLUMNS or int(digits) > EXCEL_ROWS:
                self._beyond_excel((letters + digits).decode(), declared=True)

    def _beyond_search(self, data: bytes) -> bool:
        """Whether ``data`` has a cell beyond the largest row or column seen, or one whose
        position calamine would imply (no reference): then it is read tag by tag."""
        if self._beyond_for != (self.rows, self.columns):
            # a cell that does not begin with a reference within the largest row and
            # column seen (or a <col>, <cfRule>... that begins like a cell). The usual
            # cell matches the lookahead at once, so the search costs little more than
            # finding "<c" (a pattern for the references beyond took three times longer)
            self._beyond = re.compile(
                b"<"
                + re.escape(self._prefix)
                + rb'c(?! r="'
                + _up_to_letters(column_letters(self.columns).encode())
                + _up_to_number(self.rows)
                + rb'")'
            )
            self._beyond_for = (self.rows, self.columns)
        assert self._beyond is not None
        # a tag cut by the piece's end is looked at with the next piece (in the kept bytes)
        end = data.rfind(b"<")
        if end < len(data) - _CARRY:
            end = len(data)
        return self._beyond.search(data, 0, end) is not None

    def _exact(self, data: bytes, base: int) -> None:
        """Every row and cell tag of ``data`` (at offset ``base`` in the XML), in order,
        with calamine's implied positions for those without a reference (a piece of an
        unusual sheet only)."""
        for match in _TAG.finditer(data):
            if base + match.start() < self._done:
                continue
            self._done = base + match.end()
            tag, attributes = match.group(1), match.group(2)
            found = _REF.search(attributes)
            if tag == b"row":
                if found is not None and found.group(2) and not found.group(1):
                    self._at_row = int(found.group(2))
                else:
                    self._at_row += 1
                self._at_column = 0
                self._see_row(self._at_row, found.group(2) if found else b"")
                continue
            if found is not None and found.group(1) and found.group(2):
                letters, digits = found.group(1), found.group(2)
                if len(letters) > 3 or len(digits) > 7:
                    self._beyond_excel((letters + digits).decode())
                self._at_column = _column_number(letters)
                self._at_row = max(int(digits), 1)
                self._see_row(self._at_row, digits)
            else:
                self._at_column += 1
                self._see_row(max(self._at_row, 1), b"")
            if self._at_column > self.columns:
                self.columns = self._at_column
                self._column_ref = column_letters(self._at_column) + str(max(self._at_row, 1))

    def _see_row(self, row: int, digits: bytes) -> None:
        if len(digits) > 7:
            self._beyond_excel("row " + digits[:20].decode())
        if row > self.rows:
            self.rows = row
            self._row_ref = f"row {row:,}"

    # -- the limits

    def _check(self) -> None:
        if self.columns > EXCEL_COLUMNS:
            self._beyond_excel(self._column_ref)
        if self.rows > EXCEL_ROWS:
            self._beyond_excel(self._row_ref)
        area = self.rows * self.columns
        limits = self.limits
        if area > limits.max_range_cells:
            self._too_large(
                area,
                f"beyond the limit of {limits.max_range_cells:,} cells; "
                + _raise_with("max_range_cells", area),
            )
        if area > limits.range_floor and area > limits.range_factor * max(self.cells, 1):
            self._too_large(
                area,
                f"for about {self.cells:,} cells present, more than {limits.range_factor} times "
                "as many (empty rows or columns, or a stray cell far away: delete them in "
                "Excel or LibreOffice); "
                + _raise_with("range_factor", area // max(self.cells, 1) + 1),
            )

    def _too_large(self, area: int, why: str) -> None:
        last = f"{column_letters(self.columns)}{self.rows}"
        raise WorkbookLimitError(
            f"{self.path.name}: the sheet '{self.sheet}' uses the range A1:{last} "
            f"({area:,} cells, {_fmt_mb(area * CELL_BYTES)} of memory to read), {why}.",
            source=str(self.path),
        )

    def _beyond_excel(self, where: str, *, declared: bool = False) -> None:
        what = "declares its range up to" if declared else "has a cell at"
        raise WorkbookLimitError(
            f"{self.path.name}: the sheet '{self.sheet}' {what} {where}, beyond Excel's "
            f"limits (column XFD, row {EXCEL_ROWS:,}; a fixed limit). Open it in Excel or "
            "LibreOffice and save it again, or export the sheet as CSV.",
            source=str(self.path),
        )


def _up_to_number(value: int) -> bytes:
    """A regular expression for the numbers from 1 to ``value``, written without leading
    zeros (``value`` 0: none)."""
    if value < 1:
        return b"(?!)"
    digits = str(value).encode()
    length = len(digits)
    options = []
    for i in range(length):
        low = 1 if i == 0 else 0
        d = digits[i] - 48
        if d > low:
            rest = length - i - 1
            options.append(
                digits[:i] + b"[%d-%d]" % (low, d - 1) + (rb"\d{%d}" % rest if rest else b"")
            )
    options.append(digits)
    if length > 1:
        options.append(rb"[1-9]\d{0,%d}" % (length - 2))
    return b"(?:" + b"|".join(options) + b")"


def _up_to_letters(letters: bytes) -> bytes:
    """A regular expression for the column letters from ``A`` to ``letters`` (``b""``:
    none)."""
    if not letters:
        return b"(?!)"
    length = len(letters)
    options = []
    for i in range(length):
        c = letters[i]
        if c > ord("A"):
            rest = length - i - 1
            options.append(
                letters[:i] + b"[A-%c]" % (c - 1) + (b"[A-Z]{%d}" % rest if rest else b"")
            )
    options.append(letters)
    if length > 1:
        options.append(b"[A-Z]{1,%d}" % (length - 1))
    return b"(?:" + b"|".join(options) + b")"
