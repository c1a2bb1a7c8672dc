"""French sizes shown as Chinese sizes: shoes CN = EU, apparel 号型."""

from __future__ import annotations

from pathlib import Path

import pytest

from export_kit.platforms.sizes import chinese_size, size_kind

DOMAIN = Path(__file__).resolve().parents[3] / "shared" / "domain"
DATA = Path(__file__).resolve().parents[2] / "src" / "export_kit" / "data"


@pytest.mark.parametrize(
    ("size", "category", "expected"),
    [
        ("39", "Chaussures > Femme", "39"),
        ("39,5", "Femme > Escarpins", "39.5"),
        ("EU 42", "Homme > Baskets", "42"),
        ("M", "Femme > Robes", "165/88A"),
        ("S", "Prêt-à-porter femme", "160/84A"),
        ("38", "Femme > Robes", "165/88A"),  # FR 38 = M
        ("T36", "Femme > Jupes", "160/84A"),  # FR 36 = S
        ("XXL", "Femme > Manteaux", "180/100A"),
        ("M", "Homme > Pulls", "170/84A"),
        ("2XL", "Homme > Pulls", "185/96A"),
        ("xxxl", "Homme > Vestes", "190/100A"),
        ("48", "Homme > Vestes", "170/84A"),  # EU 48 = M
        ("39", "Homme > Chemises", "170/88A"),  # collar 39 cm
    ],
)
def test_known_sizes(size: str, category: str, expected: str) -> None:
    assert chinese_size(size, category=category) == expected


@pytest.mark.parametrize(
    ("size", "category"),
    [
        ("M", None),  # no category: not guessed
        ("M", "Accessoires"),  # no gender
        ("M", "Mode homme et femme"),  # unisex path
        ("XXXL", "Femme > Robes"),  # beyond the women's table
        ("46", "Femme > Robes"),  # FR 46 = XXXL: beyond the table
        ("TU", "Femme > Écharpes"),  # taille unique
        ("60", "Chaussures"),
        ("abc", "Chaussures"),
        ("", "Femme"),
    ],
)
def test_unknown_sizes_are_not_guessed(size: str, category: str | None) -> None:
    assert chinese_size(size, category=category) is None


def test_women_is_not_mistaken_for_men() -> None:
    assert size_kind("Women > Tops") == "women"
    assert size_kind("Men > Tops") == "men"


@pytest.mark.parametrize(
    "name",
    [
        "size-women-apparel.txt",
        "size-men-apparel.txt",
        "size-men-shirt-collar.txt",
        "size-women-fr-de-it.txt",
    ],
)
def test_the_shipped_tables_are_the_domain_tables_with_a_source_header(name: str) -> None:
    shipped = (DATA / name).read_text(encoding="utf-8").splitlines()
    header = [line for line in shipped if line.startswith("#")]
    assert any("Source:" in line for line in header)
    if not DOMAIN.is_dir():
        pytest.skip("../shared/domain is not present")
    body = [line for line in shipped if not line.startswith("#")]
    assert body == (DOMAIN / name).read_text(encoding="utf-8").splitlines()
