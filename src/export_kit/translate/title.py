"""Chinese listing titles composed from parts, by each platform's template.

A template such as ``{brand_zh} {brand} {name_zh} {net_content}`` gives the parts in
order: the brand's Chinese name, the brand as written, the Chinese of the product name
(the product words) and the net content every variant shares (a range sold in 30, 50
and 100 ml gets none: each SKU's sale properties carry its own, ``容量:50ml``), e.g.
``兰蔻 Lancôme 精华肌底液 50ml``. A part already in the product words is not repeated.

A title over the platform's limit is shortened, always the same way: the template's
optional parts are dropped in its drop order (by default the brand as written, then the
net content, then the Chinese brand); then product words a machine translated are cut
at a Chinese word boundary (:mod:`export_kit.translate.wordcut`), never inside a brand
name. Chinese a person wrote (a Chinese column of the catalogue, a reviewed or imported
translation, the glossary) is never cut: such a title stays too long, for the
``title-too-long`` rule to report.

Where the platform counts in GBK bytes (Tmall, JD: 60; a Chinese character is 2 bytes,
ASCII 1), a character GBK cannot encode is replaced by :data:`GBK_REPLACEMENTS` (or its
letter without the accent, or nothing), so that every title of the feed encodes in GBK;
:class:`Title` keeps the original and where each character was.
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from export_kit.platforms import (
    DEFAULT_TITLE_DROP,
    DEFAULT_TITLE_TEMPLATE,
    TITLE_PARTS,
    parse_title_template,
    text_length,
)
from export_kit.translate.normalise import normalise

if TYPE_CHECKING:
    from export_kit.model import Product
    from export_kit.platforms import Platform
    from export_kit.translate.texts import ChineseTexts

__all__ = [
    "DEFAULT_TITLE",
    "GBK_REPLACEMENTS",
    "PART_LABELS",
    "TITLE_PARTS",
    "TITLE_TEMPLATES",
    "Replacement",
    "Title",
    "TitleTemplate",
    "build_title",
    "compose_title",
    "gbk_replacement",
    "shared_net_content",
    "shorten_title",
    "template_of",
    "title_length",
    "variant_net_contents",
]

Unit = Literal["gbk-bytes", "chars"]

#: what a listing holds instead of a character GBK cannot encode (a letter not listed
#: here loses its accent: ô → o, ç → c, É → E; any other character is left out)
GBK_REPLACEMENTS: dict[str, str] = {
    "®": "",
    "™": "",
    "©": "",
    "℠": "",
    "€": "欧元",
    "£": "英镑",
    "¥": "￥",
    "œ": "oe",
    "Œ": "OE",
    "æ": "ae",
    "Æ": "AE",
    "ß": "ss",
    "«": "“",
    "»": "”",
    "‹": "‘",
    "›": "’",
    "•": "·",
    "½": "1/2",
    "¼": "1/4",
    "¾": "3/4",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
}

#: how a finding names each part
PART_LABELS = {
    "brand_zh": "the Chinese brand name",
    "brand": "the brand as written",
    "name_zh": "the product words",
    "net_content": "the net content",
}


@dataclass(frozen=True)
class TitleTemplate:
    """A title template (``{brand_zh} {brand} {name_zh} {net_content}``) and the order
    in which its optional parts are dropped when the title is too long."""

    text: str = DEFAULT_TITLE_TEMPLATE
    #: None: the default order, of the parts the template holds
    drop_order: tuple[str, ...] | None = None
    items: tuple[tuple[tuple[str, str | None], ...], ...] = field(
        default=(), init=False, compare=False, repr=False
    )
    parts: tuple[str, ...] = field(default=(), init=False, compare=False, repr=False)
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        return self._hash

    def __post_init__(self) -> None:
        # the parts of the template, in order (raises ValueError on an unknown part)
        object.__setattr__(self, "parts", _parts(self.text))
        drop = self.drop_order
        if drop is None:
            drop = tuple(part for part in DEFAULT_TITLE_DROP if part in self.parts)
        # raises ValueError on a drop order naming name_zh or a part not in the template
        object.__setattr__(self, "items", parse_title_template(self.text, drop))
        object.__setattr__(self, "drop_order", tuple(drop))
        # titles are cached per template: hash it once, not on every product
        object.__setattr__(self, "_hash", hash((self.text, self.drop_order)))

    @property
    def drops(self) -> tuple[str, ...]:
        """The parts dropped while the title is too long, in order."""
        return self.drop_order or ()


def _parts(text: str) -> tuple[str, ...]:
    items = parse_title_template(text, ())
    return tuple(part for item in items for _, part in item if part is not None)


DEFAULT_TITLE = TitleTemplate()
#: the built-in platforms' templates (``[platforms.NAME] title`` and ``title_drop``
#: change them; :func:`template_of` reads a platform's)
TITLE_TEMPLATES: dict[str, TitleTemplate] = {
    "tmall-global": DEFAULT_TITLE,
    "jd-worldwide": DEFAULT_TITLE,
    "douyin-global": DEFAULT_TITLE,
}


@functools.lru_cache(maxsize=64)
def _template(text: str, drop: tuple[str, ...] | None) -> TitleTemplate:
    return TitleTemplate(text, drop)


def template_of(platform: Platform) -> TitleTemplate:
    """The title template of a platform, with the config's ``title``/``title_drop``."""
    return _template(platform.title_template, tuple(platform.title_drop))


