"""Golden feeds: the small catalogue of tests/golden/catalogue rendered to each platform.

The catalogue has variants (colours, sizes), HTML, non-ASCII text, a product without an
image and one without Chinese (both left out). Feeds are compared byte for byte with
``tests/golden/<platform>/``; rerun with ``--update-golden`` after an intended change and
review the diff.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from export_kit.pipeline import render

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
CATALOGUE = GOLDEN / "catalogue"
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)

PLATFORMS = {
    "tmall-global": "tmall-global.xml",
    "jd-worldwide": "jd-worldwide.csv",
    "douyin-global": "douyin-global.jsonl",
}


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A copy of the small catalogue (inputs are never touched by a test)."""
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    return folder / "maison-azur.csv"


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_feed_matches_the_golden_file(
    request: pytest.FixtureRequest, tmp_path: Path, catalogue: Path, platform: str
) -> None:
    result = render(
        catalogue, platform=platform, out=tmp_path / "out", workspace=tmp_path / "ws", now=NOW
    )
    actual = result.feed.path.read_bytes()
    golden = GOLDEN / platform / PLATFORMS[platform]
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
    assert golden.is_file(), f"no golden file {golden}: run pytest --update-golden"
    assert actual == golden.read_bytes()
    assert [e["sku"] for e in result.excluded] == ["VIN-01", "BAU-01"]
    assert result.exported == 3
