"""A big catalogue rendered in several processes gives the files one process gives."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

import export_kit.pipeline as pipeline
import export_kit.shares as shares
from export_kit.config import load_config
from export_kit.pipeline import render
from export_kit.shares import can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes need fork (Linux)")

GOLDEN = Path(__file__).resolve().parent / "golden" / "catalogue"
NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
COPIES = 40


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """The golden catalogue's rows 40 times over (SKUs made unique), with problems spread
    over the file: a SKU repeated far from its first row, a product whose rows are apart,
    an unreadable price."""
    folder = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, folder)
    source = folder / "maison-azur.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter=";"))
    sku, parent, price = header.index("Référence"), header.index("Référence parent"), 6
    out: list[list[str]] = []
    for n in range(COPIES):
        for row in rows:
            copy = list(row)
            copy[sku] = f"{row[sku]}-{n}"
            if row[parent]:
                copy[parent] = f"{row[parent]}-{n}"
            out.append(copy)
    out[-2][sku] = out[3][sku]  # duplicate-sku across the whole file
    out[len(out) // 2][price] = "douze"  # invalid-number, mid-file
    # a product of two rows 30 rows apart, near where a split would fall
    middle = len(out) // 2 + 5
    out[middle][parent] = out[middle + 30][parent] = "APART"
    target = folder / "big.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(out)
    shutil.copy(folder / "maison-azur.csv.zh.tmx", folder / "big.csv.zh.tmx")
    return target


@pytest.mark.parametrize("platform", ["tmall-global", "jd-worldwide", "douyin-global"])
def test_shares_write_what_one_process_writes(
    tmp_path: Path, big: Path, platform: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shares, "MIN_ROWS_PER_JOB", 40)
    calls: list[int] = []
    original = pipeline.in_shares

    def counted(catalogue, parts, work, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(parts)
        return original(catalogue, parts, work, **kwargs)

    monkeypatch.setattr(pipeline, "in_shares", counted)
    config = load_config(None, big)
    results = {}
    for jobs in (1, 3):
        results[jobs] = render(
            big,
            platform=platform,
            out=tmp_path / f"out-{jobs}",
            config=config,
            workspace=tmp_path / "ws",
            now=NOW,
            jobs=jobs,
            compliance=True,
        )
    assert calls == [3]  # jobs=1 never splits
    one, three = results[1], results[3]
    # the feed joined from the parts is what the manifest and the preview's footer name
    digest = hashlib.sha256(three.feed.path.read_bytes()).hexdigest()
    manifest = json.loads((tmp_path / "out-3" / "manifest.json").read_text("utf-8"))
    assert manifest["feed"]["sha256"] == digest
    assert manifest["feed"]["bytes"] == three.feed.path.stat().st_size
    assert f"sha256 {digest[:12]}" in (tmp_path / "out-3" / "preview.html").read_text("utf-8")
    names = sorted(p.name for p in (tmp_path / "out-1").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "out-3").iterdir())  # no part left
    assert "compliance.csv" in names  # the pack's records of every share, in row order
    for name in names:
        assert (tmp_path / "out-1" / name).read_bytes() == (tmp_path / "out-3" / name).read_bytes()
    assert (three.products, three.exported, three.errors) == (
        one.products,
        one.exported,
        one.errors,
    )
    codes = {f.code for f in three.report.findings}
    assert {"duplicate-sku", "invalid-number", "missing-translation"} <= codes
    # the repeated SKU's product is left out of the feed, as one process leaves it out
    repeated = [e for e in three.excluded if "duplicate-sku" in e["codes"]]
    assert repeated and repeated == [e for e in one.excluded if "duplicate-sku" in e["codes"]]


def test_a_users_template_renders_in_one_process(
    tmp_path: Path, big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shares, "MIN_ROWS_PER_JOB", 40)
    calls: list[int] = []
    monkeypatch.setattr(pipeline, "in_shares", lambda *a, **k: calls.append(1))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "tmall-global.xml.j2").write_text(
        '{% extends "default:tmall-global.xml.j2" %}', encoding="utf-8"
    )
    result = render(
        big,
        platform="tmall-global",
        out=tmp_path / "out",
        config=load_config(None, big),
        workspace=tmp_path / "ws",
        templates=templates,
        now=NOW,
        jobs=3,
    )
    assert calls == []
    assert result.exported > 0


def test_a_worker_failing_leaves_no_part_and_no_feed(
    tmp_path: Path, big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setattr(shares, "MIN_ROWS_PER_JOB", 40)
    parent = os.getpid()
    original = pipeline.render_part

    def full_disk(*args, **kwargs):  # type: ignore[no-untyped-def]
        part = original(*args, **kwargs)
        if os.getpid() != parent:
            raise OSError(28, "No space left on device")
        return part

    monkeypatch.setattr(pipeline, "render_part", full_disk)
    out = tmp_path / "out"
    with pytest.raises(OSError, match="No space left"):
        render(
            big,
            platform="jd-worldwide",
            out=out,
            config=load_config(None, big),
            workspace=tmp_path / "ws",
            now=NOW,
            jobs=2,
        )
    assert sorted(p.name for p in out.iterdir()) == []  # no part, no feed, nothing half


def test_the_progress_of_a_parallel_run_counts_every_process(
    tmp_path: Path, big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shares, "MIN_ROWS_PER_JOB", 40)
    calls: list[tuple[int, int]] = []
    result = render(
        big,
        platform="tmall-global",
        out=tmp_path / "out",
        config=load_config(None, big),
        workspace=tmp_path / "ws",
        now=NOW,
        jobs=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (result.products, result.products)
    assert {total for _, total in calls} == {result.products}
    done = [d for d, _ in calls]
    assert done == sorted(done)  # a progress bar never moves back


def test_columns_absent_leave_the_same_products_out_in_shares(
    tmp_path: Path, big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shares, "MIN_ROWS_PER_JOB", 40)
    with big.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter=";"))
    kept = [i for i, name in enumerate(header) if name not in ("Images", "Code SH")]
    bare = big.with_name("bare.csv")
    with bare.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        for row in [header, *rows]:
            writer.writerow([row[i] for i in kept])
    shutil.copy(big.with_name("big.csv.zh.tmx"), bare.with_name("bare.csv.zh.tmx"))
    config = load_config(None, bare)
    results = {
        jobs: render(
            bare,
            platform="tmall-global",
            out=tmp_path / f"out-{jobs}",
            config=config,
            workspace=tmp_path / "ws",
            now=NOW,
            jobs=jobs,
        )
        for jobs in (1, 3)
    }
    for name in ("report.json", "manifest.json", "tmall-global.xml"):
        assert (tmp_path / "out-1" / name).read_bytes() == (tmp_path / "out-3" / name).read_bytes()
    one = results[1]
    assert one.exported == 0 and len(one.excluded) == one.products
    gaps = [f for f in one.report.findings if f.code in ("missing-image", "missing-hs-code")]
    assert [(f.row, f.severity) for f in gaps] == [(None, "error"), (None, "error")]
