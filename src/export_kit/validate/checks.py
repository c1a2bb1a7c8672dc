"""The rules a ``validate`` run adds beyond the base rules: Chinese texts, platform, rate.

Plain ``validate`` checks the Chinese that already exists (banned terms, medical and
special-cosmetic claims) but says nothing of missing translations;
``validate --platform`` adds the platform's rules, missing translations and the rate.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from export_kit.translate.texts import ChineseTexts
from export_kit.validate.chinese import chinese_rules

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.config import Config
    from export_kit.model import Product
    from export_kit.translate.memory import Known
    from export_kit.validate import ProductRule
    from export_kit.validate.report import Finding

__all__ = ["ExtraChecks", "extra_checks"]

#: the text fields plain validate reads the Chinese of (banned terms and claims)
_SCANNED = ("name", "description")


@dataclass
class ExtraChecks:
    """Rules and catalogue-level findings to add to a validation run.

    Attributes:
        texts: the Chinese texts the rules read (open while the context lasts).
        fields: the text fields whose Chinese the rules ask for.
    """

    texts: ChineseTexts
    fields: tuple[str, ...]
    rules: list[ProductRule] = field(default_factory=list)
    severity_defaults: dict[str, str] = field(default_factory=dict)
    catalogue_findings: list[Finding] = field(default_factory=list)

    def products(self, catalogue: Catalogue) -> Iterator[Product]:
        """The catalogue's products, their Chinese fetched ahead a chunk at a time."""
        return self.texts.prefetching(catalogue.iter_products(), self.fields)


@contextlib.contextmanager
def extra_checks(
    catalogue: Catalogue,
    config: Config,
    *,
    workspace: Path,
    platform: str | None = None,
    rate: Decimal | None = None,
    sidecars: bool = True,
    snapshot: dict[str, Known] | None = None,
    whole_memory: bool = True,
) -> Iterator[ExtraChecks]:
    """Open the Chinese texts (importing the catalogue's sidecar) and build the extra rules.

    Without ``platform``: the Chinese-text rules on the Chinese that exists. With it: also
    the platform's rules on the title composed for it, missing translations, and the
    exchange rate's age (when a rate is known: ``--rate`` or the config). ``sidecars``:
    import the catalogue's sidecar translations first (once per content); ``snapshot``:
    the memory already loaded (:func:`~export_kit.translate.texts.load_snapshot`);
    ``whole_memory``: whether the memory may be loaded whole later (not for a streamed
    text catalogue).
    """
    texts = ChineseTexts.open(
        workspace,
        config,
        catalogue if sidecars else None,
        snapshot=snapshot,
        whole_memory=whole_memory,
    )
    try:
        if platform is None:
            # missing translations and brand names are left to --platform
            checks = ExtraChecks(texts, _SCANNED)
            checks.rules.append(
                chinese_rules(
                    texts, config, report_missing=False, report_brand=False, catalogue=catalogue
                )
            )
            yield checks
            return
        # platform, pricing (httpx) and title code only when a platform is asked for
        from export_kit.model import TEXT_FIELDS
        from export_kit.platforms import get_platform
        from export_kit.pricing import resolve_rate
        from export_kit.translate.title import Title, build_title, template_of
        from export_kit.validate.platform import platform_rules, rate_findings
        from export_kit.validate.unchecked import unchecked_rule

        checks = ExtraChecks(texts, TEXT_FIELDS)
        target = get_platform(platform, config)
        the_rate = resolve_rate(config, rate=rate, workspace=workspace, required=False)
        template = template_of(target)

        def title_for(product: Product) -> Title | None:
            return build_title(
                product,
                texts,
                max_len=target.title_max,
                unit=target.title_unit,
                template=template,
            )

        checks.rules.append(
            platform_rules(target, config, title_for=title_for, rate=the_rate, catalogue=catalogue)
        )
        checks.rules.append(chinese_rules(texts, config, report_missing=True, catalogue=catalogue))
        checks.rules.append(unchecked_rule(texts, config))
        checks.severity_defaults.update(target.severity_defaults)
        checks.catalogue_findings.extend(rate_findings(the_rate, config))
        yield checks
    finally:
        texts.close()
