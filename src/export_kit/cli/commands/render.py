"""``export-kit render``: the feed, preview and manifest from what the memory already has."""

from __future__ import annotations

from pathlib import Path

import click

from export_kit.cli.commands.run import (
    FeedChoices,
    feed_options,
    jobs_option,
    render_and_report,
)
from export_kit.cli.options import CommonOptions, InputPath, common_options, format_option

__all__ = ["command"]


@click.command("render")
@click.argument("catalogue", type=InputPath(dir_okay=False))
@feed_options
@jobs_option
@format_option
@common_options
def command(
    catalogue: Path,
    platform: str,
    out: Path,
    rates: str | None,
    rates_file: Path | None,
    templates: Path | None,
    preview_limit: int,
    compliance: bool,
    jobs: int | None,
    output_format: str,
    opts: CommonOptions,
) -> None:
    """Render a platform feed, preview.html, manifest.json, report.json and, with
    --compliance, the compliance pack (compliance.html, compliance.csv), without
    translating.

    Chinese texts come from the translation memory and the catalogue's sidecar
    <file>.zh.tmx; no provider is called. Products with errors (with --strict, also
    warnings), a missing Chinese text among them, are left out of the feed and listed in
    the manifest. Exit 0 when every product went in, 1 when some were left out.

    Example:

        export-kit render catalogue.xlsx --platform jd-worldwide --out out/ --rates ecb
    """
    render_and_report(
        catalogue,
        platform=platform,
        out=out,
        opts=opts,
        output_format=output_format,
        feed=FeedChoices(rates, rates_file, templates, preview_limit, jobs, compliance),
        translate=False,
    )
