"""The listing of a product: sale properties of variants that differ by net content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from export_kit.config import BrandConfig, Config
from export_kit.model import NetContent, Product, Sku
from export_kit.platforms import get_platform
from export_kit.pricing import ProductPrices, Rate
from export_kit.render import build_listing
from export_kit.render.listing import properties
from export_kit.translate import ChineseTexts
from export_kit.translate.memory import TranslationMemory

CONFIG = Config(brand=BrandConfig(name="Maison Azur", chinese_name="蔚蓝之家"))
RATE = Rate(eur_cny=Decimal("7.8"), date=dt.date(2026, 11, 2), source="config")


@pytest.fixture
def texts(tmp_path: Path) -> Iterator[ChineseTexts]:
    with TranslationMemory.open(tmp_path) as memory:
        memory.add_human("Eau de parfum Azur", "蔚蓝淡香精")
        memory.add_human("Rouge à lèvres", "口红")
    opened = ChineseTexts.open(tmp_path, CONFIG)
    yield opened
    opened.close()


def _ml(quantity: str) -> NetContent:
    return NetContent(quantity=Decimal(quantity), unit="ml")


def _product(name: str, *variants: tuple[NetContent | None, str | None]) -> Product:
    return Product(
        outer_id="P1",
        skus=[
            Sku(
                row=2 + n,
                sku=f"P1-{n}",
                parent_sku="P1",
                name=name,
                brand="Maison Azur",
                price=Decimal("40") + 10 * n,
                net_content=content,
                colour=colour,
            )
            for n, (content, colour) in enumerate(variants)
        ],
    )


def _skus(product: Product, texts: ChineseTexts) -> list[tuple[str, str, str | None]]:
    priced = ProductPrices(RATE, CONFIG.pricing)(product)
    listing = build_listing(
        product,
        title="标题",
        texts=texts,
        prices={sku.sku or "": price for sku, price in priced if price is not None},
        platform=get_platform("tmall-global", CONFIG),
    )
    return [(s["sku"], s["properties"], s["net_content"]) for s in listing["skus"]]


def test_variants_that_differ_by_content_name_it_in_their_properties(
    texts: ChineseTexts,
) -> None:
    perfume = _product(
        "Eau de parfum Azur", (_ml("30"), None), (_ml("50"), None), (_ml("100"), None)
    )
    assert _skus(perfume, texts) == [
        ("P1-0", "容量:30ml", "30ml"),
        ("P1-1", "容量:50ml", "50ml"),
        ("P1-2", "容量:100ml", "100ml"),
    ]


def test_content_comes_after_colour_when_both_differ(texts: ChineseTexts) -> None:
    lipstick = _product("Rouge à lèvres", (_ml("3"), "Rouge"), (_ml("5"), "Noir"))
    assert [p for _, p, _ in _skus(lipstick, texts)] == ["颜色:红色;容量:3ml", "颜色:黑色;容量:5ml"]


def test_a_shared_content_is_left_out_of_the_properties(texts: ChineseTexts) -> None:
    colours = _product("Rouge à lèvres", (_ml("3"), "Rouge"), (_ml("3"), "Noir"))
    assert [p for _, p, _ in _skus(colours, texts)] == ["颜色:红色", "颜色:黑色"]
    # a content written on the first row only is the product's, not a difference
    first_row = _product("Rouge à lèvres", (_ml("3"), "Rouge"), (None, "Noir"))
    assert [p for _, p, _ in _skus(first_row, texts)] == ["颜色:红色", "颜色:黑色"]


def test_listing_net_content_is_the_shared_one_only(texts: ChineseTexts) -> None:
    platform = get_platform("tmall-global", CONFIG)
    for product, expected in (
        (_product("Eau de parfum Azur", (_ml("30"), None), (_ml("50"), None)), None),
        (_product("Rouge à lèvres", (_ml("3"), "Rouge"), (None, "Noir")), "3ml"),
    ):
        listing = build_listing(product, title="标题", texts=texts, prices={}, platform=platform)
        assert listing["net_content"] == expected


def test_properties_order() -> None:
    assert properties("红色", "M", "50ml") == "颜色:红色;尺码:M;容量:50ml"
    assert properties(None, None, "50ml") == "容量:50ml"
    assert properties("红色", None) == "颜色:红色"


def test_listing_gaps_name_what_a_platform_would_reject() -> None:
    from export_kit.render.listing import listing_gaps

    sku = {"sku": "A-1", "price": "120.00"}
    whole = {"title": "面霜", "price": "120.00", "skus": [sku]}
    assert listing_gaps(whole, 1) == []
    assert listing_gaps({**whole, "title": " "}, 1) == ["a title"]
    assert listing_gaps({**whole, "price": "0.00"}, 1) == ["a positive price"]
    assert listing_gaps({**whole, "price": None, "skus": []}, 1) == [
        "a positive price",
        "a seller SKU with a positive price on every variant",
    ]
    # a variant left out of skus (no price) or without a SKU
    assert listing_gaps(whole, 2) == ["a seller SKU with a positive price on every variant"]
    assert listing_gaps({**whole, "skus": [{"sku": "", "price": "1.00"}]}, 1) == [
        "a seller SKU with a positive price on every variant"
    ]
