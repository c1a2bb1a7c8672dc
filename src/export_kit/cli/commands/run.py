"""``export-kit run``: validate → translate → price → render (→ publish) in one command."""

from __future__ import annotations

import dataclasses
import functools
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

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
from export_kit.errors import PublishError
from export_kit.pipeline import RunResult, run
from export_kit.render.preview import PREVIEW_LIMIT
from export_kit.validate.summary import summary_lines

__all__ = [
    "ProgressBar",
    "command",
    "feed_options",
    "print_result",
    "publish_failure",
    "run_options",
]

F = TypeVar("F", bound=Callable[..., Any])


def feed_options(func: F) -> F:
    """Options of every command that renders feeds: platform, output folder, rates, templates."""

    @click.option(
        "--platform",
        "-p",
        required=True,
        metavar="NAME",
        help="Platform: tmall-global, jd-worldwide or douyin-global.",
    )
    @click.option(
        "--out",
        "-o",
        required=True,
        type=OutputPath(),
        help="Output folder (created if needed).",
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
    @click.option(
        "--templates",
        type=InputPath(file_okay=False),
        help="Folder of your own templates: same name overrides a built-in one, "
        "which it may extend as default:NAME (rendered sandboxed).",
    )
    @click.option(
        "--preview-limit",
        type=click.IntRange(min=0),
        default=PREVIEW_LIMIT,
        show_default=True,
        metavar="N",
        help="Cards shown per section of preview.html (0: all).",
    )
    @click.option(
        "--compliance",
        is_flag=True,
        help="Also write the compliance pack (compliance.html, compliance.csv) into OUT.",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def run_options(
    opts: CommonOptions,
    *,
    rates: str | None,
    rates_file: Path | None,
    templates: Path | None,
    preview_limit: int,
) -> dict[str, Any]:
    """The keyword arguments of :func:`export_kit.pipeline.run` from the common options."""
    return {
        "preview_limit": preview_limit or None,
        "workspace": opts.workspace,
        "rate": opts.rate,
        "rates": rates,
        "rates_file": rates_file,
        "templates": templates,
        "strict": opts.strict,
        "sheet": opts.sheet,
        "encoding": opts.encoding,
        "mappings": opts.mappings or None,
    }


#: ``--jobs`` of run and render
jobs_option = click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for a big catalogue, on Linux (default: one per CPU for a workbook, "
    "one for a CSV).",
)


@dataclass(frozen=True)
class FeedChoices:
    """The feed options of ``run`` and ``render`` (see :func:`feed_options`)."""

    rates: str | None
    rates_file: Path | None
    templates: Path | None
    preview_limit: int
    jobs: int | None
    compliance: bool = False


def render_and_report(
    catalogue: Path,
    *,
    platform: str,
    out: Path,
    opts: CommonOptions,
    output_format: str,
    feed: FeedChoices,
    translate: bool,
    provider: str | None = None,
    publish: bool = False,
    endpoint: str | None = None,
) -> None:
    """``run`` (``translate``: with the chosen provider) or ``render``: the pipeline with a
    progress bar, the result printed, the exit code of the result."""
    config = load_config(opts.config, catalogue)
    chosen = None
    if translate:
        chosen = provider if provider is not None else config.translation.provider
    with ProgressBar("Rendering", enabled=output_format == "text" and not opts.quiet) as bar:
        result = run(
            catalogue,
            platform=platform,
            out=out,
            config=config,
            provider=chosen,
            publish=publish,
            endpoint=endpoint,
            progress=bar if bar.enabled else None,
            jobs=feed.jobs,
            compliance=feed.compliance,
            **run_options(
                opts,
                rates=feed.rates,
                rates_file=feed.rates_file,
                templates=feed.templates,
                preview_limit=feed.preview_limit,
            ),
        )
    print_result(result, output_format, quiet=opts.quiet)
    if result.publish_failed:
        raise PublishError(publish_failure(result))
    click.get_current_context().exit(result.exit_code)


def publish_failure(result: RunResult) -> str:
    """What stopped the publishing of a run, and what to do."""
    receipt = result.receipt
    reason = getattr(receipt, "stopped", None) or (
        f"{getattr(receipt, 'failed', 0)} item(s) failed after retries"
    )
    return (
        f"publishing to {result.platform}: {reason}. The receipt in {result.out} lists each "
        "item; publish again to retry (nothing is sent twice)."
    )


class ProgressBar:
    """A progress bar on stderr when it is a terminal (``progress(done, total)``)."""

    def __init__(self, label: str, *, enabled: bool) -> None:
        self.label = label
        self.enabled = enabled and sys.stderr.isatty()
        self._bar: Any = None
        self._done = 0
        self._step = 1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            self._bar = click.progressbar(
                length=max(total, done), label=self.label, file=sys.stderr
            )
            self._bar.__enter__()
            self._step = max(1, total // 500)
        # redraw every 0.2 % at most: a terminal write per product would slow the run
        if done - self._done >= self._step or done >= total:
            self._bar.update(done - self._done)
            self._done = done

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(exc_type, exc, tb)


def print_result(result: RunResult, output_format: str, *, quiet: bool) -> None:
    """Print a run's summary: JSON on stdout, or a few lines of text on stderr (a failed
    publish is the caller's error to raise: :func:`publish_failure`)."""
    if output_format == "json":
        echo_json(result.summary())
        return
    if quiet:
        return
    left_out = len(result.excluded)
    click.echo(
        f"{result.source.name} → {result.platform}: {result.products} products, "
        f"{result.exported} in the feed, {left_out} left out; "
        f"{result.errors} errors, {result.warnings} warnings.",
        err=True,
    )
    report = dataclasses.replace(result.report, excluded=result.excluded)
    width = shutil.get_terminal_size((100, 24)).columns
    lines = summary_lines(
        report, catalogue=str(result.source), strict=result.strict, width=width, out=str(result.out)
    )
    if lines:
        click.echo("\n".join(lines), err=True)
    for entry in result.excluded[:10]:
        click.echo(f"  left out {entry['sku']}: {', '.join(entry['codes'])}", err=True)
    if left_out > 10:
        click.echo(f"  ... and {left_out - 10} more (see report.json)", err=True)
    click.echo(
        f"Wrote {result.feed.path} ({result.feed.bytes} bytes), "
        f"{result.preview.path.name}, manifest.json, report.json"
        + (" and the compliance pack" if (result.out / "compliance.csv").exists() else "")
        + f" in {result.out}.",
        err=True,
    )
    if result.receipt is not None:
        receipt = result.summary()["publish"]
        if isinstance(receipt, dict):
            counts = ", ".join(
                f"{key} {receipt[key]}"
                for key in ("created", "updated", "unchanged", "delisted", "failed")
                if key in receipt
            )
            click.echo(f"Published to {result.platform}: {counts}.", err=True)


@click.command("run")
@click.argument("catalogue", type=InputPath(dir_okay=False))
@feed_options
@click.option(
    "--provider",
    metavar="NAME",
    help="Translation provider for texts the memory lacks (google, microsoft, "
    "baidu, libre, mymemory, deepl, none) [default: the config's, else none].",
)
@click.option("--publish", is_flag=True, help="Upload the rendered feed afterwards.")
@click.option(
    "--endpoint",
    metavar="URL",
    help="Platform API endpoint for --publish (for example the local sandbox).",
)
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
    provider: str | None,
    publish: bool,
    endpoint: str | None,
    jobs: int | None,
    output_format: str,
    opts: CommonOptions,
) -> None:
    """Validate, translate, price and render a catalogue into a platform feed.

    Writes into OUT the feed (tmall-global.xml, jd-worldwide.csv or douyin-global.jsonl),
    preview.html, manifest.json, report.json and, with --compliance, the compliance pack
    (compliance.html, compliance.csv: see export-kit compliance). Products with errors
    (with --strict, also warnings) are left out of the feed and listed in the manifest.
    Exit 0 when every product went in, 1 when some were left out.

    Example:

        export-kit run catalogue.xlsx --platform tmall-global --out out/ --rate 7.82
    """
    render_and_report(
        catalogue,
        platform=platform,
        out=out,
        opts=opts,
        output_format=output_format,
        feed=FeedChoices(rates, rates_file, templates, preview_limit, jobs, compliance),
        translate=True,
        provider=provider,
        publish=publish,
        endpoint=endpoint,
    )
