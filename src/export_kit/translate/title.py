"""Chinese listing titles composed from parts (DESIGN §7.1).

A title is the brand's Chinese name, the brand as written, the Chinese product words and
the net content, e.g. ``兰蔻 Lancôme 精华肌底液 50ml``, joined by spaces. A template
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

from export_kit.translate.normalise import normalise

if TYPE_CHECKING:
    from export_kit.model import NetContent, Product
    from export_kit.translate.texts import ChineseTexts

__all__ = [
    "DEFAULT_TITLE",
    "TITLE_PARTS",
    "TITLE_TEMPLATES",
    "TitleTemplate",
    "compose_title",
    "title_length",
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
    if unit == "chars":
        return len(text)
    try:
        return len(text.encode("gbk"))
    except UnicodeEncodeError:
        total = 0
        for char in text:
            try:
                total += len(char.encode("gbk"))
            except UnicodeEncodeError:
                total += 2
        return total


def _compact(text: str) -> str:
    return "".join(text.split()).casefold()


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
    ``50ml`` of the name) is not repeated.
    """
    words = texts.field(product.first_sku_with("name"), "name")
    if not words or not words.strip():
        return None
    brand = product.brand
    # not product.first(): comparing a NetContent with "" and [] is slow on 100,000 rows
    net = None
    for sku in product.skus:
        if sku.net_content is not None:
            net = sku.net_content
            break
    return _compose(
        words,
        brand if brand else texts.default_brand,
        texts.brand(brand),
        net,
        max_len,
        unit,
        template or DEFAULT_TITLE,
    )


@functools.lru_cache(maxsize=65536)
def _compose(
    words_raw: str,
    brand: str | None,
    brand_zh: str | None,
    net_content: NetContent | None,
    max_len: int,
    unit: Literal["gbk-bytes", "chars"],
    template: TitleTemplate,
) -> str:
    words = normalise(words_raw)
    values: dict[str, str | None] = {
        "brand_zh": normalise(brand_zh) if brand_zh else None,
        "brand": normalise(brand) if brand else None,
        "product": words,
        "net_content": str(net_content) if net_content is not None else None,
    }
    in_words = _compact(words)
    for part in ("brand", "brand_zh", "net_content"):
        value = values[part]
        if value and _compact(value) in in_words:
            values[part] = None
    if (
        values["brand"]
        and values["brand_zh"]
        and _compact(values["brand"]) == _compact(values["brand_zh"])
    ):
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
