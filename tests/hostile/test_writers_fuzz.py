"""Random CSV bytes and random workbook cells through ``validate --report --invalid-rows``:
never exit 70, and every CSV export-kit writes reads back with the same values."""

from __future__ import annotations

import csv
import io
import tempfile
from collections import Counter
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from export_kit.catalogue import read_catalogue
from export_kit.cli import cli
from export_kit.validate.outputs import csv_text, safe_cell

#: examples that went as far as the read-back (printed with -s, to see the fuzz bites)
CHECKED: Counter[str] = Counter()
HEADER = ["Référence", "Désignation", "Marque", "Prix TTC", "Code SH", "Image"]
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
#: what makes a cell hostile: controls (NUL, vertical tab, escape), quotes, separators,
#: line breaks, formula starts, Excel's own escapes, non-characters
_HOSTILE = st.sampled_from(
    ["\x00", "\x0b", "\x01", "\x1b", "\x7f", '"', ";", ",", "\t", "\n", "\r", "\r\n", "=", "+",
     "-", "@", "'", "_x0041_", "_x000B_", "\ufffe", "\uffff", "€", "é", "面霜", " "]
)  # fmt: skip
_CELL = st.lists(
    st.one_of(_HOSTILE, st.text(st.characters(codec="utf-8"), max_size=6)), max_size=6
).map("".join)


def _validate(folder: Path, catalogue: str, *outputs: str) -> tuple[int, str]:
    args = ["validate", str(folder / catalogue), "-q", "--workspace", str(folder / "ws")]
    for output in outputs:
        args += ["--report" if output.startswith("r.") else "--invalid-rows", str(folder / output)]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    combined = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 3), combined
    assert "Traceback" not in combined and "a bug in export-kit" not in combined, combined
    return result.exit_code, result.stderr


def _raw_rows(path: Path) -> list[tuple[str, ...]]:
    return [tuple(raw.values) for raw in read_catalogue(path).iter_raw_rows()]


def _as_written(values: tuple[str, ...], width: int) -> tuple[str, ...]:
    """The documented rule of a rejected-rows CSV: formula starts neutralised, NUL
    replaced, every row as wide as the header."""
    padded = (list(values) + [""] * width)[:width]
    return tuple(csv_text(safe_cell(v) or "") for v in padded)


def _check_read_back(catalogue: Path, written: Path) -> None:
    """Every row of the rejected-rows CSV reads back as a row of the catalogue."""
    width = len(read_catalogue(catalogue).headers)
    expected = Counter(_as_written(values, width) for values in _raw_rows(catalogue))
    back = read_catalogue(written)
    assert back.headers[:width] == [
        csv_text(safe_cell(h) or "") for h in read_catalogue(catalogue).headers
    ]
    for values in back.iter_raw_rows():
        row = _as_written(tuple(values.values), width + 1)[:width]
        assert expected[row] > 0, row
        expected[row] -= 1


@FUZZ
@given(body=st.binary(max_size=1500), with_header=st.booleans())
def test_random_csv_bytes(tmp_path: Path, body: bytes, with_header: bool) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as name:
        here = Path(name)
        head = (";".join(HEADER) + "\n").encode() if with_header else b""
        (here / "cat.csv").write_bytes(head + body)
        _validate(here, "cat.csv", "r.xlsx", "i.xlsx")
        code, _ = _validate(here, "cat.csv", "i.csv")
        if code != 3 and (here / "i.csv").exists():
            assert b"\x00" not in (here / "i.csv").read_bytes()
            _validate(here, "i.csv")  # never refused: at most its own findings


@FUZZ
@given(rows=st.lists(st.lists(_CELL, min_size=6, max_size=8), min_size=1, max_size=6))
def test_hostile_csv_cells_read_back_the_same(tmp_path: Path, rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as name:
        here = Path(name)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        # a zero price rejects every row: each of them goes into the rejected rows
        writer.writerows([HEADER, *([r[0], r[1], r[2], "0", *r[4:]] for r in rows)])
        (here / "cat.csv").write_text(buffer.getvalue(), encoding="utf-8", errors="replace")
        code, _ = _validate(here, "cat.csv", "r.xlsx", "i.xlsx", "i.csv")
        # the reader may find no header in random cells (exit 3); else every row is rejected
        assert code in (1, 3)
        if code == 1:
            CHECKED["csv"] += 1
            _check_read_back(here / "cat.csv", here / "i.csv")


#: cells a workbook can hold as openpyxl writes them; Excel's escapes bring in controls
_XLSX_CELL = st.lists(
    st.one_of(
        st.sampled_from(["_x0000_", "_x000B_", "_x0001_", "_x001F_", "_x005F_", "=1+1", "\n"]),
        st.text(
            st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]) | st.just("\t"),
            max_size=8,
        ),
    ),
    max_size=5,
).map("".join)


@FUZZ
@given(
    rows=st.lists(st.lists(_XLSX_CELL, min_size=6, max_size=8), min_size=1, max_size=6),
    header=st.lists(_XLSX_CELL, min_size=0, max_size=3),
)
def test_random_workbook_cells(tmp_path: Path, rows: list[list[str]], header: list[str]) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as name:
        here = Path(name)
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Produits"
        sheet.append(HEADER + header)
        for row in rows:
            sheet.append([row[0], row[1], row[2], "0", *row[4:]])
        book.save(here / "cat.xlsx")
        code, _ = _validate(here, "cat.xlsx", "r.xlsx", "i.xlsx", "i.csv")
        assert code in (1, 3)
        if code == 1:
            CHECKED["xlsx"] += 1
            assert b"\x00" not in (here / "i.csv").read_bytes()
            _check_read_back(here / "cat.xlsx", here / "i.csv")
