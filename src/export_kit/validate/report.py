"""Findings and the report that collects them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "CODES",
    "SEVERITIES",
    "Finding",
    "Report",
    "Severity",
    "apply_severities",
    "report_order",
]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "info", "off")

#: Every stable finding code with its default severity and what it means.
CODES: dict[str, tuple[Severity, str]] = {
    "unreadable-file": ("error", "the file cannot be parsed (wrong type, corrupt, empty)"),
    "missing-column": ("error", "no column maps to a required field"),
    "missing-value": ("error", "a required field is empty in a row"),
    "missing-recommended": ("warning", "a field the platform recommends is empty"),
    "duplicate-sku": ("error", "a SKU appears again (reported on the later rows)"),
    "invalid-number": ("error", "price, weight, stock or content cannot be read as a number"),
    "formula-without-value": ("error", "a formula cell has no cached value"),
    "non-positive-price": ("error", "price is zero or negative"),
    "invalid-ean": ("error", "wrong length, non-digits, bad check digit, scientific notation"),
    "invalid-hs-code": ("error", "not 6 to 10 digits"),
    "missing-hs-code": ("warning", "cross-border declaration needs an HS code"),
    "missing-image": ("warning", "no image"),
    "invalid-image-url": ("error", "not an absolute http(s) URL"),
    "insecure-image-url": ("warning", "image URL uses http://"),
    "superlative-claim": ("warning", "French claim that becomes a banned word in Chinese"),
    "medical-claim": ("error", "medical claim in French or Chinese text"),
    "special-cosmetic-claim": (
        "warning",
        "claim that needs an NMPA special-cosmetics registration",
    ),
    "banned-term": ("error", "Chinese text contains an Advertising Law absolute term"),
    "overbroad-term": ("info", "Chinese text contains a term some lists ban: review it"),
    "missing-translation": ("warning", "a text has no Chinese yet"),
    "missing-brand-name": ("warning", "the brand has no Chinese name in the glossary"),
    "title-too-long": ("error", "the Chinese title exceeds the platform limit"),
    "title-shortened": ("info", "the title was shortened to the platform limit: what was cut"),
    "unencodable-character": ("warning", "a title character GBK cannot encode: replaced"),
    "untranslated": ("error", "a Chinese text is empty, the French, or in Latin letters"),
    "number-mismatch": ("error", "a number or quantity of the French is not in the Chinese"),
    "glossary-not-applied": ("error", "a glossary term of the French lacks its Chinese"),
    "protected-term-changed": ("error", "a brand or do-not-translate term was changed"),
    "markup-mismatch": ("error", "the Chinese has other HTML tags than the French"),
    "over-cbec-limit": ("error", "CNY price of one unit above the CBEC single-transaction limit"),
    "stale-exchange-rate": ("warning", "the EUR to CNY rate is older than max_rate_age_days"),
    "unmapped-category": ("warning", "no platform category id for the product's category"),
    "too-many-images": ("warning", "more images than the platform takes"),
    "derived-sku": ("warning", "a variant without a SKU got one derived from its product"),
    "not-a-listing": ("warning", "a row that is not a product to list (grouped, external)"),
    "no-header-row": ("error", "the file has no header row: its first line is a product"),
    "ambiguous-number": ("error", "a number that reads two ways (1.299: 1.299 or 1299?)"),
    "mixed-encoding": ("warning", "a line of a UTF-8 file was written in Windows-1252"),
    "restricted-ean": ("warning", "an in-store (GS1 restricted circulation) barcode"),
    "incomplete-listing": ("error", "a listing without a title, a positive price or a SKU"),
    "rate-not-checked": ("info", "no EUR to CNY rate: the checks that need one were skipped"),
    "separator-in-sku": ("error", "a SKU holds the separator of the platform API's lists"),
    "weight-in-grams": ("warning", "a weight column without a unit read as grams"),
    "rounded-price": ("warning", "a workbook price with more than two decimals, read to the cent"),
    "low-quality": ("error", "listing quality score below validate --min-quality"),
    # the one finding of a command that stopped (--format json prints it, exit 2 to 130)
    "config-error": ("error", "export-kit.toml, an option or a credential cannot be used"),
    "usage-error": ("error", "the command line is wrong: unknown option, bad value"),
    "output-error": ("error", "an output or the workspace cannot be written"),
    "remote-error": ("error", "a remote service (provider, ECB, gateway) failed after retries"),
    "internal-error": ("error", "a bug in export-kit stopped the command"),
    "interrupted": ("error", "the command was interrupted before the end"),
}


@dataclass(slots=True)
class Finding:
    """One problem, located as a person sees it in a spreadsheet."""

    code: str
    severity: Severity
    message: str
    row: int | None = None
    column: str | None = None
    field: str | None = None
    sku: str | None = None
    value: str | None = None
    sheet: str | None = None
    source: str | None = None

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        # worker processes send their findings back pickled: as arguments, a third of
        # the default (slots) state's cost
        return (
            Finding,
            (
                self.code,
                self.severity,
                self.message,
                self.row,
                self.column,
                self.field,
                self.sku,
                self.value,
                self.sheet,
                self.source,
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a finding (every key present, ``None`` where it does not apply)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "row": self.row,
            "sheet": self.sheet,
            "column": self.column,
            "field": self.field,
            "sku": self.sku,
            "value": self.value,
            "message": self.message,
        }


def apply_severities(findings: Iterable[Finding], overrides: Mapping[str, str]) -> list[Finding]:
    """Apply the ``[rules]`` table: change a code's severity, or drop it with ``off``."""
    kept: list[Finding] = []
    for finding in findings:
        wanted = overrides.get(finding.code)
        if wanted == "off":
            continue
        if wanted in ("error", "warning", "info"):
            finding.severity = wanted  # type: ignore[assignment]
        kept.append(finding)
    return kept


