"""Hand-made listing dicts (the shape of docs/architecture.md) for template tests."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from export_kit.render import make_environment

_LISTING: dict[str, Any] = {
    "outer_id": "SER-001",
    "title": "兰蔻 Lancôme 精华肌底液 50ml",
    "title_fr": "Sérum Génifique",
    "sell_point": "修护肌肤屏障",
    "brand": "Lancôme",
    "brand_zh": "兰蔻",
    "category": "Soin > Sérum",
    "category_zh": "护肤 > 精华",
    "category_id": "50010788",
    "description_html": "<p>修护肌肤屏障。<b>每日使用</b></p>",
    "description_text": "修护肌肤屏障。 每日使用",
    "images": ["https://cdn.example.com/ser-001.jpg", "https://cdn.example.com/ser-001b.jpg"],
    "origin": "法国",
    "origin_country": "FR",
    "hs_code": "33049900",
    "net_content": "50ml",
    "shelf_life_months": 36,
    "weight_kg": "0.2",
    "tax_class": "cosmetics-high-end",
    "tax_rate": "0.2306",
    "price": "694.20",
    "price_with_tax": "854.29",
    "price_fen": 69420,
    "quantity": 12,
    "barcode": "3600523614563",
    "skus": [
        {
            "sku": "SER-001",
            "ean": "3600523614563",
            "price": "694.20",
            "price_fen": 69420,
            "price_with_tax": "854.29",
            "tax": "160.09",
            "stock": 12,
            "size": None,
            "size_cn": None,
            "colour": None,
            "colour_zh": None,
            "net_content": "50ml",
            "properties": "",
        }
    ],
}


def make_listing(**changes: Any) -> dict[str, Any]:
    """A complete listing dict, with ``changes`` applied."""
    listing = copy.deepcopy(_LISTING)
    listing.update(changes)
    return listing


@pytest.fixture
def environment() -> Any:
    """The built-in template environment."""
    return make_environment()


@pytest.fixture(name="make_listing")
def make_listing_fixture() -> Any:
    """The :func:`make_listing` factory."""
    return make_listing
