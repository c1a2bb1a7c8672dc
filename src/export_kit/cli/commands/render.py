"""``export-kit render``: the feed, preview and manifest from what the memory already has."""

from __future__ import annotations

from pathlib import Path

import click

from export_kit.cli.commands.run import ProgressBar, feed_options, print_result, run_options
from export_kit.cli.options import CommonOptions, common_options, format_option
from export_kit.config import load_config
from export_kit.pipeline import render

__all__ = ["command"]


@click.command("render")
@click.argument("catalogue", type=click.Path(path_type=Path, dir_okay=False))
@feed_options
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for a big catalogue, on Linux (default: one per CPU for a workbook, "
    "one for a CSV).",
)
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
    jobs: int | None,
    output_format: str,
    opts: CommonOptions,
) -> None:
    """Render a platform feed, preview.html, manifest.json and report.json (no translation).

    Chinese texts come from the translation memory and the catalogue's sidecar
    <file>.zh.tmx; no provider is called. Products with errors (with --strict, also
    warnings), a missing Chinese text among them, are left out of the feed and listed in
    the manifest. Exit 0 when every product went in, 1 when some were left out.

    Example:

        export-kit render catalogue.xlsx --platform jd-worldwide --out out/ --rates ecb
    """
    config = load_config(opts.config, catalogue)
    with ProgressBar("Rendering", enabled=output_format == "text" and not opts.quiet) as bar:
        result = render(
            catalogue,
            platform=platform,
            out=out,
            config=config,
            progress=bar if bar.enabled else None,
            jobs=jobs,
            **run_options(
                opts,
                rates=rates,
                rates_file=rates_file,
                templates=templates,
                preview_limit=preview_limit,
            ),
        )
    print_result(result, output_format, quiet=opts.quiet)
    click.get_current_context().exit(result.exit_code)
