"""Ranges of a catalogue's rows done in several processes, each taking the next range."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from export_kit.catalogue import read_catalogue
from export_kit.catalogue.base import Catalogue
from export_kit.shares import Board, _keys_in_two, can_fork, in_shares

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes need fork (Linux)")

HEADER = ["Référence", "Référence parent", "Désignation", "Prix TTC"]


def _rows(products: int) -> list[list[str]]:
    """Single products and products of three variants (every fourth)."""
    rows: list[list[str]] = []
    for n in range(products):
        if n % 4 == 0:
            rows += [[f"P{n}-{v}", f"P{n}", f"Crème {n}", "12,50"] for v in "SML"]
        else:
            rows.append([f"P{n}", "", f"Savon {n}", "4,20"])
    return rows


def _csv(path: Path, rows: list[list[str]]) -> Catalogue:
    lines = [";".join(HEADER)] + [";".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_catalogue(path)


def _xlsx(path: Path, rows: list[list[str]]) -> Catalogue:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return read_catalogue(path)


def _skus_of_range(first: int, stop: int, index: int, catalogue: Catalogue) -> tuple:
    skus = [(s.row, s.sku) for s in catalogue.iter_skus()]
    return (index, first, stop, os.getpid(), skus)


@pytest.mark.parametrize("make", [_csv, _xlsx], ids=["csv", "xlsx"])
def test_every_range_is_done_once_and_the_results_come_in_row_order(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    catalogue = make(tmp_path / f"c{make.__name__}", _rows(400))
    whole = [(s.row, s.sku) for s in catalogue.iter_skus()]

    results = in_shares(
        catalogue,
        2,
        lambda first, stop, index: _skus_of_range(first, stop, index, catalogue),
        min_rows=40,
        pieces=12,
    )

    ranges = catalogue.split(12, 40 * 2 // 12)
    assert len(ranges) == 12
    # adjacent ranges taken together: many at first, one by one at the end
    starts = [r[0] for r in results]
    assert starts == sorted(starts) and starts[0] == 0 and len(starts) < 12
    assert [(first, stop) for _, first, stop, _, _ in results[-2:]] == ranges[-2:]
    assert [(r[1], r[2]) for r in results] == [
        (ranges[a][0], ranges[b - 1][1]) for a, b in zip(starts, [*starts[1:], 12], strict=True)
    ]
    assert [row for r in results for row in r[4]] == whole  # each row once, in order
    for index, first, stop, _, skus in results:
        assert skus and all(first <= row < stop for row, _ in skus)
        # no product is cut: a variant's parent is in the same range as its siblings
        parents = {sku.rsplit("-", 1)[0] for _, sku in skus if "-" in sku}
        for other in results:
            if other[0] != index:
                assert not parents & {s.rsplit("-", 1)[0] for _, s in other[4] if "-" in s}
    # afterwards the catalogue reads every row again
    assert [(s.row, s.sku) for s in catalogue.iter_skus()] == whole


def test_ranges_are_taken_forward_and_read_without_going_back(tmp_path: Path) -> None:
    catalogue = _xlsx(tmp_path / "c.xlsx", _rows(300))
    every = [s.row for s in catalogue.iter_skus()]
    ranges = catalogue.split(6, 20)
    assert len(ranges) == 6
    reader = catalogue.reader
    assert reader is not None
    opened = 0
    original = reader._records

    def counted(start: int = 0):  # type: ignore[no-untyped-def]
        nonlocal opened
        opened += 1
        return original(start)

    reader._records = counted  # type: ignore[method-assign]
    seen = []
    for first, stop in ranges[1::2]:  # every other range, as one of two processes would
        catalogue.limit(first, stop)
        seen += [s.row for s in catalogue.iter_skus()]
    assert opened == 1  # one reading for all three ranges
    assert seen == [row for row in every if any(a <= row < b for a, b in ranges[1::2])]
    catalogue.limit(*ranges[0])  # back to the start: read from the first row again
    again = [s.row for s in catalogue.iter_skus()]
    assert again == [row for row in every if row < ranges[0][1]]
    assert opened == 2


def test_skus_before_a_range_are_the_same_whatever_order_they_are_asked_in(
    tmp_path: Path,
) -> None:
    rows = _rows(200)
    rows.append(["P8-S", "Q1", "Doublon", "4,20"])  # repeats an earlier SKU, far below
    catalogue = _csv(tmp_path / "c.csv", rows)
    ranges = catalogue.split(5, 10)
    starts = [first for first, _ in ranges]

    def expected(row: int) -> dict[str, int]:
        first: dict[str, int] = {}
        for sku in catalogue.iter_skus():
            if sku.row < row and sku.sku:
                first.setdefault(sku.sku, sku.row)
        return first

    wanted = {row: expected(row) for row in starts}
    for order in (starts, starts[::-1], [starts[2], starts[4], starts[1], starts[3]]):
        for row in order:
            got = catalogue.first_rows_before(row)
            assert got == wanted[row]
            with pytest.raises(TypeError):  # a read-only view: no caller changes it
                got["changed"] = 1  # type: ignore[index]
    assert len(starts) == 5
    assert wanted[starts[-1]]["P8-S"] == catalogue.first_rows_before(10**6)["P8-S"]


def test_a_board_is_shared_by_the_processes(tmp_path: Path) -> None:
    catalogue = _csv(tmp_path / "c.csv", _rows(400))
    board = Board(8, width=2)

    def work(first: int, stop: int, index: int) -> tuple[int, int]:
        count = sum(1 for _ in catalogue.iter_skus())
        board.put(index, (count, first))
        board.add(count)
        return index, count

    done = in_shares(catalogue, 2, work, min_rows=40, pieces=8)
    assert board.total == sum(count for _, count in done) == catalogue.rows
    assert all(board.get(index)[0] == count for index, count in done)


def test_an_error_in_any_range_reaches_the_caller(tmp_path: Path) -> None:
    catalogue = _csv(tmp_path / "c.csv", _rows(400))
    ranges = catalogue.split(8, 5)

    def work(first: int, stop: int, index: int) -> int:
        if index == len(ranges) - 1:
            raise ValueError(f"range {index} is broken")
        return index

    with pytest.raises(ValueError, match="is broken"):
        in_shares(catalogue, 2, work, min_rows=40, pieces=8)


def test_the_key_pass_in_two_processes_finds_what_one_pass_finds(tmp_path: Path) -> None:
    rows = _rows(120)
    middle = len(rows) // 2
    rows[middle:middle] = [["", "", "", ""], ["P4-XL", "P4", "Crème 4", "12,50"]]  # far off
    rows.append(["P9", "", "Savon 9 bis", "4,20"])  # a duplicate SKU, after the middle
    rows.append(["P0-XS", "P0", "Crème 0", "12,50"])  # the first product's last row
    one = _xlsx(tmp_path / "one.xlsx", rows)
    two = read_catalogue(tmp_path / "one.xlsx")
    assert one.reader is not None and two.reader is not None
    assert two.reader.key_split_row() == 2 + len(rows) // 2  # the middle of the data rows

    opened: list[int] = []
    scan = two.reader.scan_keys

    def noted(first: int = 0, stop: int = 1 << 62):  # type: ignore[no-untyped-def]
        opened.append(os.getpid())
        return scan(first, stop)

    two.reader.scan_keys = noted  # type: ignore[method-assign]
    _keys_in_two(two, multiprocessing.get_context("fork"))
    assert opened == [os.getpid()]  # the other half was read in another process

    expected = one.split(6, 10)
    assert two.reader._keys is not None  # adopted: split reads no row again
    assert two.split(6, 10) == expected
    assert two.reader._keys == one.reader._keys
    assert two.reader._key_rows == one.reader._key_rows
    assert two.reader._key_skus == one.reader._key_skus
    assert two.reader._parents == one.reader._parents
    assert two.first_rows_before(10**6) == one.first_rows_before(10**6)
    assert list(two.iter_products()) == list(one.iter_products())


def test_a_text_file_is_split_in_one_pass(tmp_path: Path) -> None:
    # reading a CSV's second half means reading its first half too: no gain in two
    catalogue = _csv(tmp_path / "c.csv", _rows(50))
    assert catalogue.reader is not None
    assert catalogue.reader.key_split_row() is None


def test_a_failing_helper_leaves_the_key_pass_to_the_split(tmp_path: Path) -> None:
    rows = _rows(80)
    one = _xlsx(tmp_path / "c.xlsx", rows)
    two = read_catalogue(tmp_path / "c.xlsx")
    assert two.reader is not None
    parent = os.getpid()
    scan = two.reader.scan_keys

    def dies_in_the_helper(first: int = 0, stop: int = 1 << 62):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            os._exit(3)  # killed, say: it sends nothing
        return scan(first, stop)

    two.reader.scan_keys = dies_in_the_helper  # type: ignore[method-assign]
    _keys_in_two(two, multiprocessing.get_context("fork"))
    assert two.reader._keys is None  # nothing adopted: split reads every row itself
    assert two.split(6, 10) == one.split(6, 10)
    assert list(two.iter_products()) == list(one.iter_products())


def test_no_helper_process_to_be_had_leaves_the_key_pass_to_the_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = _xlsx(tmp_path / "c.xlsx", _rows(60))
    expected = read_catalogue(tmp_path / "c.xlsx").split(4, 10)
    fork = multiprocessing.get_context("fork")

    def refused(self: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")  # fork's EAGAIN

    monkeypatch.setattr(fork.Process, "start", refused)
    _keys_in_two(catalogue, fork)
    assert catalogue.reader is not None and catalogue.reader._keys is None
    assert catalogue.split(4, 10) == expected
