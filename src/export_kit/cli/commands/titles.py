"""``export-kit titles``: the Chinese title each product's listing will hold on a platform."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from export_kit.cli.options import (
    CommonOptions,
    InputPath,
    common_options,
    echo_json,
    format_option,
)
from export_kit.config import load_config
from export_kit.workspace import workspace_dir

if TYPE_CHECKING:
    from export_kit.translate.title import Title

__all__ = ["command", "title_entry"]


def title_entry(sku: str, name: str | None, title: Title | None) -> dict[str, Any]:
    """One product's entry of ``titles --format json``."""
    if title is None:
        return {
            "sku": sku,
            "name": name,
            "title": None,
            "original": None,
            "length": None,
            "limit": None,
            "unit": None,
            "fits": None,
            "written_by": None,
            "dropped": [],
            "cut": None,
            "replaced": [],
        }
    return {
        "sku": sku,
        "name": name,
        "title": title.text,
        "original": title.original,
        "length": title.length,
        "limit": title.limit,
        "unit": title.unit,
        "fits": title.fits,
        "written_by": None if title.human is None else ("person" if title.human else "machine"),
        "dropped": [{"part": part, "text": text} for part, text in title.dropped],
        "cut": title.cut,
        "replaced": [
            {"position": r.position, "char": r.char, "replacement": r.replacement}
            for r in title.replaced
        ],
    }


@click.command("titles")
@click.argument("catalogue", type=InputPath(dir_okay=False))
@click.option(
    "--platform",
    "platform_name",
    metavar="NAME",
    required=True,
    help="The platform whose title rules apply (tmall-global, jd-worldwide, douyin-global).",
)
@format_option
@common_options
def command(catalogue: Path, platform_name: str, output_format: str, opts: CommonOptions) -> None:
    """List the Chinese title each product's listing will hold on a platform.

    Per product: the title of the feed, its length in the platform's unit and the limit,
    the parts left out and the machine translation cut to fit, and the characters GBK
    cannot encode with what stands for them. Titles come from the translation memory of
    the workspace (run `export-kit translate` first); nothing is sent anywhere.

    Exit codes: 0 every title fits; 1 a title is over the limit or a product has no
    Chinese name yet; 3 unreadable catalogue or bad config.

    Example:

        export-kit titles catalogue.xlsx --platform tmall-global --format json
    """
    from export_kit.catalogue import read_catalogue
    from export_kit.platforms import get_platform
    from export_kit.translate.texts import ChineseTexts
    from export_kit.translate.title import build_title, template_of

    config = load_config(opts.config, catalogue)
    target = get_platform(platform_name, config)
    template = template_of(target)
    cat = read_catalogue(
        catalogue, config=config, sheet=opts.sheet, encoding=opts.encoding, mappings=opts.mappings
    )
    entries: list[dict[str, Any]] = []
    with ChineseTexts.open(workspace_dir(opts.workspace), config, cat) as texts:
        for product in texts.prefetching(cat.iter_products(), ("name",)):
            title = build_title(
                product,
                texts,
                max_len=target.title_max,
                unit=target.title_unit,
                template=template,
            )
            entries.append(title_entry(product.outer_id, product.name, title))
    if output_format == "json":
        echo_json({"platform": target.name, "products": entries})
    elif not opts.quiet:
        _print(entries, target.title_unit)
    bad = sum(1 for e in entries if not e["fits"])
    if not opts.quiet:
        shortened = sum(1 for e in entries if e["dropped"] or e["cut"])
        replaced = sum(1 for e in entries if e["replaced"])
        click.echo(
            f"{len(entries)} titles for {target.name}: {shortened} shortened, {replaced} with "
            f"characters replaced, {bad} over the limit or without Chinese.",
            err=True,
        )
    if bad:
        click.get_current_context().exit(1)


def _print(entries: list[dict[str, Any]], unit: str) -> None:
    short = "bytes" if unit == "gbk-bytes" else "chars"
    for entry in entries:
        if entry["title"] is None:
            click.echo(f"{entry['sku']}: no Chinese name yet ({entry['name']})")
            continue
        mark = "" if entry["fits"] else "  OVER THE LIMIT"
        click.echo(
            f"{entry['sku']}: {entry['title']}  [{entry['length']}/{entry['limit']} {short}]{mark}"
        )
        for dropped in entry["dropped"]:
            click.echo(f"    left out {dropped['part']}: {dropped['text']}")
        if entry["cut"]:
            click.echo(f"    cut from the machine translation: {entry['cut']}")
        for r in entry["replaced"]:
            instead = repr(r["replacement"]) if r["replacement"] else "nothing"
            click.echo(f"    character {r['position']} {r['char']!r} -> {instead}")
