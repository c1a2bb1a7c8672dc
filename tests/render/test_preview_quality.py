"""The preview shows each product's quality score and sorts the cards by it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from export_kit.pipeline import render

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "catalogue"
CHROMIUM = Path("/usr/bin/chromium")


def _render(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    folder = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, folder)
    out = tmp_path / "out"
    render(folder / "maison-azur.csv", platform="tmall-global", out=out, workspace=tmp_path / "ws")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return out / "preview.html", {q["sku"]: q["score"] for q in report["quality"]}


def _cards(page: str) -> list[tuple[str, str, int]]:
    pattern = r'data-card="(listing|excluded)" data-outer-id="([^"]+)"[^>]*?data-quality="(\d+)"'
    return [(kind, sku, int(score)) for kind, sku, score in re.findall(pattern, page, re.S)]


def test_every_card_carries_the_reports_score(tmp_path: Path) -> None:
    preview, scores = _render(tmp_path)
    page = preview.read_text(encoding="utf-8")
    cards = _cards(page)
    assert {sku: score for _, sku, score in cards} == scores
    assert len(cards) == 5
    for sku, score in scores.items():
        card = re.search(rf'data-outer-id="{sku}".*?</article>', page, re.S)
        assert card is not None and f"quality <b>{score}</b>/100" in card.group(0)
    assert '<select id="sort"' in page


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium is not installed")
@pytest.mark.parametrize("order", ["quality-asc", "quality-desc"])
def test_the_cards_sort_by_score_in_chromium(tmp_path: Path, order: str) -> None:
    preview, _ = _render(tmp_path)
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--virtual-time-budget=3000",
        "--dump-dom",
        f"{preview.as_uri()}#sort={order}",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    cards = _cards(run.stdout)
    for kind in ("listing", "excluded"):
        shown = [score for k, _, score in cards if k == kind]
        assert shown == sorted(shown, reverse=order == "quality-desc")
        assert len(shown) > 1
    # the page as written is in catalogue order, which here is not the lowest first
    written = [sku for _, sku, _ in _cards(preview.read_text(encoding="utf-8"))]
    if order == "quality-asc":
        assert [sku for _, sku, _ in cards] != written
