"""A big worksheet parsed by python-calamine in parts, in parallel threads.

python-calamine parses a sheet on one core. It frees the GIL meanwhile, but one sheet is
one parse, and on a 100,000-row workbook that parse is most of a run's reading time.
A sheet's XML is a list of ``<row>`` elements, so it can be cut between two rows: here
the sheet's XML is inflated as it is read (CPython's zlib, faster than calamine's own),
cut at row boundaries into parts of about equal size, and each part is written with the
workbook's small parts (styles, shared strings, the workbook itself) as an uncompressed
workbook in a temporary folder. calamine parses each part in a thread as soon as it is
cut, while the next part is inflated. :class:`JoinedSheet` then gives the rows of the
parts in order, as calamine gives those of the whole sheet.

calamine reads a sheet's merged ranges in a second parse of its XML, which ends at the
first ``<mergeCells>`` element. Each part carries an empty one before its rows, so that
second parse stops at once (a third of calamine's work on a big sheet). The merged ranges
are read here from the XML outside the rows instead, so what a part-read sheet holds does
not depend on how calamine reads them (the property tests compare it, merged ranges
included, with calamine's parse of the whole sheet).

Used only for an ``.xlsx``/``.xlsm`` sheet of at least two parts of
:data:`MIN_PART_BYTES` and only on a machine with more than one CPU. Anything unexpected
(a row without its number, rows out of order, a part calamine refuses, a full disk)
makes :func:`load_in_parts` answer ``None``, and the caller parses the sheet whole.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import threading
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice, pairwise
from pathlib import Path
from typing import IO, Any

from export_kit.errors import ExportKitError
from export_kit.fileio import run_temp_dir
from export_kit.shares import usable_cpus

__all__ = ["MIN_PART_BYTES", "JoinedSheet", "column_index", "load_in_parts", "wanted_parts"]

#: a sheet is parsed in parts only when each part would hold at least this much XML
#: (about 10,000 rows of 25 columns)
MIN_PART_BYTES = 12 << 20
_MAX_PARTS = 4
#: XML bytes inflated at a time
_STEP = 4 << 20
#: the XML before ``<sheetData>`` is looked for within this many bytes
_MAX_HEAD = 16 << 20
#: the XML after ``</sheetData>`` (merged ranges, hyperlinks...) within this many bytes
_MAX_TAIL = 16 << 20
# the parts a workbook's sheets do not need to be parsed (pictures, charts, the others)
_LEFT_OUT = (
    "xl/worksheets/",
    "xl/chartsheets/",
    "xl/dialogsheets/",
    "xl/macrosheets/",
    "xl/media/",
    "xl/drawings/",
    "xl/charts/",
    "xl/embeddings/",
    "xl/printerSettings/",
    "xl/pivotCache",
    "xl/pivotTables/",
    "xl/externalLinks/",
    "xl/tables/",
    "xl/queryTables/",
    "xl/vbaProject.bin",
    "customXml/",
)
_ROOT = re.compile(rb"<(\w+:)?worksheet[\s>]")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*>")
_ROW_NUMBER = re.compile(rb'\sr\s*=\s*["\']\d')

#: called with each piece of the sheet's XML as it is inflated (the formula scan)
Watcher = Callable[[bytes], None]


def wanted_parts() -> int:
    """The parts worth parsing at once here: the CPUs this process may use (at most 4)."""
    return min(usable_cpus(), _MAX_PARTS)


Merged = list[tuple[tuple[int, int], tuple[int, int]]]


@dataclass
class _Part:
    sheet: Any
    start: tuple[int, int]
    end: tuple[int, int]


@dataclass
class JoinedSheet:
    """The parts of one sheet read as the whole sheet (what python-calamine's sheet offers
    to :mod:`export_kit.catalogue.workbook`: ``start``, ``end``, ``merged_cell_ranges`` and
    ``iter_rows``)."""

    #: the parts that hold cells, in row order
    parts: list[_Part]
    #: the merged ranges of the sheet, read from its XML outside the rows
    merged_cell_ranges: Merged = field(default_factory=list)
    start: tuple[int, int] | None = field(init=False)
    end: tuple[int, int] | None = field(init=False)

    def __post_init__(self) -> None:
        if self.parts:
            self.start = (
                min(p.start[0] for p in self.parts),
                min(p.start[1] for p in self.parts),
            )
            self.end = (max(p.end[0] for p in self.parts), max(p.end[1] for p in self.parts))
        else:
            self.start = self.end = None

    def iter_rows(self, skip: int = 0) -> Iterator[list[Any]]:
        """Every row from the sheet's row 1 to its last used row, each a new list of cells
        from the first used column to the last, as calamine yields a whole sheet's rows;
        ``skip``: from the row of that index on, the parts before it not read at all."""
        if self.start is None or self.end is None:
            return iter(())
        first_col, last_col = self.start[1], self.end[1]
        width = last_col - first_col + 1
        # a chain of calamine's own iterators: no Python frame per row in the usual case
        runs: list[Iterator[list[Any]]] = []
        row = skip
        for part in self.parts:
            (top, left), (bottom, right) = part.start, part.end
            if bottom < row:
                continue
            if top > row:
                runs.append(_blank_rows(top - row, width))
            # calamine yields a part's rows from the sheet's row 1: the rows above the
            # part are empty and skipped
            rows: Iterator[list[Any]] = islice(part.sheet.iter_rows(), max(top, row), bottom + 1)
            if left != first_col or right != last_col:
                rows = map(_widen([""] * (left - first_col), [""] * (last_col - right)), rows)
            runs.append(rows)
            row = bottom + 1
        return chain.from_iterable(runs)


def _blank_rows(count: int, width: int) -> Iterator[list[Any]]:
    for _ in range(count):
        yield [""] * width


def _widen(before: list[Any], after: list[Any]) -> Callable[[list[Any]], list[Any]]:
    def widen(cells: list[Any]) -> list[Any]:
        return before + cells + after

    return widen


def load_in_parts(
    path: Path,
    sheet: str,
    part: str,
    *,
    parts: int | None = None,
    min_part_bytes: int | None = None,
    watch: Watcher | None = None,
) -> JoinedSheet | None:
    """The sheet named ``sheet`` (its XML at ``part`` inside the workbook at ``path``),
    parsed in up to ``parts`` parts at once; ``None`` when that is not worth it or not
    possible here, for the caller to parse it whole. ``watch`` sees every piece of the
    sheet's XML (only when this answers a sheet). ``min_part_bytes``: at least this much
    XML per part (default :data:`MIN_PART_BYTES`)."""
    wanted = wanted_parts() if parts is None else parts
    least = MIN_PART_BYTES if min_part_bytes is None else min_part_bytes
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(part)
            count = min(wanted, info.file_size // max(least, 1))
            if count < 2 or info.flag_bits & 0x1 or not part.endswith(".xml"):
                return None
            folder = tempfile.mkdtemp(prefix="sheet-", dir=run_temp_dir())
            try:
                # the parts together are as big as the sheet's XML: not without room
                if shutil.disk_usage(folder).free < info.file_size + (64 << 20):
                    return None
                return _Splitter(archive, info, sheet, count, Path(folder), watch).run()
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    except (OSError, KeyError, EOFError, ValueError, zipfile.BadZipFile, zlib.error):
        # not a workbook this module can open (the whole parse says what is wrong), or
        # no temporary folder: parse it whole
        return None


class _UnfitError(Exception):
    """The sheet's XML is not one this module can cut: parse it whole."""


