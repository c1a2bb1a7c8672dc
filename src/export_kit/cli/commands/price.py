"""``export-kit price``: CNY prices, CBEC tax and the limit check per SKU."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from export_kit.cli.options import (
    CommonOptions,
    InputPath,
    common_options,
    echo_json,
    format_option,
)
from export_kit.config import load_config
from export_kit.pricing import Rate, SkuPrice, price_sku_with_note, resolve_rate
from export_kit.validate.platform import rate_findings
from export_kit.workspace import DEFAULT_WORKSPACE

__all__ = ["command"]

_HEADERS = ("SKU", "EUR", "CNY", "tax class", "tax rate", "tax CNY", "with tax CNY", "limit")
_RIGHT = {1, 2, 4, 5, 6}


@click.command("price")
@click.argument("catalogue", type=InputPath(dir_okay=False))
@click.option(
    "--rates",
    type=click.Choice(["ecb"]),
    help="Take the rate from the ECB daily reference rates (cached per day).",
)
@click.option(
    "--rates-file",
    type=InputPath(dir_okay=False),
    help="Take the rate from a saved copy of the ECB eurofxref-daily.xml.",
)
@format_option
@common_options
def command(
    catalogue: Path,
    rates: str | None,
    rates_file: Path | None,
    output_format: str,
    opts: CommonOptions,
) -> None:
    """Price every SKU in CNY with the cross-border (CBEC) tax and the limit check.

    For each SKU: the EUR price, the CNY price after markup and rounding, the CBEC tax
    class, rate and amount, the price with tax, and whether one unit is over the CNY 5,000
    single-transaction limit. The rate comes from --rate, --rates ecb, --rates-file, or
    [pricing] eur_cny of export-kit.toml, in that order.

    Exit codes: 0 all priced within the limit; 1 a unit over the limit or a row without a
    usable price; 3 unreadable catalogue, rates file or config; 4 the ECB is unreachable.

    Example:

        export-kit price catalogue.xlsx --rate 7.82 --format json
    """
    given = [
        name
        for name, value in (("--rate", opts.rate), ("--rates", rates), ("--rates-file", rates_file))
        if value is not None
    ]
    if len(given) > 1:
        raise click.UsageError(f"Pass only one of {', '.join(given)}.")

    # imported here so that listing the commands does not load the readers
    from export_kit.catalogue import read_catalogue

    config = load_config(opts.config, catalogue)
    cat = read_catalogue(
        catalogue, config=config, sheet=opts.sheet, encoding=opts.encoding, mappings=opts.mappings
    )
    rate = resolve_rate(
        config,
        rate=opts.rate,
        rates=rates,
        rates_file=rates_file,
        workspace=opts.workspace or DEFAULT_WORKSPACE,
        required=True,
    )
    if rate is None:  # required=True raises first; kept for the type checker
        raise click.UsageError("No EUR to CNY exchange rate.")

    items: list[SkuPrice] = []
    unpriced: list[str] = []
    notes: list[str] = []
    for product in cat.iter_products():
        for sku in product.variants:
            price, note = price_sku_with_note(sku, product, rate, config.pricing)
            label = f"row {sku.row}" + (f" ({sku.sku})" if sku.sku else "")
            if note:
                notes.append(f"{label}: {note}")
            if price is None:
                unpriced.append(label)
            else:
                items.append(price)

    if output_format == "json":
        echo_json({"rate": rate.to_dict(), "items": [item.to_dict() for item in items]})
    else:
        click.echo(_rate_line(rate))
        click.echo(_table(items))

    warnings = rate_findings(rate, config)
    over = [item for item in items if item.over_cbec_limit]
    if not opts.quiet:
        for finding in cat.findings:
            click.echo(f"{finding.severity.capitalize()}: {finding.message}", err=True)
        for line in notes:
            click.echo(f"Note: {line}", err=True)
        for finding in warnings:
            click.echo(f"Warning: {finding.message}", err=True)
    if unpriced:
        shown = ", ".join(unpriced[:10]) + (", …" if len(unpriced) > 10 else "")
        click.echo(
            f"Error: {len(unpriced)} row(s) without a usable price (empty, zero or not a "
            f"number): {shown}. Run export-kit validate for details.",
            err=True,
        )
    limit = config.pricing.cbec_transaction_limit
    if over:
        click.echo(
            f"Error: {len(over)} SKU(s) over the CBEC single-transaction limit of "
            f"{limit:,.2f} CNY per unit: {', '.join(item.sku for item in over[:10])}"
            f"{', …' if len(over) > 10 else ''}.",
            err=True,
        )
    if not opts.quiet:
        click.echo(f"{len(items)} SKU(s) priced.", err=True)
    if over or unpriced or (opts.strict and warnings):
        raise click.exceptions.Exit(1)


def _rate_line(rate: Rate) -> str:
    source = {"ecb": "ECB reference rate", "config": "[pricing] eur_cny", "option": "--rate"}
    origin = source.get(rate.source, rate.source.replace("file:", "file "))
    day = f", {rate.date.isoformat()}" if rate.date else ""
    return f"Rate: 1 EUR = {rate.eur_cny} CNY ({origin}{day})"


def _table(items: list[SkuPrice]) -> str:
    rows: list[tuple[Any, ...]] = [_HEADERS]
    for item in items:
        rows.append(
            (
                item.sku,
                f"{item.price_eur}",
                f"{item.price_cny}",
                item.tax_class,
                f"{item.tax_rate}",
                f"{item.tax_cny}",
                f"{item.price_with_tax_cny}",
                "OVER" if item.over_cbec_limit else "ok",
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(_HEADERS))]
    lines = []
    for row in rows:
        cells = [
            str(cell).rjust(widths[i]) if i in _RIGHT else str(cell).ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
