"""A big sheet parsed in parts in parallel threads reads exactly as the whole sheet."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import python_calamine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from export_kit import fileio
from export_kit.catalogue import read_catalogue, sheetparts
from export_kit.catalogue.sheetparts import JoinedSheet, load_in_parts
from export_kit.catalogue.workbook import find_formulas_without_value, load_workbook
from export_kit.errors import CatalogueError

from .conftest import write_minimal_xlsx

PART = "xl/worksheets/sheet1.xml"


@pytest.fixture(autouse=True)
def _own_temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The parts' temporary files go to a folder of the test's own, checked empty after."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    fileio.remove_run_temp_dir()  # this test's run folder goes under its own folder
    yield folder
    # the run's one folder may stay until the run ends, but holds nothing of the parts
    for entry in os.listdir(folder):
        assert entry.startswith(f"export-kit-{os.getpid()}-")
        assert os.listdir(folder / entry) == []
    fileio.remove_run_temp_dir()
    assert os.listdir(folder) == []


def _whole(path: Path, sheet: str) -> Any:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(sheet)
    finally:
        book.close()


def _assert_same(joined: JoinedSheet, whole: Any) -> None:
    assert joined.start == whole.start
    assert joined.end == whole.end
    assert sorted(joined.merged_cell_ranges) == sorted(whole.merged_cell_ranges or [])
    rows = list(whole.iter_rows())
    assert list(joined.iter_rows()) == rows
    # read from any row on (a worker's first range), the parts before it left unread
    for skip in {1, len(rows) // 3, len(rows) // 2, len(rows) - 1, len(rows) + 2}:
        assert list(joined.iter_rows(skip)) == rows[skip:]


def _save(workbook: Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def test_a_sheet_cut_in_three_parts_reads_as_the_whole(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Produits"
    sheet.append(["Référence", "Désignation", "Prix", "Date"])
    for i in range(1, 301):
        sheet.append([f"R-{i}", f'Savon <row r="{i}"> n°{i}', i * 1.25, dt.date(2026, 1, 1)])
    sheet["G150"] = "une cellule loin à droite"
    sheet.merge_cells("B300:C301")
    path = _save(workbook, tmp_path / "trois.xlsx")

    joined = load_in_parts(path, "Produits", PART, parts=3, min_part_bytes=1)

    assert joined is not None
    assert len(joined.parts) == 3
    # the middle part reaches column G, the others stop at D: their rows are widened
    assert [p.end[1] for p in joined.parts] == [3, 6, 3]
    _assert_same(joined, _whole(path, "Produits"))


def test_a_part_starting_in_a_later_column_keeps_its_cells_in_place(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "S"
    for r in range(1, 41):
        sheet.cell(row=r, column=1, value=f"a{r}")
        sheet.cell(row=r, column=3, value=r)
    for r in range(41, 121):  # no cell in column A from here on
        sheet.cell(row=r, column=2, value=f"b{r}")
    path = _save(workbook, tmp_path / "colonnes.xlsx")

    joined = load_in_parts(path, "S", PART, parts=2, min_part_bytes=1)

    assert joined is not None and len(joined.parts) == 2
    assert joined.parts[1].start[1] == 1
    _assert_same(joined, _whole(path, "S"))


_CELL = st.one_of(
    st.none(),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("<>&\"'"),
        max_size=12,
    ),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 1, 1)),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    top=st.integers(0, 4),
    left=st.integers(0, 3),
    rows=st.lists(st.lists(_CELL, max_size=5), min_size=1, max_size=40),
    parts=st.integers(2, 4),
    merge=st.booleans(),
)
def test_any_sheet_reads_the_same_in_parts(
    tmp_path: Path,
    top: int,
    left: int,
    rows: list[list[Any]],
    parts: int,
    merge: bool,
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "S"
    for r, cells in enumerate(rows, start=top + 1):
        for c, value in enumerate(cells, start=left + 1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    if merge and len(rows) > 2:
        sheet.merge_cells(
            start_row=top + 2, start_column=left + 1, end_row=top + 3, end_column=left + 2
        )
    path = _save(workbook, tmp_path / "any.xlsx")
    whole = _whole(path, "S")

    joined = load_in_parts(path, "S", PART, parts=parts, min_part_bytes=1)

    if whole.start is None:  # no cell at all: whatever the parts hold, no rows
        assert joined is None or list(joined.iter_rows()) == []
        return
    assert joined is not None
    _assert_same(joined, whole)


def test_prefixed_xml_is_cut_too(tmp_path: Path) -> None:
    rows = "".join(
        f'<x:row r="{r}"><x:c r="A{r}" t="inlineStr"><x:is><x:t>v{r}</x:t></x:is></x:c>'
        f'<x:c r="B{r}"><x:v>{r}</x:v></x:c></x:row>'
        for r in range(1, 200)
    )
    sheet_xml = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:dimension ref="A1:B199"/>'
        f"<x:sheetData>{rows}</x:sheetData></x:worksheet>"
    )
    path = tmp_path / "prefixe.xlsx"
    write_minimal_xlsx(path, sheet_xml)

    joined = load_in_parts(path, "Feuil1", PART, parts=3, min_part_bytes=1)

    assert joined is not None and len(joined.parts) == 3
    _assert_same(joined, _whole(path, "Feuil1"))


def test_rows_without_their_number_are_parsed_whole(tmp_path: Path) -> None:
    rows = "".join(
        f'<row><c t="inlineStr"><is><t>v{r}</t></is></c><c><v>{r}</v></c></row>'
        for r in range(1, 200)
    )
    sheet_xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    path = tmp_path / "sans-numeros.xlsx"
    write_minimal_xlsx(path, sheet_xml)

    # no row can start a part: the one part is the whole sheet
    joined = load_in_parts(path, "Feuil1", PART, parts=3, min_part_bytes=1)
    assert joined is not None and len(joined.parts) == 1
    _assert_same(joined, _whole(path, "Feuil1"))


def test_a_small_sheet_or_one_cpu_is_not_cut(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["a", 1])
    path = _save(workbook, tmp_path / "petit.xlsx")
    sheet = workbook.active.title
    assert load_in_parts(path, sheet, PART) is None  # far below MIN_PART_BYTES
    assert load_in_parts(path, sheet, PART, parts=1, min_part_bytes=1) is None
    assert load_in_parts(path, sheet, "xl/worksheets/missing.xml", min_part_bytes=1) is None


def test_a_damaged_sheet_is_left_to_the_whole_parse(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 200))
    # the last part's XML is broken: calamine refuses it, so the parts give up
    sheet_xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData>{rows}<row r="200"><c r="A200"><v>1</c></row></sheetData></worksheet>'
    )
    path = tmp_path / "abime.xlsx"
    write_minimal_xlsx(path, sheet_xml)
    assert load_in_parts(path, "Feuil1", PART, parts=3, min_part_bytes=1) is None


def test_a_catalogue_reads_the_same_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Catalogue"
    sheet["A1"] = "Catalogue Maison Test — tarifs 2026"
    sheet.append([])
    sheet.append(["Référence", "Référence parent", "Désignation", "Prix TTC (€)", "Taille"])
    for i in range(1, 400):
        parent = f"P-{i // 3}" if i % 3 else ""
        price: object = f"=D{i + 2}*2" if i % 97 == 0 else 10 + i / 4
        sheet.append([f"R-{i}", parent, f"Robe lin n°{i}", price, "M"])
    path = _save(workbook, tmp_path / "catalogue.xlsx")

    whole_book = load_workbook(path, None, scan_formulas=True)
    whole = read_catalogue(path)
    whole_skus = [s.model_dump() for s in whole.iter_skus()]
    monkeypatch.setattr(sheetparts, "MIN_PART_BYTES", 1)
    monkeypatch.setattr(sheetparts, "wanted_parts", lambda: 3)
    book = load_workbook(path, None, scan_formulas=True)
    parted = read_catalogue(path)

    assert isinstance(book.source, JoinedSheet) and len(book.source.parts) == 3
    assert not isinstance(whole_book.source, JoinedSheet)
    # the formula scan saw the XML as the parts were cut: the same four formulas
    assert book.formulas == whole_book.formulas
    assert len(find_formulas_without_value(path, "Catalogue")) == 4
    assert (book.row_offset, book.col_offset, book.last_row) == (
        whole_book.row_offset,
        whole_book.col_offset,
        whole_book.last_row,
    )
    assert [s.model_dump() for s in parted.iter_skus()] == whole_skus
    assert [p.outer_id for p in parted.iter_products()] == [
        p.outer_id for p in whole.iter_products()
    ]
    # a key pass in two processes cuts the rows where the part nearest their middle
    # begins, and its halves find the keys of one pass
    fresh = read_catalogue(path)  # no key pass made yet
    assert fresh.reader is not None and whole.reader is not None
    starts = book.part_rows()
    assert len(starts) == 2 and set(starts) <= {s["row"] for s in whole_skus}
    middle = 4 + (book.last_row - 3) // 2
    cut = fresh.reader.key_split_row()
    assert cut is not None and cut == min(starts, key=lambda row: abs(row - middle))
    halves = [fresh.reader.scan_keys(0, cut), fresh.reader.scan_keys(cut)]
    assert [key for half in halves for key in half.keys] == list(whole.reader.keys())
    # a worker's ranges, each read on from where the reader stands
    ranges = parted.split(4)
    assert len(ranges) == 4
    in_ranges = []
    for first, stop in ranges:
        parted.limit(first, stop)
        in_ranges += [s.model_dump() for s in parted.iter_skus()]
    assert in_ranges == whole_skus
    # a reader whose first range is a late one starts in the part that holds it
    late = read_catalogue(path)
    first, stop = late.split(4)[2]
    late.limit(first, stop)
    assert [s.model_dump() for s in late.iter_skus()] == [
        s for s in whole_skus if first <= s["row"] < stop
    ]


def test_no_room_for_the_parts_means_one_whole_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = Workbook()
    for r in range(1, 200):
        workbook.active.append([f"R-{r}", r])
    path = _save(workbook, tmp_path / "plein.xlsx")
    sheet = workbook.active.title
    assert load_in_parts(path, sheet, PART, parts=2, min_part_bytes=1) is not None

    def full(folder: str) -> Any:  # the temporary folder's disk as a full one reports it
        return SimpleNamespace(total=1 << 30, used=1 << 30, free=0)

    monkeypatch.setattr(shutil, "disk_usage", full)
    assert load_in_parts(path, sheet, PART, parts=2, min_part_bytes=1) is None


@pytest.mark.parametrize("name", ["cosmetiques-aubeline.xlsx", "mode-maroquinerie-brevanne.xlsx"])
def test_a_sample_renders_the_same_feed_read_in_parts(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from export_kit.pipeline import render

    from ..conftest import SAMPLES

    moment = dt.datetime(2026, 11, 27, 3, 0, tzinfo=dt.UTC)

    def feed(out: str) -> bytes:
        result = render(
            SAMPLES / name,
            platform="tmall-global",
            out=tmp_path / out,
            workspace=tmp_path / "ws",
            rate=Decimal("7.8"),
            now=moment,
        )
        return result.feed.path.read_bytes()

    whole = feed("whole")
    assert whole.count(b"<item>") >= 10
    monkeypatch.setattr(sheetparts, "MIN_PART_BYTES", 1)
    monkeypatch.setattr(sheetparts, "wanted_parts", lambda: 3)
    book = load_workbook(SAMPLES / name, None, scan_formulas=True)
    assert isinstance(book.source, JoinedSheet) and len(book.source.parts) == 3
    assert feed("parts") == whole
    assert (tmp_path / "parts" / "report.json").read_bytes() == (
        tmp_path / "whole" / "report.json"
    ).read_bytes()


def test_a_corrupt_sheet_is_reported_by_the_whole_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = Workbook()
    workbook.active.title = "Catalogue"
    workbook.active.append(["Référence", "Désignation", "Prix TTC (€)"])
    for i in range(1, 2000):
        workbook.active.append([f"R-{i}", f"Savon n°{i}", 10 + i / 4])
    path = _save(workbook, tmp_path / "corrompu.xlsx")
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(PART)
    data = bytearray(path.read_bytes())
    middle = info.header_offset + 30 + len(PART) + info.compress_size // 2
    data[middle : middle + 64] = bytes(64)  # zeroes in the middle of the deflated rows
    path.write_bytes(bytes(data))
    monkeypatch.setattr(sheetparts, "MIN_PART_BYTES", 1)

    assert load_in_parts(path, "Catalogue", PART, parts=2) is None
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(path)
    assert "corrompu.xlsx" in str(caught.value) and "\n" not in str(caught.value)


def test_a_reader_that_skipped_rows_reads_them_when_asked_again(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["Référence", "Désignation", "Prix TTC (€)"])
    for i in range(1, 50):
        workbook.active.append([f"R-{i}", f"Savon n°{i}", 10 + i])
    path = _save(workbook, tmp_path / "relire.xlsx")
    catalogue = read_catalogue(path)
    every = [s.row for s in catalogue.iter_skus()]
    catalogue.split(2, 1)
    catalogue.limit(500, 600)  # past the last row: the reader starts there, reads nothing
    assert list(catalogue.iter_skus()) == []
    catalogue.limit(2, 600)  # from the first data row: rows it never read
    assert [s.row for s in catalogue.iter_skus()] == every
    catalogue.limit(40, 41)
    assert [s.row for s in catalogue.iter_skus()] == [40]


def test_excel_sheet_xml_with_relationships_is_cut_too(tmp_path: Path) -> None:
    # what Excel writes around the rows: namespaces, row attributes of its own, and
    # elements after them that name the sheet's relationships (links, page setup,
    # drawings, comments), which the parts leave out
    rows = "".join(
        f'<row r="{r}" spans="1:2" x14ac:dyDescent="0.25"><c r="A{r}" t="inlineStr">'
        f'<is><t>v{r}</t></is></c><c r="B{r}"><v>{r}</v></c></row>'
        for r in range(1, 300)
    )
    sheet_xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'mc:Ignorable="x14ac" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
        '<dimension ref="A1:B299"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>'
        '<cols><col min="1" max="1" width="12"/></cols>'
        f"<sheetData>{rows}</sheetData>"
        '<mergeCells count="1"><mergeCell ref="C5:D6"/></mergeCells>'
        '<hyperlinks><hyperlink ref="A1" r:id="rId4"/></hyperlinks>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
        'footer="0.3"/><pageSetup paperSize="9" orientation="portrait" r:id="rId1"/>'
        '<drawing r:id="rId2"/><legacyDrawing r:id="rId3"/></worksheet>'
    )
    path = tmp_path / "excel.xlsx"
    write_minimal_xlsx(path, sheet_xml)

    joined = load_in_parts(path, "Feuil1", PART, parts=3, min_part_bytes=1)

    assert joined is not None and len(joined.parts) == 3
    assert joined.merged_cell_ranges == [((4, 2), (5, 3))]
    _assert_same(joined, _whole(path, "Feuil1"))


def test_shared_strings_and_date_styles_reach_every_part(tmp_path: Path) -> None:
    # what Excel and LibreOffice write (openpyxl writes its text inline): text as an
    # index into xl/sharedStrings.xml, dates as numbers styled by xl/styles.xml
    words = [f"Savon n°{i} à l'huile d'olive" for i in range(40)]
    strings = "".join(f"<si><t>{w}</t></si>" for w in words)
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>{r % len(words)}</v></c>'
        f'<c r="B{r}" s="1"><v>{46000 + r}</v></c><c r="C{r}"><v>{r}.5</v></c></row>'
        for r in range(1, 400)
    )
    sheet_xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    path = tmp_path / "partagees.xlsx"
    write_minimal_xlsx(path, sheet_xml)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{main}" count="{len(words)}" uniqueCount="{len(words)}">{strings}</sst>'
    ).encode()
    parts["xl/styles.xml"] = (
        f'<styleSheet xmlns="{main}"><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
    ).encode()
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rId2" Type="{relationships}/sharedStrings" '
        f'Target="sharedStrings.xml"/><Relationship Id="rId3" '
        f'Type="{relationships}/styles" Target="styles.xml"/></Relationships>'.encode(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    whole = _whole(path, "Feuil1")
    first = next(iter(whole.iter_rows()))
    assert first[0] == words[1] and isinstance(first[1], dt.date)  # the test means it

    joined = load_in_parts(path, "Feuil1", PART, parts=3, min_part_bytes=1)

    assert joined is not None and len(joined.parts) == 3
    _assert_same(joined, whole)


def test_a_sheet_with_long_xml_after_its_rows_is_parsed_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the end of the rows is looked for in the last bytes of the XML only: thousands
    # of hyperlinks after them push it out of reach, and the sheet is parsed whole
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 300))
    links = "".join(f'<hyperlink ref="A{r}" r:id="rId{r}"/>' for r in range(1, 300))
    sheet_xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheetData>{rows}</sheetData>"
        '<mergeCells count="1"><mergeCell ref="B2:B3"/></mergeCells>'
        f"<hyperlinks>{links}</hyperlinks></worksheet>"
    )
    path = tmp_path / "links.xlsx"
    write_minimal_xlsx(path, sheet_xml)
    monkeypatch.setattr(sheetparts, "_STEP", 512)  # the XML inflated 512 bytes at a time
    joined = load_in_parts(path, "Feuil1", PART, parts=3, min_part_bytes=1)
    assert joined is not None and joined.merged_cell_ranges == [((1, 1), (2, 1))]

    monkeypatch.setattr(sheetparts, "_MAX_TAIL", len(links) // 2)
    assert load_in_parts(path, "Feuil1", PART, parts=3, min_part_bytes=1) is None
