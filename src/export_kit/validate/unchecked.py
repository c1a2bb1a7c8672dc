"""A listing may not use Chinese that failed a check against its French (needs-review).

The checks (:mod:`export_kit.translate.checking`) run when a provider returns a text and
when one is imported; a text that fails is kept in the memory as needs-review with its
reasons. Under ``--platform``, a product whose name or description has such Chinese is
not ready: an error named after the check that failed (``number-mismatch``…), a warning
with ``[translation] accept_unchecked = true``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from export_kit.validate.report import Finding

if TYPE_CHECKING:
    from export_kit.config import Config
    from export_kit.model import Product
    from export_kit.translate.texts import ChineseTexts

__all__ = ["CHECKED_FIELDS", "unchecked_rule"]

#: the texts a listing shows whose Chinese must have passed its checks
CHECKED_FIELDS = ("name", "description")


def unchecked_rule(texts: ChineseTexts, config: Config) -> Callable[[Product], Iterator[Finding]]:
    """The rule reporting a product's Chinese that needs review."""
    accept = config.translation.accept_unchecked

    def rule(product: Product) -> Iterator[Finding]:
        if not texts.needs_review:
            return
        for field in CHECKED_FIELDS:
            holder = product.first_sku_with(field)
            reasons = texts.review_reasons(holder, field)
            if reasons is None:
                continue
            code = reasons.split(":", 1)[0].strip()
            then = (
                "It is used because [translation] accept_unchecked = true."
                if accept
                else "The product is not ready until a reviewed Chinese replaces it: correct "
                "it in the review workbook and import it (export-kit memory import), or set "
                "[translation] accept_unchecked = true."
            )
            yield Finding(
                code=code,
                severity="warning" if accept else "error",
                message=(
                    f"The Chinese of the {field} failed its check against the French "
                    f"({reasons}). {then}"
                ),
                row=holder.row,
                sheet=holder.sheet,
                column=holder.columns.get(field),
                field=field,
                sku=holder.sku,
                value=getattr(holder, field, None),
            )

    return rule
