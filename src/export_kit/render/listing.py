"""A product, its Chinese texts and its prices, as the *listing* dict every template renders.

The keys are those of docs/architecture.md ("The listing dict"), plus ``sell_point`` (the
Tmall selling point) and ``description_text`` (the description without tags, for the
preview). Text is cleaned of characters XML 1.0 forbids here, once, so every output (feed
and preview) carries exactly the same strings.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from export_kit.model import Product, Sku
from export_kit.platforms import Platform
from export_kit.platforms.sizes import chinese_size
from export_kit.pricing.prices import SkuPrice
from export_kit.render.filters import clean_text
from export_kit.translate.title import shared_net_content

__all__ = [
    "COUNTRY_NAMES_ZH",
    "SELL_POINT_MAX",
    "TextSource",
    "build_listing",
    "listing_gaps",
    "properties",
]

#: Country of origin in Chinese, as the platforms display it (ISO 3166 alpha-2 → name).
COUNTRY_NAMES_ZH: dict[str, str] = {
    "FR": "法国",
    "IT": "意大利",
    "ES": "西班牙",
    "DE": "德国",
    "BE": "比利时",
    "CH": "瑞士",
    "PT": "葡萄牙",
    "NL": "荷兰",
    "GB": "英国",
    "IE": "爱尔兰",
    "AT": "奥地利",
    "MC": "摩纳哥",
    "LU": "卢森堡",
    "GR": "希腊",
    "PL": "波兰",
    "SE": "瑞典",
    "DK": "丹麦",
    "US": "美国",
    "JP": "日本",
    "KR": "韩国",
    "CN": "中国",
    "MA": "摩洛哥",
    "TN": "突尼斯",
    "VN": "越南",
    "IN": "印度",
    "TR": "土耳其",
}

#: longest selling point kept (characters); a longer first sentence is left out
SELL_POINT_MAX = 60

# inline tags join their text to the words around (轻盈<b>清爽</b>的 → 轻盈清爽的);
# any other tag (paragraph, list item, line break) separates
_INLINE_TAGS = re.compile(
    r"<\s*/?\s*(?:a|abbr|b|bdi|cite|code|em|font|i|mark|q|s|small|span|strong|sub|sup|u)\b[^>]*>",
    re.IGNORECASE,
)
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
_CENT = Decimal("0.01")
_RATE = Decimal("0.0001")


class TextSource(Protocol):
    """What the listing needs from :class:`export_kit.translate.ChineseTexts`."""

    def field(self, sku: Sku, field: str) -> str | None:
        """Chinese text of ``field`` of a row (name, description, category, colour, size)."""
        ...

    def brand(self, brand: str | None) -> str | None:
        """Chinese name of a brand."""
        ...


def build_listing(
    product: Product,
    *,
    title: str | None,
    texts: TextSource,
    prices: Mapping[str, SkuPrice],
    platform: Platform,
    brand_zh: str | None = None,
    default_brand: str | None = None,
    category_id: Callable[[str | None], str | None] | None = None,
) -> dict[str, Any]:
    """The listing dict of one product (docs/architecture.md).

    A SKU's ``properties`` name its colour and size, and its net content (``容量:50ml``)
    when the product's variants differ by net content (a perfume in 30, 50 and 100 ml);
    the product's ``net_content`` is then None, as no content is the whole product's.

    Args:
        title: the composed Chinese title (within the platform limit).
        prices: SKU → its price; a SKU without a price is left out of ``skus``.
        platform: gives the image limit (extra images are left out) and the category map.
        brand_zh: the brand's Chinese name when the text source has none (config ``[brand]``).
        default_brand: the brand when the catalogue has none (config ``[brand] name``).
        category_id: French category → platform category id (default: the platform's
            map; the pipeline passes a memoised one).
    """
    first, values = _firsts(product)
    product_brand: str | None = values.get("brand")
    brand = product_brand or default_brand
    category: str | None = values.get("category")
    description_zh = _zh(texts, first.get("description", product.skus[0]), "description")
    variants = product.variants
    contents = [str(s.net_content) if s.net_content is not None else None for s in variants]
    distinct = {c for c in contents if c is not None}
    by_content = len(distinct) > 1
    skus = []
    cheapest: dict[str, Any] | None = None
    cheapest_price: SkuPrice | None = None
    for sku, content in zip(variants, contents, strict=True):
        price = prices.get(sku.sku or "")
        if price is None:
            continue
        entry = _sku_entry(sku, price, texts, category, content, by_content=by_content)
        skus.append(entry)
        # the first of the cheapest (in fen: as printed)
        if cheapest is None or entry["price_fen"] < cheapest["price_fen"]:
            cheapest, cheapest_price = entry, price
    images = [clean_text(url) for url in product.images]
    if platform.max_images is not None:
        images = images[: platform.max_images]
    shelf_life = values.get("shelf_life_months")
    origin_country = str(values.get("origin_country") or "FR")
    description_text = _text_of(description_zh) if description_zh else None
    category_sku = first.get("category")
    return {
        "outer_id": clean_text(product.outer_id),
        "title": clean_text(title or ""),
        "title_fr": _clean(values.get("name")),
        "sell_point": _sell_point(description_text),
        "brand": _clean(brand),
        "brand_zh": _clean(
            texts.brand(product_brand) or _config_brand_zh(product_brand, default_brand, brand_zh)
        ),
        "category": _clean(category),
        "category_zh": _zh(texts, category_sku or product.skus[0], "category"),
        "category_id": _clean((category_id or platform.category_id)(category)),
        "description_html": description_zh or "",
        "description_text": description_text or "",
        "images": images,
        "origin": COUNTRY_NAMES_ZH.get(origin_country.upper(), origin_country),
        "origin_country": origin_country,
        "hs_code": _clean(_str(values.get("hs_code"))),
        "net_content": shared_net_content(product, distinct),
        "shelf_life_months": shelf_life if isinstance(shelf_life, int) else None,
        "weight_kg": _decimal_text(values.get("weight_kg")),
        "tax_class": cheapest_price.tax_class if cheapest_price else None,
        "tax_rate": _rate_text(cheapest_price.tax_rate) if cheapest_price else None,
        "price": cheapest["price"] if cheapest else None,
        "price_with_tax": cheapest["price_with_tax"] if cheapest else None,
        "price_fen": cheapest["price_fen"] if cheapest else None,
        "quantity": sum(s["stock"] for s in skus),
        "barcode": skus[0]["ean"] if skus else None,
        "skus": skus,
    }


def listing_gaps(listing: Mapping[str, Any], variants: int) -> list[str]:
    """What a listing lacks that every platform requires, in words (empty when complete).

    A listing goes into a feed only with a title, a positive price and, on each of its
    ``variants`` sellable rows, a seller SKU with a positive price: a platform rejects
    anything less, so the feed never holds it, whatever the template prints.
    """
    gaps: list[str] = []
    if not str(listing.get("title") or "").strip():
        gaps.append("a title")
    if not _positive(listing.get("price")):
        gaps.append("a positive price")
    skus = listing.get("skus") or []
    complete = [s for s in skus if str(s.get("sku") or "").strip() and _positive(s.get("price"))]
    if not skus or len(complete) < max(variants, len(skus)):
        gaps.append("a seller SKU with a positive price on every variant")
    return gaps


def _positive(value: object) -> bool:
    try:
        return value is not None and Decimal(str(value)) > 0
    except ArithmeticError:
        return False


def properties(colour: str | None, size: str | None, net_content: str | None = None) -> str:
    """The sale properties of a SKU as the platforms take them: ``颜色:红色;尺码:M``.

    ``net_content`` (``50ml``) is given for variants that differ by it: ``容量:50ml``.
    """
    parts = []
    if colour:
        parts.append(f"颜色:{colour}")
    if size:
        parts.append(f"尺码:{size}")
    if net_content:
        parts.append(f"容量:{net_content}")
    return ";".join(parts)


#: product-level fields a listing reads: the first row holding each (shop exports write
#: them on the first row only)
_PRODUCT_FIELDS = (
    "name",
    "brand",
    "description",
    "category",
    "weight_kg",
    "shelf_life_months",
    "origin_country",
    "hs_code",
)


def _firsts(product: Product) -> tuple[dict[str, Sku], dict[str, Any]]:
    """Field → the first row with a non-empty value (as :meth:`Product.first`), and
    field → that value; one pass."""
    found: dict[str, Sku] = {}
    values: dict[str, Any] = {}
    skus = product.skus
    if len(skus) == 1:  # most products: no row to skip to
        sku = skus[0]
        for name in _PRODUCT_FIELDS:
            value = getattr(sku, name)
            if value is None or (value.__class__ is str and value == ""):
                continue
            found[name] = sku
            values[name] = value
        return found, values
    wanted = len(_PRODUCT_FIELDS)
    for sku in skus:
        for name in _PRODUCT_FIELDS:
            if name in found:
                continue
            value = getattr(sku, name)
            if value is None or (value.__class__ is str and value == ""):
                continue
            found[name] = sku
            values[name] = value
        if len(found) == wanted:
            break
    return found, values


def _sku_entry(
    sku: Sku,
    price: SkuPrice,
    texts: TextSource,
    category: str | None,
    net_content: str | None,
    *,
    by_content: bool,
) -> dict[str, Any]:
    colour = _clean(sku.colour)
    colour_zh = _zh(texts, sku, "colour") if colour else None
    size = _clean(sku.size)
    size_zh = (_zh(texts, sku, "size") or size) if size else None
    size_cn = _clean(_chinese_size(size, category)) if size else None
    size_label = size_zh
    if size_label and size_cn and size_cn not in (size, size_zh):
        size_label = f"{size_label} ({size_cn})"
    price_cny = price.price_cny.quantize(_CENT, rounding=ROUND_HALF_UP)
    return {
        "sku": clean_text(sku.sku or ""),
        "ean": sku.ean,
        "price": str(price_cny),
        "price_fen": int(price_cny * 100),
        "price_with_tax": str(price.price_with_tax_cny.quantize(_CENT, rounding=ROUND_HALF_UP)),
        "tax": str(price.tax_cny.quantize(_CENT, rounding=ROUND_HALF_UP)),
        "stock": sku.stock if sku.stock is not None and sku.stock > 0 else 0,
        "size": size,
        "size_cn": size_cn,
        "colour": colour,
        "colour_zh": colour_zh,
        "net_content": net_content,
        "properties": properties(
            colour_zh or colour, size_label, net_content if by_content else None
        ),
    }


@functools.lru_cache(maxsize=4096)
def _chinese_size(size: str, category: str | None) -> str | None:
    return chinese_size(size, category=category)


def _config_brand_zh(
    product_brand: str | None, default_brand: str | None, brand_zh: str | None
) -> str | None:
    """The config's Chinese brand name, for the config's brand only."""
    if not brand_zh:
        return None
    if not product_brand or (default_brand and _fold(product_brand) == _fold(default_brand)):
        return brand_zh
    return None


def _zh(texts: TextSource, sku: Sku, field: str) -> str | None:
    value = texts.field(sku, field)
    return clean_text(value) if value else None


def _clean(value: str | None) -> str | None:
    return clean_text(value) if value else None


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _decimal_text(value: object) -> str | None:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return None if value is None else str(value)


def _rate_text(rate: Decimal) -> str:
    return str(rate.quantize(_RATE, rounding=ROUND_HALF_UP))


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _text_of(description_html: str) -> str:
    """The description as plain text: tags removed, entities decoded, spaces folded."""
    text = html.unescape(_TAGS.sub(" ", _INLINE_TAGS.sub("", description_html)))
    return clean_text(_SPACES.sub(" ", text)).strip()


def _sell_point(description_text: str | None) -> str | None:
    """The first sentence of the Chinese description, when it is short enough."""
    if not description_text:
        return None
    first = _SENTENCE_END.split(description_text, maxsplit=1)[0].strip()
    if not first or len(first) > SELL_POINT_MAX:
        return None
    return first