@dataclass(frozen=True)
class Replacement:
    """A character of a title that GBK cannot encode, where it was and what stands for it.

    ``position`` counts characters of :attr:`Title.original` from 1.
    """

    position: int
    char: str
    replacement: str


@dataclass(frozen=True)
class Title:
    """A composed title: what the feed holds, and how it came to be.

    Attributes:
        text: the title of the feed (GBK replacements applied where the platform counts
            GBK bytes).
        original: the same title before replacements (what the report shows).
        length: the length of ``text`` in ``unit``.
        limit: the platform's limit, in ``unit``.
        dropped: ``(part, its text)`` of each part left out for length, in order.
        cut: the end of the machine-translated product words that was cut off.
        replaced: the characters GBK cannot encode, in order.
        human: whether a person wrote the product words (they are never cut); None
            when the title fit and nobody needed to ask.
    """

    text: str
    original: str
    length: int
    limit: int
    unit: Unit
    dropped: tuple[tuple[str, str], ...] = ()
    cut: str | None = None
    replaced: tuple[Replacement, ...] = ()
    human: bool | None = None

    @property
    def fits(self) -> bool:
        """True when the title is within the platform's limit."""
        return self.length <= self.limit

    @property
    def shortened(self) -> bool:
        """True when parts were dropped or the product words cut."""
        return bool(self.dropped) or self.cut is not None


def title_length(text: str, unit: Unit) -> int:
    """Length of a title in GBK bytes (unencodable characters count 2) or characters."""
    return text_length(text, unit)


@functools.lru_cache(maxsize=1024)
def gbk_replacement(char: str) -> str | None:
    """What stands for ``char`` in a GBK title; None when GBK encodes it as it is."""
    try:
        char.encode("gbk")
        return None
    except UnicodeEncodeError:
        pass
    if char in GBK_REPLACEMENTS:
        return GBK_REPLACEMENTS[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if base and base != char:
        try:
            base.encode("gbk")
            return base
        except UnicodeEncodeError:
            pass
    return ""


def _gbk_safe(text: str) -> str:
    """``text`` with every character GBK cannot encode replaced (spaces then collapsed)."""
    try:
        text.encode("gbk")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in text:
        replacement = gbk_replacement(char)
        out.append(char if replacement is None else replacement)
    return " ".join("".join(out).split())


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
    unit: Unit,
    template: TitleTemplate | None = None,
) -> str | None:
    """The Chinese title of a product as the feed holds it; None when its name has no
    Chinese (:func:`build_title` tells how it was made)."""
    title = build_title(product, texts, max_len=max_len, unit=unit, template=template)
    return None if title is None else title.text


