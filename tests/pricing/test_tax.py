"""CBEC tax rates computed from VAT and consumption tax, and the tax class of a SKU."""

from __future__ import annotations

from decimal import Decimal

import pytest

from export_kit.config import PricingConfig
from export_kit.errors import ConfigError
from export_kit.model import NetContent, Product, Sku
from export_kit.pricing.tax import cbec_rate, classify, display_rate, sector_of_category

D = Decimal
PRICING = PricingConfig()


def product_of(**fields: object) -> tuple[Sku, Product]:
    sku = Sku(row=2, sku="S-1", **fields)  # type: ignore[arg-type]
    return sku, Product(outer_id="S-1", skus=[sku])


# --- the rates -----------------------------------------------------------------------------


def test_general_goods_pay_9_1_percent() -> None:
    # (0 + 13 %) / (1 - 0) x 70 % = 9.1 %
    assert cbec_rate("general", PRICING) == D("0.091")
    assert str(display_rate(cbec_rate("general", PRICING))) == "0.0910"


def test_high_end_cosmetics_pay_23_06_percent() -> None:
    # (15 % + 13 %) / (1 - 15 %) x 70 % = 0.28 / 0.85 x 0.7 = 0.2305882...
    exact = cbec_rate("cosmetics-high-end", PRICING)
    assert D("0.23058823") < exact < D("0.23058824")
    assert str(display_rate(exact)) == "0.2306"


def test_wine_pays_17_89_percent() -> None:
    # (10 % + 13 %) / (1 - 10 %) x 70 % = 0.23 / 0.9 x 0.7 = 0.178888...
    exact = cbec_rate("wine", PRICING)
    assert D("0.17888888") < exact < D("0.17888889")
    assert str(display_rate(exact)) == "0.1789"


def test_spirits_default_to_the_wine_rate_and_are_configurable() -> None:
    assert cbec_rate("spirits", PRICING) == cbec_rate("wine", PRICING)
    # taxed as 白酒 (20 %): 0.33 / 0.8 x 0.7 = 0.28875
    baijiu = PricingConfig(consumption_tax={"spirits": D("0.20")})
    assert cbec_rate("spirits", baijiu) == D("0.28875")
    assert cbec_rate("wine", baijiu) == cbec_rate("wine", PRICING)  # the others keep defaults


def test_the_rates_follow_the_law_in_the_config() -> None:
    # Before 1 April 2019 import VAT was 16 %: the published rates were 11.2 % and 25.53 %.
    old = PricingConfig(vat=D("0.16"))
    assert str(display_rate(cbec_rate("general", old))) == "0.1120"
    assert str(display_rate(cbec_rate("cosmetics-high-end", old))) == "0.2553"


def test_a_class_added_in_the_config_has_its_rate() -> None:
    watches = PricingConfig(consumption_tax={"watches": D("0.20")})
    assert cbec_rate("watches", watches) == D("0.28875")
    with pytest.raises(ConfigError, match="Unknown tax class 'jewellery'"):
        cbec_rate("jewellery", PRICING)


def test_an_impossible_consumption_tax_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="consumption_tax"):
        cbec_rate("general", PricingConfig(consumption_tax={"wine": D("1")}))


# --- the class of a SKU --------------------------------------------------------------------


def test_the_tax_class_column_wins() -> None:
    sku, product = product_of(tax_class="Wine", hs_code="33030010")
    assert classify(sku, product, D("100"), PRICING).tax_class == "wine"


def test_an_unknown_tax_class_is_ignored_with_a_note() -> None:
    sku, product = product_of(tax_class="luxe", hs_code="22042110")
    found = classify(sku, product, D("100"), PRICING)
    assert found.tax_class == "wine"
    assert found.note is not None
    assert "'luxe'" in found.note and "HS code 22042110" in found.note


@pytest.mark.parametrize(
    ("hs_code", "expected"),
    [
        ("22042110", "wine"),
        ("2204.10", "wine"),
        ("22082000", "spirits"),
        ("18063100", "general"),  # chocolate
        ("42022100", "general"),  # handbag
    ],
)
def test_the_hs_code_gives_the_class(hs_code: str, expected: str) -> None:
    sku, product = product_of(hs_code=hs_code)
    assert classify(sku, product, D("300"), PRICING).tax_class == expected


def test_a_89_euro_perfume_of_50_ml_is_high_end() -> None:
    # 89 x 7.8 = 694.20 CNY; 694.20 / 50 ml = 13.884 CNY per ml >= 10
    sku, product = product_of(
        hs_code="33030010", net_content=NetContent(quantity=D("50"), unit="ml")
    )
    found = classify(sku, product, D("694.20"), PRICING)
    assert found.tax_class == "cosmetics-high-end"
    assert found.reason == "hs_code"


def test_cosmetics_under_10_yuan_per_ml_are_general() -> None:
    # 200 ml at 1999.98 CNY is 9.9999 per ml; at 2000.00 exactly 10: high-end
    content = NetContent(quantity=D("200"), unit="ml")
    sku, product = product_of(hs_code="33049900", net_content=content)
    assert classify(sku, product, D("1999.98"), PRICING).tax_class == "general"
    assert classify(sku, product, D("2000.00"), PRICING).tax_class == "cosmetics-high-end"


def test_cosmetics_without_net_content_are_judged_per_piece() -> None:
    sku, product = product_of(hs_code="33041000")
    assert classify(sku, product, D("14.99"), PRICING).tax_class == "general"
    assert classify(sku, product, D("15.00"), PRICING).tax_class == "cosmetics-high-end"


def test_the_net_content_may_sit_on_the_parent_row() -> None:
    parent = Sku(
        row=2, sku="P", net_content=NetContent(quantity=D("100"), unit="g"), is_parent_row=True
    )
    child = Sku(row=3, sku="P-1", parent_sku="P", hs_code="33049900")
    product = Product(outer_id="P", skus=[parent, child])
    # 900 CNY for 100 g = 9 per g: general (the per-piece rule would say high-end)
    assert classify(child, product, D("900"), PRICING).tax_class == "general"


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("Vins > Bordeaux > Rouge", "wine"),
        ("Champagnes", "wine"),
        ("Crémants de Loire", "wine"),
        ("Spiritueux > Cognac", "spirits"),
        ("Vins et spiritueux > Cognac", "spirits"),
        ("Whisky", "spirits"),
        ("Liqueurs > Crème de cassis", "spirits"),
        ("Parfums > Eau de toilette", "cosmetics"),
        ("Soins > Sérums", "cosmetics"),
        ("Cosmétiques", "cosmetics"),
        ("Épicerie fine > Vinaigres", None),  # vinaigre is not vin
        ("Maroquinerie > Sacs", None),
    ],
)
def test_category_words_give_the_sector(category: str, expected: str | None) -> None:
    assert sector_of_category(category) == expected


def test_category_words_apply_without_hs_code() -> None:
    sku, product = product_of(
        category="Parfums > Femme", net_content=NetContent(quantity=D("30"), unit="ml")
    )
    found = classify(sku, product, D("450"), PRICING)  # 15 CNY per ml
    assert (found.tax_class, found.reason) == ("cosmetics-high-end", "category")
    sku, product = product_of(category="Vins > Bourgogne")
    assert classify(sku, product, D("300"), PRICING).tax_class == "wine"


def test_anything_else_is_general() -> None:
    sku, product = product_of(category="Maroquinerie > Sacs")
    found = classify(sku, product, D("4000"), PRICING)
    assert (found.tax_class, found.reason, found.note) == ("general", "default", None)
