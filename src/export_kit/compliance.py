"""``export-kit compliance``: the compliance pack of a catalogue for one platform.

The same :class:`~export_kit.validate.gate.PlatformGate` as ``run`` decides each product
(and ``run`` writes the same pack beside its feed); the prices are those of
``export-kit price``. See :mod:`export_kit.render.compliance` for what the pack holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from export_kit.catalogue import is_workbook, read_catalogue
from export_kit.config import Config, load_config
from export_kit.errors import ConfigError
from export_kit.platforms import get_platform
from export_kit.pricing import resolve_rate
from export_kit.render import make_environment
from export_kit.render.compliance import (
    PACK_CSV,
    PACK_HTML,
    PackSpool,
    pack_header,
    product_record,
    write_pack,
)
from export_kit.render.output import WrittenFile
from export_kit.targets import catalogue_inputs, check_output_folder
from export_kit.translate import ChineseTexts
from export_kit.validate.gate import PlatformGate
from export_kit.workspace import workspace_dir

__all__ = ["PackResult", "build_pack"]


@dataclass(frozen=True)
class PackResult:
    """What ``compliance`` wrote: the two files and the counts."""

    html: WrittenFile
    csv: WrittenFile
    products: int
    left_out: int
    skus: int
    over_limit: int


def build_pack(
    catalogue_path: Path,
    *,
    platform: str,
    out: Path,
    config: Config | None = None,
    workspace: Path | None = None,
    rate: Decimal | None = None,
    rates: str | None = None,
    rates_file: Path | None = None,
    strict: bool = False,
    sheet: str | None = None,
    encoding: str | None = None,
    mappings: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> PackResult:
    """Write ``compliance.html`` and ``compliance.csv`` of ``catalogue_path`` into ``out``.

    Chinese texts come from the translation memory (with the catalogue's sidecar
    ``<file>.zh.tmx``); no provider is called. The rate is required, as for ``run``.
    """
    catalogue_path = Path(catalogue_path)
    out = Path(out)
    cfg = config if config is not None else load_config(None, catalogue_path)
    target = get_platform(platform, cfg)
    check_output_folder(
        out,
        option="--out",
        writes=[PACK_HTML, PACK_CSV],
        inputs=catalogue_inputs(
            catalogue_path,
            cfg.path,
            ("the glossary", cfg.resolve(cfg.translation.glossary)),
            ("the rates file", rates_file),
        ),
        workspace=workspace,
    )
    ws = workspace_dir(workspace)
    the_rate = resolve_rate(cfg, rate=rate, rates=rates, rates_file=rates_file, workspace=ws)
    if the_rate is None:  # resolve_rate raises first; kept for the type checker
        raise ConfigError("No EUR to CNY exchange rate: pass --rate EUR_CNY or --rates ecb.")
    generated_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    catalogue = read_catalogue(
        catalogue_path, config=cfg, sheet=sheet, encoding=encoding, mappings=mappings
    )
    texts = ChineseTexts.open(ws, cfg, catalogue, whole_memory=is_workbook(catalogue_path))
    products = left_out = skus = over = 0
    try:
        gate = PlatformGate(catalogue, cfg, target, texts=texts, rate=the_rate, strict=strict)
        with PackSpool() as pack:
            for product in texts.prefetching(catalogue.iter_products()):
                decision = gate.decide(product)
                prices = gate.prices_of(product) if gate.prices_of is not None else ()
                record = product_record(
                    product,
                    findings=decision.findings,
                    blocking=decision.blocking,
                    title=decision.title,
                    quality=decision.quality,
                    prices=prices,
                    config=cfg,
                    sector=gate.sectors(product),
                )
                pack.add(record)
                products += 1
                left_out += bool(decision.blocking)
                skus += sum(1 for s in record["skus"] if s.get("priced"))
                over += sum(1 for s in record["skus"] if s.get("over_cbec_limit"))
            header = pack_header(
                catalogue=catalogue_path,
                platform=target,
                rate=the_rate,
                config=cfg,
                generated_at=generated_at,
            )
            html, table = write_pack(
                out, environment=make_environment(None), header=header, spool=pack
            )
    finally:
        texts.close()
    return PackResult(html, table, products, left_out, skus, over)
