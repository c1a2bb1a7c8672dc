"""Hostile workbooks: each is a small file the test writes, run through the real command
line under a memory limit far below what reading it unmeasured would take; each must end
as exit 3 with one line naming the limit, within the time limit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.hostile.books import catalogue_rows, cell, sheet_xml, whitespace_sheet, write_book
from tests.hostile.conftest import Limited

#: far below the 512 GiB one cell at XFD1048576 asked of calamine, and the 1.3 GB of a
#: cell on row 9,999,999
MEMORY_MB = 700


def _review_sheet(path: Path, extra: str) -> Path:
    rows = (
        '<row r="1">' + cell("A1", "french") + cell("B1", "chinese") + "</row>"
        '<row r="2">' + cell("A2", "Crème") + cell("B2", "面霜") + "</row>" + extra
    )
    return write_book(path, sheet_xml(rows), name="Review")


CASES = {
    "last-excel-cell": '<row r="1048576">' + cell("XFD1048576", "x") + "</row>",
    "row-beyond-excel": '<row r="9999999">' + cell("A9999999", "x") + "</row>",
    "column-beyond-excel": '<row r="5">' + cell("XFE5", "x") + "</row>",
    "stray-far-cell": '<row r="900000">' + cell("Z900000", "x") + "</row>",
    # a cell without its reference takes the next column: 20,000 of them on a late row
    "cells-without-reference": '<row r="1000000">' + "<c><v>1</v></c>" * 20_000 + "</row>",
}
MESSAGES = {
    "last-excel-cell": "max_range_cells",
    "row-beyond-excel": "beyond Excel's limits",
    "column-beyond-excel": "beyond Excel's limits",
    "stray-far-cell": "range_factor",
    "cells-without-reference": "beyond Excel's limits",
}


def _assert_refused(done: Limited, needle: str) -> None:
    assert not done.timed_out, "the run did not end within its time limit"
    assert done.code == 3, (done.code, done.stderr[-2000:])
    assert done.one_line_error, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    assert needle in lines[0], lines[0]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["inspect", "validate"])
def test_a_hostile_sheet_is_one_line_exit_3(
    tmp_path: Path, run_limited: Callable[..., Limited], case: str, command: str
) -> None:
    book = write_book(tmp_path / "book.xlsx", sheet_xml(catalogue_rows(3) + CASES[case]))
    done = run_limited([command, book], cwd=tmp_path, memory_mb=MEMORY_MB, seconds=60)
    _assert_refused(done, MESSAGES[case])


@pytest.mark.parametrize("case", ["last-excel-cell", "row-beyond-excel"])
def test_memory_import_measures_the_review_sheet(
    tmp_path: Path, run_limited: Callable[..., Limited], case: str
) -> None:
    review = _review_sheet(tmp_path / "review.xlsx", CASES[case])
    done = run_limited(
        ["memory", "import", review, "--workspace", tmp_path / "ws"],
        cwd=tmp_path,
        memory_mb=MEMORY_MB,
    )
    _assert_refused(done, MESSAGES[case])


def test_a_review_sheet_within_the_limits_still_imports(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    review = _review_sheet(tmp_path / "review.xlsx", "")
    done = run_limited(
        ["memory", "import", review, "--workspace", tmp_path / "ws"],
        cwd=tmp_path,
        memory_mb=MEMORY_MB,
    )
    assert done.code == 0, done.stderr


def test_a_zip_bomb_is_refused_by_its_ratio(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    # 300 MB of whitespace inside a sheet: a file of a few hundred kB
    book = write_book(tmp_path / "bomb.xlsx", whitespace_sheet(300))
    assert book.stat().st_size < 2 << 20
    done = run_limited(["validate", book], cwd=tmp_path, memory_mb=MEMORY_MB, seconds=30)
    _assert_refused(done, "max_ratio")


def test_whitespace_is_refused_by_the_text_limit_in_bounded_time(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    # with the ratio limit raised, the run still stops at the first over-long text, long
    # before the 300 MB are inflated, and writes none of it to the temporary folder
    book = write_book(tmp_path / "bomb.xlsx", whitespace_sheet(300))
    (tmp_path / "export-kit.toml").write_text("[limits]\nmax_ratio = 5000\n")
    temp = tmp_path / "tmp"
    temp.mkdir()
    done = run_limited(
        ["inspect", book],
        cwd=tmp_path,
        memory_mb=MEMORY_MB,
        seconds=30,
        env={"TMPDIR": str(temp)},
    )
    _assert_refused(done, "max_cell_mb")
    assert done.seconds < 20
    assert list(temp.iterdir()) == []


def test_a_huge_shared_string_is_refused(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>" + b"x" * (3 << 20) + b"</t></si></sst>"
    )
    rows = catalogue_rows(2) + '<row r="9"><c r="A9" t="s"><v>0</v></c></row>'
    book = write_book(tmp_path / "book.xlsx", sheet_xml(rows), shared=[shared])
    done = run_limited(["inspect", book], cwd=tmp_path, memory_mb=MEMORY_MB)
    _assert_refused(done, "max_cell_mb")


def test_a_raised_limit_lets_the_file_through(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    # the stray cell of "stray-far-cell" is 23 MB to calamine: allowed when asked for
    book = write_book(
        tmp_path / "book.xlsx", sheet_xml(catalogue_rows(3) + CASES["stray-far-cell"])
    )
    (tmp_path / "export-kit.toml").write_text("[limits]\nrange_factor = 10000000\n")
    done = run_limited(["inspect", book], cwd=tmp_path, memory_mb=1536)
    assert done.code == 0, done.stderr
    assert "SKU" in done.stdout


def test_a_killed_run_leaves_nothing_after_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    # a run killed while it writes an output and holds its temporary folder
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from export_kit import fileio\n"
            "(fileio.run_temp_dir() / 'part0.xlsx').write_bytes(b'x' * 1000)\n"
            "with fileio.atomic_writer(Path(sys.argv[1]) / 'feed.csv') as f:\n"
            "    f.write('sku;price\\n'); f.flush(); print('ready', flush=True)\n"
            "    time.sleep(60)\n",
            str(out),
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    left_out = [p.name for p in out.iterdir()]
    left_temp = [p.name for p in temp.iterdir()]
    assert len(left_out) == 1 and f".export-kit-tmp-{child.pid}-" in left_out[0]
    assert len(left_temp) == 1 and left_temp[0].startswith(f"export-kit-{child.pid}-")
    # the next run: a command that writes into the same folder
    catalogue = write_book(tmp_path / "book.xlsx", sheet_xml(catalogue_rows(3)))
    done = subprocess.run(
        [sys.executable, "-m", "export_kit", "validate", catalogue, "--report", out / "r.xlsx"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["r.xlsx"]
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("command", ["render", "run"])
def test_render_and_run_refuse_the_last_excel_cell(
    tmp_path: Path, run_limited: Callable[..., Limited], command: str
) -> None:
    book = write_book(
        tmp_path / "book.xlsx", sheet_xml(catalogue_rows(3) + CASES["last-excel-cell"])
    )
    done = run_limited(
        [command, book, "--platform", "tmall-global", "--rate", "7.8", "--out", tmp_path / "o"],
        cwd=tmp_path,
        memory_mb=MEMORY_MB,
    )
    _assert_refused(done, "max_range_cells")


def test_batch_reports_the_refused_catalogue_and_goes_on(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_book(folder / "bad.xlsx", sheet_xml(catalogue_rows(3) + CASES["row-beyond-excel"]))
    write_book(folder / "good.xlsx", sheet_xml(catalogue_rows(3)))
    out = tmp_path / "o"
    done = run_limited(
        ["batch", folder, "--platform", "tmall-global", "--rate", "7.8", "--out", out],
        cwd=tmp_path,
        memory_mb=MEMORY_MB,
    )
    assert not done.timed_out and done.one_line_error, done.stderr
    summary = (out / "summary.csv").read_text(encoding="utf-8-sig")
    bad = next(line for line in summary.splitlines() if line.startswith(str(folder / "bad")))
    assert ",failed," in bad and "beyond Excel's limits" in bad
    good = next(line for line in summary.splitlines() if "good.xlsx" in line)
    assert ",failed," not in good


def test_every_sheet_is_measured_before_its_header_is_scored(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    # the catalogue sheet is chosen by its header: a hostile notice sheet before it must be
    # measured before python-calamine parses its first rows
    import zipfile

    from openpyxl import Workbook

    plain = tmp_path / "plain.xlsx"
    book = Workbook()
    book.active.title = "Lisez-moi"
    book.active.append(["Ce classeur contient notre catalogue."])
    sheet = book.create_sheet("Catalogue")
    sheet.append(["Référence", "Désignation", "Marque", "Prix TTC"])
    sheet.append(["A-1", "Crème", "Maison", 24])
    book.save(plain)
    hostile = tmp_path / "catalogue.xlsx"
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", far.encode() + b"</sheetData>")
            target.writestr(item, data)
    done = run_limited(["inspect", hostile], cwd=tmp_path, memory_mb=MEMORY_MB)
    _assert_refused(done, "max_range_cells")
