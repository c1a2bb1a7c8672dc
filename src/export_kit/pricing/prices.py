"""CNY prices of SKUs: conversion, markup, rounding, the CBEC tax and the limit.

All money is :class:`~decimal.Decimal`; nothing here ever goes through a float::

    price_cny          = round(price_eur × eur_cny × (1 + markup))
    tax_cny            = price_cny × exact CBEC rate, half-up to the fen
    price_with_tax_cny = price_cny + tax_cny
    over_cbec_limit    = price_cny > cbec_transaction_limit   (one unit, without the tax)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from export_kit.config import PricingConfig
from export_kit.errors import ConfigError
from export_kit.model import Product, Sku
from export_kit.pricing.rates import Rate
from export_kit.pricing.tax import cbec_rate, classify, display_rate

__all__ = [
    "ROUNDINGS",
    "ProductPrices",
    "SkuPrice",
    "base_price_eur",
    "price_sku",
    "price_sku_with_note",
    "round_price",
]

ROUNDINGS: tuple[str, ...] = ("cent", "yuan", "ending-8", "ending-9")

_CENT = Decimal("0.01")
_ONE = Decimal("1")


@dataclass(frozen=True)
class SkuPrice:
    """The CNY price of one SKU, its CBEC tax and whether one unit is over the limit.

    ``tax_rate`` is the class's rate as printed, rounded to 4 decimals (``0.2306``);
    ``tax_cny`` was computed with the exact rate. Money has 2 decimals.
    """

    sku: str
    price_eur: Decimal
    price_cny: Decimal
    tax_class: str
    tax_rate: Decimal
    tax_cny: Decimal
    price_with_tax_cny: Decimal
    over_cbec_limit: bool

    @property
    def price_fen(self) -> int:
        """The CNY price in fen (1 yuan = 100 fen), for platforms that take integers."""
        return int(self.price_cny * 100)

    def to_dict(self) -> dict[str, str | bool]:
        """An ``items`` entry of ``price --format json``: money as decimal strings."""
        return {
            "sku": self.sku,
            "price_eur": str(self.price_eur),
            "price_cny": str(self.price_cny),
            "tax_class": self.tax_class,
            "tax_rate": str(self.tax_rate),
            "tax_cny": str(self.tax_cny),
            "price_with_tax_cny": str(self.price_with_tax_cny),
            "over_cbec_limit": self.over_cbec_limit,
        }


def round_price(value: Decimal, rounding: str) -> Decimal:
    """Round a CNY amount the way ``[pricing] rounding`` says, to 2 decimals.

    The amount is first rounded half-up to the fen; then ``yuan`` goes up to the whole
    yuan, ``ending-8``/``ending-9`` up to the next whole price whose units digit is 8 or 9
    (1231.40 → 1238 / 1239; a price already ending so stays: 1239.00 → 1239).
    """
    cents = value.quantize(_CENT, rounding=ROUND_HALF_UP)
    if rounding == "cent":
        return cents
    whole = cents.to_integral_value(rounding=ROUND_CEILING)
    if rounding == "yuan":
        return whole.quantize(_CENT)
    if rounding in ("ending-8", "ending-9"):
        units = int(whole)
        step = (int(rounding[-1]) - units % 10) % 10  # Python ints: a non-negative step
        return Decimal(units + step).quantize(_CENT)
    raise ConfigError(f"Unknown rounding '{rounding}'. Available: {', '.join(ROUNDINGS)}.")


def base_price_eur(sku: Sku, pricing: PricingConfig) -> Decimal | None:
    """The EUR price to convert: the tax-included price, else the tax-excluded one.

    A row with only ``price_excl_vat`` gets French VAT added back (rounded to the cent)
    when ``[pricing] add_vat_to_excl`` is true, and is used as it is otherwise. ``None``
    when the row has no positive price.
    """
    if sku.price is not None:
        return sku.price if sku.price > 0 else None
    excl = sku.price_excl_vat
    if excl is None or excl <= 0:
        return None
    if pricing.add_vat_to_excl:
        return (excl * (_ONE + pricing.french_vat)).quantize(_CENT, rounding=ROUND_HALF_UP)
    return excl


def price_sku(sku: Sku, product: Product, rate: Rate, pricing: PricingConfig) -> SkuPrice | None:
    """Price one SKU in CNY with its CBEC tax; ``None`` when the row has no usable price."""
    return price_sku_with_note(sku, product, rate, pricing)[0]


def price_sku_with_note(
    sku: Sku, product: Product, rate: Rate, pricing: PricingConfig
) -> tuple[SkuPrice | None, str | None]:
    """:func:`price_sku`, plus a note when the row's ``tax_class`` was ignored."""
    return _price_sku(sku, product, rate, pricing, None)


