"""Rules on the Chinese side of a catalogue: once Chinese exists, check it.

* ``banned-term`` (error): an Advertising Law Art. 9 absolute term (最佳, 第一, 国家级…) in
  the Chinese name or description (``data/adlaw-absolute-terms.txt``). A term that only
  occurs inside a longer over-broad term (最 in 最新) is left to ``overbroad-term``.
* ``overbroad-term`` (info): a term that public lists ban but that is often harmless
  (国家, 高级, 正品…): review it.
* ``medical-claim``: a medical term (治疗, 药用…, ``data/medical-claim-terms.txt``); an
  error for cosmetics and food (drinks included), a warning for other sectors.
* ``special-cosmetic-claim`` (warning): 美白, 祛斑, 防晒… need an NMPA special-cosmetics
  registration (cosmetics only).

Claims are weighed by the catalogue's sector (:func:`~export_kit.validate.sectors.catalogue_sector`)
when the rules are given the catalogue, else by each product's.
* ``missing-translation`` (warning here; only when asked: ``validate --platform``,
  ``translate``): a text field without Chinese.
* ``missing-brand-name`` (warning): the product's brand has no Chinese name.

Each finding names the row and column the text came from (the ``name_zh`` column when
the Chinese was typed there). Scans are cached per distinct Chinese text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from export_kit.validate.report import Finding, Severity
from export_kit.validate.sectors import FOOD_SECTORS, SectorResolver, catalogue_sector

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.config import Config
    from export_kit.model import Product, Sku
    from export_kit.translate.memory import Known
    from export_kit.translate.texts import BoundedCache, ChineseTexts

__all__ = ["ChineseScanner", "TermHit", "chinese_rules", "chinese_scanner", "prepare_scan"]

ProductRule = Callable[["Product"], Iterable[Finding]]

#: distinct texts whose scan is kept: texts repeat within a catalogue (variants share a
#: name and a description), but a scan is cheap to redo and memory must stay flat
_CACHE_LIMIT = 4096
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_VALUE_MAX = 200
_SCANNED = ("name", "description")
#: the column a person types the Chinese of a scanned field in
_TYPED = {field: f"{field}_zh" for field in _SCANNED}
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


class _Terms:
    """A list of terms found as in one regex alternation, longest first, without overlaps.

    The Chinese terms form one case-sensitive alternation of literals, which the regex
    engine scans for quickly (it skips ahead to a possible first character); the Latin
    terms (``NO.1``, ``5A``, ``TOP1``) are matched case-insensitively as whole tokens only,
    by a second pattern that runs only on text holding an ASCII letter or digit.
    """

    __slots__ = ("_gated", "_latin", "_native")

    def __init__(self, terms: Iterable[str]) -> None:
        ordered = sorted(set(terms), key=len, reverse=True)
        native = [re.escape(t) for t in ordered if not t.isascii()]
        latin = [re.escape(t) for t in ordered if t.isascii()]
        # skip the Latin pattern on text without ASCII letters or digits, when that text
        # cannot hold a Latin term
        self._gated = all(_ASCII_ALNUM.search(t) for t in ordered if t.isascii())
        self._native = re.compile("|".join(native)) if native else None
        self._latin = (
            re.compile(
                r"(?<![A-Za-z0-9])(?:" + "|".join(latin) + r")(?![A-Za-z0-9])", re.IGNORECASE
            )
            if latin
            else None
        )

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Start and end of each match, in order, leftmost and longest first."""
        native = [m.span() for m in self._native.finditer(text)] if self._native else []
        if self._latin is None or (self._gated and _ASCII_ALNUM.search(text) is None):
            return native
        latin = [m.span() for m in self._latin.finditer(text)]
        if not latin:
            return native
        if not native:
            return latin
        merged: list[tuple[int, int]] = []
        end = -1
        for start, stop in sorted(native + latin, key=lambda s: (s[0], -s[1])):
            if start >= end:
                merged.append((start, stop))
                end = stop
        return merged

    def found(self, text: str) -> list[str]:
        """The matched texts, in order."""
        return [text[s:e] for s, e in self.spans(text)]

    def occur_in(self, text: str) -> bool:
        """True when any term occurs in ``text``."""
        if self._native is not None and self._native.search(text) is not None:
            return True
        if self._latin is None or (self._gated and _ASCII_ALNUM.search(text) is None):
            return False
        return self._latin.search(text) is not None