class _Splitter:
    def __init__(
        self,
        archive: zipfile.ZipFile,
        info: zipfile.ZipInfo,
        sheet: str,
        count: int,
        folder: Path,
        watch: Watcher | None,
    ) -> None:
        self.archive = archive
        self.info = info
        self.sheet = sheet
        self.count = count
        self.folder = folder
        self.watch = watch
        # the workbook's parts each part's file needs, read once
        self.kept = [
            (i, archive.read(i))
            for i in archive.infolist()
            if i.filename != info.filename
            and not i.is_dir()
            and not i.filename.startswith(_LEFT_OUT)
        ]
        self.results: list[_Part | None] = [None] * count
        # the sheet's merged ranges, read here from the XML outside <sheetData>
        self.merged: Merged = []
        self.errors: list[BaseException] = []
        self.threads: list[threading.Thread] = []
        # the part being written: its workbook and the sheet's stream inside it
        self.open: tuple[zipfile.ZipFile, IO[bytes]] | None = None

    def run(self) -> JoinedSheet | None:
        try:
            self._cut()
        except ExportKitError:  # the watcher refused the sheet (beyond a limit)
            raise
        except Exception:  # a damaged file, a full disk, XML not cut here: parse it whole
            return None
        finally:
            if self.open is not None:
                with contextlib.suppress(Exception):
                    self.open[1].close()
                    self.open[0].close()
            for thread in self.threads:
                thread.join()
        for error in self.errors:
            if isinstance(error, KeyboardInterrupt | SystemExit | MemoryError):
                raise error
        if self.errors:
            return None
        found = [p for p in self.results if p is not None]
        for before, after in pairwise(found):
            if after.start[0] <= before.end[0]:  # rows out of order: the cuts misplaced them
                return None
        return JoinedSheet(found, self.merged)

    def _cut(self) -> None:
        pieces = self._pieces()
        head, prefix, rest = self._head(pieces)
        row_open = b"<" + prefix + b"row"
        closing = b"</" + prefix + b"sheetData></" + prefix + b"worksheet>"
        target = (self.info.file_size - len(head)) // self.count
        tail = _Tail(b"</" + prefix + b"sheetData>")
        self.merged = _merged_ranges(head)
        # an empty <mergeCells> before the rows ends calamine's second parse there (see
        # the module's docstring)
        opening = head.rindex(b"<" + prefix + b"sheetData")
        head = (
            head[:opening]
            + b"<"
            + prefix
            + b"mergeCells></"
            + prefix
            + b"mergeCells>"
            + head[opening:]
        )
        index = 0
        sink, written = self._open_part(index, head)
        for piece in rest:
            tail.feed(piece)
            while index < self.count - 1 and written + len(piece) >= target:
                cut = _row_start(piece, row_open, max(target - written, 0))
                if cut is None:  # no row begins in the rest of this piece: cut further on
                    break
                sink.write(piece[:cut])
                sink.write(closing)
                self._close_part(index, sink)
                index += 1
                piece = piece[cut:]
                sink, written = self._open_part(index, head)
            sink.write(piece)
            written += len(piece)
        self._close_part(index, sink)
        self.merged += _merged_ranges(tail.text)

    def _pieces(self) -> Iterator[bytes]:
        with self.archive.open(self.info) as stream:  # checks the CRC at the end
            while piece := stream.read(_STEP):
                if self.watch is not None:
                    self.watch(piece)
                yield piece

    def _head(self, pieces: Iterator[bytes]) -> tuple[bytes, bytes, Iterator[bytes]]:
        """The XML before the rows (its ``<dimension>`` left out: it names the whole
        sheet's cells), the namespace prefix, and the XML from the first row on."""
        buffer = b""
        for piece in pieces:
            buffer += piece
            root = _ROOT.search(buffer)
            if root is None:
                if len(buffer) > _MAX_HEAD:
                    break
                continue
            prefix = root.group(1) or b""
            opening = buffer.find(b"<" + prefix + b"sheetData", root.end())
            end = buffer.find(b">", opening) if opening >= 0 else -1
            if end < 0:
                if len(buffer) > _MAX_HEAD:
                    break
                continue
            if buffer[end - 1 : end] == b"/":  # <sheetData/>: no rows
                break
            head = _DIMENSION.sub(b"", buffer[: end + 1])
            return head, prefix, _chain(buffer[end + 1 :], pieces)
        raise _UnfitError

    def _open_part(self, index: int, head: bytes) -> tuple[IO[bytes], int]:
        book = zipfile.ZipFile(self.folder / f"part{index}.xlsx", "w", zipfile.ZIP_STORED)
        for info, data in self.kept:
            book.writestr(info.filename, data)
        sink = book.open(self.info.filename, "w", force_zip64=self.info.file_size > 0x7FFF0000)
        self.open = (book, sink)
        sink.write(head)
        return sink, 0

    def _close_part(self, index: int, sink: IO[bytes]) -> None:
        sink.close()
        if self.open is not None:
            self.open[0].close()
            self.open = None
        thread = threading.Thread(
            target=self._parse, args=(index, self.folder / f"part{index}.xlsx"), daemon=True
        )
        self.threads.append(thread)
        thread.start()

    def _parse(self, index: int, file: Path) -> None:
        try:
            import python_calamine

            book = python_calamine.CalamineWorkbook.from_path(str(file))
            try:
                sheet = book.get_sheet_by_name(self.sheet)
                start, end = sheet.start, sheet.end
                if start is not None and end is not None:
                    self.results[index] = _Part(sheet, start, end)
            finally:
                book.close()
        except BaseException as exc:  # calamine raises its own errors and pyo3 panics
            self.errors.append(exc)
        finally:
            file.unlink(missing_ok=True)


