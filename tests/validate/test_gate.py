"""The gate: ``validate --platform`` leaves out exactly the products ``run`` leaves out,
with the same codes and the same exit status."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from export_kit.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_catalogs"
GOLDEN = ROOT / "tests" / "golden" / "catalogue"
PLATFORMS = ("tmall-global", "jd-worldwide", "douyin-global")


def _both(path: Path, platform: str, tmp_path: Path, *extra: str) -> tuple[dict, int, dict, int]:
    runner = CliRunner()
    ws = ["--workspace", str(tmp_path / "ws")]
    validated = runner.invoke(
        cli, ["validate", str(path), "--platform", platform, "--format", "json", *ws, *extra]
    )
    ran = runner.invoke(
        cli,
        ["run", str(path), "--platform", platform, "--out", str(tmp_path / "out"), "--format",
         "json", *ws, *extra],
    )
    assert "Traceback" not in validated.output + ran.output
    return json.loads(validated.stdout), validated.exit_code, json.loads(ran.stdout), ran.exit_code


def _left_out(entries: list[dict]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((e["sku"], tuple(e["codes"])) for e in entries)


def _agree(path: Path, platform: str, tmp_path: Path, *extra: str) -> tuple[dict, dict]:
    checked, checked_code, ran, ran_code = _both(path, platform, tmp_path, *extra)
    assert _left_out(checked["excluded"]) == _left_out(ran["excluded_products"])
    assert checked_code == ran_code
    assert checked["summary"]["errors"] == ran["errors"]
    assert checked["summary"]["warnings"] == ran["warnings"]
    return checked, ran


SAMPLE_FILES = [
    SAMPLES / "cosmetiques-aubeline.xlsx",
    SAMPLES / "mode-maroquinerie-brevanne.xlsx",
    SAMPLES / "vins-spiritueux-verancourt.csv",
    SAMPLES / "with-findings" / "savonnerie-clairval-brouillon.csv",
]


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_validate_is_the_precheck_of_run_on_every_sample(
    sample: Path, platform: str, tmp_path: Path
) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(sample.parent, folder, ignore=shutil.ignore_patterns("with-findings"))
    checked, ran = _agree(folder / sample.name, platform, tmp_path)
    assert checked["summary"]["excluded"] == ran["excluded"]


def _golden(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, folder)
    return folder / "maison-azur.csv"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("Prix TTC (€)", "Tarif boutique", "missing-column"),  # unknown price header
        ("SER-01;;", ";;", "missing-value"),  # a SKU left empty
        (";49,00;", ";douze;", "invalid-number"),
        (";49,00;", ";0;", "non-positive-price"),
        ("3760991000010", "3760991000011", "invalid-ean"),
        ("Sérum éclat « Lumière »", "Sérum miracle qui guérit", "missing-translation"),
    ],
)
def test_validate_and_run_agree_on_each_kind_of_finding(
    tmp_path: Path, old: str, new: str, code: str
) -> None:
    path = _golden(tmp_path)
    _edit(path, old, new)
    checked, _ = _agree(path, "tmall-global", tmp_path)
    assert code in {c for e in checked["excluded"] for c in e["codes"]}


def test_strict_makes_warnings_leave_products_out_in_both(tmp_path: Path) -> None:
    checked, _ = _agree(_golden(tmp_path), "jd-worldwide", tmp_path, "--strict")
    assert checked["excluded"]


def test_without_a_rate_validate_says_what_it_could_not_check(tmp_path: Path) -> None:
    path = _golden(tmp_path)
    _edit(path.parent / "export-kit.toml", "eur_cny = 7.8\n", "")
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["validate", str(path), "--platform", "tmall-global", "--format", "json",
         "--workspace", str(tmp_path / "ws")],
    )
    data = json.loads(result.stdout)
    skipped = [f for f in data["findings"] if f["code"] == "rate-not-checked"]
    assert len(skipped) == 1 and "5,000" in skipped[0]["message"]
