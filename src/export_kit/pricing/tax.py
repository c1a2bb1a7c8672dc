"""The CBEC comprehensive tax: tax classes and their effective rates.

Within the CBEC limits, customs duty is 0 % and import VAT and consumption tax are levied
at 70 % of the statutory amount, which gives one effective rate per class::

    rate = (consumption_tax + vat) / (1 − consumption_tax) × cbec_tax_factor

The rates are computed from ``[pricing]`` (``vat``, ``consumption_tax``,
``cbec_tax_factor``), never typed in as percentages, so a change of the law is a change of
one number in the config. Sources: ../shared/domain/NOTES.md §1.2 and cbec-tax-rates.txt.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from export_kit.config import PricingConfig
from export_kit.errors import ConfigError
from export_kit.model import NetContent, Product, Sku

__all__ = [
    "COSMETICS_RULE",
    "DEFAULT_CONSUMPTION_TAX",
    "TAX_CLASSES",
    "TaxClassification",
    "cbec_rate",
    "classify",
    "consumption_taxes",
    "display_rate",
    "sector_of",
    "sector_of_category",
]

#: the built-in classes; ``[pricing.consumption_tax]`` may add more (e.g. ``watches``)
TAX_CLASSES: tuple[str, ...] = ("general", "cosmetics-high-end", "wine", "spirits")

#: statutory consumption tax per class. ``spirits`` at 10 % assumes imported spirits are
#: taxed as 其他酒 (other alcohol), which no source confirms (NOTES.md §1.2): configurable.
DEFAULT_CONSUMPTION_TAX: dict[str, Decimal] = {
    "general": Decimal("0"),
    "cosmetics-high-end": Decimal("0.15"),
    "wine": Decimal("0.10"),
    "spirits": Decimal("0.10"),
}

#: a ``tax_class`` value asking for the cosmetics rule (high-end or general by unit price)
COSMETICS_RULE = "cosmetics"

_WINE_HS = ("2204",)
_SPIRITS_HS = ("2208",)
_COSMETICS_HS = ("3303", "3304")

# Category words, matched as whole words on the accent-free, lower-case category path
# (plurals included). The most specific segment of the path (the last) is tried first.
_SPIRITS_WORDS = re.compile(
    r"\b(cognacs?|armagnacs?|whiske?ys?|whiskies|rhums?|calvados|liqueurs?|spiritueux|"
    r"brandys?|eaux? de vie|gins?|vodkas?|"
    r"cremes? de (cassis|mures?|framboises?|peches?|menthe|cacao|violettes?))\b"
)
_WINE_WORDS = re.compile(r"\b(vins?|champagnes?|cremants?|wines?)\b")
_COSMETICS_WORDS = re.compile(
    r"\b(parfums?|eaux? de (toilette|parfum|cologne)|cremes?|serums?|cosmetiques?|"
    r"maquillages?|soins? (du visage|visage|du corps|corps)|perfumes?|cosmetics?)\b"
)
_SEPARATORS = re.compile(r"\s*[>/|]\s*")

_FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class TaxClassification:
    """The tax class of a SKU, how it was found, and a note when a value was ignored."""

    tax_class: str
    #: ``tax_class``, ``hs_code``, ``category`` or ``default``
    reason: str
    note: str | None = None


def consumption_taxes(pricing: PricingConfig) -> dict[str, Decimal]:
    """The consumption tax of every class: the built-in defaults, then ``[pricing]``'s."""
    return dict(_consumption_taxes(tuple(pricing.consumption_tax.items())))


@functools.lru_cache(maxsize=64)
def _consumption_taxes(configured: tuple[tuple[str, Decimal], ...]) -> dict[str, Decimal]:
    # memoised: every SKU of a catalogue asks for the same few tables (callers never
    # mutate the result: consumption_taxes() hands out copies)
    merged = dict(DEFAULT_CONSUMPTION_TAX)
    for name, value in configured:
        merged[_class_key(name)] = value
    for name, value in merged.items():
        if not Decimal("0") <= value < Decimal("1"):
            raise ConfigError(
                f"[pricing.consumption_tax] {name} = {value}: a consumption tax is a fraction "
                "from 0 to below 1 (0.15 for 15 %). Fix export-kit.toml."
            )
    return merged


def cbec_rate(tax_class: str, pricing: PricingConfig) -> Decimal:
    """The exact effective CBEC rate of a class (``general`` → 0.091).

    Raises:
        ConfigError: the class has no consumption tax in the defaults or the config.
    """
    return _cbec_rate(
        tax_class,
        tuple(pricing.consumption_tax.items()),
        pricing.vat,
        pricing.cbec_tax_factor,
    )


