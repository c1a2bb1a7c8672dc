"""The compliance pack: its figures are the price command's, its citations the data's."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import SAMPLES

from export_kit.cli import cli
from export_kit.compliance import build_pack
from export_kit.config import load_config
from export_kit.pipeline import render
from export_kit.render.compliance import CSV_COLUMNS
from export_kit.validate.legal import legal_basis, legal_codes, reference_data
from export_kit.validate.report import CODES

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "catalogue"
NOW = dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.UTC)
SAMPLE_FILES = [
    *sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv")),
    SAMPLES / "with-findings" / "savonnerie-clairval-brouillon.csv",
]
MONEY = ("price_eur", "price_cny", "tax_class", "tax_rate", "tax_cny", "price_with_tax_cny")


def _rows(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _copy(tmp_path: Path, source: Path) -> Path:
    folder = tmp_path / "catalogue"
    shutil.copytree(source.parent, folder, ignore=shutil.ignore_patterns("with-findings"))
    return folder / source.name


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
def test_the_tax_figures_are_those_of_the_price_command(tmp_path: Path, sample: Path) -> None:
    catalogue = _copy(tmp_path, sample)
    ws = tmp_path / "ws"
    result = build_pack(catalogue, platform="tmall-global", out=tmp_path / "pack", workspace=ws)
    priced = CliRunner().invoke(
        cli, ["price", str(catalogue), "--format", "json", "--workspace", str(ws), "--quiet"]
    )
    items = json.loads(priced.stdout)["items"]
    rows = [r for r in _rows(result.csv.path) if r["price_cny"]]
    assert len(rows) == len(items) == result.skus > 0
    # in catalogue order, SKU by SKU (a duplicated SKU is priced twice by both)
    for row, item in zip(rows, items, strict=True):
        assert row["sku"] == item["sku"]
        assert {k: row[k] for k in MONEY} == {k: item[k] for k in MONEY}, row["sku"]
        assert row["cbec_limit_check"].startswith("over" if item["over_cbec_limit"] else "ok")


def test_the_header_names_the_catalogue_its_hash_and_the_versions(tmp_path: Path) -> None:
    catalogue = _copy(tmp_path, GOLDEN / "maison-azur.csv")
    result = build_pack(
        catalogue,
        platform="tmall-global",
        out=tmp_path / "pack",
        workspace=tmp_path / "ws",
        now=NOW,
    )
    rows = _rows(result.csv.path)
    assert list(rows[0])[:8] == list(CSV_COLUMNS[:8])
    digest = hashlib.sha256(catalogue.read_bytes()).hexdigest()
    reference = reference_data()
    for row in rows:
        assert row["generated_at"] == "2026-12-08T09:30:00+00:00"
        assert row["catalogue"] == "maison-azur.csv"
        assert row["catalogue_sha256"] == digest
        assert row["reference_data_version"] == reference.version
        assert row["reference_data_date"] == reference.date
        assert row["platform"] == "tmall-global"
        assert row["platform_rules"].startswith("title at most 60 bytes in GBK (confirmed)")
        assert row["rate_date"] == "2026-11-02" and row["eur_cny"] == "7.8"
    # one row per SKU: the T-shirt's three sizes, the bag's two colours
    assert [r["sku"] for r in rows if r["outer_id"] == "TSH-01"] == [
        "TSH-01-S",
        "TSH-01-M",
        "TSH-01-L",
    ]
    page = result.html.path.read_text(encoding="utf-8")
    assert digest in page and "2026-12-08T09:30:00+00:00" in page
    assert "rate date 2026-11-02" in page


def test_a_left_out_product_says_why_and_its_score(tmp_path: Path) -> None:
    catalogue = _copy(tmp_path, GOLDEN / "maison-azur.csv")
    result = build_pack(
        catalogue, platform="tmall-global", out=tmp_path / "pack", workspace=tmp_path / "ws"
    )
    rows = {r["outer_id"]: r for r in _rows(result.csv.path)}
    assert rows["BAU-01"]["status"] == "left out"
    assert "missing-translation" in rows["BAU-01"]["left_out_codes"]
    assert rows["SER-01"]["status"] == "exported"
    assert rows["SER-01"]["title_zh"] == "蔚蓝之家 Maison Azur 光彩精华露 30ml"
    # cosmetics: the per-ml price decides the class, and the pack shows the division
    assert rows["SER-01"]["tax_class"] == "cosmetics-high-end"
    assert "CNY per ml >= 10" in rows["SER-01"]["tax_class_reason"]
    assert rows["SER-01"]["tax_formula"].startswith("(0.15 + 0.13) / (1 - 0.15) x 0.7 = 0.230588")
    for row in rows.values():
        lost = sum(int(part.rsplit("-", 1)[1]) for part in row["quality_lost"].split("; ") if part)
        assert int(row["quality_score"]) == 100 - lost


def _claims_catalogue(tmp_path: Path, rules: str = "") -> Path:
    folder = tmp_path / "claims"
    folder.mkdir()
    (folder / "export-kit.toml").write_text(
        "[pricing]\neur_cny = 7.8\nrate_date = 2026-11-02\nmax_rate_age_days = 3650\n" + rules,
        encoding="utf-8",
    )
    header = "Référence;Désignation;Marque;Prix TTC (€);Code SH;Catégorie;Description;Images\n"
    rows = [
        "MIEL-1;Miel de lavande;Rucher;12,00;0409000000;Épicerie > Miel;"
        "Soigne la toux et guérit les angines.;https://cdn.example.fr/m.jpg",
        "CREME-1;Crème éclaircissante;Rucher;30,00;3304990000;Soin visage > Crèmes;"
        "Le meilleur soin, effet blanchissant.;https://cdn.example.fr/c.jpg",
    ]
    path = folder / "claims.csv"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _legal(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in _rows(path):
        found[row["outer_id"]] = [p for p in row["legal_findings"].split(" | ") if p]
    return found


def test_each_legal_finding_cites_its_basis_and_the_decision(tmp_path: Path) -> None:
    catalogue = _claims_catalogue(tmp_path)
    result = build_pack(
        catalogue, platform="tmall-global", out=tmp_path / "pack", workspace=tmp_path / "ws"
    )
    legal = _legal(result.csv.path)
    honey = " | ".join(legal["MIEL-1"])
    # a food product: art. 17 and the health-food art. 18, and it is left out
    assert (
        "medical-claim: Advertising Law of the PRC, art. 17; art. 18 (health food) (left out)"
        in honey
    )
    cream = " | ".join(legal["CREME-1"])
    assert "superlative-claim: Advertising Law of the PRC, art. 9(3)" in cream
    page = result.html.path.read_text(encoding="utf-8")
    assert "https://m.110ask.com/wenda/5260818982317309952.html" in page


def test_a_finding_the_config_lowered_says_so(tmp_path: Path) -> None:
    catalogue = _claims_catalogue(tmp_path, '\n[rules]\nsuperlative-claim = "info"\n')
    result = build_pack(
        catalogue, platform="tmall-global", out=tmp_path / "pack", workspace=tmp_path / "ws"
    )
    cream = " | ".join(_legal(result.csv.path)["CREME-1"])
    assert (
        "superlative-claim: Advertising Law of the PRC, art. 9(3) "
        "(lowered by the brand's config ([rules] superlative-claim = info))" in cream
    )


def test_every_basis_is_in_the_reference_data_with_a_source() -> None:
    data = tomllib.loads(
        resources.files("export_kit").joinpath("data", "legal-bases.toml").read_text("utf-8")
    )
    folder = resources.files("export_kit").joinpath("data")
    assert legal_codes()
    for code in legal_codes():
        assert code in CODES
        for sector in (None, "food", "cosmetics"):
            basis = legal_basis(code, sector)
            assert basis is not None and basis.basis and basis.sources
            assert all(re.match(r"https?://", s) for s in basis.sources)
        for name in data["codes"][code].get("lists", []):
            assert folder.joinpath(name).is_file(), name
    assert legal_basis("missing-image") is None
    assert "9(3)" in data["codes"]["banned-term"]["basis"]
    assert "17" in data["codes"]["medical-claim"]["basis"]
    assert "18" in data["codes"]["medical-claim"]["sectors"]["food"]["basis"]
    assert data["tax"]["sources"]


def test_run_writes_the_same_pack(tmp_path: Path) -> None:
    catalogue = _copy(tmp_path, GOLDEN / "maison-azur.csv")
    ws = tmp_path / "ws"
    render(
        catalogue,
        platform="tmall-global",
        out=tmp_path / "out",
        workspace=ws,
        now=NOW,
        compliance=True,
    )
    alone = build_pack(
        catalogue, platform="tmall-global", out=tmp_path / "pack", workspace=ws, now=NOW
    )
    for name in ("compliance.csv", "compliance.html"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "pack" / name).read_bytes()
    assert alone.products == 5


def test_the_page_is_self_contained_and_prints_on_a4(tmp_path: Path) -> None:
    catalogue = _copy(tmp_path, GOLDEN / "maison-azur.csv")
    result = build_pack(
        catalogue, platform="tmall-global", out=tmp_path / "pack", workspace=tmp_path / "ws"
    )
    page = result.html.path.read_text(encoding="utf-8")
    assert not re.search(r"<link\b|<script\b|@import|url\(|<img\b", page)
    assert "@page { size: A4" in page
    assert page.count('<section class="product"') == 5


def test_the_sample_config_loads() -> None:
    assert load_config(None, SAMPLE_FILES[0]).pricing.eur_cny is not None


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium is not installed")
def test_the_pack_in_headless_chromium(tmp_path: Path) -> None:
    import html
    import struct
    import subprocess

    catalogue = _copy(tmp_path, GOLDEN / "maison-azur.csv")
    result = build_pack(
        catalogue, platform="tmall-global", out=tmp_path / "pack", workspace=tmp_path / "ws"
    )
    base = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--window-size=900,1800",
    ]

    def chromium(profile: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [*base, f"--user-data-dir={tmp_path / profile}", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    dom = chromium("dom", "--dump-dom", result.html.path.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    text = html.unescape(dom.stdout)
    rows = _rows(result.csv.path)
    for title in {r["title_zh"] for r in rows if r["title_zh"]}:
        assert title in text
    assert "rate date 2026-11-02" in text
    shot = tmp_path / "pack.png"
    taken = chromium("shot", f"--screenshot={shot}", result.html.path.as_uri())
    assert taken.returncode == 0, taken.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", data[16:24]) == (900, 1800)
    assert len(data) > 20_000  # a rendered page, not a blank canvas
    pdf = tmp_path / "pack.pdf"
    printed = chromium(
        "pdf", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", result.html.path.as_uri()
    )
    assert printed.returncode == 0, printed.stderr[-2000:]
    assert pdf.read_bytes().startswith(b"%PDF")
    # every page A4: 210 x 297 mm, 595 x 842 points
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf.read_bytes())
    assert boxes
    assert all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes)


def test_a_finding_the_config_raised_is_not_called_lowered(tmp_path: Path) -> None:
    catalogue = _claims_catalogue(tmp_path, '\n[rules]\nspecial-cosmetic-claim = "error"\n')
    result = build_pack(
        catalogue, platform="tmall-global", out=tmp_path / "pack", workspace=tmp_path / "ws"
    )
    cream = " | ".join(_legal(result.csv.path)["CREME-1"])
    assert "special-cosmetic-claim: Cosmetics Supervision and Administration Regulation" in cream
    assert "(left out)" in cream and "lowered" not in cream
