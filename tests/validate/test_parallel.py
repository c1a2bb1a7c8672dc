"""Validating in several processes gives the report one process gives (Linux only)."""

from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from export_kit.catalogue import read_catalogue
from export_kit.config import Config
from export_kit.errors import ConfigError
from export_kit.translate.memory import TranslationMemory
from export_kit.validate import validate_catalogue
from export_kit.validate.checks import extra_checks
from export_kit.validate.parallel import can_fork, validate_in_parallel

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes need fork (Linux)")

HEADER = [
    "Référence",
    "Parent",
    "Désignation",
    "Marque",
    "Prix TTC",
    "Code EAN",
    "Code SH",
    "Description",
    "Désignation chinoise",
    "Image",
]


def _rows(products: int) -> list[list[str]]:
    """Products of one to three variants, with findings spread over the whole file."""
    rows: list[list[str]] = []
    for n in range(products):
        variants = 1 + n % 3
        parent = f"P{n:04d}" if variants > 1 else ""
        for v in range(variants):
            sku = f"S{n:04d}-{v}"
            price = "29,90"
            ean = "3760000000017"
            name_zh = ""
            image = f"https://cdn.example.fr/{n}.jpg"
            if n % 17 == 0:
                price = "douze"  # invalid-number
            if n % 23 == 0:
                ean = "1234"  # invalid-ean
            if n % 29 == 0:
                name_zh = "最好的面霜"  # banned-term in the Chinese the row carries
            if n % 31 == 0:
                image = "http://cdn.example.fr/insecure.jpg"
            rows.append(
                [
                    sku,
                    parent,
                    f"Crème n°{n}",
                    "Maison Test",
                    price,
                    ean,
                    "33049900",
                    f"Une crème hydratante, modèle {n}.",
                    name_zh,
                    image,
                ]
            )
    # SKUs repeated far apart: the first half and the second half must be judged together
    rows[-1][0] = rows[3][0]
    rows[-5][0] = rows[len(rows) // 2][0]
    return rows


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Produits"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _reports(path: Path, workspace: Path, *, jobs: int, platform: str | None = None):
    config = Config()
    sequential_catalogue = read_catalogue(path, config=config)
    with extra_checks(
        sequential_catalogue, config, workspace=workspace, platform=platform
    ) as checks:
        sequential = validate_catalogue(
            sequential_catalogue,
            config,
            extra_rules=checks.rules,
            severity_defaults=checks.severity_defaults,
            platform=platform,
            products=checks.products(sequential_catalogue),
        )
        adopted = checks.catalogue_findings
    catalogue = read_catalogue(path, config=config)
    parallel = validate_in_parallel(
        catalogue,
        config,
        jobs=jobs,
        open_checks=functools.partial(
            extra_checks,
            catalogue,
            config,
            workspace=workspace,
            platform=platform,
            sidecars=False,
        ),
        platform=platform,
        min_rows=50,
    )
    return sequential, adopted, parallel, catalogue


@pytest.mark.parametrize("writer", [_write_csv, _write_xlsx], ids=["csv", "xlsx"])
@pytest.mark.parametrize("jobs", [2, 3])
def test_parallel_report_is_the_sequential_one(tmp_path: Path, writer, jobs: int) -> None:
    rows = _rows(240)
    path = writer(tmp_path / f"catalogue{'.csv' if writer is _write_csv else '.xlsx'}", rows)
    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_human("Crème n°5", "第五号面霜")
    sequential, _, parallel, catalogue = _reports(path, tmp_path / "ws", jobs=jobs)
    assert parallel is not None, "240 products in ranges of 50 rows or more: split"
    assert len(catalogue.split(jobs, 50)) == jobs
    assert parallel.to_dict() == sequential.to_dict()
    codes = {f["code"] for f in parallel.to_dict()["findings"]}
    assert {
        "invalid-number",
        "invalid-ean",
        "banned-term",
        "insecure-image-url",
        "duplicate-sku",
    } <= codes
    # data row i is spreadsheet row i + 2; the repeated SKUs are the last and fifth-last
    duplicates = sorted(f.row for f in parallel.findings if f.code == "duplicate-sku")
    assert duplicates == [len(rows) - 3, len(rows) + 1]
    # the catalogue reads every row again afterwards (annotated report, rejected rows)
    assert sum(1 for _ in catalogue.iter_raw_rows()) == len(rows)


def test_platform_checks_and_rate_findings_run_in_every_process(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "catalogue.csv", _rows(200))
    sequential, adopted, parallel, _ = _reports(
        path, tmp_path / "ws", jobs=2, platform="tmall-global"
    )
    assert parallel is not None
    expected = sequential.to_dict()
    got = parallel.to_dict()
    # the command puts the catalogue-level findings of the checks in front of the report;
    # the parallel report holds them already
    assert len(got["findings"]) == len(expected["findings"]) + len(adopted)
    assert (
        got["summary"]["rows"] == expected["summary"]["rows"] == sum(1 + n % 3 for n in range(200))
    )
    assert got["summary"]["products"] == expected["summary"]["products"] == 200
    assert [f for f in got["findings"] if f["code"] == "missing-translation"] == [
        f for f in expected["findings"] if f["code"] == "missing-translation"
    ]


def test_ranges_never_cut_a_product_and_cover_every_row(tmp_path: Path) -> None:
    rows = _rows(150)
    # a product whose rows are far apart (spreadsheet rows 12 and 102, a boundary's
    # natural place): no range may start between them
    rows[10][1] = rows[100][1] = "SCATTERED"
    path = _write_csv(tmp_path / "catalogue.csv", rows)
    catalogue = read_catalogue(path, config=Config())
    ranges = catalogue.split(3, 20)
    assert len(ranges) == 3
    assert all(not 12 < first <= 102 for first, _ in ranges)
    numbers = list(range(2, len(rows) + 2))
    for first, stop in ranges:
        catalogue.limit(first, stop)
        inside = [sku.row for product in catalogue.iter_products() for sku in product.skus]
        assert inside and all(first <= row < stop for row in inside)
        numbers = [n for n in numbers if not first <= n < stop]
    assert numbers == []


def test_products_spread_over_the_whole_file_are_checked_in_one_process(
    tmp_path: Path,
) -> None:
    rows = _rows(150)
    rows[0][1] = rows[-1][1] = "EVERYWHERE"
    path = _write_csv(tmp_path / "catalogue.csv", rows)
    sequential, _, parallel, catalogue = _reports(path, tmp_path / "ws", jobs=2)
    assert catalogue.split(2, 50) == [(0, 1 << 62)]
    assert parallel is not None and parallel.to_dict() == sequential.to_dict()


def test_a_small_catalogue_is_not_split(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "catalogue.csv", _rows(20))
    _, _, parallel, _ = _reports(path, tmp_path / "ws", jobs=2)
    assert parallel is None


def test_an_error_in_a_worker_reaches_the_caller(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "catalogue.csv", _rows(200))
    config = Config()
    catalogue = read_catalogue(path, config=config)
    parent = os.getpid()

    def open_checks():
        if os.getpid() != parent:
            raise ConfigError("the worker could not open its checks")
        return extra_checks(catalogue, config, workspace=tmp_path / "ws", sidecars=False)

    with pytest.raises(ConfigError, match="worker could not open"):
        validate_in_parallel(catalogue, config, jobs=2, open_checks=open_checks, min_rows=50)


@pytest.mark.parametrize(
    "name",
    [
        "shopify_parispousse_fr.csv",
        "woocommerce_export_en.csv",
        "prestashop_products_import.csv",
        "prestashop_combinations_import.csv",
        "akeneo_icecat_products_sample.csv",
        "systemeu_akeneo_export_fr.csv",
        "openfoodfacts_search_export_2019.csv",
    ],
)
def test_real_exports_give_the_same_report_in_shares(
    real_catalogues: Path, tmp_path: Path, name: str
) -> None:
    """Shop exports have their own row rules (Shopify image rows, WooCommerce parents by
    id, PrestaShop combinations): split in small ranges, they still read as one file."""
    path = real_catalogues / name
    config = Config()
    sequential_catalogue = read_catalogue(path, config=config)
    with extra_checks(sequential_catalogue, config, workspace=tmp_path / "ws") as checks:
        sequential = validate_catalogue(
            sequential_catalogue,
            config,
            extra_rules=checks.rules,
            products=checks.products(sequential_catalogue),
        )
    rows = sum(1 for _ in sequential_catalogue.iter_raw_rows())
    least = max(2, rows // 5)
    catalogue = read_catalogue(path, config=config)
    catalogue.row_hint = rows  # a text file's estimate may fall short of a split
    ranges = catalogue.split(3, least)
    if name.startswith("woocommerce"):
        # woo-hoodie (row 3) has variations from row 19 to row 125: one product spans it all
        assert len(ranges) == 1
    else:
        assert len(ranges) > 1
    parallel = validate_in_parallel(
        catalogue,
        config,
        jobs=3,
        open_checks=functools.partial(
            extra_checks, catalogue, config, workspace=tmp_path / "ws", sidecars=False
        ),
        min_rows=least,
    )
    assert parallel is not None
    assert parallel.to_dict() == sequential.to_dict()


@pytest.mark.parametrize("writer", [_write_csv, _write_xlsx], ids=["csv", "xlsx"])
def test_every_process_weighs_claims_by_the_sector_of_the_whole_file(
    tmp_path: Path, writer
) -> None:
    rows = _rows(240)
    # the first rows are bags, most of the file cosmetics: one process alone would judge
    # its rows as bags; every claim is an error, as in one process
    for i, row in enumerate(rows):
        if i < len(rows) // 3:
            row[6] = "42022100"
        row[7] = "Un baume antiseptique."
    path = writer(tmp_path / f"catalogue{'.csv' if writer is _write_csv else '.xlsx'}", rows)
    sequential, _, parallel, _ = _reports(path, tmp_path / "ws", jobs=2)
    assert parallel is not None
    assert parallel.to_dict() == sequential.to_dict()
    medical = [f for f in parallel.findings if f.code == "medical-claim"]
    assert len(medical) == 240 and {f.severity for f in medical} == {"error"}


@pytest.mark.parametrize("writer", [_write_csv, _write_xlsx], ids=["csv", "xlsx"])
def test_columns_absent_give_one_finding_each_with_one_process_or_two(
    tmp_path: Path, writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropped = (HEADER.index("Code SH"), HEADER.index("Image"))
    monkeypatch.setattr(f"{__name__}.HEADER", [h for i, h in enumerate(HEADER) if i not in dropped])
    rows = [[c for i, c in enumerate(row) if i not in dropped] for row in _rows(240)]
    path = writer(tmp_path / f"catalogue{'.csv' if writer is _write_csv else '.xlsx'}", rows)
    sequential, adopted, parallel, _ = _reports(
        path, tmp_path / "ws", jobs=2, platform="tmall-global"
    )
    assert parallel is not None
    sequential.findings[:0] = adopted  # the command's order; the parallel report has them
    assert parallel.to_dict() == sequential.to_dict()
    gaps = [f for f in parallel.findings if f.row is None and f.field in ("hs_code", "images")]
    assert sorted((f.code, f.severity) for f in gaps) == [
        ("missing-hs-code", "error"),
        ("missing-image", "error"),
    ]
    assert not [
        f
        for f in parallel.findings
        if f.code in ("missing-image", "missing-hs-code") and f.row is not None
    ]
