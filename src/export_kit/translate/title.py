"""Chinese listing titles composed from parts (DESIGN §7.1).

A title is the brand's Chinese name, the brand as written, the Chinese product words and
the net content, e.g. ``兰蔻 Lancôme 精华肌底液 50ml``, joined by spaces. The net content
is the one every variant shares: a range sold in 30, 50 and 100 ml gets a title without
one (each SKU's sale properties carry its own, ``容量:50ml``). A template
lists the parts in order and the order in which optional parts are dropped when the
title is too long: the original brand first, then the net content, then the Chinese
brand. The product words are never dropped and nothing is ever cut inside a part or
padded: a title whose product words alone are too long comes back as is, for the
``title-too-long`` rule to report.

Length is counted in GBK bytes (Tmall: 60; a Chinese character is 2 bytes, ASCII 1, a
character GBK cannot encode counts 2) or in characters.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from export_kit.platforms import text_length
from export_kit.translate.normalise import normalise

if TYPE_CHECKING:
    from export_kit.model import Product
    from export_kit.translate.texts import ChineseTexts

__all__ = [
    "DEFAULT_TITLE",
    "TITLE_PARTS",
    "TITLE_TEMPLATES",
    "TitleTemplate",
    "compose_title",
    "shared_net_content",
    "title_length",
    "variant_net_contents",
]

TITLE_PARTS = ("brand_zh", "brand", "product", "net_content")


@dataclass(frozen=True)
class TitleTemplate:
    """Parts of a title in order, and the order in which optional parts are dropped."""

    parts: tuple[str, ...] = ("brand_zh", "brand", "product", "net_content")
    drop_order: tuple[str, ...] = ("brand", "net_content", "brand_zh")
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        return self._hash

    def __post_init__(self) -> None:
        # titles are cached per template: hash it once, not on every product
        object.__setattr__(self, "_hash", hash((self.parts, self.drop_order)))
        unknown = [p for p in (*self.parts, *self.drop_order) if p not in TITLE_PARTS]
        if unknown or "product" in self.drop_order or "product" not in self.parts:
            raise ValueError(
                f"title template parts must be among {', '.join(TITLE_PARTS)}, hold "
                "'product' and never drop it"
            )


DEFAULT_TITLE = TitleTemplate()
#: Per-platform templates (JD's short-title rule is 品牌名+产品词+规格, the same shape).
TITLE_TEMPLATES: dict[str, TitleTemplate] = {
    "tmall-global": DEFAULT_TITLE,
    "jd-worldwide": DEFAULT_TITLE,
    "douyin-global": DEFAULT_TITLE,
}


def title_length(text: str, unit: Literal["gbk-bytes", "chars"]) -> int:
    """Length of a title in GBK bytes (unencodable characters count 2) or characters."""
    return text_length(text, unit)


def _compact(text: str) -> str:
    return "".join(text.split()).casefold()


_compact_cached = functools.lru_cache(maxsize=4096)(_compact)


@functools.lru_cache(maxsize=4096)
def _part(text: str) -> tuple[str, str]:
    """A title part's text (normalised) and its compact form, to find it in the words."""
    normal = normalise(text)
    return normal, _compact(normal)


def variant_net_contents(product: Product) -> set[str]:
    """The distinct net contents (``50ml``) of the product's variants that have one."""
    return {str(sku.net_content) for sku in product.variants if sku.net_content is not None}


def shared_net_content(product: Product, contents: set[str] | None = None) -> str | None:
    """The net content (``50ml``) of the whole product, None when its variants differ by it.

    Variants that differ by content (perfume in 30, 50 and 100 ml, wine in 37.5 and 75 cl)
    share none. A content written on some rows only (shop exports write product-level
    values on the first row) or on the parent row is the product's. ``contents``: the
    product's :func:`variant_net_contents`, when the caller has them already.
    """
    if contents is None:
        contents = variant_net_contents(product)
    if len(contents) > 1:
        return None
    if contents:
        return next(iter(contents))
    for sku in product.skus:  # a parent row's value, for every variant
        if sku.net_content is not None:
            return str(sku.net_content)
    return None


def compose_title(
    product: Product,
    texts: ChineseTexts,
    *,
    max_len: int,
    unit: Literal["gbk-bytes", "chars"],
    template: TitleTemplate | None = None,
) -> str | None:
    """The Chinese title of a product within ``max_len``; None when its name has no Chinese.

    A part already present in the product words (the brand kept by the translation, the
    ``50ml`` of the name) is not repeated; the net content is left out when the variants
    do not share one (:func:`shared_net_content`).
    """
    words = texts.field(product.first_sku_with("name"), "name")
    if not words or not words.strip():
        return None
    brand = product.brand
    return _compose(
        words,
        brand if brand else texts.default_brand,
        texts.brand(brand),
        shared_net_content(product),
        max_len,
        unit,
        template or DEFAULT_TITLE,
    )


# variants and repeated names share a title; a few thousand recent ones are plenty
@functools.lru_cache(maxsize=4096)
def _compose(
    words_raw: str,
    brand: str | None,
    brand_zh: str | None,
    net_content: str | None,
    max_len: int,
    unit: Literal["gbk-bytes", "chars"],
    template: TitleTemplate,
) -> str:
    words = normalise(words_raw)
    in_words = _compact(words)
    # brands and contents repeat from title to title: their forms are remembered
    brand_text, brand_key = _part(brand) if brand else (None, "")
    zh_text, zh_key = _part(brand_zh) if brand_zh else (None, "")
    content_key = _compact_cached(net_content) if net_content else ""
    values: dict[str, str | None] = {
        "brand_zh": None if zh_text and zh_key in in_words else zh_text,
        "brand": None if brand_text and brand_key in in_words else brand_text,
        "product": words,
        "net_content": None if net_content and content_key in in_words else net_content,
    }
    if values["brand"] and values["brand_zh"] and brand_key == zh_key:
        values["brand"] = None
    present = [part for part in template.parts if values.get(part)]

    def joined() -> str:
        return " ".join(str(values[part]) for part in present)

    title = joined()
    for part in template.drop_order:
        if title_length(title, unit) <= max_len:
            break
        if part in present:
            present.remove(part)
            title = joined()
    return title