def report_order(finding: Finding) -> tuple[int, str, str]:
    """A finding's place in a report: catalogue-level first, then by row, column, code."""
    return (finding.row if finding.row is not None else -1, finding.column or "", finding.code)


@dataclass(slots=True)
class Report:
    """All findings of one catalogue, with their counts."""

    source: str
    platform: str | None = None
    rows: int = 0
    products: int = 0
    findings: list[Finding] = field(default_factory=list)
    #: with a platform: the products a feed would leave out, ``{"sku", "codes"}`` each
    excluded: list[dict[str, Any]] | None = None
    #: with a platform: each product's listing quality score, ``{"sku", "score", "lost"}``
    quality: list[dict[str, Any]] | None = None

    @property
    def errors(self) -> int:
        """Number of error findings."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        """Number of warning findings."""
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def infos(self) -> int:
        """Number of info findings."""
        return sum(1 for f in self.findings if f.severity == "info")

    def ok(self, *, strict: bool = False) -> bool:
        """True when nothing fails the run (warnings fail it with ``strict``; with a
        platform, a product left out fails it too)."""
        if self.excluded:
            return False
        return self.errors == 0 and (not strict or self.warnings == 0)

    def sorted_findings(self) -> list[Finding]:
        """Findings in reading order: catalogue-level first, then by row and column."""
        return sorted(self.findings, key=report_order)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``validate --format json`` (and ``report.json``); with a
        platform, ``excluded`` lists the products its feed would leave out."""
        data: dict[str, Any] = {
            "source": self.source,
            "platform": self.platform,
            "summary": {
                "rows": self.rows,
                "products": self.products,
                "errors": self.errors,
                "warnings": self.warnings,
                "infos": self.infos,
            },
            "findings": [f.to_dict() for f in self.sorted_findings()],
        }
        if self.excluded is not None:
            data["summary"]["excluded"] = len(self.excluded)
            data["excluded"] = self.excluded
        if self.quality is not None:
            data["quality"] = self.quality
        return data

    def to_json(self) -> str:
        """The report as indented JSON text (Chinese kept readable)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
