"""The sector of a product, which decides how claims are judged."""

from __future__ import annotations

import subprocess
import sys

import pytest

from export_kit.validate.sectors import normalise_sector, sector_of_hs, sector_of_words


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
