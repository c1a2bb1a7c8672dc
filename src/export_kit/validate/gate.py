"""The gate: one decision, product by product, whether a listing can go to a platform.

``validate --platform``, ``render``/``run`` and the feed they write all ask the same
:class:`PlatformGate`, so a catalogue that validates green for a platform is exactly one
whose every product ``run`` exports, with the same codes on the products it leaves out.

A product is left out when one of its findings blocks (an error, or a warning with
``strict``), when the file lacks a column every listing needs (``missing-column`` for the
SKU, the name or the price: one finding for the file, every product left out), or when its
listing would lack a title, a positive price or a seller SKU on a variant
(``incomplete-listing``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from export_kit.platforms import Platform, text_length
from export_kit.pricing import ProductPrices, Rate
from export_kit.translate.title import Title, build_title, template_of
from export_kit.validate import Validator
from export_kit.validate.chinese import chinese_rules
from export_kit.validate.platform import (
    PIECE_SECTORS,
    SHELF_LIFE_SECTORS,
    platform_rules,
    rate_findings,
)
from export_kit.validate.quality import (
    IMAGE_TARGET,
    ListingFacts,
    Quality,
    description_length,
    open_findings,
    score,
)
from export_kit.validate.report import Finding, Report, apply_severities
from export_kit.validate.sectors import SectorResolver
from export_kit.validate.unchecked import unchecked_rule

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.config import Config
    from export_kit.model import Product
    from export_kit.translate.memory import Known
    from export_kit.translate.texts import ChineseTexts

__all__ = [
    "LISTING_FIELDS",
    "REQUIRED_CHINESE",
    "Decision",
    "PlatformGate",
    "check_for_platform",
    "incomplete_listing",
    "listing_gaps",
    "low_quality",
]

#: severities a platform gives to codes before ``[rules]`` of the config: a product
#: without Chinese text cannot be listed yet
PLATFORM_SEVERITIES: Mapping[str, str] = {"missing-translation": "error"}
#: the texts a listing cannot do without in Chinese (the title and the description); a
#: colour, size or category without Chinese is shown as written: a warning only
REQUIRED_CHINESE = frozenset({"name", "description"})
#: fields every listing needs: a file without their column has no product to list
LISTING_FIELDS = frozenset({"sku", "name", "price"})


@dataclass
class Decision:
    """What the gate decided for one product.

    A file-level finding that leaves the product out (a column the file lacks) is in
    ``blocking`` only: the report holds it once, for the file.

    Attributes:
        findings: every finding of the product (final severities).
        blocking: the findings that keep it out of the feed (empty: it goes in); a
            file-level finding is named here without being repeated in ``findings``.
        title: the Chinese title composed for the platform (``None``: no Chinese yet).
        quality: the listing quality score (:mod:`export_kit.validate.quality`).
    """

    findings: list[Finding]
    blocking: list[Finding] = field(default_factory=list)
    title: str | None = None
    quality: Quality | None = None

    @property
    def listable(self) -> bool:
        """True when the product's listing may go into the feed."""
        return not self.blocking

    @property
    def codes(self) -> list[str]:
        """The codes that keep the product out, each once, in order."""
        return list(dict.fromkeys(f.code for f in self.blocking))


def listing_gaps(product: Product, title: str | None, prices: Mapping[str, object]) -> list[str]:
    """What the listing of ``product`` would lack that every platform requires.

    ``prices``: each SKU with a usable price (in CNY when a rate is known, else in EUR).
    """
    gaps: list[str] = []
    if not (title or "").strip():
        gaps.append("a title")
    variants = product.variants
    if not variants or any(not (s.sku or "").strip() or s.sku not in prices for s in variants):
        gaps.append("a seller SKU with a positive price on every variant")
    return gaps


