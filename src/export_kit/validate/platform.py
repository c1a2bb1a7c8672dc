"""A marketplace's own rules, added to ``validate --platform``.

:func:`platform_rules` checks one product against a :class:`~export_kit.platforms.Platform`:
the composed Chinese title's length, the platform's extra required and recommended fields,
the image count, the category map and, with a rate, the CBEC single-transaction limit.
The base validator already reports a missing ``sku``/``name``/``brand``/``price``, image
and HS code (with this platform's ``severity_defaults``), and the translation rules a
missing Chinese text; these rules never repeat them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from export_kit.config import Config
from export_kit.model import Product, Sku
from export_kit.platforms import Platform
from export_kit.pricing import ProductPrices, Rate, SkuPrice
from export_kit.translate.title import PART_LABELS, Title, gbk_replacement
from export_kit.validate.report import CODES, Finding, Severity
from export_kit.validate.rules.base import ColumnGap, column_gap
from export_kit.validate.sectors import SectorResolver, catalogue_sectors

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue

__all__ = [
    "PIECE_SECTORS",
    "SHELF_LIFE_SECTORS",
    "PlatformRule",
    "PricesOf",
    "ProductRule",
    "needs_net_content",
    "needs_shelf_life",
    "platform_rules",
    "rate_findings",
]

ProductRule = Callable[[Product], Iterable[Finding]]
#: ``(sku, price)`` of each sellable SKU of a product (:class:`ProductPrices`)
PricesOf = Callable[[Product], Sequence[tuple[Sku, SkuPrice | None]]]

#: required fields other rules already report: base validator (missing-value,
#: missing-image, missing-hs-code) and translation rules (missing-translation)
_COVERED = frozenset(
    {"sku", "name", "brand", "price", "images", "hs_code", "title_zh", "description_zh"}
)
#: fields a product holds once (shop exports write them on the first row only)
_PRODUCT_LEVEL = frozenset(
    {
        "parent_sku",
        "name",
        "brand",
        "description",
        "category",
        "images",
        "hs_code",
        "origin_country",
        "shelf_life_months",
        "name_zh",
        "description_zh",
    }
)
_LABELS = {
    "ean": "EAN",
    "net_content": "net content",
    "weight_kg": "weight",
    "stock": "stock",
    "category": "category",
    "shelf_life_months": "shelf life",
    "hs_code": "HS code",
}
#: the character each gateway family puts between the values of its list parameters (TOP:
#: ``taobao.items.custom.get`` outer ids, the ``sku_*`` lists of ``taobao.item.add``); JOS
#: sends every value as JSON and has none
_LIST_SEPARATORS = {"top": ","}
#: sectors (export_kit.validate.sectors) whose products carry a shelf life
_SHELF_LIFE_SECTORS = frozenset({"cosmetics", "food", "drinks"})
#: sectors sold by the piece: a net content means nothing for a bag or a dress, so
#: the platforms' recommended net_content is not asked of them
_PIECE_SECTORS = frozenset({"fashion", "other"})
#: the same sets, for the listing quality score
SHELF_LIFE_SECTORS = _SHELF_LIFE_SECTORS
PIECE_SECTORS = _PIECE_SECTORS


#: fields a row may get from elsewhere than their own column (shop options, the config)
_NOT_ONLY_FROM_A_COLUMN = frozenset({"size", "colour", "brand", "name_zh"})


class PlatformRule:
    """A platform's product rule, and the fields it wants that no column holds.

    Attributes:
        gaps: one file-level finding per required or recommended field without a column
            (the rule then says nothing of it per product).
    """

    def __init__(self, check: Callable[[Product], list[Finding]], gaps: list[ColumnGap]) -> None:
        self._check = check
        self.gaps = gaps

    def __call__(self, product: Product) -> list[Finding]:
        """The findings of ``product``."""
        return self._check(product)


def platform_rules(
    platform: Platform,
    config: Config,
    *,
    title_for: Callable[[Product], Title | None] | None,
    rate: Rate | None,
    prices: PricesOf | None = None,
    catalogue: Catalogue | None = None,
) -> PlatformRule:
    """The rule checking one product against ``platform``.

    Args:
        title_for: the Chinese title composed for this platform (``None`` when there is no
            Chinese yet); without it the title's length and characters are not checked.
        rate: the EUR→CNY rate; without it the CBEC limit is not checked.
        prices: the prices of a product's SKUs at ``rate`` (a :class:`ProductPrices` the
            caller shares with its listings, so each SKU is priced once); by default
            the rule prices them itself.
        catalogue: the catalogue checked: a field no column of it holds is one finding
            for the file (:attr:`PlatformRule.gaps`), not one per product.
    """
    sectors = SectorResolver(config)
    extra_required = tuple(f for f in platform.required if f not in _COVERED)
    recommended = tuple(f for f in platform.recommended if f not in _COVERED)
    gaps: list[ColumnGap] = []
    if catalogue is not None:
        present = catalogue.field_columns
        absent = {
            f
            for f in (*extra_required, *recommended)
            if f not in present and f not in _NOT_ONLY_FROM_A_COLUMN
        }
        if absent:
            gaps = _column_gaps(platform, config, catalogue, extra_required, recommended, absent)
            extra_required = tuple(f for f in extra_required if f not in absent)
            recommended = tuple(f for f in recommended if f not in absent)
    recommended_levels = tuple((f, f in _PRODUCT_LEVEL) for f in recommended)
    prices_of = prices
    if prices_of is None and rate is not None:
        prices_of = ProductPrices(rate, config.pricing)
    category_id = functools.lru_cache(maxsize=4096)(platform.category_id)
    separator = _LIST_SEPARATORS.get(platform.api or "")

    def severity(code: str) -> Severity:
        wanted = platform.severity_defaults.get(code)
        if wanted in ("error", "warning", "info"):
            return wanted  # type: ignore[return-value]
        return CODES[code][0]

    def rule(product: Product) -> list[Finding]:
        findings: list[Finding] = []
        if separator is not None and (
            separator in product.outer_id or any(s.sku and separator in s.sku for s in product.skus)
        ):
            findings.extend(_separators(product, separator, platform, severity))
        if title_for is not None:
            findings.extend(_title(product, title_for(product), platform, severity))
        variants = product.variants
        for name in extra_required:
            empty = _empty_rows(product, variants, name)
            if empty:
                findings.append(
                    _missing(variants, empty, name, "missing-value", platform, severity)
                )
        sector: str | None = None
        sector_known = False
        single = variants[0] if len(variants) == 1 else None
        for name, product_level in recommended_levels:
            # _empty_rows and _empty, inlined for the usual cases (a product-level field,
            # a product of one row)
            if product_level or single is not None:
                value = product.first(name) if product_level else getattr(single, name, None)
                if value is not None:
                    if isinstance(value, str):
                        if value.strip():
                            continue
                    elif not isinstance(value, list) or value:
                        continue
                empty = [single if single is not None and not product_level else product.skus[0]]
            else:
                empty = _empty_rows(product, variants, name)
                if not empty:
                    continue
            if name in ("shelf_life_months", "net_content"):
                # the sector only matters for a missing value: resolve it once, lazily
                if not sector_known:
                    sector, sector_known = sectors(product), True
                if name == "shelf_life_months" and sector not in _SHELF_LIFE_SECTORS:
                    continue
                if name == "net_content" and sector in _PIECE_SECTORS:
                    continue
            findings.append(
                _missing(variants, empty, name, "missing-recommended", platform, severity)
            )
        if platform.max_images is not None:
            findings.extend(_images(product, platform, severity))
        findings.extend(_category(product, platform, category_id, severity))
        if rate is not None and prices_of is not None:
            findings.extend(_limit(prices_of(product), rate, config, severity))
        return findings

    return PlatformRule(rule, gaps)


def _column_gaps(
    platform: Platform,
    config: Config,
    catalogue: Catalogue,
    required: Sequence[str],
    recommended: Sequence[str],
    absent: set[str],
) -> list[ColumnGap]:
    """One file-level finding per field of ``absent``, for the products it concerns."""
    sectors = SectorResolver(config)
    gaps: list[ColumnGap] = []
    for name in (*required, *recommended):
        if name not in absent:
            continue
        code = "missing-value" if name in required else "missing-recommended"
        label = _LABELS.get(name, name.replace("_", " "))
        verb = "requires" if code == "missing-value" else "recommends"
        concerns: Callable[[Product], bool] | None = None
        who = "no product has it"
        if name == "shelf_life_months":
            if not catalogue_sectors(catalogue, config) & _SHELF_LIFE_SECTORS:
                continue  # wine, spirits, fashion...: no shelf life asked
            concerns = lambda p: sectors(p) in _SHELF_LIFE_SECTORS  # noqa: E731
            who = "no food, drink or cosmetic product has it"
        elif name == "net_content":
            if catalogue_sectors(catalogue, config) <= _PIECE_SECTORS:
                continue  # goods sold by the piece
            concerns = lambda p: sectors(p) not in _PIECE_SECTORS  # noqa: E731
            who = "no product sold by content (not by the piece) has it"
        message = (
            f"{platform.name} {verb} the {label}, and no column of the file holds it: "
            f"{who}. Add a column for it, or map one with --map 'COLUMN={name}'."
        )
        if name == "stock":
            message += " A missing stock is published as 0."
        # the platform's severity_defaults apply where the validator adopts the finding
        gaps.append(column_gap(code, message, name, catalogue, concerns=concerns))
    return gaps


def rate_findings(
    rate: Rate | None, config: Config, *, today: dt.date | None = None
) -> list[Finding]:
    """``stale-exchange-rate`` when the rate is older than ``[pricing] max_rate_age_days``.

    A config rate without ``rate_date`` is of unknown age and is reported too; a rate given
    with ``--rate`` is taken as today's.
    """
    if rate is None:
        return []
    limit = config.pricing.max_rate_age_days
    code = "stale-exchange-rate"
    if rate.date is None:
        if rate.source != "config":
            return []
        return [
            Finding(
                code=code,
                severity=CODES[code][0],
                message=(
                    f"The EUR to CNY rate {rate.eur_cny} of [pricing] eur_cny has no "
                    "rate_date, so its age is unknown. Add rate_date to export-kit.toml, or "
                    "use --rates ecb for the ECB rate of the day."
                ),
                field="rate",
                value=str(rate.eur_cny),
            )
        ]
    age = ((today or dt.date.today()) - rate.date).days
    if age <= limit:
        return []
    return [
        Finding(
            code=code,
            severity=CODES[code][0],
            message=(
                f"The EUR to CNY rate {rate.eur_cny} ({_source(rate)}) is of "
                f"{rate.date.isoformat()}, {age} days old (max_rate_age_days is {limit}). "
                "Use --rates ecb for the rate of the day, or update [pricing] eur_cny and "
                "rate_date."
            ),
            field="rate",
            value=rate.date.isoformat(),
        )
    ]


def needs_shelf_life(
    product: Product, config: Config, *, sectors: SectorResolver | None = None
) -> bool:
    """True for food, drinks and cosmetics (wine and spirits carry no shelf life)."""
    sector = (sectors or SectorResolver(config))(product)
    return sector in _SHELF_LIFE_SECTORS


def needs_net_content(
    product: Product, config: Config, *, sectors: SectorResolver | None = None
) -> bool:
    """False for fashion and other goods sold by the piece (a bag has no net content)."""
    sector = (sectors or SectorResolver(config))(product)
    return sector not in _PIECE_SECTORS


def _title(
    product: Product,
    title: Title | None,
    platform: Platform,
    severity: Callable[[str], Severity],
) -> list[Finding]:
    if title is None:
        return []
    field = "name_zh" if product.first("name_zh") else "name"
    holder = product.first_sku_with(field)

    def finding(code: str, message: str, value: str) -> Finding:
        return Finding(
            code=code,
            severity=severity(code),
            message=message,
            row=holder.row,
            sheet=holder.sheet,
            column=holder.columns.get(field),
            field=field,
            sku=holder.sku,
            value=value,
        )

    findings: list[Finding] = []
    if not title.fits:
        if platform.title_unit == "gbk-bytes":
            measure = f"{title.length} bytes in GBK (a Chinese character counts 2)"
            limit = f"{platform.title_max} bytes"
        else:
            measure = f"{title.length} characters"
            limit = f"{platform.title_max} characters"
        why = (
            " Chinese a person wrote is never cut: shorten it in the Chinese name column "
            "or the review workbook."
            if title.human
            else " Shorten the product name or its Chinese translation."
        )
        findings.append(
            finding(
                "title-too-long",
                f"The Chinese title is {measure}, over the {platform.name} limit of {limit}, "
                f"even without its optional parts.{why}",
                title.original,
            )
        )
    elif title.shortened:
        done = [f"left out {PART_LABELS[part]} {text!r}" for part, text in title.dropped]
        if title.cut:
            done.append(f"cut the machine translation before {title.cut!r}")
        findings.append(
            finding(
                "title-shortened",
                f"The Chinese title was over the {platform.name} limit of {platform.title_max} "
                f"{'bytes' if platform.title_unit == 'gbk-bytes' else 'characters'}: "
                f"{'; '.join(done)}. The feed holds {title.text!r} ({title.length}).",
                title.original,
            )
        )
    seen: dict[str, list[int]] = {}
    for replacement in title.replaced:
        seen.setdefault(replacement.char, []).append(replacement.position)
    for char, positions in seen.items():
        instead = gbk_replacement(char) or ""
        where = ", ".join(str(n) for n in positions[:10])
        findings.append(
            finding(
                "unencodable-character",
                f"{char!r} (U+{ord(char):04X}) at character {where} of the Chinese title "
                f"cannot be written in GBK, the encoding {platform.name} counts titles in: the "
                + (f"feed holds {instead!r} instead." if instead else "feed leaves it out.")
                + " Write the title without it to choose what stands there.",
                title.original,
            )
        )
    return findings


def _empty_rows(product: Product, variants: list[Sku], name: str) -> list[Sku]:
    """The rows where ``name`` is empty (the first row for an empty product-level field)."""
    if name in _PRODUCT_LEVEL:
        return [] if not _empty(product.first(name)) else [product.skus[0]]
    empty: list[Sku] = []
    for sku in variants:
        value = getattr(sku, name, None)
        if value.__class__ not in _NEVER_EMPTY and _empty(value):  # numbers: no call
            empty.append(sku)
    return empty


def _missing(
    variants: list[Sku],
    empty_rows: list[Sku],
    name: str,
    code: str,
    platform: Platform,
    severity: Callable[[str], Severity],
) -> Finding:
    label = _LABELS.get(name, name.replace("_", " "))
    first = empty_rows[0]
    column = first.columns.get(name)
    where = f"column {column!r}" if column else f"no column maps to {name}"
    count = len(variants)
    if name in _PRODUCT_LEVEL or count == 1:
        extent = ""
    else:
        rows = ", ".join(str(sku.row) for sku in empty_rows[:10])
        more = "…" if len(empty_rows) > 10 else ""
        extent = f" on {len(empty_rows)} of {count} SKUs (rows {rows}{more})"
    if code == "missing-value":
        message = f"{platform.name} requires the {label}; it is empty{extent} ({where})."
    else:
        message = f"{platform.name} recommends the {label}; it is empty{extent} ({where})."
    if name == "stock":
        message += " A missing stock is published as 0."
    return Finding(
        code=code,
        severity=severity(code),
        message=message,
        row=first.row,
        sheet=first.sheet,
        column=column,
        field=name,
        sku=first.sku,
        value=None,
    )


def _separators(
    product: Product, separator: str, platform: Platform, severity: Callable[[str], Severity]
) -> list[Finding]:
    """``separator-in-sku`` on the rows whose SKU (or parent SKU) holds ``separator``."""
    findings = []
    for sku in product.skus:
        for name in ("sku", "parent_sku"):
            value = getattr(sku, name)
            if not value or separator not in value:
                continue
            fixed = value.replace(separator, "-")
            findings.append(
                Finding(
                    code="separator-in-sku",
                    severity=severity("separator-in-sku"),
                    message=(
                        f"{platform.name}'s API puts {separator!r} between list values: "
                        f"{name.replace('_', ' ')} {value!r} would be split by the look-up "
                        "that keeps an item from being created twice. Rename it without "
                        f"{separator!r} (e.g. {fixed!r})."
                    ),
                    row=sku.row,
                    sheet=sku.sheet,
                    column=sku.columns.get(name),
                    field=name,
                    sku=sku.sku,
                    value=value,
                )
            )
            break
    return findings


def _images(
    product: Product, platform: Platform, severity: Callable[[str], Severity]
) -> list[Finding]:
    images = product.images
    if platform.max_images is None or len(images) <= platform.max_images:
        return []
    holder = product.first_sku_with("images")
    extra = len(images) - platform.max_images
    return [
        Finding(
            code="too-many-images",
            severity=severity("too-many-images"),
            message=(
                f"{len(images)} images; {platform.name} takes {platform.max_images}: the last "
                f"{extra} are left out of the feed. Put the main image first."
            ),
            row=holder.row,
            sheet=holder.sheet,
            column=holder.columns.get("images"),
            field="images",
            sku=holder.sku,
            value=str(len(images)),
        )
    ]


def _category(
    product: Product,
    platform: Platform,
    category_id: Callable[[str | None], str | None],
    severity: Callable[[str], Severity],
) -> list[Finding]:
    category = product.category
    if not category or category_id(category) is not None:
        return []
    holder = product.first_sku_with("category")
    return [
        Finding(
            code="unmapped-category",
            severity=severity("unmapped-category"),
            message=(
                f"No {platform.name} category id for {category!r}. Add it (or a parent "
                f"path) to [platforms.{platform.name}.categories] in export-kit.toml."
            ),
            row=holder.row,
            sheet=holder.sheet,
            column=holder.columns.get("category"),
            field="category",
            sku=holder.sku,
            value=category,
        )
    ]


def _limit(
    prices: Sequence[tuple[Sku, SkuPrice | None]],
    rate: Rate,
    config: Config,
    severity: Callable[[str], Severity],
) -> list[Finding]:
    findings: list[Finding] = []
    limit = config.pricing.cbec_transaction_limit
    for sku, price in prices:
        if price is None or not price.over_cbec_limit:
            continue
        field = "price" if sku.price is not None else "price_excl_vat"
        findings.append(
            Finding(
                code="over-cbec-limit",
                severity=severity("over-cbec-limit"),
                message=(
                    f"One unit costs {_money(price.price_cny)} CNY (€{_money(price.price_eur)} "
                    f"at {rate.eur_cny}), over the CBEC single-transaction limit of "
                    f"{_money(limit)} CNY: the order would be taxed as general trade "
                    f"(duty, full VAT and consumption tax), not at the CBEC rate of "
                    f"{price.tax_rate}."
                ),
                row=sku.row,
                sheet=sku.sheet,
                column=sku.columns.get(field),
                field=field,
                sku=sku.sku,
                value=str(price.price_cny),
            )
        )
    return findings


#: value types that are never empty
_NEVER_EMPTY = frozenset({int, Decimal, float})


def _empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list) and not value


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _source(rate: Rate) -> str:
    return {"ecb": "ECB", "config": "[pricing] eur_cny", "option": "--rate"}.get(
        rate.source, rate.source
    )