class ChineseScanner:
    """Finds listed terms in Chinese text (compiled once, results cached per text)."""

    def __init__(self) -> None:
        absolute = _terms("adlaw-absolute-terms.txt")
        overbroad = _terms("adlaw-overbroad-terms.txt")
        medical = _terms("medical-claim-terms.txt")
        special = _terms("cosmetics-special-claim-terms.txt")
        self._absolute = _Terms(absolute)
        self._overbroad = _Terms(overbroad)
        self._medical = _Terms(medical)
        self._special = _Terms(special)
        # nearly every text holds none of the terms: one search over all of them says so
        self._any = _Terms([*absolute, *overbroad, *medical, *special])
        from export_kit.translate.texts import BoundedCache

        self._flagged: tuple[Mapping[str, Known], frozenset[str]] | None = None
        self._cache: BoundedCache[str, tuple[TermHit, ...]] = BoundedCache(_CACHE_LIMIT)
        self._html_cache: BoundedCache[str, tuple[TermHit, ...]] = BoundedCache(_CACHE_LIMIT)

    def flagged(self, snapshot: Mapping[str, Known]) -> frozenset[str]:
        """Keys of the memory entries whose Chinese may hold a listed term (remembered
        for the last snapshot asked about).

        Nearly no entry does: a text whose approved entry is not among these needs no
        scan. An entry with an HTML entity is kept in, as its text nodes may differ.
        """
        if self._flagged is not None and self._flagged[0] is snapshot:
            return self._flagged[1]
        occur_in = self._any.occur_in
        keys = frozenset(
            key for key, known in snapshot.items() if "&" in known.target or occur_in(known.target)
        )
        self._flagged = (snapshot, keys)
        return keys

    def adopt_flagged(self, snapshot: Mapping[str, Known], keys: frozenset[str]) -> None:
        """Take :meth:`flagged` of ``snapshot`` as found before (kept in the workspace)."""
        self._flagged = (snapshot, keys)

    def scan(self, text: str) -> tuple[TermHit, ...]:
        """Every code whose terms occur in ``text`` (plain text, not HTML)."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        result = self._scan(text)
        self._cache.put(text, result)
        return result

    def scan_field(self, text: str, *, html: bool) -> tuple[TermHit, ...]:
        """Like :meth:`scan`; ``html``: scan the text nodes only (cached per raw value)."""
        if not html:
            return self.scan(text)
        hit = self._html_cache.get(text)
        if hit is None:
            from export_kit.translate.segments import html_to_text

            hit = self.scan(html_to_text(text))
            self._html_cache.put(text, hit)
        return hit

    def _scan(self, text: str) -> tuple[TermHit, ...]:
        if not self._any.occur_in(text):
            return ()
        hits: list[TermHit] = []
        broad_spans = self._overbroad.spans(text)
        banned_spans = [
            (start, end)
            for start, end in self._absolute.spans(text)
            if not any(s <= start and end <= e and end - start <= e - s for s, e in broad_spans)
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
            ("medical-claim", self._medical.found(text)),
            ("special-cosmetic-claim", self._special.found(text)),
        ):
            if found:
                hits.append(TermHit(code, tuple(dict.fromkeys(found))))
        return tuple(hits)


@functools.cache
def _scanner() -> ChineseScanner:
    return ChineseScanner()


def chinese_scanner() -> ChineseScanner:
    """The scanner over the built-in term lists (one per process, its caches shared)."""
    return _scanner()


def prepare_scan(snapshot: Mapping[str, Known]) -> None:
    """Find ahead which entries of a memory snapshot may hold a listed term, so the Chinese
    rule scans only those (run it while the workbook loads, before forking)."""
    _scanner().flagged(snapshot)


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


def chinese_rules(
    texts: ChineseTexts,
    config: Config,
    *,
    report_missing: bool,
    report_brand: bool = True,
    catalogue: Catalogue | None = None,
) -> ProductRule:
    """The product rule checking the Chinese of every product (see the module doc).

    Args:
        report_missing: report ``missing-translation`` (``validate --platform``,
            ``translate``); plain ``validate`` says nothing of translations.
        report_brand: report ``missing-brand-name`` (plain ``validate`` does not).
        catalogue: the catalogue the products come from: its sector weighs the claims of
            all of them (without it, each product's own sector does).
    """
    from export_kit.model import TEXT_FIELDS
    from export_kit.translate.normalise import normalise
    from export_kit.translate.texts import snapshot_key

    scanner = _scanner()
    sectors: Callable[[Product], str | None] = SectorResolver(config)
    if catalogue is not None:
        fixed = catalogue_sector(catalogue, config)
        sectors = lambda _product: fixed  # noqa: E731

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
        product_brand = product.brand if report_brand else None
        brand = (product_brand or config.brand.name) if report_brand else None
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
        # with the memory loaded whole, an approved entry whose Chinese holds no term needs
        # no scan, and in plain validate no look-up either (a row's typed Chinese wins)
        snapshot = texts.snapshot
        flagged = scanner.flagged(snapshot) if snapshot is not None else frozenset()
        several = len(product.skus) > 1
        for sku in product.skus:
            for text_field in fields:
                value = getattr(sku, text_field, None)
                if not isinstance(value, str) or not value or value.isspace():
                    continue
                if several:  # variants share most texts: each is checked once
                    if (text_field, value) in seen:
                        continue
                    seen.add((text_field, value))
                if snapshot is not None:
                    if text_field not in _SCANNED:
                        # a text that is its own key with an approved entry has Chinese
                        # (texts.field's first look-up): not missing, and not scanned
                        known = snapshot.get(value)
                        if known is not None and known.approved:
                            continue
                    else:
                        typed = getattr(sku, _TYPED[text_field], None)
                        if not (isinstance(typed, str) and typed.strip()):
                            key = snapshot_key(snapshot, value)
                            known = snapshot.get(key)
                            if known is not None and known.approved and key not in flagged:
                                # its Chinese is this approved entry's (texts.field would
                                # give it): not missing, and known to hold no listed term
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
                    if hit.code == "special-cosmetic-claim" and sector != "cosmetics":
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