class _Tail:
    """The XML after the rows (``end``: the end tag of ``<sheetData>``), fed in pieces.

    The last :data:`_MAX_TAIL` bytes are kept and the end tag looked for in them once the
    XML is over, rather than in every piece (a sixth of a second less of cutting, which
    the parse of the last part waits for). A sheet whose XML after the rows is longer
    is parsed whole."""

    def __init__(self, end: bytes) -> None:
        self.end = end
        self._pieces: deque[bytes] = deque()
        self._size = 0

    def feed(self, piece: bytes) -> None:
        self._pieces.append(piece)
        self._size += len(piece)
        while self._size - len(self._pieces[0]) >= _MAX_TAIL:
            self._size -= len(self._pieces.popleft())

    @property
    def text(self) -> bytes:
        """The XML after the end tag of ``<sheetData>``."""
        kept = b"".join(self._pieces)
        at = kept.rfind(self.end)
        if at < 0:
            raise _UnfitError
        return kept[at + len(self.end) :]


_MERGE_CELL = re.compile(
    rb"<(?:\w+:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?[\"']"
)


def _merged_ranges(xml: bytes) -> Merged:
    """The merged ranges of ``<mergeCell ref="B3:C4"/>`` elements, as calamine gives them:
    ((first row, first column), (last row, last column)), 0-based."""
    ranges: Merged = []
    for first_col, first_row, last_col, last_row in _MERGE_CELL.findall(xml):
        top, left = int(first_row) - 1, column_index(first_col)
        if last_col:
            ranges.append(((top, left), (int(last_row) - 1, column_index(last_col))))
        else:
            ranges.append(((top, left), (top, left)))
    return ranges


def column_index(letters: bytes) -> int:
    """``b"A"`` → 0, ``b"AB"`` → 27: the 0-based column of a cell reference's letters."""
    index = 0
    for byte in letters:
        index = index * 26 + (byte - 64)
    return index - 1


def _row_start(piece: bytes, row_open: bytes, start: int) -> int | None:
    """Where in ``piece``, from ``start`` on, a row element that carries its number begins."""
    size = len(row_open)
    position = piece.find(row_open, start)
    while position >= 0:
        follower = piece[position + size : position + size + 1]
        end = piece.find(b">", position)
        if end < 0:
            return None
        if follower in (b" ", b"\t", b"\n", b"\r") and _ROW_NUMBER.search(piece, position, end):
            return position
        position = piece.find(row_open, position + size)
    return None


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest
