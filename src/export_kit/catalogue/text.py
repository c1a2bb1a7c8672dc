"""Delimited text catalogues (``.csv``, ``.tsv``, ``.txt``): encoding, delimiter, records.

Encodings are detected, never asked for: a byte-order mark says UTF-8, UTF-16 (Excel's
"Unicode text") or UTF-32; otherwise the whole file is checked as UTF-8 (a streaming decode,
in chunks, so memory stays flat) and read as cp1252 when it is not: cp1252, not latin-1,
because French Windows Excel writes € as 0x80. Only when that check fails are the lines
looked at one by one: a file mostly in UTF-8 with a few lines in cp1252 (pasted from an
older file) is read line by line, each line in the encoding it decodes in
(:func:`mixed_rows` names the rows read as cp1252). The delimiter is sniffed among ``;``, ``,``,
tab and ``|`` by parsing a sample with each (quotes respected) and keeping the one that
gives the most columns most consistently.

Rows are streamed, and numbered as a spreadsheet shows them: one record is one row, even
when a quoted cell spans several lines.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from export_kit.errors import CatalogueError, ConfigError

__all__ = [
    "MIXED",
    "TextFormat",
    "detect_encoding",
    "iter_records",
    "mixed_rows",
    "sample_records",
    "sniff_format",
]

Quoting = Literal[0, 1, 2, 3]
_CHUNK = 1 << 20
_SAMPLE_CHARS = 1 << 16
_DELIMITERS = (";", ",", "\t", "|")
#: a field that opens with a quote and goes on after the closing one
_BARE_QUOTE = re.compile(r'(?:^|\t)"[^"]*"[^"\t\r\n]', re.MULTILINE)
#: cp1252 leaves these five bytes undefined
_CP1252_HOLES = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")

#: the ``errors`` of a UTF-8 file with some lines in cp1252: a codec error handler that
#: reads the bytes UTF-8 rejects as cp1252 (used for the delimiter sample; the records
#: are decoded line by line, see :func:`_mixed_lines`)
MIXED = "export-kit-cp1252-lines"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252", "replace"), exc.end


codecs.register_error(MIXED, _cp1252_fallback)

# Product descriptions in HTML easily pass csv's default 128 KiB field limit.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


@dataclass(frozen=True)
class TextFormat:
    """How to read a text catalogue."""

    encoding: str
    delimiter: str
    quoting: Quoting = csv.QUOTE_MINIMAL
    #: ``replace`` only for a detected cp1252 that uses one of its five undefined bytes;
    #: :data:`MIXED` for UTF-8 with some lines in cp1252
    errors: str = "strict"

    @property
    def mixed(self) -> bool:
        """UTF-8 with some lines in cp1252, read line by line."""
        return self.errors == MIXED

    @property
    def label(self) -> str:
        """The encoding as a person names it (``utf-8-sig`` is UTF-8 with a BOM)."""
        return {
            "utf-8-sig": "utf-8",
            "utf-16": "utf-16",
            "utf-32": "utf-32",
        }.get(self.encoding, self.encoding)


def _check_encoding(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ConfigError(
            f"Unknown encoding '{name}'. Use for example utf-8, cp1252 or utf-16."
        ) from None


def detect_encoding(path: Path) -> tuple[str, str]:
    """(encoding, errors) of a text file: BOM, else UTF-8 if the whole file decodes, else cp1252."""
    with path.open("rb") as handle:
        head = handle.read(4096)
        if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            return "utf-32", "strict"
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig", "strict"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", "strict"
        if b"\x00" in head:
            sample = head[: len(head) - len(head) % 2]
            even, odd = sample[0::2].count(0), sample[1::2].count(0)
            if odd > len(sample) // 4 and even == 0:
                return "utf-16-le", "strict"
            if even > len(sample) // 4 and odd == 0:
                return "utf-16-be", "strict"
            raise CatalogueError(
                f"{path.name} is not a text file (it holds binary data). "
                "Give a .csv, .tsv, .txt or .xlsx catalogue.",
                source=str(path),
            )
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8 = True
        holes = False
        while chunk := handle.read(_CHUNK):
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            if not utf8 and any(hole in chunk for hole in _CP1252_HOLES):
                holes = True
                break
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        return "utf-8", "strict"
    if _mostly_utf8(path):
        return "utf-8", MIXED
    return "cp1252", "replace" if holes else "strict"


def _mostly_utf8(path: Path) -> bool:
    """True when more lines decode as UTF-8 with accents than fail to: a UTF-8 file with
    a few lines pasted from a cp1252 one (a cp1252 file has all its accented lines fail)."""
    good = bad = 0
    with path.open("rb") as handle:
        for line in handle:
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                bad += 1
                if bad > 20 and bad > 4 * good:
                    return False  # settled: a cp1252 file
                continue
            good += 1
    return good >= bad


def _open(path: Path, fmt: TextFormat) -> io.TextIOWrapper:
    return path.open("r", encoding=fmt.encoding, errors=fmt.errors, newline="")


def _parse_sample(text: str, delimiter: str, quoting: Quoting, complete: bool) -> list[list[str]]:
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=quoting)
    try:
        for record in reader:
            records.append(record)
    except csv.Error:
        pass
    if not complete and records:
        records.pop()  # the sample may end inside the last record
    return records


def _score(records: list[list[str]]) -> float:
    counts = [len(r) for r in records if any(cell.strip() for cell in r)]
    if not counts:
        return 0.0
    width, hits = Counter(counts).most_common(1)[0]
    if width < 2:
        return 0.0
    return width * hits / len(counts)


def sniff_format(path: Path, encoding: str | None) -> TextFormat:
    """Encoding (given or detected) and delimiter of a text catalogue."""
    if encoding:
        name, errors = _check_encoding(encoding), "strict"
        if name == "utf-8":
            name = "utf-8-sig"  # a BOM is never part of the first header
    else:
        name, errors = detect_encoding(path)
    probe = TextFormat(name, ",", errors=errors)
    try:
        with _open(path, probe) as handle:
            text = handle.read(_SAMPLE_CHARS)
            complete = not handle.read(1)
    except UnicodeDecodeError:
        raise _decode_error(path, probe) from None
    if not text.strip():
        raise CatalogueError(
            f"{path.name} is empty: there is no catalogue to read.", source=str(path)
        )
    best: tuple[float, str] = (0.0, ",")
    for delimiter in _DELIMITERS:
        score = _score(_parse_sample(text, delimiter, csv.QUOTE_MINIMAL, complete))
        if score > best[0]:
            best = (score, delimiter)
    quoting: Quoting = csv.QUOTE_MINIMAL
    if best[1] == "\t" and _BARE_QUOTE.search(text):
        # tab exports of databases (Open Food Facts) hold quotes that quote nothing:
        # '"Brie" de Meaux' is a cell, where a CSV writer would have written '"""Brie"" …"'
        quoting = csv.QUOTE_NONE
    return TextFormat(name, best[1], quoting, errors)


