"""Helpers that write small catalogues the way real tools do (openpyxl, Excel CSV exports)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

FRENCH_HEADERS = [
    "Référence",
    "Référence parent",
    "Désignation",
    "Marque",
    "Catégorie",
    "Prix TTC (€)",
    "Code EAN",
    "Code SH",
    "Contenance",
    "Poids (kg)",
    "Pays d'origine",
    "Image 1",
    "Image 2",
    "Stock",
    "Durée de conservation (mois)",
    "Taille",
    "Couleur",
]

XlsxWriter = Callable[..., Path]
CsvWriter = Callable[..., Path]


@pytest.fixture
def write_xlsx(tmp_path: Path) -> XlsxWriter:
    """Write a workbook: ``sheets`` maps a sheet name to its rows (top-left cell A1)."""

    def write(
        name: str = "catalogue.xlsx",
        sheets: dict[str, Sequence[Sequence[Any]]] | None = None,
        *,
        merges: dict[str, list[str]] | None = None,
    ) -> Path:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, rows in (sheets or {}).items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
            for cell_range in (merges or {}).get(title, []):
                sheet.merge_cells(cell_range)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture
def write_csv(tmp_path: Path) -> CsvWriter:
    """Write a text catalogue in a given encoding (bytes exactly as given, BOM optional)."""

    def write(
        text: str, name: str = "catalogue.csv", encoding: str = "utf-8", bom: bytes = b""
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(bom + text.encode(encoding))
        return path

    return write


def write_minimal_xlsx(path: Path, sheet_xml: str) -> None:
    """A workbook of one sheet, ``Feuil1``, whose XML is ``sheet_xml`` as given (no styles,
    no shared strings: what python-calamine needs and no more)."""
    workbook = (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    package = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", package)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
