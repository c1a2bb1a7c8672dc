"""``export-kit publish DIR``: send a rendered feed through the platform's API."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from export_kit.cli.options import (
    CommonOptions,
    InputPath,
    common_options,
    echo_json,
    format_option,
)
from export_kit.config import load_config
from export_kit.publish.feeds import manifest_source, read_rendered
from export_kit.publish.publisher import publish_feed, raise_for_failures
from export_kit.publish.receipt import ItemResult, Receipt, receipt_path

_VERBS = {
    "create": "would create",
    "update": "would update",
    "skip": "unchanged",
    "delist": "would delist",
}


@click.command("publish")
@click.argument("folder", metavar="DIR", type=InputPath(file_okay=False))
@click.option(
    "--platform",
    "-p",
    help="Platform to publish to (default: the one DIR was "
    "rendered for): tmall-global or jd-worldwide.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Gateway URL (default: the platform's real "
    "gateway, or [platforms.NAME] endpoint), e.g. the sandbox's.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print what would be created, updated, skipped and delisted; send nothing.",
)
@click.option(
    "--delist-missing",
    is_flag=True,
    help="Take off sale the live items that are no longer in the feed.",
)
@click.option(
    "--force",
    is_flag=True,
    help="With --delist-missing: delist even more than 20 % of the live items.",
)
@click.option(
    "--concurrency", type=click.IntRange(1, 64), help="Requests in flight at once [config, else 8]."
)
@click.option(
    "--rate-limit",
    type=click.FloatRange(min=0, min_open=True),
    metavar="R",
    help="Requests per second at most [config, else 20].",
)
@format_option
@common_options
def command(
    folder: Path,
    platform: str | None,
    endpoint: str | None,
    dry_run: bool,
    delist_missing: bool,
    force: bool,
    concurrency: int | None,
    rate_limit: float | None,
    output_format: str,
    opts: CommonOptions,
) -> None:
    """Publish a rendered feed through the marketplace API, incrementally.

    Creates the new products, updates the changed ones and skips the rest, using the
    journal in the workspace; prints the receipt (also written to
    DIR/receipt-PLATFORM.json). Credentials come from the environment:
    EXPORT_KIT_TMALL_APP_KEY, EXPORT_KIT_TMALL_APP_SECRET, EXPORT_KIT_TMALL_SESSION
    (tmall-global) or EXPORT_KIT_JD_APP_KEY, EXPORT_KIT_JD_APP_SECRET,
    EXPORT_KIT_JD_ACCESS_TOKEN (jd-worldwide). Exit 4 when an item failed after retries.

    Example:

    \b
        export-kit publish out/ --platform tmall-global --dry-run
        export-kit publish out/ --endpoint http://127.0.0.1:8765/router/rest --format json
    """
    config = load_config(opts.config, manifest_source(folder))
    name = platform or _rendered_platform(folder)
    progress = _Progress(enabled=output_format == "text" and not opts.quiet)
    receipt = publish_feed(
        folder,
        name,
        config=config,
        workspace=opts.workspace,
        endpoint=endpoint,
        dry_run=dry_run,
        delist_missing=delist_missing,
        force=force,
        concurrency=concurrency,
        rate_limit=rate_limit,
        progress=progress,
    )
    progress.done()
    if output_format == "json":
        echo_json(receipt.to_dict())
    else:
        _print_text(receipt, verbose=opts.verbosity > 0)
    if not opts.quiet:
        _summary(receipt, folder)
    raise_for_failures(receipt)


def _rendered_platform(folder: Path) -> str:
    return read_rendered(folder).platform


def _print_text(receipt: Receipt, *, verbose: bool) -> None:
    for item in receipt.items:
        if item.status == "unchanged" and not verbose:
            continue
        if receipt.dry_run and item.action == "skip" and not verbose:
            continue
        verb = _VERBS[item.action] if receipt.dry_run else item.status
        parts = [f"{verb:<13}", item.sku]
        if item.remote_id:
            parts.append(item.remote_id)
        if item.error:
            parts.append(f"— {item.error}")
        click.echo("  ".join(parts))


def _summary(receipt: Receipt, folder: Path) -> None:
    if receipt.dry_run:
        click.echo(
            f"Dry run for {receipt.platform} ({receipt.endpoint}): {receipt.created} to create, "
            f"{receipt.updated} to update, {receipt.unchanged} unchanged, {receipt.delisted} to "
            "delist. Nothing was sent. (A product without a journal entry is looked up by its "
            "outer id first: it is updated if the platform has it.)",
            err=True,
        )
    else:
        click.echo(
            f"{receipt.platform}: {receipt.created} created, {receipt.updated} updated, "
            f"{receipt.unchanged} unchanged, {receipt.delisted} delisted, {receipt.failed} "
            f"failed. Receipt: {receipt_path(folder, receipt.platform)}",
            err=True,
        )
    if receipt.missing and not any(i.action == "delist" for i in receipt.items):
        click.echo(
            f"{receipt.missing} live item(s) are no longer in the feed; pass --delist-missing "
            "to take them off sale.",
            err=True,
        )


class _Progress:
    """A one-line counter on stderr while items complete (only on a terminal)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.count = 0

    def __call__(self, result: ItemResult) -> None:
        self.count += 1
        if self.enabled and self.count % 10 == 0:
            click.echo(f"\r  {self.count} items sent…", nl=False, err=True)

    def done(self) -> None:
        if self.enabled and self.count >= 10:
            click.echo("\r" + " " * 30 + "\r", nl=False, err=True)
