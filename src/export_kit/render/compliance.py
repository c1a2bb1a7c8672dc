"""The compliance pack: ``compliance.html`` and ``compliance.csv``, dated.

What a brand hands to its importer of record, its marketplace partner or a regulator: per
product, the Chinese title, the China-law findings with their legal basis
(:mod:`export_kit.validate.legal`) and the decision the gate took; per SKU, how the price
was reached (rate, rounding, the CBEC tax class and why, the formula with its numbers, the
tax, the consumer price, the CNY 5,000 check). Figures are those of ``export-kit price``:
the same :class:`~export_kit.pricing.ProductPrices`, never a second computation.

Records are spooled to a temporary file during the pass (constant memory), as the preview's
cards are, then read back to write both files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from jinja2 import Environment

from export_kit import __version__
from export_kit.config import Config
from export_kit.model import NetContent, Product, Sku
from export_kit.platforms import Platform
from export_kit.platforms.definitions import SOURCES
from export_kit.pricing import Rate, SkuPrice
from export_kit.pricing.tax import classify, consumption_taxes
from export_kit.render.filters import csv_row
from export_kit.render.output import WrittenFile, render_to_file, write_chunks
from export_kit.validate.legal import legal_basis, reference_data, tax_basis
from export_kit.validate.quality import Quality
from export_kit.validate.report import CODES, Finding

__all__ = [
    "CSV_COLUMNS",
    "PACK_CSV",
    "PACK_HTML",
    "PACK_TEMPLATE",
    "PackSpool",
    "pack_header",
    "product_record",
    "write_pack",
]

PACK_HTML = "compliance.html"
PACK_CSV = "compliance.csv"
PACK_TEMPLATE = "compliance.html.j2"

#: one row per SKU; the pack's header first, so the file sorts and filters in Excel
CSV_COLUMNS: tuple[str, ...] = (
    "generated_at",
    "catalogue",
    "catalogue_sha256",
    "export_kit_version",
    "reference_data_version",
    "reference_data_date",
    "platform",
    "platform_rules",
    "outer_id",
    "sku",
    "status",
    "left_out_codes",
    "quality_score",
    "quality_lost",
    "title_zh",
    "legal_findings",
    "legal_sources",
    "price_eur",
    "eur_cny",
    "rate_source",
    "rate_date",
    "price_cny",
    "rounding",
    "tax_class",
    "tax_class_reason",
    "tax_formula",
    "tax_rate",
    "tax_cny",
    "price_with_tax_cny",
    "cbec_limit_cny",
    "cbec_limit_check",
)

_SIX = Decimal("0.000001")
_RATE_SOURCES = {
    "ecb": "ECB reference rate",
    "config": "[pricing] eur_cny",
    "option": "option --rate",
}


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read by blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def rate_source_text(rate: Rate) -> str:
    """Where the rate came from, in words (``ECB reference rate``, ``file eurofxref.xml``)."""
    return _RATE_SOURCES.get(rate.source, rate.source.replace("file:", "file "))


def pack_header(
    *,
    catalogue: Path,
    platform: Platform,
    rate: Rate,
    config: Config,
    generated_at: dt.datetime,
) -> dict[str, Any]:
    """The pack's header: the catalogue and its sha256, versions, rules, rate, the date."""
    reference = reference_data()
    pricing = config.pricing
    return {
        "generated_at": generated_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "catalogue": Path(catalogue).name,
        "catalogue_sha256": file_sha256(catalogue),
        "export_kit_version": __version__,
        "reference_data": {
            "version": reference.version,
            "date": reference.date,
            "sha256": reference.sha256,
        },
        "platform": platform.name,
        "platform_rules": _platform_rules(platform),
        "rate": {
            "eur_cny": str(rate.eur_cny),
            "date": rate.date.isoformat() if rate.date else None,
            "source": rate_source_text(rate),
        },
        "pricing": {
            "markup": str(pricing.markup),
            "rounding": pricing.rounding,
            "vat": str(pricing.vat),
            "cbec_tax_factor": str(pricing.cbec_tax_factor),
            "cbec_transaction_limit": str(pricing.cbec_transaction_limit),
            "high_end_per_ml_or_g": str(pricing.high_end_per_ml_or_g),
            "high_end_per_piece": str(pricing.high_end_per_piece),
        },
        "tax_basis": tax_basis(),
    }


def _platform_rules(platform: Platform) -> list[dict[str, Any]]:
    confirmed = platform.confirmed
    sources = SOURCES.get(platform.name, {})
    unit = "bytes in GBK" if platform.title_unit == "gbk-bytes" else "characters"
    rules = [
        ("title_limit", f"title at most {platform.title_max} {unit}"),
        (
            "description_limit",
            f"description at most {platform.description_max} characters"
            if platform.description_max
            else "no description limit known",
        ),
        (
            "max_images",
            f"at most {platform.max_images} images"
            if platform.max_images
            else "no image limit known",
        ),
        ("price_unit", f"prices in {platform.price_unit}"),
    ]
    return [
        {
            "rule": text,
            "confirmed": bool(confirmed.get(name, False)),
            "source": sources.get(name),
        }
        for name, text in rules
    ]


