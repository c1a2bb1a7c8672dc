"""Rules on the Chinese side of a catalogue (DESIGN §6): once Chinese exists, check it.

* ``banned-term`` (error): an Advertising Law Art. 9 absolute term (最佳, 第一, 国家级…) in
  the Chinese name or description (``data/adlaw-absolute-terms.txt``). A term that only
  occurs inside a longer over-broad term (最 in 最新) is left to ``overbroad-term``.
* ``overbroad-term`` (info): a term that public lists ban but that is often harmless
  (国家, 高级, 正品…): review it.
* ``medical-claim``: a medical term (治疗, 药用…, ``data/medical-claim-terms.txt``); an
  error for cosmetics and food (drinks included), a warning for other sectors.
* ``special-cosmetic-claim`` (warning): 美白, 祛斑, 防晒… need an NMPA special-cosmetics
  registration (cosmetics, or a product whose sector is unknown).
* ``missing-translation`` (warning here; only when asked: ``validate --platform``,
  ``translate``): a text field without Chinese.
* ``missing-brand-name`` (warning): the product's brand has no Chinese name.

Each finding names the row and column the text came from (the ``name_zh`` column when
the Chinese was typed there). Scans are cached per distinct Chinese text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from export_kit.validate.report import Finding, Severity
from export_kit.validate.sectors import FOOD_SECTORS, SectorResolver

if TYPE_CHECKING:
    from export_kit.config import Config
    from export_kit.model import Product, Sku
    from export_kit.translate.texts import ChineseTexts

__all__ = ["ChineseScanner", "TermHit", "chinese_rules"]

ProductRule = Callable[["Product"], Iterable[Finding]]

_CACHE_LIMIT = 50_000
_VALUE_MAX = 200
_SCANNED = ("name", "description")
_SEVERITIES: dict[str, Severity] = {
    "banned-term": "error",
    "overbroad-term": "info",
    "special-cosmetic-claim": "warning",
}
_LABELS = {
    "name": "name",
    "description": "description",
    "category": "category",
    "colour": "colour",
    "size": "size",
}


@dataclass(frozen=True, slots=True)
class TermHit:
    """Terms of one code found in a text, in order of first appearance."""

    code: str
    terms: tuple[str, ...]


def _terms(name: str) -> list[str]:
    from export_kit.translate.glossary import read_data_lines

    return list(dict.fromkeys(read_data_lines(name)))


def _pattern(terms: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        escaped = re.escape(term)
        # Latin terms (NO.1, 5A, TOP1) only as whole tokens, not inside a SKU or word
        parts.append(rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])" if term.isascii() else escaped)
    return re.compile("|".join(parts), re.IGNORECASE)


class ChineseScanner:
    """Finds listed terms in Chinese text (compiled once, results cached per text)."""

    def __init__(self) -> None:
        self._absolute = _pattern(_terms("adlaw-absolute-terms.txt"))
        self._overbroad = _pattern(_terms("adlaw-overbroad-terms.txt"))
        self._medical = _pattern(_terms("medical-claim-terms.txt"))
        self._special = _pattern(_terms("cosmetics-special-claim-terms.txt"))
        self._cache: dict[str, tuple[TermHit, ...]] = {}
        self._html_cache: dict[str, tuple[TermHit, ...]] = {}

    def scan(self, text: str) -> tuple[TermHit, ...]:
        """Every code whose terms occur in ``text`` (plain text, not HTML)."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        result = self._scan(text)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[text] = result
        return result

    def scan_field(self, text: str, *, html: bool) -> tuple[TermHit, ...]:
        """Like :meth:`scan`; ``html``: scan the text nodes only (cached per raw value)."""
        if not html:
            return self.scan(text)
        hit = self._html_cache.get(text)
        if hit is None:
            from export_kit.translate.segments import html_to_text

            hit = self.scan(html_to_text(text))
            if len(self._html_cache) >= _CACHE_LIMIT:
                self._html_cache.clear()
            self._html_cache[text] = hit
        return hit

    def _scan(self, text: str) -> tuple[TermHit, ...]:
        hits: list[TermHit] = []
        broad_spans = [m.span() for m in self._overbroad.finditer(text)]
        banned_spans = [
            m.span()
            for m in self._absolute.finditer(text)
            if not any(
                s <= m.start() and m.end() <= e and m.end() - m.start() <= e - s
                for s, e in broad_spans
            )
        ]
        # 国家 inside 国家级 is already reported as banned
        broad = [
            text[s:e]
            for s, e in broad_spans
            if not any(bs <= s and e <= be for bs, be in banned_spans)
        ]
        for code, found in (
            ("banned-term", [text[s:e] for s, e in banned_spans]),
            ("overbroad-term", broad),
            ("medical-claim", [m.group() for m in self._medical.finditer(text)]),
            ("special-cosmetic-claim", [m.group() for m in self._special.finditer(text)]),
        ):
            if found:
                hits.append(TermHit(code, tuple(dict.fromkeys(found))))
        return tuple(hits)


