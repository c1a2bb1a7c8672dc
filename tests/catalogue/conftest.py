"""Helpers that write small catalogues the way real tools do (openpyxl, Excel CSV exports)."""

from __future__ import annotations

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
