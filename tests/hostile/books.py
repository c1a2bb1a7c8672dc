"""Small hostile workbooks written by the tests: a minimal xlsx whose sheet XML (and
shared strings) the test gives, so a cell can sit where no spreadsheet program would put
it, and a part can inflate to far more than its file's size."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{shared}</Types>"
)
_SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_BOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>{shared}</Relationships>'
)
_SHARED_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/>'
)

HEADER = ("SKU", "Nom", "Prix TTC", "Marque")


def cell(ref: str, text: str) -> str:
    """An inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def catalogue_rows(rows: int = 3) -> str:
    """A header and ``rows`` product rows, as ``<row>`` elements."""
    table = [HEADER] + [
        (f"SKU-{n}", f"Crème {n}", f"{n}.50", "Maison") for n in range(2, rows + 2)
    ]
    out = []
    for n, values in enumerate(table, start=1):
        cells = "".join(cell(f"{c}{n}", v) for c, v in zip("ABCD", values, strict=True))
        out.append(f'<row r="{n}">{cells}</row>')
    return "".join(out)


def sheet_xml(rows: str, *, dimension: str | None = None, tail: str = "") -> str:
    """A worksheet's XML around ``rows`` (``<row>`` elements)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<worksheet xmlns="{NS}">{dim}<sheetData>{rows}</sheetData>{tail}</worksheet>'


def write_book(
    path: Path,
    sheet: str | Iterable[bytes],
    *,
    name: str = "Catalogue",
    shared: str | Iterable[bytes] | None = None,
) -> Path:
    """Write a minimal xlsx; ``sheet`` (and ``shared``) as text or as pieces of bytes
    streamed into the zip (a part far larger than memory is never built whole)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", _TYPES.format(shared=_SHARED_TYPE if shared else ""))
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _BOOK.replace("{name}", name))
        book.writestr(
            "xl/_rels/workbook.xml.rels", _BOOK_RELS.format(shared=_SHARED_REL if shared else "")
        )
        _write_part(book, "xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            _write_part(book, "xl/sharedStrings.xml", shared)
    return path


def _write_part(book: zipfile.ZipFile, name: str, content: str | Iterable[bytes]) -> None:
    if isinstance(content, str):
        book.writestr(name, content)
        return
    with book.open(name, "w", force_zip64=True) as sink:
        for piece in content:
            sink.write(piece)


def whitespace_sheet(megabytes: int) -> Iterable[bytes]:
    """A sheet of a few cells with ``megabytes`` MB of whitespace inside its XML."""
    yield sheet_xml(catalogue_rows(2)).split("<sheetData>")[0].encode() + b"<sheetData>"
    yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>SKU</t></is>'
    block = b" " * (1 << 20)
    for _ in range(megabytes):
        yield block
    yield b"</c></row></sheetData></worksheet>"
