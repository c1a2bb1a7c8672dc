"""Golden feeds: the small catalogues of tests/golden rendered to each platform.

``tests/golden/catalogue`` has variants (colours, sizes), HTML, non-ASCII text, a product
without an image and one without Chinese (both left out). ``tests/golden/contents`` has
variants that differ only by net content (a perfume in 30, 50 and 100 ml, a wine in 37.5
and 75 cl) and a lipstick whose colours share one. Feeds are compared byte for byte with
``tests/golden/<platform>/``; rerun with ``--update-golden`` after an intended change and
review the diff.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET

from export_kit.pipeline import RunResult, render

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CATALOGUE = GOLDEN / "catalogue"
CONTENTS = GOLDEN / "contents"
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)

PLATFORMS = {
    "tmall-global": "tmall-global.xml",
    "jd-worldwide": "jd-worldwide.csv",
    "douyin-global": "douyin-global.jsonl",
}
#: golden file of the net-content catalogue, beside the other one: contents-<feed file>
CONTENTS_PREFIX = "contents-"


def _render(folder: Path, name: str, tmp_path: Path, platform: str) -> RunResult:
    """Render a copy of a golden catalogue (inputs are never touched by a test)."""
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    return render(
        copy / name, platform=platform, out=tmp_path / "out", workspace=tmp_path / "ws", now=NOW
    )


def _compare(request: pytest.FixtureRequest, actual: bytes, golden: Path) -> None:
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
    assert golden.is_file(), f"no golden file {golden}: run pytest --update-golden"
    assert actual == golden.read_bytes()


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_feed_matches_the_golden_file(
    request: pytest.FixtureRequest, tmp_path: Path, platform: str
) -> None:
    result = _render(CATALOGUE, "maison-azur.csv", tmp_path, platform)
    _compare(request, result.feed.path.read_bytes(), GOLDEN / platform / PLATFORMS[platform])
    assert [e["sku"] for e in result.excluded] == ["VIN-01", "BAU-01"]
    assert result.exported == 3


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_net_content_variants_match_the_golden_file(
    request: pytest.FixtureRequest, tmp_path: Path, platform: str
) -> None:
    result = _render(CONTENTS, "maison-azur-contenances.csv", tmp_path, platform)
    golden = GOLDEN / platform / (CONTENTS_PREFIX + PLATFORMS[platform])
    _compare(request, result.feed.path.read_bytes(), golden)
    assert result.excluded == []
    assert result.exported == 3


def test_tmall_skus_that_differ_by_content_say_which_content(tmp_path: Path) -> None:
    result = _render(CONTENTS, "maison-azur-contenances.csv", tmp_path, "tmall-global")
    items = {item.findtext("outer_id"): item for item in SafeET.parse(result.feed.path).getroot()}
    perfume = items["PAR-01"]
    assert [p.text for p in perfume.iter("properties")] == [
        "容量:30ml",
        "容量:50ml",
        "容量:100ml",
    ]
    # no content is the whole range's: neither the title nor the item names one
    assert perfume.findtext("title") == "蔚蓝之家 Maison Azur 蔚蓝淡香精"
    assert not perfume.findtext("net_content")
    wine = items["VIN-02"]
    assert [p.text for p in wine.iter("properties")] == ["容量:375ml", "容量:750ml"]
    assert "ml" not in (wine.findtext("title") or "")
    # colours of one content: the content stays in the title, not in the properties
    lipstick = items["RAL-01"]
    assert lipstick.findtext("title") == "蔚蓝之家 Maison Azur 缎光口红 3.5g"
    assert lipstick.findtext("net_content") == "3.5g"
    assert [p.text for p in lipstick.iter("properties")] == ["颜色:红色", "颜色:粉玫瑰色"]


def test_jd_and_douyin_rows_carry_each_skus_content(tmp_path: Path) -> None:
    jd = _render(CONTENTS, "maison-azur-contenances.csv", tmp_path / "jd", "jd-worldwide")
    rows = list(csv.DictReader(io.StringIO(jd.feed.path.read_text(encoding="utf-8-sig"))))
    perfume = [row for row in rows if row["outerId"] == "PAR-01"]
    assert [(r["skuOuterId"], r["saleAttrs"], r["netContent"]) for r in perfume] == [
        ("PAR-01-30", "容量:30ml", "30ml"),
        ("PAR-01-50", "容量:50ml", "50ml"),
        ("PAR-01-100", "容量:100ml", "100ml"),
    ]
    douyin = _render(CONTENTS, "maison-azur-contenances.csv", tmp_path / "dy", "douyin-global")
    lines = [json.loads(line) for line in douyin.feed.path.read_text("utf-8").splitlines()]
    wine = next(line for line in lines if line["out_product_id"] == "VIN-02")
    assert [s["spec"] for s in wine["skus"]] == ["容量:375ml", "容量:750ml"]
    assert wine["net_content"] is None
