"""``export-kit translate``: fill the translation memory and write a review workbook."""

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
from export_kit.targets import catalogue_inputs, check_output_file
from export_kit.translate import (
    TranslationSummary,
    get_provider,
    provider_names,
    resolve_provider_name,
    translate_catalogue,
)
from export_kit.translate.run import ProviderDownError
from export_kit.workspace import workspace_dir

__all__ = ["command"]


@click.command("translate")
@click.argument("catalogue", type=InputPath(dir_okay=False))
@click.option(
    "--provider",
    metavar="NAME",
    help=f"Machine translation provider: {', '.join(provider_names())} "
    "[default: [translation] provider of the config, else none].",
)
@click.option(
    "--review",
    type=OutputPath(),
    help="Review workbook to write [default: <catalogue name>.review.xlsx here].",
)
@format_option
@common_options
def command(
    catalogue: Path,
    provider: str | None,
    review: Path | None,
    output_format: str,
    opts: CommonOptions,
) -> None:
    """Translate the catalogue's texts into Simplified Chinese and write a review workbook.

    Every French name, description, category, colour and size gets Chinese in the
    translation memory of the workspace: from the memory (human-approved first), the
    glossary and brand names, else the provider (each distinct text is sent once, ever;
    `none` sends nothing). The review workbook has one row per row and text field; give
    it to a translator and bring it back with `export-kit memory import`.

    Provider keys come from EXPORT_KIT_* environment variables or [translation] of
    export-kit.toml (the environment wins); see docs/translation.md.

    Exit codes: 0 every text has Chinese; 1 some are missing; 3 unreadable catalogue,
    bad config or missing provider key; 4 the provider failed (what it translated before
    is kept: rerun to continue).

    Example:

        export-kit translate catalogue.xlsx --provider libre --format json
    """
    # imported here so that listing the commands does not load the readers
    from export_kit.catalogue import read_catalogue

    config = load_config(opts.config, catalogue)
    name = resolve_provider_name(provider, config)
    get_provider(name, config)  # an unknown provider or a missing key fails before reading
    cat = read_catalogue(
        catalogue, config=config, sheet=opts.sheet, encoding=opts.encoding, mappings=opts.mappings
    )
    review_path = review if review is not None else Path.cwd() / f"{catalogue.stem}.review.xlsx"
    check_output_file(
        review_path,
        option="--review",
        inputs=catalogue_inputs(
            catalogue, config.path, ("the glossary", config.resolve(config.translation.glossary))
        ),
        workspace=opts.workspace,
    )
    try:
        summary = translate_catalogue(
            cat, config, provider=name, workspace=workspace_dir(opts.workspace), review=review_path
        )
    except ProviderDownError as failure:
        _report(failure.summary, output_format, opts, failed=True)
        raise
    _report(summary, output_format, opts)
    if summary.missing:
        click.get_current_context().exit(1)


def _report(
    summary: TranslationSummary, output_format: str, opts: CommonOptions, *, failed: bool = False
) -> None:
    if output_format == "json":
        echo_json(summary.to_dict())
    if opts.quiet:
        return
    machine = (
        "no provider" if summary.provider == "none" else f"{summary.machine} by {summary.provider}"
    )
    click.echo(
        f"{summary.texts} texts ({summary.distinct} distinct): {summary.from_memory} from "
        f"the memory, {summary.from_glossary} from the glossary, {machine}, "
        f"{summary.missing} missing.",
        err=True,
    )
    if opts.verbosity > 0 and summary.provider != "none":
        click.echo(f"Provider requests: {summary.requests}.", err=True)
    if summary.review is not None:
        click.echo(f"Review workbook: {summary.review}", err=True)
    if summary.missing and not failed:
        hint = (
            f"fill the chinese column of {summary.review} and run "
            f"export-kit memory import {summary.review}"
            if summary.review is not None
            else "rerun with a --provider"
        )
        click.echo(f"{summary.missing} distinct texts have no Chinese yet: {hint}.", err=True)
        if opts.verbosity > 0:
            for problem in summary.problems:
                click.echo(f"  {problem}", err=True)