class PlatformGate:
    """Decides, product by product, whether a listing can go to ``platform``.

    Args:
        texts: the Chinese texts (memory, glossary, sidecars) the rules and titles read.
        rate: the EUR→CNY rate; without one the checks that need it (the CNY 5,000 limit)
            are skipped, and a finding says so.
        strict: warnings block too.
        seen_skus: SKUs of the rows before this gate's (a share of a parallel run).
        min_quality: a product whose quality score is below it gets a ``low-quality``
            error (``validate --min-quality``) and is left out.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        config: Config,
        platform: Platform,
        *,
        texts: ChineseTexts,
        rate: Rate | None,
        strict: bool = False,
        seen_skus: Mapping[str, int] | None = None,
        min_quality: int | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.min_quality = min_quality
        self.sectors = SectorResolver(config)
        self.config = config
        self.platform = platform
        self.texts = texts
        self.rate = rate
        self.strict = strict
        self._title_of: Product | None = None
        self._title: Title | None = None
        self.template = template_of(platform)
        #: one pricing per product, shared by the CBEC-limit rule and the listing
        self.prices_of = ProductPrices(rate, config.pricing) if rate is not None else None
        self.category_id = functools.lru_cache(maxsize=4096)(platform.category_id)
        self.validator = Validator(
            catalogue,
            config,
            extra_rules=[
                chinese_rules(texts, config, report_missing=True, catalogue=catalogue),
                unchecked_rule(texts, config),
                platform_rules(
                    platform,
                    config,
                    title_for=self.composed_title,
                    rate=rate,
                    prices=self.prices_of,
                    catalogue=catalogue,
                ),
            ],
            severity_defaults={**platform.severity_defaults, **PLATFORM_SEVERITIES},
            platform=platform.name,
            seen_skus=seen_skus,
        )
        rated = rate_findings(rate, config) if rate is not None else [_no_rate(catalogue, platform)]
        self.catalogue_level: list[Finding] = [
            *self.validator.catalogue_findings(),
            *apply_severities(rated, config.rules),
        ]
        #: a file-level error on a field every listing needs: every product is left out
        self.file_blocking = [
            f
            for f in self.catalogue_level
            if f.code == "missing-column" and f.field in LISTING_FIELDS and self._blocks(f)
        ]

    def composed_title(self, product: Product) -> Title | None:
        """The composed Chinese title and how it was made (once per product: rules and
        listing share it)."""
        if product is self._title_of:
            return self._title
        title = build_title(
            product,
            self.texts,
            max_len=self.platform.title_max,
            unit=self.platform.title_unit,
            template=self.template,
        )
        self._title_of, self._title = product, title
        return title

    def title_for(self, product: Product) -> str | None:
        """The Chinese title the feed holds (``None``: the name has no Chinese yet)."""
        title = self.composed_title(product)
        return None if title is None else title.text

    def prices(self, product: Product) -> dict[str, object]:
        """Each SKU of ``product`` with a usable price: its CNY price (a
        :class:`~export_kit.pricing.SkuPrice`) when a rate is known, else its EUR price."""
        if self.prices_of is not None:
            return {
                sku.sku: price
                for sku, price in self.prices_of(product)
                if price is not None and sku.sku
            }
        return {
            sku.sku: sku.price
            for sku in product.variants
            if sku.sku and sku.price is not None and sku.price > 0
        }

    def decide(self, product: Product) -> Decision:
        """Every finding of ``product`` and whether its listing may go to the platform."""
        findings = self._severities(self.validator.check(product))
        title = self.title_for(product)
        blocking = [f for f in findings if self._blocks(f)]
        # a field no column holds: one finding for the file, but every product it concerns
        # lacks the field and is left out as if it had its own finding
        blocking += [f for f in self.validator.gaps_of(product) if self._blocks(f)]
        if not blocking and self.file_blocking:
            blocking = list(self.file_blocking)
        if not blocking:
            gaps = listing_gaps(product, title, self.prices(product))
            if gaps:
                gap = self.validator.adopt([incomplete_listing(product, gaps, self.platform)])[0]
                findings.append(gap)
                blocking = [gap]
        quality = self.quality(product, title, findings)
        if self.min_quality is not None and quality.score < self.min_quality:
            low = self.validator.adopt([low_quality(product, quality, self.min_quality)])[0]
            findings.append(low)
            if self._blocks(low):
                blocking.append(low)
        return Decision(findings, blocking, title, quality)

    def quality(self, product: Product, title: str | None, findings: list[Finding]) -> Quality:
        """The listing quality score of ``product`` with its composed ``title``."""
        platform, config, texts = self.platform, self.config, self.texts
        brand = product.brand
        brand_zh = texts.brand(brand)
        if not brand_zh and config.brand.name_zh:
            default = (config.brand.name or "").strip().casefold()
            if not brand or brand.strip().casefold() == default:
                brand_zh = config.brand.name_zh
        description = texts.field(product.first_sku_with("description"), "description")
        sector = self.sectors(product)  # once: both criteria depend on it
        net: bool | None = None
        if sector not in PIECE_SECTORS:
            net = any(s.net_content is not None for s in product.skus)
        shelf: bool | None = None
        if sector in SHELF_LIFE_SECTORS:
            shelf = product.first("shelf_life_months") is not None
        facts = ListingFacts(
            title_length=text_length(title, platform.title_unit) if title else 0,
            title_max=platform.title_max,
            images=len(product.images),
            image_target=platform.max_images or IMAGE_TARGET,
            description_chars=description_length(description),
            net_content=net,
            shelf_life=shelf,
            brand_zh=bool(brand_zh),
            category_mapped=self.category_id(product.category) is not None,
            open_findings=open_findings(findings, _not_counted),
        )
        return score(facts)

    def finish(self) -> list[Finding]:
        """Findings that need every row first (duplicates met out of row order)."""
        return self.validator.finish()

    def _blocks(self, finding: Finding) -> bool:
        return finding.severity == "error" or (self.strict and finding.severity == "warning")

    def _severities(self, findings: list[Finding]) -> list[Finding]:
        if "missing-translation" in self.config.rules:
            return findings
        for finding in findings:
            if finding.code == "missing-translation" and finding.field not in REQUIRED_CHINESE:
                finding.severity = "warning"
        return findings


def incomplete_listing(product: Product, gaps: list[str], platform: Platform) -> Finding:
    """The ``incomplete-listing`` finding of a product whose listing lacks ``gaps``."""
    first = product.skus[0]
    lacking = " and no ".join(g.removeprefix("a ") for g in gaps)
    return Finding(
        code="incomplete-listing",
        severity="error",
        message=(
            f"This product cannot be listed on {platform.name}: its listing has no {lacking}. "
            "Fill the name, the price and the SKU of every variant (`export-kit inspect "
            "CATALOGUE --products` shows what was read)."
        ),
        row=product.row,
        sku=product.outer_id,
        sheet=first.sheet,
    )


#: findings the quality score's ``no_warning`` does not count: its own, and the images
#: beyond the platform's limit (left out of the feed: one more image never costs points)
_NOT_COUNTED = frozenset({"low-quality", "too-many-images"})


def _not_counted(finding: Finding) -> bool:
    return finding.code in _NOT_COUNTED


def low_quality(product: Product, quality: Quality, minimum: int) -> Finding:
    """The ``low-quality`` finding of a product scored below ``minimum``."""
    first = product.skus[0]
    return Finding(
        code="low-quality",
        severity="error",
        message=(
            f"The listing quality score is {quality.score}, below the minimum of {minimum} "
            f"(points lost: {quality.lost_text() or 'none'}). Add what it lacks (images, a "
            "Chinese description, the net content...; docs/compliance.md lists the "
            "criteria) or lower --min-quality."
        ),
        row=product.row,
        sku=product.outer_id,
        sheet=first.sheet,
        value=str(quality.score),
    )


def _no_rate(catalogue: Catalogue, platform: Platform) -> Finding:
    return Finding(
        code="rate-not-checked",
        severity="info",
        message=(
            f"No EUR to CNY rate: the CNY prices and the CNY 5,000 single-transaction limit "
            f"of {platform.name} were not checked. Pass --rate EUR_CNY or --rates ecb, or "
            "set [pricing] eur_cny in export-kit.toml (run needs one)."
        ),
        source=catalogue.path.name,
    )


def check_for_platform(
    catalogue: Catalogue,
    config: Config,
    platform: str,
    *,
    workspace: Path,
    rate: Decimal | None = None,
    strict: bool = False,
    sidecars: bool = True,
    snapshot: dict[str, Known] | None = None,
    whole_memory: bool = True,
    min_quality: int | None = None,
) -> Report:
    """Every finding of ``catalogue`` for ``platform`` and the products its feed would leave
    out: the precheck of ``run``, through the same :class:`PlatformGate`.

    The rate is ``rate`` (``--rate``), else the config's, else the workspace's cached ECB
    rate; without one the checks that need it are skipped and a finding says so.
    ``min_quality``: products scored below it get a ``low-quality`` error.
    """
    from export_kit.platforms import get_platform
    from export_kit.pricing import resolve_rate
    from export_kit.translate.texts import ChineseTexts

    target = get_platform(platform, config)
    the_rate = resolve_rate(config, rate=rate, workspace=workspace, required=False)
    texts = ChineseTexts.open(
        workspace,
        config,
        catalogue if sidecars else None,
        snapshot=snapshot,
        whole_memory=whole_memory,
    )
    try:
        gate = PlatformGate(
            catalogue,
            config,
            target,
            texts=texts,
            rate=the_rate,
            strict=strict,
            min_quality=min_quality,
        )
        findings = list(gate.catalogue_level)
        excluded: list[dict[str, Any]] = []
        quality: list[dict[str, Any]] = []
        count = 0
        for product in texts.prefetching(catalogue.iter_products()):
            count += 1
            decision = gate.decide(product)
            findings.extend(decision.findings)
            if decision.quality is not None:
                quality.append(decision.quality.to_dict(product.outer_id))
            if decision.blocking:
                excluded.append({"sku": product.outer_id, "codes": decision.codes})
        findings.extend(gate.finish())
    finally:
        texts.close()
    return Report(
        source=catalogue.path.name,
        platform=target.name,
        rows=catalogue.rows,
        products=count,
        findings=findings,
        excluded=excluded,
        quality=quality,
    )
