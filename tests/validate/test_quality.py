"""The listing quality score: its criteria, its monotonicity, and the gate's use of it."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from export_kit.cli import cli
from export_kit.validate.quality import CRITERIA, ListingFacts, description_length, score

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "catalogue"

facts = st.builds(
    ListingFacts,
    title_length=st.integers(0, 80),
    title_max=st.sampled_from([30, 60]),
    images=st.integers(0, 12),
    image_target=st.sampled_from([5, 8]),
    description_chars=st.integers(0, 400),
    net_content=st.sampled_from([None, True, False]),
    shelf_life=st.sampled_from([None, True, False]),
    brand_zh=st.booleans(),
    category_mapped=st.booleans(),
    open_findings=st.integers(0, 3),
)


def test_the_criteria_add_up_to_100() -> None:
    assert sum(c.points for c in CRITERIA) == 100
    assert len({c.name for c in CRITERIA}) == len(CRITERIA)


@given(facts)
def test_the_score_is_100_minus_the_points_lost(f: ListingFacts) -> None:
    quality = score(f)
    assert 0 <= quality.score <= 100
    assert quality.score == 100 - sum(quality.lost.values())
    assert all(points > 0 for points in quality.lost.values())


@given(facts, st.integers(1, 5), st.integers(1, 300), st.booleans())
def test_more_images_description_or_a_brand_name_never_lower_it(
    f: ListingFacts, images: int, chars: int, brand: bool
) -> None:
    before = score(f).score
    more = dataclasses.replace(
        f,
        images=f.images + images,
        description_chars=f.description_chars + chars,
        brand_zh=f.brand_zh or brand,
    )
    assert score(more).score >= before
    assert score(dataclasses.replace(f, images=f.images + images)).score >= before
    assert (
        score(dataclasses.replace(f, description_chars=f.description_chars + chars)).score >= before
    )
    assert score(dataclasses.replace(f, brand_zh=True)).score >= before


def test_a_complete_listing_scores_100_and_an_empty_one_loses_every_criterion() -> None:
    full = ListingFacts(55, 60, 5, 5, 250, True, True, True, True, 0)
    assert score(full).score == 100 and not score(full).lost
    empty = ListingFacts(0, 60, 0, 5, 0, False, False, False, False, 2)
    assert score(empty).score == 0
    assert set(score(empty).lost) == {c.name for c in CRITERIA}


def test_points_are_in_proportion_and_not_asked_criteria_are_free() -> None:
    # 2 images of 5: 8 of 20 points; 100 description characters: 7 of 15 (rounded down)
    f = ListingFacts(48, 60, 2, 5, 100, None, None, True, True, 0)
    assert dict(score(f).lost) == {"images": 12, "description": 8}


def test_description_length_counts_no_tags_or_spaces() -> None:
    assert description_length("<p>轻盈 <b>清爽</b></p>\n<ul><li>面部</li></ul>") == 6
    assert description_length(None) == 0


def _validate(folder: Path, *args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(
        cli,
        [
            "validate",
            str(folder / "maison-azur.csv"),
            "--platform",
            "tmall-global",
            "--workspace",
            str(folder / "ws"),
            "--format",
            "json",
            *args,
        ],
    )
    return result.exit_code, json.loads(result.stdout)


def test_validate_reports_every_products_score(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, folder)
    _, data = _validate(folder)
    assert sorted(q["sku"] for q in data["quality"]) == [
        "BAU-01",
        "SAC-01",
        "SER-01",
        "TSH-01",
        "VIN-01",
    ]
    assert len(data["quality"]) == data["summary"]["products"]
    for entry in data["quality"]:
        assert entry["score"] == 100 - sum(entry["lost"].values())
    # without --min-quality the score decides nothing
    assert not any(f["code"] == "low-quality" for f in data["findings"])


def test_min_quality_makes_low_products_errors_and_leaves_them_out(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, folder)
    _, plain = _validate(folder)
    scores = {q["sku"]: q["score"] for q in plain["quality"]}
    threshold = sorted(set(scores.values()))[-1]  # the best score: the others fall below
    low = {sku for sku, s in scores.items() if s < threshold}
    assert low
    code, data = _validate(folder, "--min-quality", str(threshold))
    assert code == 1
    flagged = {f["sku"] for f in data["findings"] if f["code"] == "low-quality"}
    assert flagged == low
    assert all(
        f["severity"] == "error" and "points lost" in f["message"]
        for f in data["findings"]
        if f["code"] == "low-quality"
    )
    left_out = {e["sku"] for e in data["excluded"] if "low-quality" in e["codes"]}
    assert left_out == low


def test_adding_an_image_to_a_product_never_lowers_its_score(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, folder)
    _, before = _validate(folder)
    path = folder / "maison-azur.csv"
    text = path.read_text(encoding="utf-8")
    header = text.splitlines()[0]
    assert "Image" in header or "image" in header.casefold()
    # the wine has no image: give it one
    lines = text.splitlines()
    column = [h.strip() for h in header.split(";")].index(
        next(h for h in header.split(";") if "image" in h.casefold())
    )
    for i, line in enumerate(lines):
        if line.startswith("VIN-01"):
            cells = line.split(";")
            cells[column] = "https://cdn.example.fr/vin.jpg"
            lines[i] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, after = _validate(folder)
    old = {q["sku"]: q["score"] for q in before["quality"]}
    new = {q["sku"]: q["score"] for q in after["quality"]}
    assert new["VIN-01"] > old["VIN-01"]
    assert all(new[sku] >= old[sku] for sku in old)


def test_min_quality_needs_a_platform(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, folder)
    result = CliRunner().invoke(
        cli, ["validate", str(folder / "maison-azur.csv"), "--min-quality", "50"]
    )
    assert result.exit_code == 2
    assert "--platform" in result.stderr


def test_the_config_can_lower_low_quality_to_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, folder)
    config = folder / "export-kit.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[rules]\nlow-quality = "warning"\n',
        encoding="utf-8",
    )
    _, data = _validate(folder, "--min-quality", "100")
    low = [f for f in data["findings"] if f["code"] == "low-quality"]
    assert low and all(f["severity"] == "warning" for f in low)
    assert not any("low-quality" in e["codes"] for e in data["excluded"])


def test_each_image_more_never_lowers_a_products_score(tmp_path: Path) -> None:
    # through the gate, past the platform's five images too (too-many-images costs nothing)
    folder = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, folder)
    path = folder / "maison-azur.csv"
    original = path.read_text(encoding="utf-8")
    header = original.splitlines()[0].split(";")
    column = header.index("Images")
    scores = []
    for count in range(8):
        lines = original.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("SER-01;"):
                cells = line.split(";")
                cells[column] = "|".join(f"https://cdn.example.com/s{n}.jpg" for n in range(count))
                lines[i] = ";".join(cells)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        _, data = _validate(folder)
        scores.append(next(q["score"] for q in data["quality"] if q["sku"] == "SER-01"))
    assert scores == sorted(scores)
    assert scores[5] > scores[0] and scores[7] == scores[5]
