"""``export-kit compliance``: the dated compliance pack (compliance.html and compliance.csv)."""

from __future__ import annotations

from pathlib import Path

import click

from export_kit.cli.options import (
    CommonOptions,
    InputPath,
    OutputPath,
    common_options,
    echo_json,
    format_option,
)
from export_kit.config import load_config

__all__ = ["command"]


@click.command("compliance")
@click.argument("catalogue", type=InputPath(dir_okay=False))
@click.option(
    "--platform",
    "-p",
    required=True,
    metavar="NAME",
    help="Platform: tmall-global, jd-worldwide or douyin-global.",
)
@click.option(
    "--out", "-o", required=True, type=OutputPath(), help="Output folder (created if needed)."
)
@click.option(
    "--rates",
    type=click.Choice(["ecb"]),
    help="Take the EUR to CNY rate of the day from the ECB.",
)
@click.option(
    "--rates-file",
    type=InputPath(dir_okay=False),
    help="A saved copy of the ECB daily reference rates (eurofxref-daily.xml).",
)
@format_option
@common_options
def command(
    catalogue: Path,
    platform: str,
    out: Path,
    rates: str | None,
    rates_file: Path | None,
    output_format: str,
    opts: CommonOptions,
) -> None:
    """Write the compliance pack: compliance.html (prints on A4) and compliance.csv.

    Per product: the Chinese title, the China-law findings with their legal basis and
    sources, the decision taken (left out, kept after review, lowered by the config) and
    the listing quality score. Per SKU: the EUR price, the rate with its source and date,
    the CNY price and its rounding, the CBEC tax class and why, the rate formula with its
    numbers, the tax, the consumer price and the CNY 5,000 check (the figures of
    export-kit price). Dated, with the catalogue's sha256 and the versions used.

    Exit codes: 0 written; 3 unreadable catalogue, rates file or config; 4 the ECB is
    unreachable.

    Example:

        export-kit compliance catalogue.xlsx --platform tmall-global --out pack/ --rate 7.8
    """
    given = [
        n
        for n, v in (("--rate", opts.rate), ("--rates", rates), ("--rates-file", rates_file))
        if v is not None
    ]
    if len(given) > 1:
        raise click.UsageError(f"Pass only one of {', '.join(given)}.")
    from export_kit.compliance import build_pack

    config = load_config(opts.config, catalogue)
    result = build_pack(
        catalogue,
        platform=platform,
        out=out,
        config=config,
        workspace=opts.workspace,
        rate=opts.rate,
        rates=rates,
        rates_file=rates_file,
        strict=opts.strict,
        sheet=opts.sheet,
        encoding=opts.encoding,
        mappings=opts.mappings or None,
    )
    if output_format == "json":
        echo_json(
            {
                "html": str(result.html.path),
                "csv": str(result.csv.path),
                "products": result.products,
                "left_out": result.left_out,
                "skus": result.skus,
                "over_cbec_limit": result.over_limit,
            }
        )
    elif not opts.quiet:
        click.echo(f"Compliance pack: {result.html.path}")
        click.echo(f"Table (one row per SKU): {result.csv.path}")
    if not opts.quiet:
        click.echo(
            f"{result.products} product(s), {result.left_out} left out, {result.skus} SKU(s) "
            f"priced, {result.over_limit} over the CBEC single-transaction limit.",
            err=True,
        )