@functools.lru_cache(maxsize=256)
def _cbec_rate(
    tax_class: str,
    configured: tuple[tuple[str, Decimal], ...],
    vat: Decimal,
    factor: Decimal,
) -> Decimal:
    taxes = _consumption_taxes(configured)
    try:
        ct = taxes[tax_class]
    except KeyError:
        raise ConfigError(
            f"Unknown tax class '{tax_class}'. Available: {', '.join(sorted(taxes))}."
        ) from None
    return (ct + vat) / (Decimal("1") - ct) * factor


def display_rate(rate: Decimal) -> Decimal:
    """A rate as printed: 4 decimals, half-up (0.2305882… → 0.2306)."""
    return rate.quantize(_FOUR_PLACES, rounding=ROUND_HALF_UP)


def classify(
    sku: Sku, product: Product, price_cny: Decimal, pricing: PricingConfig
) -> TaxClassification:
    """The CBEC tax class of one SKU sold at ``price_cny`` (before tax).

    In order: the row's ``tax_class`` when it names a class; else the HS code (2204 wine,
    2208 spirits, 3303/3304 cosmetics); else the words of the category; else ``general``.
    Cosmetics are ``cosmetics-high-end`` when the CNY price is at least
    ``high_end_per_ml_or_g`` per ml or g of net content, or ``high_end_per_piece`` when the
    SKU has no net content; otherwise ``general``.
    """
    note: str | None = None
    given = sku.tax_class or _text(product.first("tax_class"))
    if given:
        classes = _consumption_taxes(tuple(pricing.consumption_tax.items()))
        key = _class_key(given)
        if key in classes:
            return TaxClassification(key, "tax_class")
        if key == COSMETICS_RULE:
            return TaxClassification(
                _cosmetics_class(sku, product, price_cny, pricing), "tax_class"
            )
        note = (
            f"tax_class '{given}' is not a tax class ({', '.join(sorted(classes))}, or "
            f"{COSMETICS_RULE}): ignored"
        )
    hs_code = sku.hs_code or _text(product.first("hs_code"))
    if hs_code:
        sector = _sector_of_hs(hs_code)
        if sector is not None:
            found = _class_of_sector(sector, sku, product, price_cny, pricing)
            return TaxClassification(found, "hs_code", _with_reason(note, f"HS code {hs_code}"))
    category = sku.category or product.category
    if category:
        sector = sector_of_category(category)
        if sector is not None:
            found = _class_of_sector(sector, sku, product, price_cny, pricing)
            return TaxClassification(found, "category", _with_reason(note, f"category {category}"))
    if note:
        note = f"{note}; general applies (no HS code or category word says otherwise)"
    return TaxClassification("general", "default", note)


def sector_of(sku: Sku, product: Product) -> str | None:
    """``wine``, ``spirits`` or ``cosmetics`` from the HS code, else the category words."""
    hs_code = sku.hs_code or _text(product.first("hs_code"))
    if hs_code:
        sector = _sector_of_hs(hs_code)
        if sector is not None:
            return sector
    category = sku.category or product.category
    return sector_of_category(category) if category else None


@functools.lru_cache(maxsize=4096)
def sector_of_category(category: str) -> str | None:
    """``wine``, ``spirits`` or ``cosmetics`` from the words of a French category path."""
    segments = [s for s in _SEPARATORS.split(_fold(category)) if s.strip()]
    for segment in reversed(segments):
        # Spirits first: "Crème de cassis" (a liqueur) also matches the cosmetics
        # "crème"; a mixed "Vins et spiritueux" segment counts as spirits.
        if _SPIRITS_WORDS.search(segment):
            return "spirits"
        if _WINE_WORDS.search(segment):
            return "wine"
        if _COSMETICS_WORDS.search(segment):
            return "cosmetics"
    return None


def _class_of_sector(
    sector: str, sku: Sku, product: Product, price_cny: Decimal, pricing: PricingConfig
) -> str:
    if sector == "cosmetics":
        return _cosmetics_class(sku, product, price_cny, pricing)
    return sector


def _cosmetics_class(sku: Sku, product: Product, price_cny: Decimal, pricing: PricingConfig) -> str:
    content = sku.net_content or product.first("net_content")
    if isinstance(content, NetContent) and content.quantity > 0:
        per_unit = price_cny / content.quantity
        high_end = per_unit >= pricing.high_end_per_ml_or_g
    else:
        high_end = price_cny >= pricing.high_end_per_piece
    return "cosmetics-high-end" if high_end else "general"


@functools.lru_cache(maxsize=4096)
def _sector_of_hs(hs_code: str) -> str | None:
    digits = "".join(ch for ch in hs_code if ch.isdigit())
    if digits.startswith(_WINE_HS):
        return "wine"
    if digits.startswith(_SPIRITS_HS):
        return "spirits"
    if digits.startswith(_COSMETICS_HS):
        return "cosmetics"
    return None


def _with_reason(note: str | None, reason: str) -> str | None:
    return f"{note}; the class comes from the {reason}" if note else None


def _class_key(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip().casefold())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