def product_record(
    product: Product,
    *,
    findings: Sequence[Finding],
    blocking: Sequence[Finding],
    title: str | None,
    quality: Quality | None,
    prices: Iterable[tuple[Sku, SkuPrice | None]],
    config: Config,
    sector: str | None,
) -> dict[str, Any]:
    """What the pack shows of one product: its decision, legal findings and SKU prices."""
    blocked = {id(f) for f in blocking}
    legal = []
    for finding in findings:
        basis = legal_basis(finding.code, sector)
        if basis is None:
            continue
        legal.append(
            {
                "code": finding.code,
                "severity": finding.severity,
                "field": finding.field,
                "value": finding.value,
                "message": finding.message,
                **basis.to_dict(),
                "decision": _decision(finding, blocked, config),
            }
        )
    codes = list(dict.fromkeys(f.code for f in blocking))
    return {
        "outer_id": product.outer_id,
        "name_fr": product.name,
        "title": title,
        "status": "left out" if blocking else "exported",
        "codes": codes,
        "quality": quality.score if quality is not None else None,
        "quality_lost": quality.lost_text() if quality is not None else "",
        "legal": legal,
        "other_findings": sorted(
            {f.code for f in findings if legal_basis(f.code) is None and f.severity != "info"}
        ),
        "skus": [_sku_record(sku, product, price, config) for sku, price in prices],
    }


def _decision(finding: Finding, blocked: set[int], config: Config) -> str:
    if id(finding) in blocked:
        return "left out"
    configured = config.rules.get(finding.code)
    default = CODES.get(finding.code, ("warning", ""))[0]
    if (
        configured is not None
        and configured == finding.severity
        and _RANK.get(configured, 3) > _RANK.get(default, 3)
    ):
        return f"lowered by the brand's config ([rules] {finding.code} = {configured})"
    return "kept after review"


#: severities from the strongest: a config value further down the list lowers a code
_RANK = {"error": 0, "warning": 1, "info": 2, "off": 3}


def _sku_record(
    sku: Sku, product: Product, price: SkuPrice | None, config: Config
) -> dict[str, Any]:
    pricing = config.pricing
    if price is None:
        return {"sku": sku.sku or f"row {sku.row}", "priced": False}
    found = classify(sku, product, price.price_cny, pricing)
    reason = _class_reason(found.reason, sku, product, price, config)
    ct = consumption_taxes(pricing)[price.tax_class]
    exact = (ct + pricing.vat) / (Decimal(1) - ct) * pricing.cbec_tax_factor
    formula = (
        f"({ct} + {pricing.vat}) / (1 - {ct}) x {pricing.cbec_tax_factor} = "
        f"{exact.quantize(_SIX)}; tax = {price.price_cny} x {exact.quantize(_SIX)} = "
        f"{price.tax_cny} (half-up to the fen)"
    )
    limit = pricing.cbec_transaction_limit
    return {
        "sku": price.sku,
        "priced": True,
        "price_eur": str(price.price_eur),
        "price_cny": str(price.price_cny),
        "rounding": _rounding(config),
        "tax_class": price.tax_class,
        "tax_class_reason": reason,
        "tax_formula": formula,
        "tax_rate": str(price.tax_rate),
        "tax_cny": str(price.tax_cny),
        "price_with_tax_cny": str(price.price_with_tax_cny),
        "cbec_limit_cny": str(limit),
        "cbec_limit_check": (
            f"over: {price.price_cny} > {limit}"
            if price.over_cbec_limit
            else f"ok: {price.price_cny} <= {limit}"
        ),
        "over_cbec_limit": price.over_cbec_limit,
    }


def _rounding(config: Config) -> str:
    pricing = config.pricing
    markup = f"markup {pricing.markup * 100:g} %, " if pricing.markup else ""
    return f"EUR x rate, {markup}rounded: {pricing.rounding}"


def _class_reason(reason: str, sku: Sku, product: Product, price: SkuPrice, config: Config) -> str:
    pricing = config.pricing
    hs_code = sku.hs_code or product.first("hs_code")
    category = sku.category or product.category
    if reason == "tax_class":
        text = f"tax_class column: {sku.tax_class or product.first('tax_class')}"
    elif reason == "hs_code":
        text = f"HS code {hs_code}"
    elif reason == "category":
        text = f"category {category}"
    else:
        known = [
            f"HS code {hs_code}" if hs_code else "no HS code",
            f"category {category}" if category else "no category",
        ]
        return f"{' and '.join(known)}: no taxed class (wine, spirits, cosmetics), general goods"
    content = sku.net_content or product.first("net_content")
    cosmetic = price.tax_class == "cosmetics-high-end" or (
        isinstance(hs_code, str)
        and "".join(c for c in hs_code if c.isdigit())[:4] in ("3303", "3304")
    )
    if cosmetic or price.tax_class == "cosmetics-high-end":
        if isinstance(content, NetContent) and content.quantity > 0:
            exact = price.price_cny / content.quantity
            per = exact.quantize(Decimal("0.01"))
            side = ">=" if exact >= pricing.high_end_per_ml_or_g else "<"
            text += (
                f"; cosmetics: {price.price_cny} CNY / {content} = {per} CNY per "
                f"{content.unit} {side} {pricing.high_end_per_ml_or_g}"
            )
        else:
            side = ">=" if price.price_cny >= pricing.high_end_per_piece else "<"
            text += (
                f"; cosmetics without net content: {price.price_cny} CNY per piece {side} "
                f"{pricing.high_end_per_piece}"
            )
    return text


