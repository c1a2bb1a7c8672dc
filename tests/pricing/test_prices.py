"""CNY prices: conversion, markup, rounding, the CBEC tax and the single-transaction limit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from export_kit.config import PricingConfig
from export_kit.errors import ConfigError
from export_kit.model import NetContent, Product, Sku
from export_kit.pricing import (
    Rate,
    SkuPrice,
    cbec_rate,
    price_sku,
    price_sku_with_note,
    round_price,
)

D = Decimal
AT_7_8 = Rate(D("7.8"), None, "option")
AT_1 = Rate(D("1"), None, "option")


def single(**fields: object) -> tuple[Sku, Product]:
    sku = Sku(row=5, sku="P-1", **fields)  # type: ignore[arg-type]
    return sku, Product(outer_id="P-1", skus=[sku])


def perfume(price: str) -> tuple[Sku, Product]:
    return single(
        price=D(price), hs_code="33030010", net_content=NetContent(quantity=D("50"), unit="ml")
    )


def test_the_89_euro_perfume_worked_example() -> None:
    sku, product = perfume("89")
    priced = price_sku(sku, product, AT_7_8, PricingConfig())
    # 89 x 7.8 = 694.20 CNY, 13.884 CNY per ml: high-end cosmetics, 23.06 %
    # tax = 694.20 x 0.28 / 0.85 x 0.7 = 160.0743... -> 160.07
    assert priced == SkuPrice(
        sku="P-1",
        price_eur=D("89.00"),
        price_cny=D("694.20"),
        tax_class="cosmetics-high-end",
        tax_rate=D("0.2306"),
        tax_cny=D("160.07"),
        price_with_tax_cny=D("854.27"),
        over_cbec_limit=False,
    )
    assert priced.to_dict() == {
        "sku": "P-1",
        "price_eur": "89.00",
        "price_cny": "694.20",
        "tax_class": "cosmetics-high-end",
        "tax_rate": "0.2306",
        "tax_cny": "160.07",
        "price_with_tax_cny": "854.27",
        "over_cbec_limit": False,
    }
    assert priced.price_fen == 69420


def test_general_goods_at_9_1_percent() -> None:
    sku, product = single(price=D("45.50"), hs_code="42022100")
    priced = price_sku(sku, product, AT_7_8, PricingConfig())
    assert priced is not None
    # 45.50 x 7.8 = 354.90; x 0.091 = 32.2959 -> 32.30
    assert (priced.price_cny, priced.tax_rate, priced.tax_cny) == (
        D("354.90"),
        D("0.0910"),
        D("32.30"),
    )
    assert priced.price_with_tax_cny == D("387.20")


def test_wine_at_17_89_percent_with_the_exact_rate() -> None:
    sku, product = single(price=D("25"), hs_code="22042111")
    priced = price_sku(sku, product, AT_7_8, PricingConfig())
    assert priced is not None
    # 25 x 7.8 = 195.00; x 0.23/0.9 x 0.7 = 34.8833... -> 34.88
    # (the printed 0.1789 would give 34.89: the exact rate is used)
    assert (priced.price_cny, priced.tax_class, priced.tax_rate) == (
        D("195.00"),
        "wine",
        D("0.1789"),
    )
    assert priced.tax_cny == D("34.88")


def test_markup_is_applied_before_rounding() -> None:
    sku, product = single(price=D("100"))
    priced = price_sku(sku, product, AT_7_8, PricingConfig(markup=D("0.25")))
    assert priced is not None and priced.price_cny == D("975.00")


@pytest.mark.parametrize(
    ("rounding", "expected"),
    [("cent", "1231.40"), ("yuan", "1232.00"), ("ending-8", "1238.00"), ("ending-9", "1239.00")],
)
def test_rounding_of_1231_40(rounding: str, expected: str) -> None:
    assert str(round_price(D("1231.40"), rounding)) == expected
    sku, product = single(price=D("123.14"))
    priced = price_sku(
        sku, product, Rate(D("10"), None, "option"), PricingConfig(rounding=rounding)
    )  # type: ignore[arg-type]
    assert priced is not None and str(priced.price_cny) == expected


@pytest.mark.parametrize(
    ("value", "rounding", "expected"),
    [
        ("1239.00", "ending-9", "1239.00"),  # already ends in 9: stays
        ("1238.00", "ending-8", "1238.00"),
        ("1239.00", "ending-8", "1248.00"),
        ("1238.01", "ending-8", "1248.00"),
        ("1232.00", "yuan", "1232.00"),
        ("1231.004", "yuan", "1231.00"),  # the fen first: no yuan for a rounding crumb
        ("1231.005", "cent", "1231.01"),  # half-up
        ("5.20", "ending-8", "8.00"),
    ],
)
def test_rounding_edges(value: str, rounding: str, expected: str) -> None:
    assert str(round_price(D(value), rounding)) == expected


def test_an_unknown_rounding_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="Unknown rounding 'ending-7'"):
        round_price(D("1"), "ending-7")


@pytest.mark.parametrize(
    ("price", "over"),
    [("4999.99", False), ("5000.00", False), ("5000.01", True)],
)
def test_the_single_transaction_limit(price: str, over: bool) -> None:
    sku, product = single(price=D(price))
    priced = price_sku(sku, product, AT_1, PricingConfig())
    assert priced is not None and priced.over_cbec_limit is over


def test_the_limit_is_on_the_price_without_tax() -> None:
    # 4,999.99 + 9.1 % tax is 5,454.99: still within, the limit is on the dutiable price
    sku, product = single(price=D("4999.99"))
    priced = price_sku(sku, product, AT_1, PricingConfig())
    assert priced is not None and priced.price_with_tax_cny == D("5454.99")
    assert not priced.over_cbec_limit


def test_over_the_limit_the_class_and_tax_are_still_reported() -> None:
    sku, product = perfume("700")
    priced = price_sku(sku, product, AT_7_8, PricingConfig())
    assert priced is not None
    # 700 x 7.8 = 5460.00 > 5000; 5460 x 0.2305882... = 1259.0117... -> 1259.01
    assert priced.over_cbec_limit
    assert (priced.tax_class, priced.tax_rate, priced.tax_cny) == (
        "cosmetics-high-end",
        D("0.2306"),
        D("1259.01"),
    )


def test_the_limit_is_configurable() -> None:
    sku, product = single(price=D("2500"))
    priced = price_sku(sku, product, AT_1, PricingConfig(cbec_transaction_limit=D("2000")))
    assert priced is not None and priced.over_cbec_limit


def test_a_tax_excluded_price_is_used_as_is_by_default() -> None:
    sku, product = single(price_excl_vat=D("74.17"))
    priced = price_sku(sku, product, AT_7_8, PricingConfig())
    assert priced is not None and priced.price_eur == D("74.17") and priced.price_cny == D("578.53")


def test_french_vat_is_added_back_when_the_config_says_so() -> None:
    sku, product = single(price_excl_vat=D("74.17"))
    priced = price_sku(sku, product, AT_7_8, PricingConfig(add_vat_to_excl=True))
    # 74.17 x 1.20 = 89.004 -> 89.00 EUR -> 694.20 CNY
    assert priced is not None and priced.price_eur == D("89.00") and priced.price_cny == D("694.20")


def test_the_tax_included_price_wins_over_the_excluded_one() -> None:
    sku, product = single(price=D("89"), price_excl_vat=D("74.17"))
    priced = price_sku(sku, product, AT_7_8, PricingConfig(add_vat_to_excl=True))
    assert priced is not None and priced.price_eur == D("89.00")


@pytest.mark.parametrize(
    "fields", [{}, {"price": D("0")}, {"price": D("-3")}, {"price_excl_vat": D("0")}]
)
def test_rows_without_a_usable_price_are_not_priced(fields: dict[str, object]) -> None:
    sku, product = single(**fields)
    assert price_sku(sku, product, AT_7_8, PricingConfig()) is None


def test_a_markup_of_minus_100_percent_or_less_is_a_config_error() -> None:
    sku, product = single(price=D("10"))
    with pytest.raises(ConfigError, match="markup"):
        price_sku(sku, product, AT_7_8, PricingConfig(markup=D("-1")))


def test_an_ignored_tax_class_comes_back_as_a_note() -> None:
    sku, product = single(price=D("10"), tax_class="luxury")
    priced, note = price_sku_with_note(sku, product, AT_7_8, PricingConfig())
    assert priced is not None and priced.tax_class == "general"
    assert note is not None and "'luxury'" in note


money = st.decimals(min_value=D("0.01"), max_value=D("20000"), places=2)
rates = st.decimals(min_value=D("6"), max_value=D("9"), places=4)


@given(price=money, rate=rates, rounding=st.sampled_from(["cent", "yuan", "ending-8", "ending-9"]))
def test_prices_and_taxes_add_up_in_decimal(price: Decimal, rate: Decimal, rounding: str) -> None:
    sku, product = single(price=price, hs_code="22042111")
    priced = price_sku(sku, product, Rate(rate, None, "option"), PricingConfig(rounding=rounding))  # type: ignore[arg-type]
    assert priced is not None
    cents = (price * rate).quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert cents <= priced.price_cny < cents + 10
    if rounding.startswith("ending-"):
        assert int(priced.price_cny) % 10 == int(rounding[-1]) and priced.price_cny % 1 == 0
    exact = cbec_rate("wine", PricingConfig())
    assert priced.tax_cny == (priced.price_cny * exact).quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert priced.price_with_tax_cny == priced.price_cny + priced.tax_cny
    assert priced.price_cny.as_tuple().exponent == -2 and priced.tax_cny.as_tuple().exponent == -2
