"""``export-kit compliance`` end to end: the files, the summary, the errors a user meets."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from export_kit.cli import cli

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "catalogue"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, folder)
    return folder / "maison-azur.csv"


def _invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["compliance", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_the_pack_is_written_with_a_summary(catalogue: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    code, stdout, stderr = _invoke(
        catalogue, "--platform", "tmall-global", "--out", out, "--workspace", tmp_path / "ws",
        "--rate", "7.9", "--format", "json",
    )  # fmt: skip
    assert code == 0, stderr
    data = json.loads(stdout)
    assert data["products"] == 5 and data["left_out"] == 2 and data["skus"] == 8
    assert data["over_cbec_limit"] == 0
    assert sorted(p.name for p in out.iterdir()) == ["compliance.csv", "compliance.html"]
    rows = list(csv.DictReader(io.StringIO((out / "compliance.csv").read_text("utf-8-sig"))))
    # --rate wins over the config's 7.8, and the pack says where it came from
    assert {r["eur_cny"] for r in rows} == {"7.9"}
    assert {r["rate_source"] for r in rows} == {"option --rate"}
    serum = next(r for r in rows if r["sku"] == "SER-01")
    assert serum["price_cny"] == "387.10"  # 49.00 x 7.9
    assert "5 product(s), 2 left out" in stderr


def test_the_text_output_names_the_files(catalogue: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    code, stdout, _ = _invoke(
        catalogue, "-p", "jd-worldwide", "-o", out, "--workspace", tmp_path / "ws"
    )
    assert code == 0
    assert str(out / "compliance.html") in stdout and str(out / "compliance.csv") in stdout


def test_two_rate_sources_are_a_usage_error(catalogue: Path, tmp_path: Path) -> None:
    code, _, stderr = _invoke(
        catalogue, "-p", "tmall-global", "-o", tmp_path / "pack", "--rate", "7.8", "--rates", "ecb"
    )
    assert code == 2
    assert "--rate" in stderr and "--rates" in stderr
    assert not (tmp_path / "pack").exists()


def test_no_rate_anywhere_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("Référence;Désignation;Prix TTC (€)\nA-1;Savon;5,00\n", encoding="utf-8")
    code, stdout, stderr = _invoke(
        path, "-p", "tmall-global", "-o", tmp_path / "pack", "--workspace", tmp_path / "ws"
    )
    assert code == 3
    assert "Traceback" not in stderr + stdout
    assert "--rate" in stderr


def test_an_unknown_platform_says_which_exist(catalogue: Path, tmp_path: Path) -> None:
    code, _, stderr = _invoke(catalogue, "-p", "tmal-global", "-o", tmp_path / "pack")
    assert code == 3
    assert "tmall-global" in stderr


def test_the_catalogue_is_never_overwritten(catalogue: Path) -> None:
    before = catalogue.read_bytes()
    code, _, stderr = _invoke(catalogue, "-p", "tmall-global", "-o", catalogue.parent)
    # the catalogue's own folder may hold the pack (its files are new names)
    assert code == 0, stderr
    assert catalogue.read_bytes() == before


def test_a_saved_ecb_file_gives_the_rate_and_its_date(catalogue: Path, tmp_path: Path) -> None:
    rates = Path(__file__).resolve().parents[1] / "data" / "eurofxref-daily.xml"
    out = tmp_path / "pack"
    code, _, stderr = _invoke(
        catalogue, "-p", "tmall-global", "-o", out, "--rates-file", rates,
        "--workspace", tmp_path / "ws",
    )  # fmt: skip
    assert code == 0, stderr
    rows = list(csv.DictReader(io.StringIO((out / "compliance.csv").read_text("utf-8-sig"))))
    assert {(r["eur_cny"], r["rate_date"]) for r in rows} == {("7.7748", "2024-06-28")}
    assert {r["rate_source"] for r in rows} == {"file eurofxref-daily.xml"}
    page = (out / "compliance.html").read_text(encoding="utf-8")
    assert "rate date 2024-06-28" in page and "1 EUR = 7.7748 CNY" in page