def build_title(
    product: Product,
    texts: ChineseTexts,
    *,
    max_len: int,
    unit: Unit,
    template: TitleTemplate | None = None,
) -> Title | None:
    """The Chinese title of a product within ``max_len`` where it can be; None when its
    name has no Chinese.

    A part already present in the product words (the brand kept by the translation, the
    ``50ml`` of the name) is not repeated; the net content is left out when the variants
    do not share one (:func:`shared_net_content`). Product words are cut only when a
    machine translated them and the title is still too long without its optional parts.
    """
    holder = product.first_sku_with("name")
    words = texts.field(holder, "name")
    if not words or not words.strip():
        return None
    brand = product.brand
    args = (
        words,
        brand if brand else texts.default_brand,
        texts.brand(brand),
        shared_net_content(product),
        max_len,
        unit,
        template or DEFAULT_TITLE,
    )
    title = shorten_title(*args, machine=False)
    if title.fits:
        return title
    # only a title still too long asks who wrote its words
    if texts.field_resolution(holder, "name").approved:
        return dataclasses.replace(title, human=True)
    return shorten_title(*args, machine=True)


# variants and repeated names share a title (names × brands × contents: some thousands)
@functools.lru_cache(maxsize=16384)
def shorten_title(
    words_raw: str,
    brand: str | None,
    brand_zh: str | None,
    net_content: str | None,
    max_len: int,
    unit: Unit,
    template: TitleTemplate = DEFAULT_TITLE,
    *,
    machine: bool,
) -> Title:
    """The title of these parts within ``max_len`` where it can be.

    ``words_raw``: the Chinese of the product name; ``machine``: a machine translated it,
    so it may be cut at a word boundary once every optional part is dropped. Where
    ``unit`` is ``gbk-bytes``, lengths are those of the title with its GBK replacements.
    """
    cuttable = machine
    words = normalise(words_raw)
    in_words = _compact(words)
    # brands and contents repeat from title to title: their forms are remembered
    brand_text, brand_key = _part(brand) if brand else (None, "")
    zh_text, zh_key = _part(brand_zh) if brand_zh else (None, "")
    content_key = _compact_cached(net_content) if net_content else ""
    values: dict[str, str | None] = {
        "brand_zh": None if zh_text and zh_key in in_words else zh_text,
        "brand": None if brand_text and brand_key in in_words else brand_text,
        "name_zh": words,
        "net_content": None if net_content and content_key in in_words else net_content,
    }
    if values["brand"] and values["brand_zh"] and brand_key == zh_key:
        values["brand"] = None
    safe = unit == "gbk-bytes"

    def length(text: str) -> int:
        if safe:
            try:
                return len(text.encode("gbk"))
            except UnicodeEncodeError:
                return len(_gbk_safe(text).encode("gbk"))
        return text_length(text, unit)

    def joined() -> str:
        out = []
        for item in template.items:
            parts = [part for _, part in item if part is not None]
            if parts and not any(values.get(part) for part in parts):
                continue
            out.append(
                "".join(lit + ((values.get(part) or "") if part else "") for lit, part in item)
            )
        return " ".join(out)

    title = joined()
    dropped: list[tuple[str, str]] = []
    present = template.parts
    for part in template.drops:
        if length(title) <= max_len:
            break
        text = values.get(part)
        if part in present and text:
            dropped.append((part, text))
            values[part] = None
            title = joined()
    cut: str | None = None
    if cuttable and length(title) > max_len:
        from export_kit.translate.wordcut import cut_words

        def fits(prefix: str) -> bool:
            values["name_zh"] = prefix
            return length(joined()) <= max_len

        kept = cut_words(words, fits, [t for t in (brand_text, zh_text) if t])
        if kept is not None:
            cut = words[len(kept) :].strip()
            values["name_zh"] = kept
            title = joined()
    feed = _gbk_safe(title) if safe else title
    replaced: tuple[Replacement, ...] = ()
    if feed is not title:
        replaced = tuple(
            Replacement(n, char, rep)
            for n, char in enumerate(title, 1)
            if (rep := gbk_replacement(char)) is not None
        )
    return Title(
        text=feed,
        original=title,
        length=text_length(feed, unit),
        limit=max_len,
        unit=unit,
        dropped=tuple(dropped),
        cut=cut,
        replaced=replaced,
        human=False if cuttable else None,
    )
