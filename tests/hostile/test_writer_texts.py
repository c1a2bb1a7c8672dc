"""Every writer takes every text a reader accepted: control characters, NUL bytes, very
long cells, more columns than a worksheet holds; never exit 70, nothing a reader refuses."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook
from tests.hostile.conftest import Limited

HEADER = ["Référence", "Désignation", "Marque", "Prix TTC", "Code SH", "Image"]


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _row(sku: str, name: str, price: str = "0") -> list[str]:
    # price 0: an error, so the row is also in the rejected rows
    return [sku, name, "Maison", price, "33049900", f"https://cdn.example.fr/{sku}.jpg"]


def _values(path: Path) -> list[list[object]]:
    # read as export-kit and Excel read a workbook: python-calamine decodes Excel's
    # _xHHHH_ escapes, openpyxl does not
    book = CalamineWorkbook.from_path(str(path))
    return [list(row) for row in book.get_sheet_by_index(0).to_python()]


def test_control_characters_reach_both_workbooks_by_the_documented_rule(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    names = {
        "VT": "Crème\x0bligne deux",  # Mac Excel's line break inside a cell
        "SOH": "Baume\x01nu",
        "ESC": "Sérum\x1b[0m",
        "FFFF": "Lait\uffffcorps",
        "ESCAPE": "Huile _x0041_ sèche",  # Excel's own escape, meant literally
        "LONG": "Savon " + "x" * 40_000,
    }
    rows = [_row(key, name) for key, name in names.items()]
    catalogue = _csv(tmp_path / "controls.csv", rows)
    done = run_limited(
        ["validate", catalogue, "--report", "r.xlsx", "--invalid-rows", "i.xlsx", "-q"],
        cwd=tmp_path,
    )
    assert done.code == 1, done.stderr  # the prices are errors; no crash, no exit 70
    assert done.one_line_error
    expected = {
        "VT": "Crème\nligne deux",
        "SOH": "Baume\ufffdnu",
        "ESC": "Sérum\ufffd[0m",
        "FFFF": "Lait\ufffdcorps",
        "ESCAPE": "Huile _x0041_ sèche",
    }
    for name in ("r.xlsx", "i.xlsx"):
        by_sku = {row[0]: row[1] for row in _values(tmp_path / name)[1:]}
        for key, text in expected.items():
            assert by_sku[key] == text, (name, key)
        long = by_sku["LONG"]
        assert isinstance(long, str) and len(long) == 32_767 and long.endswith("…")
        assert long.startswith("Savon xxx")


def test_control_characters_of_a_workbook_catalogue(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    # openpyxl refuses control characters; written as Excel escapes them, python-calamine
    # reads them back as the characters themselves
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(_row("A-1", "Crème_x000B_ligne deux_x0001_"))
    sheet.append(_row("A-2", "Gel_x0000_douche"))
    catalogue = tmp_path / "controls.xlsx"
    book.save(catalogue)
    done = run_limited(
        ["validate", catalogue, "--report", "r.xlsx", "--invalid-rows", "i.csv", "-q"],
        cwd=tmp_path,
    )
    assert done.code == 1 and done.one_line_error, done.stderr
    # the annotated copy is the brand's workbook: its cells hold what the brand's do
    names = {row[0]: row[1] for row in _values(tmp_path / "r.xlsx")[1:]}
    assert names == {row[0]: row[1] for row in _values(catalogue)[1:]}
    assert names["A-1"] == "Crème\x0bligne deux\x01"
    # the CSV keeps what a CSV can hold; the NUL is replaced, so the file reads back
    text = (tmp_path / "i.csv").read_text(encoding="utf-8-sig")
    assert "\x00" not in text
    assert "Crème\x0bligne deux\x01" in text and "Gel\ufffddouche" in text
    again = run_limited(["validate", "i.csv", "-q"], cwd=tmp_path)
    assert again.code == 1, again.stderr  # read back: the same two rows, same errors
    assert "2 rows" in again.stderr


def test_a_nul_past_the_sniffed_head_never_reaches_the_rejected_rows_csv(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    # a NUL in the first 4 KB makes a file binary; further down, the reader keeps it
    rows = [_row(f"OK-{n}", "Savon doux", "12,50") for n in range(200)]
    rows.append(_row("NUL", "Gel\x00douche"))
    catalogue = _csv(tmp_path / "late-nul.csv", rows)
    done = run_limited(["validate", catalogue, "--invalid-rows", "fix.csv", "-q"], cwd=tmp_path)
    assert done.code == 1, done.stderr
    written = (tmp_path / "fix.csv").read_bytes()
    assert b"\x00" not in written
    again = run_limited(["validate", "fix.csv", "--format", "json"], cwd=tmp_path)
    assert again.code == 1, again.stderr  # readable: its price error, not exit 3
    assert "Gel\ufffddouche" in (tmp_path / "fix.csv").read_text(encoding="utf-8-sig")


def test_more_columns_than_a_worksheet_holds_is_a_clear_exit_3(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    # 16,385 columns; short names, so that the whole header is in the reader's sample
    extra = ["x"] * (16_384 - len(HEADER) + 1)
    catalogue = _csv(
        tmp_path / "wide.csv", [_row("A-1", "Crème") + [""] * len(extra)], HEADER + extra
    )
    for option, name, needed in (
        ("--report", "r.xlsx", "16,385"),
        ("--invalid-rows", "i.xlsx", "16,386"),  # with the reason column
    ):
        done = run_limited(["validate", catalogue, option, name], cwd=tmp_path)
        assert done.code == 3, done.stderr
        [line] = done.stderr.strip().splitlines()
        assert f"needs {needed} columns" in line and "16,384" in line and option in line
        assert not (tmp_path / name).exists()
    # a CSV has no such limit: the rejected row is written with every column
    done = run_limited(["validate", catalogue, "--invalid-rows", "i.csv", "-q"], cwd=tmp_path)
    assert done.code == 1, done.stderr
    with (tmp_path / "i.csv").open(encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle, delimiter=";"))
    assert len(header) == 16_386 and header[-1] == "reason" and row[0] == "A-1"


def test_a_file_name_with_control_characters_names_a_valid_sheet(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    catalogue = _csv(tmp_path / "cat\x01alogue [v2].csv", [_row("A-1", "Crème")])
    done = run_limited(["validate", catalogue, "--report", "r.xlsx", "-q"], cwd=tmp_path)
    assert done.code == 1 and done.one_line_error, done.stderr
    book = load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert book.sheetnames[0] == "cat alogue  v2" and book.sheetnames[1] == "Findings"