@functools.cache
def _scanner() -> ChineseScanner:
    return ChineseScanner()


def _medical_severity(sector: str | None) -> Severity:
    return "error" if sector == "cosmetics" or sector in FOOD_SECTORS else "warning"


def _short(text: str) -> str:
    return text if len(text) <= _VALUE_MAX else text[: _VALUE_MAX - 1] + "…"


def _messages(code: str, label: str, terms: str, sector: str | None) -> str:
    if code == "banned-term":
        return (
            f"The Chinese {label} contains {terms}: absolute terms banned by the "
            "Advertising Law (Art. 9). Rephrase the Chinese without them (edit the "
            "review sheet and run export-kit memory import), and check the French."
        )
    if code == "overbroad-term":
        return (
            f"The Chinese {label} contains {terms}, on some platforms' banned-word "
            "lists: check that it is true and needed."
        )
    if code == "medical-claim":
        who = f"a {sector} product" if sector else "this product"
        return (
            f"The Chinese {label} contains {terms}: a medical claim, not allowed for "
            f"{who} (Advertising Law Art. 17). Remove it from the French and the Chinese."
        )
    return (
        f"The Chinese {label} contains {terms}: a special-cosmetics claim that needs an "
        "NMPA registration. Remove it, or keep it only for a registered product."
    )


def chinese_rules(texts: ChineseTexts, config: Config, *, report_missing: bool) -> ProductRule:
    """The product rule checking the Chinese of every product (see the module doc).

    Args:
        report_missing: report ``missing-translation`` (``validate --platform``,
            ``translate``); plain ``validate`` says nothing of translations.
    """
    from export_kit.model import TEXT_FIELDS
    from export_kit.translate.normalise import normalise

    scanner = _scanner()
    sectors = SectorResolver(config)

    def finding(
        code: str,
        severity: Severity,
        message: str,
        sku: Sku,
        column_field: str,
        text_field: str,
        value: str | None,
    ) -> Finding:
        return Finding(
            code=code,
            severity=severity,
            message=message,
            row=sku.row,
            column=sku.columns.get(column_field) or sku.columns.get(text_field),
            field=text_field,
            sku=sku.sku,
            value=value,
            sheet=sku.sheet,
        )

    def rule(product: Product) -> Iterator[Finding]:
        product_brand = product.brand
        brand = product_brand or config.brand.name
        if brand and texts.brand(product_brand) is None:
            sku = product.first_sku_with("brand")
            yield finding(
                "missing-brand-name",
                "warning",
                f"The brand '{brand}' has no Chinese name. Add chinese_name to [brand] in "
                "export-kit.toml, or a row to the [translation] brands file.",
                sku,
                "brand",
                "brand",
                brand,
            )
        fields = TEXT_FIELDS if report_missing else _SCANNED
        sector: str | None = None
        sector_known = False
        seen: set[tuple[str, str]] = set()
        for sku in product.skus:
            for text_field in fields:
                value = getattr(sku, text_field, None)
                if not isinstance(value, str) or (text_field, value) in seen:
                    continue
                seen.add((text_field, value))
                if not value.strip():
                    continue
                label = _LABELS[text_field]
                chinese = texts.field(sku, text_field)
                if chinese is None:
                    if report_missing:
                        yield finding(
                            "missing-translation",
                            "warning",
                            f"The {label} '{_short(normalise(value))}' has no Chinese yet. "
                            "Run export-kit translate, or add it to the glossary or the "
                            "memory (export-kit memory import).",
                            sku,
                            text_field,
                            text_field,
                            _short(value),
                        )
                    continue
                if text_field not in _SCANNED:
                    continue
                hits = scanner.scan_field(chinese, html=text_field == "description")
                if not hits:
                    continue
                if not sector_known:
                    sector, sector_known = sectors(product), True
                human_column = f"{text_field}_zh"
                typed = getattr(sku, human_column, None)
                column_field = (
                    human_column if isinstance(typed, str) and typed.strip() else text_field
                )
                for hit in hits:
                    if hit.code == "special-cosmetic-claim" and sector not in (None, "cosmetics"):
                        continue
                    severity: Severity = (
                        _medical_severity(sector)
                        if hit.code == "medical-claim"
                        else _SEVERITIES[hit.code]
                    )
                    yield finding(
                        hit.code,
                        severity,
                        _messages(hit.code, label, "、".join(hit.terms), sector),
                        sku,
                        column_field,
                        text_field,
                        _short(chinese),
                    )

    return rule