class PackSpool:
    """The pack's product records, kept on disk until the pass is over.

    A worker process of a parallel run writes its own spool and hands its file's path
    (:meth:`detach`) to the parent, which appends it (:meth:`absorb`) in row order; such a
    spool is made in ``directory`` with ``prefix``, so that a run stopped on an error can
    remove what its workers left.
    """

    def __init__(self, directory: Path | None = None, prefix: str = "export-kit-pack-") -> None:
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=prefix, dir=directory)
        self.path = Path(name)
        self._file: IO[bytes] = os.fdopen(handle, "w+b")
        self.count = 0
        self._detached = False

    def add(self, record: dict[str, Any]) -> None:
        """Keep one product's record."""
        pickle.dump(record, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def detach(self) -> tuple[str, int]:
        """Close this spool and give its file to another process (which deletes it)."""
        self._file.close()
        self._detached = True
        return str(self.path), self.count

    def absorb(self, detached: tuple[str, int]) -> None:
        """Append a worker's spool file (then delete it)."""
        path = Path(detached[0])
        try:
            self._file.seek(0, 2)
            with path.open("rb") as handle:
                while block := handle.read(1 << 20):
                    self._file.write(block)
            self.count += detached[1]
        finally:
            path.unlink(missing_ok=True)

    def records(self) -> Iterator[dict[str, Any]]:
        """The records in the order they were added."""
        self._file.flush()
        self._file.seek(0)
        while True:
            try:
                record: dict[str, Any] = pickle.load(self._file)  # our own spool file
            except EOFError:
                return
            yield record

    def close(self) -> None:
        """Delete the temporary file."""
        if not self._file.closed:
            self._file.close()
        if not self._detached:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> PackSpool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def csv_lines(header: Mapping[str, Any], records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """``compliance.csv``: the column names, then one row per SKU (a product without a
    priced SKU gets one row with its price cells empty)."""
    yield csv_row(list(CSV_COLUMNS))
    reference = header["reference_data"]
    rate = header["rate"]
    lead = [
        header["generated_at"],
        header["catalogue"],
        header["catalogue_sha256"],
        header["export_kit_version"],
        reference["version"],
        reference["date"],
        header["platform"],
        "; ".join(
            f"{r['rule']} ({'confirmed' if r['confirmed'] else 'unconfirmed'})"
            for r in header["platform_rules"]
        ),
    ]
    for record in records:
        legal = " | ".join(f"{f['code']}: {f['basis']} ({f['decision']})" for f in record["legal"])
        sources = " | ".join(dict.fromkeys(s for f in record["legal"] for s in f["sources"]))
        product = [
            record["outer_id"],
            None,
            record["status"],
            ", ".join(record["codes"]),
            record["quality"],
            record["quality_lost"],
            record["title"],
            legal,
            sources,
        ]
        skus = record["skus"] or [{"sku": record["outer_id"], "priced": False}]
        for sku in skus:
            product[1] = sku["sku"]
            if sku.get("priced"):
                money = [
                    sku["price_eur"],
                    rate["eur_cny"],
                    rate["source"],
                    rate["date"],
                    sku["price_cny"],
                    sku["rounding"],
                    sku["tax_class"],
                    sku["tax_class_reason"],
                    sku["tax_formula"],
                    sku["tax_rate"],
                    sku["tax_cny"],
                    sku["price_with_tax_cny"],
                    sku["cbec_limit_cny"],
                    sku["cbec_limit_check"],
                ]
            else:
                money = (
                    [None, rate["eur_cny"], rate["source"], rate["date"]]
                    + [None] * 8
                    + [
                        header["pricing"]["cbec_transaction_limit"],
                        "no usable price",
                    ]
                )
            yield csv_row([*lead, *product, *money])


def write_pack(
    out: Path,
    *,
    environment: Environment,
    header: dict[str, Any],
    spool: PackSpool,
) -> tuple[WrittenFile, WrittenFile]:
    """Write ``compliance.csv`` (with a BOM: Excel reads it as UTF-8) and
    ``compliance.html`` into ``out``."""
    table = write_chunks(csv_lines(header, spool.records()), out / PACK_CSV, bom=True)
    page = render_to_file(
        environment,
        PACK_TEMPLATE,
        {"header": header, "products": spool.records(), "product_count": spool.count},
        out / PACK_HTML,
    )
    return page, table
