"""``export-kit batch``: many catalogues, one folder each, summaries, failures isolated."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from export_kit.cli import cli

CATALOGUE = Path(__file__).resolve().parents[1] / "golden" / "catalogue"


@pytest.fixture
def brands(tmp_path: Path) -> Path:
    """Two brand folders, each with the small catalogue (same file name) and its config."""
    root = tmp_path / "brands"
    for brand in ("a", "b"):
        shutil.copytree(CATALOGUE, root / brand)
    return root


def _clean(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join(x for x in lines if not x.startswith(("VIN-01", "BAU-01"))) + "\n",
        encoding="utf-8",
    )


def test_batch_runs_each_catalogue_in_its_folder_and_isolates_failures(
    runner: CliRunner, tmp_path: Path, brands: Path
) -> None:
    _clean(brands / "b" / "maison-azur.csv")
    broken = brands / "a" / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    out = tmp_path / "feeds"
    result = runner.invoke(
        cli,
        [
            "batch",
            str(brands / "a" / "maison-azur.csv"),
            str(brands / "b" / "maison-azur.csv"),
            str(broken),
            "--platform",
            "jd-worldwide",
            "--out",
            str(out),
            "--jobs",
            "2",
            "--workspace",
            str(tmp_path / "ws"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 1, result.output
    printed = json.loads(result.stdout)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert printed["catalogues"] == summary["catalogues"]
    rows = summary["catalogues"]
    assert [r["status"] for r in rows] == ["errors", "ok", "failed"], [r["message"] for r in rows]
    assert list(rows[0]) == [
        "source",
        "status",
        "products",
        "exported",
        "excluded",
        "errors",
        "warnings",
        "feed",
        "message",
    ]
    assert rows[0]["feed"] == "maison-azur/jd-worldwide.csv"
    assert rows[1]["feed"] == "maison-azur-2/jd-worldwide.csv"
    assert (rows[0]["products"], rows[0]["exported"], rows[0]["excluded"]) == (5, 3, 2)
    assert (rows[1]["products"], rows[1]["exported"], rows[1]["excluded"]) == (3, 3, 0)
    assert "VIN-01" in rows[0]["message"]
    assert rows[2]["feed"] is None and "broken.xlsx" in rows[2]["message"]
    assert (out / "maison-azur" / "manifest.json").is_file()
    assert (out / "maison-azur-2" / "preview.html").is_file()
    table = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))
    assert [r["status"] for r in table] == ["errors", "ok", "failed"]
    assert table[1]["exported"] == "3"


def test_batch_expands_a_folder_and_exits_0_when_all_ok(
    runner: CliRunner, tmp_path: Path, brands: Path
) -> None:
    folder = brands / "b"
    _clean(folder / "maison-azur.csv")
    shutil.copy(folder / "maison-azur.csv", folder / "second.csv")
    shutil.copy(folder / "maison-azur.csv.zh.tmx", folder / "second.csv.zh.tmx")
    out = tmp_path / "feeds"
    result = runner.invoke(
        cli,
        [
            "batch",
            str(folder),
            "--platform",
            "douyin-global",
            "--out",
            str(out),
            "--jobs",
            "1",
            "--workspace",
            str(tmp_path / "ws"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2 catalogues: 2 ok" in result.stderr
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))["catalogues"]
    assert [Path(r["source"]).name for r in rows] == ["maison-azur.csv", "second.csv"]
    assert (out / "second" / "douyin-global.jsonl").is_file()


def test_batch_with_nothing_to_do_is_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(
        cli,
        [
            "batch",
            str(empty),
            "--platform",
            "douyin-global",
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 3
    assert "No catalogue" in result.stderr
