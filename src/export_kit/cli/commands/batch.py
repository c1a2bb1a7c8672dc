"""``export-kit batch``: ``run`` over many catalogues in parallel, one folder each."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from export_kit.cli.commands.run import feed_options, run_options
from export_kit.cli.options import (
    CommonOptions,
    common_options,
    echo_json,
    format_option,
)
from export_kit.errors import ConfigError
from export_kit.pipeline import SUMMARY_CSV_NAME, SUMMARY_NAME, expand_catalogues, run_batch

__all__ = ["command"]


@click.command("batch")
# not checked here: an unreadable catalogue is one "failed" row, the others still run
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@feed_options
@click.option(
    "--provider",
    metavar="NAME",
    help="Translation provider for texts the memory lacks [default: each "
    "catalogue's config, else none].",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Catalogues run at the same time [default: the number of CPUs].",
)
@format_option
@common_options
def command(
    paths: tuple[Path, ...],
    platform: str,
    out: Path,
    rates: str | None,
    rates_file: Path | None,
    templates: Path | None,
    preview_limit: int,
    compliance: bool,
    provider: str | None,
    jobs: int | None,
    output_format: str,
    opts: CommonOptions,
) -> None:
    """Run many catalogues to one platform, in parallel: one output folder each.

    PATH is a catalogue (.xlsx, .xlsm, .csv, .tsv) or a folder of them. Each catalogue uses
    the export-kit.toml found beside it (unless --config is given) and renders into
    OUT/<file name>/. OUT/summary.json and OUT/summary.csv list every catalogue with its
    status: ok, errors (some products left out) or failed (nothing rendered, for example an
    unreadable file). One failure does not stop the others. Exit 0 when every catalogue is
    ok, 1 when any has errors or failed.

    Example:

        export-kit batch catalogues/ shop-export.csv --platform jd-worldwide --out feeds/ -j 2
    """
    sources = expand_catalogues(paths)
    if not sources:
        raise ConfigError(
            "No catalogue found in "
            + ", ".join(str(p) for p in paths)
            + " (.xlsx, .xlsm, .csv or .tsv files)."
        )
    options: dict[str, Any] = {
        "platform": platform,
        "provider": provider,
        "config_path": opts.config,
        "compliance": compliance,
        **run_options(
            opts,
            rates=rates,
            rates_file=rates_file,
            templates=templates,
            preview_limit=preview_limit,
        ),
    }
    workers = jobs or os.cpu_count() or 1
    show = output_format == "text" and not opts.quiet
    bar: Any = None
    if show and sys.stderr.isatty():
        bar = click.progressbar(length=len(sources), label="Catalogues", file=sys.stderr)
        bar.__enter__()

    def done(row: dict[str, Any]) -> None:
        if bar is not None:
            bar.update(1)
        elif show:
            click.echo(f"{row['status']:>6}  {row['source']}", err=True)

    try:
        summary = run_batch(sources, out=out, jobs=workers, on_done=done, **options)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    rows = summary["catalogues"]
    failed = sum(1 for r in rows if r["status"] == "failed")
    with_errors = sum(1 for r in rows if r["status"] == "errors")
    exit_code = 1 if failed or with_errors else 0
    if output_format == "json":
        echo_json({"catalogues": rows, "exit_status": exit_code})
    elif not opts.quiet:
        for row in rows:
            if row["status"] != "ok" and row["message"]:
                click.echo(f"{row['source']}: {row['status']}: {row['message']}", err=True)
        click.echo(
            f"{len(rows)} catalogues: {len(rows) - failed - with_errors} ok, "
            f"{with_errors} with errors, {failed} failed. "
            f"Wrote {out / SUMMARY_NAME} and {out / SUMMARY_CSV_NAME}.",
            err=True,
        )
    click.get_current_context().exit(exit_code)
