"""The sector of a product, which decides how claims are judged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from export_kit.catalogue import read_catalogue
from export_kit.config import CatalogueConfig, Config
from export_kit.validate.sectors import (
    SectorResolver,
    catalogue_sector,
    catalogue_sectors,
    normalise_sector,
    product_sectors,
    sector_of_hs,
    sector_of_words,
)


@pytest.mark.parametrize(
    ("code", "sector"),
    [
        ("33049900", "cosmetics"),
        ("3303.00", "cosmetics"),
        ("3401110000", "cosmetics"),
        ("040690", "food"),
        ("18069000", "food"),
        ("2204210000", "wine"),
        ("220820", "spirits"),
        ("220110", "drinks"),
        ("42022100", "fashion"),
        ("640399", "fashion"),
        ("90041000", None),
        ("", None),
    ],
)
def test_hs_codes(code: str, sector: str | None) -> None:
    assert sector_of_hs(code) == sector


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("Beauté > Soins du visage", "cosmetics"),
        ("Épicerie fine / Chocolats", "food"),
        ("Vins & Champagnes", "wine"),
        ("Spiritueux > Cognac", "spirits"),
        ("Maroquinerie > Sacs", "fashion"),
        ("Eau de parfum 50 ml", "cosmetics"),
        ("Foie gras de canard entier", "food"),
        ("Cadeaux", None),
        ("Home > The collection", None),
    ],
)
def test_category_and_name_words(text: str, sector: str | None) -> None:
    assert sector_of_words(text) == sector


def test_config_values_in_french_or_english() -> None:
    assert normalise_sector("Cosmétiques") == "cosmetics"
    assert normalise_sector("wine") == "wine"
    assert normalise_sector("horlogerie") == "other"
    assert normalise_sector("  ") is None


@pytest.mark.parametrize(
    "first",
    ["export_kit.model", "export_kit.validate", "export_kit.catalogue.base", "export_kit.cli"],
)
def test_the_packages_import_in_any_order(first: str) -> None:
    """model imports validate.report; validate must not import model back at load time."""
    code = f"import {first}; import export_kit.validate, export_kit.model; print('ok')"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr


def _csv(path: Path, rows: list[str]) -> Path:
    lines = ["Référence;Parent;Désignation;Catégorie;Code SH;Prix TTC;Marque", *rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_catalogue_sector_is_the_configured_one_else_its_products_majority(
    tmp_path: Path,
) -> None:
    path = _csv(
        tmp_path / "c.csv",
        [
            "A;;Sac cabas;;42022100;90;M",
            "B;;Pochette;;42022100;60;M",
            "C;;Crème de jour;;33049900;20;M",
            "D;;Article 12;;;5;M",  # nothing says: not counted
            "E;;Article 13;;;5;M",
            "F;;Article 14;;;5;M",
        ],
    )
    catalogue = read_catalogue(path)
    assert sorted(map(str, product_sectors(catalogue, Config()))) == [
        "None",
        "None",
        "None",
        "cosmetics",
        "fashion",
        "fashion",
    ]
    assert catalogue_sector(catalogue, Config()) == "fashion"
    assert catalogue_sectors(catalogue, Config()) == {"fashion", "cosmetics", None}
    configured = Config(catalogue=CatalogueConfig(sector="Cosmétiques"))
    assert catalogue_sector(catalogue, configured) == "cosmetics"
    assert catalogue_sectors(catalogue, configured) == {"cosmetics"}


def test_the_catalogue_sector_is_worked_out_once(tmp_path: Path) -> None:
    path = _csv(tmp_path / "c.csv", ["A;;Crème;;33049900;20;M"])
    catalogue = read_catalogue(path)
    assert catalogue_sector(catalogue, Config()) == "cosmetics"
    path.write_text(path.read_text(encoding="utf-8").replace("33049900", "42022100"), "utf-8")
    assert catalogue_sector(catalogue, Config()) == "cosmetics"  # not read again
    assert catalogue_sector(read_catalogue(path), Config()) == "fashion"


def test_a_product_of_several_rows_counts_once_by_its_first_readable_hs_code(
    tmp_path: Path,
) -> None:
    path = _csv(
        tmp_path / "c.csv",
        [
            "V-1;P;Crème;;douze;20;M",  # unreadable: the next row's code counts
            "V-2;P;Crème;;33049900;20;M",
            "V-3;P;Crème;;42022100;20;M",
            "B-1;;Sac;;42022100;90;M",
        ],
    )
    catalogue = read_catalogue(path)
    resolve = SectorResolver(Config())
    assert [resolve(p) for p in catalogue.iter_products()] == ["cosmetics", "fashion"]
    assert sorted(map(str, product_sectors(catalogue, Config()))) == ["cosmetics", "fashion"]
    assert catalogue_sector(catalogue, Config()) == "cosmetics"  # a tie: listed first
