"""Stage ``price``: EUR→CNY rates, CNY prices and the CBEC cross-border tax."""

from __future__ import annotations

from export_kit.pricing.prices import (
    ROUNDINGS,
    ProductPrices,
    SkuPrice,
    base_price_eur,
    price_sku,
    price_sku_with_note,
    round_price,
)
from export_kit.pricing.rates import (
    ECB_URL,
    ECB_URL_ENV,
    Rate,
    fetch_ecb,
    parse_eurofxref,
    resolve_rate,
)
from export_kit.pricing.tax import TAX_CLASSES, TaxClassification, cbec_rate, classify, display_rate

__all__ = [
    "ECB_URL",
    "ECB_URL_ENV",
    "ROUNDINGS",
    "TAX_CLASSES",
    "ProductPrices",
    "Rate",
    "SkuPrice",
    "TaxClassification",
    "base_price_eur",
    "cbec_rate",
    "classify",
    "display_rate",
    "fetch_ecb",
    "parse_eurofxref",
    "price_sku",
    "price_sku_with_note",
    "resolve_rate",
    "round_price",
]
