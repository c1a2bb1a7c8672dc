"""pipeline.run / render on a small catalogue: outputs, exclusions, manifest, streaming."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET

from export_kit.config import load_config
from export_kit.errors import ConfigError, InputError, UnknownPluginError
from export_kit.pipeline import render, run

CATALOGUE = Path(__file__).resolve().parent / "golden" / "catalogue"
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    return folder / "maison-azur.csv"


def test_render_writes_the_feed_and_its_companions(tmp_path: Path, catalogue: Path) -> None:
    out = tmp_path / "out"
    before = catalogue.read_bytes()
    result = render(catalogue, platform="tmall-global", out=out, workspace=tmp_path / "ws", now=NOW)
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json",
        "preview.html",
        "report.json",
        "tmall-global.xml",
    ]
    assert catalogue.read_bytes() == before  # inputs are never modified
    assert result.products == 5
    assert result.exported == 3
    assert result.exit_code == 1


def test_manifest_has_exactly_the_keys_of_the_design(tmp_path: Path, catalogue: Path) -> None:
    out = tmp_path / "out"
    render(catalogue, platform="jd-worldwide", out=out, workspace=tmp_path / "ws", now=NOW)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest) == [
        "source",
        "platform",
        "generated_at",
        "export_kit_version",
        "rate",
        "products",
        "exported",
        "excluded",
        "feed",
        "quality",
    ]
    assert manifest["source"] == "maison-azur.csv"
    assert manifest["platform"] == "jd-worldwide"
    assert manifest["generated_at"] == "2026-11-26T12:00:00+00:00"
    assert manifest["rate"] == {"eur_cny": "7.8", "date": "2026-11-02", "source": "config"}
    assert manifest["products"] == 5 and manifest["exported"] == 3
    assert manifest["excluded"] == [
        {"sku": "VIN-01", "codes": ["missing-image"]},
        {"sku": "BAU-01", "codes": ["missing-translation"]},
    ]
    feed = out / "jd-worldwide.csv"
    data = feed.read_bytes()
    assert manifest["feed"] == {
        "path": "jd-worldwide.csv",
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
    }
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    # every product scored, in report.json with the points lost, in the manifest by id
    scores = {entry["sku"]: entry["score"] for entry in report["quality"]}
    assert sorted(scores) == ["BAU-01", "SAC-01", "SER-01", "TSH-01", "VIN-01"]
    assert manifest["quality"]["scores"] == scores
    assert manifest["quality"]["lowest"] == min(scores.values())
    for entry in report["quality"]:
        assert entry["score"] == 100 - sum(entry["lost"].values())
    # the wine without an image lost the image points
    wine = next(e for e in report["quality"] if e["sku"] == "VIN-01")
    assert wine["lost"]["images"] == 20


def test_report_json_is_the_findings_report(tmp_path: Path, catalogue: Path) -> None:
    out = tmp_path / "out"
    result = render(catalogue, platform="douyin-global", out=out, workspace=tmp_path / "ws")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report == result.report.to_dict()
    assert report["source"] == "maison-azur.csv"
    assert report["platform"] == "douyin-global"
    assert report["summary"]["rows"] == 8
    assert report["summary"]["products"] == 5
    missing = [f for f in report["findings"] if f["code"] == "missing-translation"]
    assert {f["sku"] for f in missing} == {"BAU-01"}
    assert all(f["severity"] == "error" for f in missing if f["field"] in ("name", "description"))


def test_tmall_items_carry_chinese_sizes_and_colours(tmp_path: Path, catalogue: Path) -> None:
    result = render(
        catalogue, platform="tmall-global", out=tmp_path / "out", workspace=tmp_path / "ws"
    )
    root = SafeET.parse(str(result.feed.path)).getroot()
    items = {item.findtext("outer_id"): item for item in root.findall("item")}
    assert list(items) == ["SER-01", "SAC-01", "TSH-01"]
    serum = items["SER-01"]
    assert serum.findtext("title") == "蔚蓝之家 Maison Azur 光彩精华露 30ml"
    assert (
        serum.findtext("description")
        == "<p>轻盈<b>清爽</b>的面部精华。</p><ul><li>适合干性肌肤</li></ul>"
    )
    assert serum.findtext("origin") == "法国"
    assert serum.findtext("category_id") == "50012038"
    assert serum.findtext("tax_class") == "cosmetics-high-end"
    tshirt = items["TSH-01"]
    props = [s.findtext("properties") for s in tshirt.findall("skus/sku")]
    assert props == [
        "颜色:海军蓝;尺码:S (160/84A)",
        "颜色:海军蓝;尺码:M (165/88A)",
        "颜色:海军蓝;尺码:L (170/92A)",
    ]
    bag = items["SAC-01"]
    assert [s.findtext("properties") for s in bag.findall("skus/sku")] == ["颜色:黑色", "颜色:红色"]
    assert bag.findtext("quantity") == "4"


def test_strict_leaves_products_with_warnings_out(tmp_path: Path, catalogue: Path) -> None:
    text = catalogue.read_text(encoding="utf-8")
    # an http:// image is a warning (insecure-image-url), not an error
    catalogue.write_text(
        text.replace("https://cdn.example.com/ser-01-a", "http://cdn.example.com/ser-01-a"),
        encoding="utf-8",
    )
    relaxed = render(
        catalogue, platform="tmall-global", out=tmp_path / "a", workspace=tmp_path / "ws"
    )
    strict = render(
        catalogue,
        platform="tmall-global",
        out=tmp_path / "b",
        workspace=tmp_path / "ws",
        strict=True,
    )
    warned = {f.sku for f in relaxed.report.findings if f.severity == "warning" and f.sku}
    assert "SER-01" in warned
    assert "SER-01" not in [e["sku"] for e in relaxed.excluded]
    serum = [e for e in strict.excluded if e["sku"] == "SER-01"]
    assert serum and "insecure-image-url" in serum[0]["codes"]
    assert strict.exported == relaxed.exported - 1
    assert strict.exit_code == 1


def test_a_clean_catalogue_exits_0(tmp_path: Path, catalogue: Path) -> None:
    lines = catalogue.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(("VIN-01", "BAU-01"))]
    catalogue.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = render(
        catalogue, platform="jd-worldwide", out=tmp_path / "out", workspace=tmp_path / "ws"
    )
    assert result.excluded == []
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.feed.path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 + 6  # header and one row per SKU


def test_run_without_provider_equals_render(tmp_path: Path, catalogue: Path) -> None:
    a = run(
        catalogue,
        platform="douyin-global",
        out=tmp_path / "a",
        workspace=tmp_path / "ws",
        provider="none",
        now=NOW,
    )
    b = render(
        catalogue, platform="douyin-global", out=tmp_path / "b", workspace=tmp_path / "ws", now=NOW
    )
    assert a.feed.path.read_bytes() == b.feed.path.read_bytes()
    assert a.translation is None


def test_the_option_rate_wins_and_is_in_the_manifest(tmp_path: Path, catalogue: Path) -> None:
    from decimal import Decimal

    result = render(
        catalogue,
        platform="douyin-global",
        out=tmp_path / "out",
        workspace=tmp_path / "ws",
        rate=Decimal("8"),
    )
    assert result.manifest["rate"] == {"eur_cny": "8", "date": None, "source": "option"}
    first = json.loads(result.feed.path.read_text(encoding="utf-8").splitlines()[0])
    assert first["skus"][0]["price"] == 39200  # 49.00 EUR × 8 = 392.00 CNY


def test_unknown_platform_and_unreadable_catalogue_raise(tmp_path: Path, catalogue: Path) -> None:
    with pytest.raises(UnknownPluginError, match="tmall-global"):
        render(catalogue, platform="tmal-global", out=tmp_path / "o", workspace=tmp_path / "w")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(InputError):
        render(
            broken,
            platform="tmall-global",
            out=tmp_path / "o2",
            workspace=tmp_path / "w",
            config=load_config(None, catalogue),
        )
    assert not (tmp_path / "o2" / "manifest.json").exists()


def test_no_rate_anywhere_is_a_config_error(tmp_path: Path, catalogue: Path) -> None:
    (catalogue.parent / "export-kit.toml").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="rate"):
        render(catalogue, platform="tmall-global", out=tmp_path / "o", workspace=tmp_path / "w")


def test_a_failed_render_keeps_the_previous_outputs(tmp_path: Path, catalogue: Path) -> None:
    out = tmp_path / "out"
    render(catalogue, platform="tmall-global", out=out, workspace=tmp_path / "ws")
    before = (out / "tmall-global.xml").read_bytes()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "tmall-global.xml.j2").write_text(
        "<items>{% for item in items %}{{ item.no_such_field }}{% endfor %}</items>",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="no_such_field"):
        render(
            catalogue, platform="tmall-global", out=out, workspace=tmp_path / "ws", templates=mine
        )
    assert (out / "tmall-global.xml").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_preview_limit_caps_the_cards_not_the_feed(tmp_path: Path, catalogue: Path) -> None:
    result = render(
        catalogue,
        platform="tmall-global",
        out=tmp_path / "out",
        workspace=tmp_path / "ws",
        preview_limit=1,
    )
    page = result.preview.path.read_text(encoding="utf-8")
    assert page.count('data-card="listing"') - page.count('[data-card=\\"listing\\"]') >= 1
    assert len(re.findall(r'<article\b[^>]*data-card="listing"', page)) == 1
    assert len(re.findall(r'<article\b[^>]*data-card="excluded"', page)) == 1
    assert "Showing the first 1 of 3 listings" in page
    assert result.exported == 3
    root = SafeET.parse(str(result.feed.path)).getroot()
    assert len(root) == 3


def test_render_of_a_workbook_finds_banned_terms_in_reviewed_chinese(tmp_path: Path) -> None:
    """A workbook's run loads the memory whole and scans only the reviewed Chinese that
    may hold a listed term: a banned term there is still found, the clean text passes."""
    from decimal import Decimal

    from openpyxl import Workbook

    from export_kit.translate.memory import TranslationMemory

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Référence", "Désignation", "Marque", "Prix TTC (€)", "Code SH", "Image 1"])
    for sku, name in (("P-1", "Le meilleur baume"), ("P-2", "Baume doux"), ("P-3", "Baume nu")):
        sheet.append([sku, name, "Maison Test", 25.0, "33049900", f"https://img.example.fr/{sku}"])
    path = tmp_path / "catalogue.xlsx"
    workbook.save(path)
    ws = tmp_path / "ws"
    with TranslationMemory.open(ws) as memory:
        memory.add_human("Le meilleur baume", "最佳香膏")  # reviewed, and banned (最佳)
        memory.add_human("Baume doux", "温和香膏")
        memory.add_machine("Baume nu", "最好的香膏", "libre")  # machine: looked up, scanned
    config = tmp_path / "export-kit.toml"
    config.write_text('[brand]\nname = "Maison Test"\nchinese_name = "测试之家"\n', "utf-8")
    result = render(
        path,
        platform="tmall-global",
        out=tmp_path / "out",
        workspace=ws,
        config=load_config(config),
        rate=Decimal("7.8"),
        now=NOW,
    )
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    terms = {(f["sku"], f["code"]) for f in report["findings"] if f["field"] == "name"}
    assert ("P-1", "banned-term") in terms
    assert ("P-3", "banned-term") in terms
    assert not {code for sku, code in terms if sku == "P-2"}
    excluded = {e["sku"] for e in result.excluded}
    assert {"P-1", "P-3"} <= excluded and "P-2" not in excluded


def _unknown_price_header(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    shutil.copytree(Path(__file__).parent / "golden" / "catalogue", folder)
    path = folder / "maison-azur.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Prix TTC (€)", "Tarif boutique", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("platform", ["tmall-global", "jd-worldwide", "douyin-global"])
def test_a_catalogue_without_prices_gives_no_blank_listing(tmp_path: Path, platform: str) -> None:
    path = _unknown_price_header(tmp_path)
    result = run(path, platform=platform, out=tmp_path / "out", workspace=tmp_path / "ws")
    assert result.exported == 0 and result.exit_code == 1
    assert result.products == len(result.excluded) > 0
    feed = next((tmp_path / "out").glob(f"{platform}.*")).read_text(encoding="utf-8")
    assert "SER-01" not in feed and "<price></price>" not in feed


def test_a_user_template_cannot_print_a_blank_listing(tmp_path: Path) -> None:
    path = _unknown_price_header(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "tmall-global.xml.j2").write_text(
        "<items>{% for i in items %}<item>{{ i.outer_id }}|{{ i.price }}</item>"
        "{% endfor %}</items>",
        encoding="utf-8",
    )
    result = run(
        path,
        platform="tmall-global",
        out=tmp_path / "out",
        workspace=tmp_path / "ws",
        templates=mine,
    )
    assert (tmp_path / "out" / "tmall-global.xml").read_text(encoding="utf-8") == "<items></items>"
    codes = {code for item in result.excluded for code in item["codes"]}
    # the price column is missing from the file: every product is left out for it
    assert "missing-column" in codes
    assert all("missing-column" in item["codes"] or len(item["codes"]) for item in result.excluded)


def _without_columns(source: Path, target: Path, dropped: set[str]) -> Path:
    with source.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter=";"))
    kept = [i for i, name in enumerate(header) if name not in dropped]
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        for row in [header, *rows]:
            writer.writerow([row[i] for i in kept])
    shutil.copy(
        source.with_name(source.name + ".zh.tmx"), target.with_name(target.name + ".zh.tmx")
    )
    return target


def test_a_required_column_absent_is_one_finding_and_leaves_every_product_out(
    tmp_path: Path, catalogue: Path
) -> None:
    bare = _without_columns(catalogue, catalogue.with_name("bare.csv"), {"Images", "Code SH"})
    out = tmp_path / "out"
    result = render(bare, platform="tmall-global", out=out, workspace=tmp_path / "ws", now=NOW)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for code in ("missing-image", "missing-hs-code"):
        [finding] = [f for f in report["findings"] if f["code"] == code]
        assert (finding["row"], finding["column"], finding["severity"]) == (None, None, "error")
    # the products still lack what the platform requires: none goes into the feed
    assert (result.products, result.exported) == (5, 0)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["excluded"]) == 5
    assert all(
        {"missing-image", "missing-hs-code"} <= set(e["codes"]) for e in manifest["excluded"]
    )
    assert result.exit_code == 1
