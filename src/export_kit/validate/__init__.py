"""Validation: every rule over every product, findings collected, never stopping early.

:class:`Validator` checks products one at a time, so a stage that streams products
(``render``, ``run``) validates as it goes; :func:`validate_catalogue` runs it over a
whole catalogue and returns its :class:`~export_kit.validate.report.Report`.

Severities: each rule gives its default (``CODES``, or per catalogue, e.g. a medical claim
is an error in a cosmetics catalogue), ``severity_defaults`` (a platform's) override it,
and the config's ``[rules]`` table wins over both, including ``off``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from export_kit.validate.report import CODES, Finding, Report, apply_severities
from export_kit.validate.rules.base import ColumnGap, Rule, RuleContext
from export_kit.validate.rules.claims import ClaimRule
from export_kit.validate.rules.identifiers import (
    DuplicateSkuRule,
    HsCodeRule,
    RestrictedEanRule,
)
from export_kit.validate.rules.images import ImageRule
from export_kit.validate.rules.prices import PriceRule
from export_kit.validate.rules.required import RequiredRule
from export_kit.validate.sectors import SectorResolver, catalogue_sector

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.config import Config
    from export_kit.model import Product

__all__ = ["CODES", "Finding", "ProductRule", "Report", "Validator", "validate_catalogue"]

ProductRule = Callable[["Product"], Iterable[Finding]]

#: the codes each built-in rule can report (a rule whose codes are all off is skipped)
_RULE_CODES: tuple[tuple[type, frozenset[str]], ...] = (
    (RequiredRule, frozenset({"missing-value"})),
    (DuplicateSkuRule, frozenset({"duplicate-sku"})),
    (PriceRule, frozenset({"non-positive-price"})),
    (HsCodeRule, frozenset({"missing-hs-code"})),
    (RestrictedEanRule, frozenset({"restricted-ean"})),
    (ImageRule, frozenset({"missing-image", "invalid-image-url", "insecure-image-url"})),
    (ClaimRule, frozenset({"superlative-claim", "medical-claim", "special-cosmetic-claim"})),
)


class Validator:
    """Checks a catalogue product by product.

    Call :meth:`catalogue_findings` before the rows, :meth:`check` for each product in
    file order, and :meth:`finish` at the end; each returns findings with ``source``,
    ``sheet`` and the final severities set.

    Args:
        extra_rules: more product rules (a platform's, the Chinese-text rules).
        severity_defaults: a platform's defaults, e.g. ``{"missing-hs-code": "error"}``.
        platform: the platform name, for the report.
        seen_skus: SKUs met before this validator's rows, with their first row (a worker
            checking the rows after them judges duplicates as one validator would).
    """

    def __init__(
        self,
        catalogue: Catalogue,
        config: Config,
        *,
        extra_rules: Sequence[ProductRule] = (),
        severity_defaults: Mapping[str, str] | None = None,
        platform: str | None = None,
        seen_skus: Mapping[str, int] | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.config = config
        self.platform = platform
        self.source = catalogue.path.name
        self.severities: dict[str, str] = {**(severity_defaults or {}), **config.rules}
        ctx = RuleContext.build(catalogue, config)
        self.sectors = SectorResolver(config)
        #: the sector weighing every product's claims (worked out when a claim rule runs)
        self.claims_sector: str | None = None
        self._duplicates = DuplicateSkuRule(ctx)
        if seen_skus:
            self._duplicates.before = seen_skus
        rules: list[Rule] = []
        for cls, codes in _RULE_CODES:
            if all(self.severities.get(code) == "off" for code in codes):
                continue
            if cls is DuplicateSkuRule:
                rules.append(self._duplicates)
            elif cls is ClaimRule:
                self.claims_sector = catalogue_sector(catalogue, config)
                rules.append(ClaimRule(ctx, self.claims_sector))
            else:
                rules.append(cls(ctx))
        self._rules = tuple(rules)
        self._extra = tuple(extra_rules)
        self._checks: tuple[ProductRule, ...] = (
            *(rule.check for rule in rules),
            *self._extra,
        )
        # fields no column holds: one finding for the file each, kept with the products
        # they concern (with their final severity: a run leaves those products out)
        self._gaps: list[tuple[Finding, Callable[[Product], bool] | None]] = []
        for source in (*rules, *self._extra):
            gap: ColumnGap
            for gap in getattr(source, "gaps", ()):
                for finding in self.adopt([dataclasses.replace(gap.finding)]):
                    self._gaps.append((finding, gap.concerns))

    def catalogue_findings(self) -> list[Finding]:
        """Findings about the catalogue as a whole: ``missing-column``..., and one for each
        field no column holds (``missing-image``, a platform's ``missing-value``...)."""
        return [
            *self.adopt(dataclasses.replace(f) for f in self.catalogue.findings),
            *(dataclasses.replace(finding) for finding, _ in self._gaps),
        ]

    def gaps_of(self, product: Product) -> list[Finding]:
        """The file-level findings of fields no column holds that concern ``product`` (it
        lacks those fields): what leaves a product out besides its own findings."""
        if not self._gaps:
            return []
        return [f for f, concerns in self._gaps if concerns is None or concerns(product)]

    def check(self, product: Product) -> list[Finding]:
        """Every finding of one product: parse issues of its rows, rules, extra rules."""
        findings: list[Finding] = []
        for sku in product.skus:
            issues = sku.issues
            if issues:
                findings.extend(map(dataclasses.replace, issues))
        for check in self._checks:
            found = check(product)
            if found:
                findings.extend(found)
        return self.adopt(findings) if findings else findings

    def finish(self) -> list[Finding]:
        """Findings that need every row first (duplicates met out of row order)."""
        return self.adopt(self._duplicates.finish())

    def adopt(self, findings: Iterable[Finding]) -> list[Finding]:
        """Give findings this catalogue's source and sheet, and their final severity."""
        sheet = self.catalogue.sheet
        source = self.source
        kept: list[Finding] = []
        for finding in findings:
            finding.source = source
            if finding.sheet is None:
                finding.sheet = sheet
            kept.append(finding)
        return apply_severities(kept, self.severities) if self.severities else kept


def validate_catalogue(
    catalogue: Catalogue,
    config: Config,
    *,
    extra_rules: Sequence[ProductRule] = (),
    severity_defaults: Mapping[str, str] | None = None,
    platform: str | None = None,
    products: Iterable[Product] | None = None,
) -> Report:
    """Validate every product of ``catalogue``; the report holds every finding.

    ``products``: the catalogue's products as another stage streams them (default:
    ``catalogue.iter_products()``), e.g. with their Chinese fetched ahead.
    """
    validator = Validator(
        catalogue,
        config,
        extra_rules=extra_rules,
        severity_defaults=severity_defaults,
        platform=platform,
    )
    findings = validator.catalogue_findings()
    for product in catalogue.iter_products() if products is None else products:
        findings.extend(validator.check(product))
    findings.extend(validator.finish())
    return Report(
        source=validator.source,
        platform=platform,
        rows=catalogue.rows,
        products=catalogue.products,
        findings=findings,
    )