def _price_sku(
    sku: Sku,
    product: Product,
    rate: Rate,
    pricing: PricingConfig,
    rates: dict[str, tuple[Decimal, Decimal]] | None,
) -> tuple[SkuPrice | None, str | None]:
    """The body of :func:`price_sku_with_note`; ``rates`` keeps each class's exact and
    printed CBEC rate across calls (one pricing config)."""
    price_eur = base_price_eur(sku, pricing)
    if price_eur is None:
        return None, None
    factor = _ONE + pricing.markup
    if factor <= 0:
        raise ConfigError(
            f"[pricing] markup = {pricing.markup}: it must be above -1 (0.25 adds 25 %). "
            "Fix export-kit.toml."
        )
    price_cny = round_price(price_eur * rate.eur_cny * factor, pricing.rounding)
    if price_cny <= 0:
        return None, None
    found = classify(sku, product, price_cny, pricing)
    known = rates.get(found.tax_class) if rates is not None else None
    if known is None:
        exact = cbec_rate(found.tax_class, pricing)
        known = (exact, display_rate(exact))
        if rates is not None:
            rates[found.tax_class] = known
    exact, shown = known
    tax_cny = (price_cny * exact).quantize(_CENT, rounding=ROUND_HALF_UP)
    price = SkuPrice(
        sku=sku.sku or "",
        price_eur=_two_places(price_eur),
        price_cny=price_cny,
        tax_class=found.tax_class,
        tax_rate=shown,
        tax_cny=tax_cny,
        price_with_tax_cny=price_cny + tax_cny,
        over_cbec_limit=price_cny > pricing.cbec_transaction_limit,
    )
    return price, found.note


class ProductPrices:
    """Every sellable SKU of a product with its price, computed once per product.

    The platform rule (CBEC limit) and the listing both need the prices of a product's
    SKUs; the pipeline hands both the same instance, so each SKU is priced once. Only the
    last product asked for is kept (products are checked and rendered one at a time).
    """

    def __init__(self, rate: Rate, pricing: PricingConfig) -> None:
        self.rate = rate
        self.pricing = pricing
        self._product: Product | None = None
        self._prices: tuple[tuple[Sku, SkuPrice | None], ...] = ()
        self._rates: dict[str, tuple[Decimal, Decimal]] = {}

    def __call__(self, product: Product) -> tuple[tuple[Sku, SkuPrice | None], ...]:
        """``(sku, price)`` for each of ``product.variants`` (``None``: no usable price)."""
        if product is not self._product:
            rate, pricing, rates = self.rate, self.pricing, self._rates
            self._prices = tuple(
                (sku, _price_sku(sku, product, rate, pricing, rates)[0]) for sku in product.variants
            )
            self._product = product
        return self._prices


def _two_places(value: Decimal) -> Decimal:
    """``89`` → ``89.00``; a price with more decimals keeps them (it was priced as is)."""
    if value.same_quantum(_CENT):  # two places already, the usual case: no as_tuple()
        return value
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return value
    return value.quantize(_CENT)
