"""The measurement of a workbook before it is read (export_kit.catalogue.guard)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.hostile.books import catalogue_rows, cell, sheet_xml, write_book

from export_kit.catalogue import read_catalogue
from export_kit.catalogue.guard import (
    SheetGuard,
    WorkbookLimitError,
    _TextRuns,
    _up_to_letters,
    _up_to_number,
    column_letters,
)
from export_kit.catalogue.workbook import FormulaScan
from export_kit.config import Config, LimitsConfig
from export_kit.errors import CatalogueError


@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_up_to_number_matches_exactly_the_numbers_within(bound: int, value: int) -> None:
    pattern = re.compile(_up_to_number(bound) + b"$")
    assert (pattern.match(str(value).encode()) is not None) == (value <= bound)


@given(st.integers(0, 20_000), st.integers(1, 20_000))
def test_up_to_letters_matches_exactly_the_columns_within(bound: int, column: int) -> None:
    pattern = re.compile(_up_to_letters(column_letters(bound).encode()) + b"$")
    assert (pattern.match(column_letters(column).encode()) is not None) == (column <= bound)


def _feed(xml: bytes, limits: LimitsConfig, size: int) -> SheetGuard:
    guard = SheetGuard(Path("book.xlsx"), "Catalogue", limits)
    for start in range(0, len(xml), size):
        guard.feed(xml[start : start + size])
    guard.finish()
    return guard


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 3000), st.integers(1, 60)), min_size=1, max_size=40),
    st.integers(7, 400),
)
def test_the_largest_row_and_column_are_found_in_any_order_and_any_cut(
    cells: list[tuple[int, int]], size: int
) -> None:
    # rows out of order and pieces cut anywhere: the guard still sees the extremes
    xml = sheet_xml(
        "".join(f'<row r="{r}">{cell(column_letters(c) + str(r), "x")}</row>' for r, c in cells)
    ).encode()
    guard = _feed(xml, LimitsConfig(range_floor=10**9), size)
    assert guard.rows == max(r for r, _ in cells)
    assert guard.columns == max(c for _, c in cells)


def test_cells_without_reference_take_the_next_columns() -> None:
    xml = sheet_xml('<row r="3">' + "<c><v>1</v></c>" * 30 + "</row>").encode()
    guard = _feed(xml, LimitsConfig(range_floor=10**9), 64)
    assert (guard.rows, guard.columns) == (3, 30)


def test_a_normal_catalogue_passes_and_a_stray_cell_is_named(tmp_path: Path) -> None:
    good = write_book(tmp_path / "good.xlsx", sheet_xml(catalogue_rows(20)))
    assert len(list(read_catalogue(good).iter_skus())) == 20
    stray = write_book(
        tmp_path / "stray.xlsx",
        sheet_xml(catalogue_rows(20) + '<row r="500000">' + cell("AZ500000", "x") + "</row>"),
    )
    with pytest.raises(WorkbookLimitError, match=r"A1:AZ500000 .*range_factor"):
        read_catalogue(stray)
    # the same file with the floor raised by the brand's config reads
    config = Config.model_validate({"limits": {"range_floor": 30_000_000}})
    assert len(list(read_catalogue(stray, config=config).iter_skus())) >= 20


def test_a_declared_range_beyond_excel_is_refused(tmp_path: Path) -> None:
    book = write_book(
        tmp_path / "book.xlsx", sheet_xml(catalogue_rows(2), dimension="A1:XFE2000000")
    )
    with pytest.raises(WorkbookLimitError, match="declares its range up to XFE"):
        read_catalogue(book)


@pytest.mark.parametrize("size", [1000, 4096, 1 << 20])
def test_a_long_text_is_found_across_any_cut(size: int) -> None:
    limits = LimitsConfig(max_cell_mb=0.01)  # 10,485 bytes
    long = b"<a>" + b" " * 12_000 + b"</a>"
    short = b"<a>" + b" " * 9_000 + b"</a>"
    for text, refused in ((long, True), (short, False)):
        runs = _TextRuns(Path("b.xlsx"), "the sheet", limits)
        xml = b"<x>" * 5000 + text + b"<y/>" * 5000
        try:
            for start in range(0, len(xml), size):
                runs.feed(xml[start : start + size])
        except WorkbookLimitError as error:
            assert refused and "max_cell_mb" in str(error)
        else:
            assert not refused


def test_the_formula_scan_stays_linear_on_a_long_cell() -> None:
    # one cell open for 64 MB of whitespace: each piece costs the same, not more and more
    found: dict[tuple[int, int], str] = {}
    scan = FormulaScan(found)
    scan.feed(b'<worksheet><sheetData><row r="1"><c r="A1"><f>SUM(B1)</f>')
    block = b" " * (1 << 20)
    started = time.perf_counter()
    for _ in range(64):
        scan.feed(block)
    scan.feed(b'</c><c r="B2"><f>1+1</f></c></row></sheetData></worksheet>')
    assert time.perf_counter() - started < 5
    assert (2, 1) in found


def _lie_about_size(path: Path, member: str, declared: int) -> None:
    """Rewrite the central directory so that ``member`` declares ``declared`` bytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.rfind(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if bytes(data[at + 46 : at + 46 + length]) == name:
            data[at + 24 : at + 28] = declared.to_bytes(4, "little")
            path.write_bytes(bytes(data))
            return
        at = data.rfind(b"PK\x01\x02", 0, at)
    raise AssertionError(member)


def test_a_part_that_inflates_beyond_what_it_declares_is_refused(tmp_path: Path) -> None:
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>Cr\xc3\xa8me</t></si>" * 50_000
        + b"</sst>"
    )
    rows = catalogue_rows(2) + '<row r="9"><c r="A9" t="s"><v>0</v></c></row>'
    book = write_book(tmp_path / "book.xlsx", sheet_xml(rows), shared=[shared])
    assert len(list(read_catalogue(book).iter_skus())) >= 2
    _lie_about_size(book, "xl/sharedStrings.xml", 1000)
    with pytest.raises(CatalogueError, match="does not inflate to the size it declares"):
        read_catalogue(book)
