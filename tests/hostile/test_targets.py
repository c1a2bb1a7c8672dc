"""Nothing is overwritten that export-kit did not make for that purpose: an output that is
an input of the run or a file of the workspace is refused (exit 3, one line), whatever name
reaches it (the same path, a symbolic link, a hard link); batch writes inside --out only."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from tests.hostile.conftest import Limited

CSV = (
    "Référence;Désignation;Marque;Prix TTC;Code SH;Image\n"
    "A-1;Crème;Maison;12,50;33049900;https://cdn.example.fr/a.jpg\n"
    "A-2;Baume;Maison;0;33049900;https://cdn.example.fr/b.jpg\n"
)
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="fr" datatype="plaintext" segtype="sentence"
adminlang="fr" o-tmf="x" creationtool="test" creationtoolversion="1"/>
<body><tu><tuv xml:lang="fr"><seg>Crème</seg></tuv><tuv xml:lang="zh-CN"><seg>面霜</seg></tuv>
</tu></body></tmx>
"""


def _workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in CSV.splitlines():
        sheet.append(line.split(";"))
    book.save(path)
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return _workbook(tmp_path / "catalogue.xlsx")


def _refused(done: Limited, *words: str) -> None:
    assert done.code == 3, (done.code, done.stderr)
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("Error: ") and done.one_line_error
    for word in words:
        assert word in line, line


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_report_onto_the_catalogue_itself_or_a_link_to_it(
    workbook: Path, tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    os.symlink(workbook, tmp_path / "symlink.xlsx")
    os.link(workbook, tmp_path / "hardlink.xlsx")
    before = _snapshot(tmp_path)
    for target in ("catalogue.xlsx", "./catalogue.xlsx", "symlink.xlsx", "hardlink.xlsx"):
        done = run_limited(["validate", workbook, "--report", target], cwd=tmp_path)
        _refused(done, "--report", "is the catalogue", "never overwrites")
    assert _snapshot(tmp_path) == before


def test_invalid_rows_onto_the_sidecar_or_the_config(
    workbook: Path, tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    sidecar = tmp_path / "catalogue.zh.tmx"
    sidecar.write_text(TMX, encoding="utf-8")
    (tmp_path / "export-kit.toml").write_text('[brand]\nname = "Maison"\n', encoding="utf-8")
    os.symlink(sidecar, tmp_path / "fix.csv")  # a CSV name leading to the sidecar
    os.link(tmp_path / "export-kit.toml", tmp_path / "fix.xlsx")
    before = _snapshot(tmp_path)
    done = run_limited(["validate", workbook, "--invalid-rows", "fix.csv"], cwd=tmp_path)
    _refused(done, "--invalid-rows", "sidecar")
    done = run_limited(["validate", workbook, "--invalid-rows", "fix.xlsx"], cwd=tmp_path)
    _refused(done, "--invalid-rows", "the config")
    # the two outputs of one run onto each other
    done = run_limited(
        ["validate", workbook, "--report", "r.xlsx", "--invalid-rows", "r.xlsx"], cwd=tmp_path
    )
    _refused(done, "--invalid-rows", "the --report")
    assert _snapshot(tmp_path) == before


def test_memory_export_onto_the_memory_or_into_the_workspace(
    workbook: Path, tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    (tmp_path / "catalogue.zh.tmx").write_text(TMX, encoding="utf-8")
    done = run_limited(["validate", workbook, "-q"], cwd=tmp_path)  # makes the memory
    memory = tmp_path / ".export-kit" / "memory.sqlite"
    assert memory.is_file(), done.stderr
    os.link(memory, tmp_path / "memory.tmx")
    before = _snapshot(tmp_path)
    for args, words in (
        (["--format", "tmx", "--out", ".export-kit/memory.sqlite"], ("in the workspace",)),
        (["--out", ".export-kit/review.xlsx"], ("in the workspace",)),
        (["--format", "tmx", "--out", ".export-kit"], ("is a folder",)),
        (["--out", "memory.tmx"], ("workspace file", "memory.sqlite")),
    ):
        done = run_limited(["memory", "export", *args], cwd=tmp_path)
        _refused(done, "--out", *words)
    assert _snapshot(tmp_path) == before
    done = run_limited(["memory", "export", "--out", "exported.tmx", "-q"], cwd=tmp_path)
    assert done.code == 0 and "面霜" in (tmp_path / "exported.tmx").read_text(encoding="utf-8")


def test_run_out_is_not_the_workspace_nor_over_an_input(
    workbook: Path, tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    run = ["run", "--platform", "jd-worldwide", "--rate", "7.8"]
    done = run_limited([*run, workbook, "--out", ".export-kit"], cwd=tmp_path)
    _refused(done, "--out", "in the workspace")
    done = run_limited([*run, workbook, "--out", ".export-kit/feeds"], cwd=tmp_path)
    _refused(done, "--out", "in the workspace")
    # a catalogue named as the feed, rendered into its own folder
    feed_named = tmp_path / "jd-worldwide.csv"
    feed_named.write_text(CSV, encoding="utf-8")
    before = feed_named.read_bytes()
    done = run_limited([*run, feed_named, "--out", "."], cwd=tmp_path)
    _refused(done, "--out", "is the catalogue")
    assert feed_named.read_bytes() == before
    # an --out that is a file
    done = run_limited([*run, workbook, "--out", workbook], cwd=tmp_path)
    _refused(done, "--out", "is a file")


@pytest.mark.parametrize("name", ["...csv", "..xlsx", ".csv"])
def test_batch_keeps_every_output_inside_out(
    name: str, tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    source = tmp_path / "in" / name
    source.parent.mkdir()
    if name.endswith(".xlsx"):
        _workbook(source)
    else:
        source.write_text(CSV, encoding="utf-8")
    (tmp_path / "in" / "summary.json.csv").write_text(CSV, encoding="utf-8")
    done = run_limited(
        [
            "batch",
            source,
            tmp_path / "in" / "summary.json.csv",
            "--platform",
            "jd-worldwide",
            "--rate",
            "7.8",
            "--out",
            "feeds",
            "-q",
        ],
        cwd=tmp_path,
    )
    assert done.code == 1, done.stderr  # a price of 0: products left out, not a failure
    outside = sorted(p.name for p in tmp_path.iterdir())
    assert outside == [".export-kit", "feeds", "in"]
    summary = json.loads((tmp_path / "feeds" / "summary.json").read_text(encoding="utf-8"))
    assert [row["status"] for row in summary["catalogues"]] == ["errors", "errors"]
    folders = sorted(p.name for p in (tmp_path / "feeds").iterdir() if p.is_dir())
    assert len(folders) == 2 and "summary.json" not in folders
    for folder in folders:
        assert (tmp_path / "feeds" / folder / "jd-worldwide.csv").is_file()


def test_batch_into_the_workspace_is_refused_before_any_run(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    (tmp_path / "cat.csv").write_text(CSV, encoding="utf-8")
    done = run_limited(
        ["batch", "cat.csv", "--platform", "jd-worldwide", "--rate", "7.8", "--out", ".export-kit"],
        cwd=tmp_path,
    )
    _refused(done, "--out", "in the workspace")
    assert not (tmp_path / ".export-kit" / "summary.json").exists()
