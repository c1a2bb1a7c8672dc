"""``export-kit platforms``: the marketplaces with their rules and feed formats."""

from __future__ import annotations

from pathlib import Path

import click

from export_kit.cli.options import InputPath, echo_json, format_option
from export_kit.config import load_config
from export_kit.platforms import Platform, list_platforms, overridden_rules

__all__ = ["command"]

_APIS = {"top": "Taobao Open Platform (TOP)", "jos": "JD Open Platform (JOS)"}


@click.command("platforms")
@click.option(
    "--config",
    "config_path",
    type=InputPath(dir_okay=False),
    help="export-kit.toml whose [platforms.NAME] overrides to show (default: here).",
)
@format_option
def command(config_path: Path | None, output_format: str) -> None:
    """List the marketplaces with their listing rules and feed formats.

    Shows, per platform, the feed file, the title limit and how it is counted, the
    description and image limits, the price unit, the required and recommended fields,
    and which values a public source confirms. Values no source confirms are defaults,
    marked "(default, unconfirmed)"; [platforms.NAME] in export-kit.toml overrides any
    of them ("(configured)").

    Example:

        export-kit platforms --format json
    """
    config = load_config(config_path)
    platforms = list_platforms(config)
    if output_format == "json":
        echo_json([platform.to_dict() for platform in platforms])
        return
    click.echo("\n\n".join(_block(platform) for platform in platforms))


def _block(platform: Platform) -> str:
    unit = (
        "bytes in GBK, a Chinese character counts 2"
        if platform.title_unit == "gbk-bytes"
        else "characters"
    )
    title = f"at most {platform.title_max} ({unit})"
    description = (
        f"at most {platform.description_max} characters"
        if platform.description_max is not None
        else "no known limit"
    )
    images = (
        f"at most {platform.max_images}" if platform.max_images is not None else "no known limit"
    )
    prices = "yuan, 2 decimals" if platform.price_unit == "yuan" else "fen (integer, 1 yuan = 100)"
    api = _APIS.get(platform.api or "", platform.api) if platform.api else "none (feed only)"
    categories = len(platform.categories)
    lines = [
        platform.name,
        f"  feed file         {platform.feed_file} (template {platform.template})",
        f"  title             {title}{_mark(platform, 'title_limit')}",
        f"  description       {description}{_mark(platform, 'description_limit')}",
        f"  images            {images}{_mark(platform, 'max_images')}",
        f"  prices            {prices}{_mark(platform, 'price_unit')}",
        f"  required          {', '.join(platform.required)}",
        f"  recommended       {', '.join(platform.recommended)}",
        f"  categories        {categories} mapped in [platforms.{platform.name}.categories]",
        f"  API               {api}",
    ]
    return "\n".join(lines)


def _mark(platform: Platform, rule: str) -> str:
    if rule in overridden_rules(platform):
        return "  (configured)"
    if platform.confirmed.get(rule, False):
        return ""
    source = platform.sources.get(rule)
    return "  (default, unconfirmed)" + (f"\n                    why: {source}" if source else "")