def _bad_byte(path: Path, fmt: TextFormat) -> tuple[int, bytes] | None:
    """(line number, byte) of the first byte that does not decode, by a second, exact pass."""
    decoder = codecs.getincrementaldecoder(fmt.encoding)()
    lines = 1
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    # the decoder may hold back a few bytes of the previous chunk
                    start = max(exc.start, 0)
                    return lines + chunk[:start].count(b"\n"), chunk[start : start + 1]
                lines += chunk.count(b"\n")
    except OSError:
        return None
    return None


def _decode_error(path: Path, fmt: TextFormat) -> CatalogueError:
    found = _bad_byte(path, fmt)
    where = f" at line {found[0]} (byte {found[1]!r})" if found else ""
    hint = (
        "pass --encoding cp1252 (Windows Excel) or save it as 'CSV UTF-8'"
        if fmt.encoding.startswith("utf-8")
        else "pass the right --encoding (utf-8, cp1252, utf-16)"
    )
    return CatalogueError(
        f"{path.name} is not valid {fmt.label} text{where}: {hint}.", source=str(path)
    )


def sample_records(path: Path, fmt: TextFormat, limit: int = 40) -> list[tuple[int, list[str]]]:
    """The first ``limit`` records with their row numbers (for finding the header)."""
    result: list[tuple[int, list[str]]] = []
    for number, record in iter_records(path, fmt):
        result.append((number, record))
        if len(result) >= limit:
            break
    return result


def _mixed_lines(handle: Iterable[bytes], bad: list[tuple[int, str]]) -> Iterator[str]:
    """Each line of a binary file as text, in UTF-8 or, where that fails, cp1252; the
    (line number, text) of those read as cp1252 are added to ``bad``."""
    for number, line in enumerate(handle, start=1):
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            text = line.decode("cp1252", "replace")
            bad.append((number, text.rstrip("\r\n")))
            yield text


def _text_lines(
    path: Path, fmt: TextFormat, stack: contextlib.ExitStack, bad: list[tuple[int, str]]
) -> Iterator[str]:
    if fmt.mixed:
        binary = stack.enter_context(path.open("rb"))
        if fmt.encoding == "utf-8-sig" and binary.read(3) != codecs.BOM_UTF8:
            binary.seek(0)
        return _mixed_lines(binary, bad)
    return stack.enter_context(_open(path, fmt))


def mixed_rows(path: Path, fmt: TextFormat) -> dict[int, str]:
    """Row number → text of the first line read as cp1252 in that row, for a UTF-8 file
    with some lines in cp1252 (``{}`` for any other file)."""
    if not fmt.mixed:
        return {}
    found: dict[int, str] = {}
    bad: list[tuple[int, str]] = []
    with contextlib.ExitStack() as stack:
        reader = csv.reader(
            _text_lines(path, fmt, stack, bad), delimiter=fmt.delimiter, quoting=fmt.quoting
        )
        number = 0
        try:
            for _ in reader:
                number += 1
                if bad:
                    found.setdefault(number, bad[0][1])
                    bad.clear()
        except csv.Error:
            pass  # iter_records reports it
    return found


def iter_records(path: Path, fmt: TextFormat, after: int = 0) -> Iterator[tuple[int, list[str]]]:
    """Every record after row ``after``, with its row number (a multi-line cell is one row)."""
    number = 0
    try:
        with contextlib.ExitStack() as stack:
            lines = _text_lines(path, fmt, stack, [])
            reader = csv.reader(lines, delimiter=fmt.delimiter, quoting=fmt.quoting)
            if after:
                for _ in reader:
                    number += 1
                    if number >= after:
                        break
            for record in reader:
                number += 1
                yield number, record
    except UnicodeDecodeError:
        raise _decode_error(path, fmt) from None
    except csv.Error as exc:
        raise CatalogueError(
            f"{path.name} row {number + 1}: cannot be read as {fmt.delimiter!r}-separated "
            f"text ({exc}). Check the quotes in that row.",
            source=str(path),
        ) from None
    except OSError as exc:
        raise CatalogueError(
            f"{path.name} cannot be read ({exc.strerror or exc}).", source=str(path)
        ) from None
