"""``export-kit memory export|import``: the translation memory round trip."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from export_kit.cli.options import InputPath, OutputPath, echo_json, format_option, set_debug
from export_kit.config import Config, load_config
from export_kit.errors import InputError
from export_kit.targets import check_output_file
from export_kit.translate import ChineseTexts
from export_kit.translate.exchange import FORMATS, export_memory, format_from_path, import_file
from export_kit.translate.memory import MEMORY_FILE, TranslationMemory
from export_kit.workspace import DEFAULT_WORKSPACE, workspace_dir

__all__ = ["command"]

F = TypeVar("F", bound=Callable[..., Any])


def _memory_options(func: F) -> F:
    """``--workspace``, ``--config``, ``-q`` and ``--debug`` for the memory commands."""

    @click.option(
        "--workspace",
        type=InputPath(file_okay=False),
        help="Workspace folder holding the translation memory [.export-kit/].",
    )
    @click.option(
        "--config",
        "config",
        type=InputPath(dir_okay=False),
        help="export-kit.toml whose glossary applies (default: the one here, if any).",
    )
    @click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
    @click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if kwargs.pop("debug"):
            set_debug(True)
        kwargs["config"] = load_config(kwargs.pop("config"))
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@click.group("memory")
def command() -> None:
    """Export or import the translation memory: XLSX review sheet, TMX 1.4, XLIFF.

    Export writes XLIFF 1.2; import reads XLIFF 1.2 and 2.0.

    Give an export to a translator or a CAT tool (Trados, memoQ, Phrase, OmegaT) and
    import what comes back: imported translations are human-approved and win over
    machine ones. Only entries that changed, or that the file marks as approved, are
    imported, so an export edited in one place changes exactly that entry.

    Example:

        export-kit memory export --format tmx --out memory.tmx
    """


@command.command("export")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(FORMATS),
    help="File format [default: from the --out extension].",
)
@click.option(
    "--out",
    required=True,
    type=OutputPath(),
    help="File to write (.xlsx, .tmx, .xliff).",
)
@_memory_options
def export_command(
    file_format: str | None, out: Path, workspace: Path | None, quiet: bool, config: Config
) -> None:
    """Write every entry of the translation memory to an XLSX, TMX 1.4 or XLIFF 1.2 file.

    Example:

        export-kit memory export --format xliff --out memory.xliff
    """
    chosen = file_format or format_from_path(out)
    folder = workspace if workspace is not None else DEFAULT_WORKSPACE
    check_output_file(out, option="--out", workspace=folder)
    if not (folder / MEMORY_FILE).is_file():
        raise InputError(
            f"{folder}: no translation memory yet. Run export-kit translate first, "
            "or pass the --workspace that holds it."
        )
    with TranslationMemory.open(folder) as memory:
        count = export_memory(memory, out, chosen)
    if not quiet:
        click.echo(f"Exported {count} entries to {out} ({chosen}).", err=True)


@command.command("import")
@click.argument("file", type=InputPath(dir_okay=False))
@format_option
@_memory_options
def import_command(
    file: Path, output_format: str, workspace: Path | None, quiet: bool, config: Config
) -> None:
    """Import a review sheet, TMX or XLIFF (1.2 or 2.0) file as human-approved translations.

    The format comes from the extension (.xlsx, .tmx, .xliff or .xlf). A file with no
    usable French/Chinese pair is an error (exit 3) that says what it lacked.

    Example:

        export-kit memory import catalogue.review.xlsx
    """
    format_from_path(file)  # an unknown extension fails before the memory is opened
    with ChineseTexts.open(workspace_dir(workspace), config) as texts:
        # a review row still holding the glossary's Chinese is not an edit
        result = import_file(
            texts.memory,
            file,
            lookup=lambda french, field: texts.resolve(french, field).chinese,
            checker=texts.checker(),
        )
    if output_format == "json":
        echo_json(
            {
                "entries": result.entries,
                "changed": result.changed,
                "unchanged": result.unchanged,
                "needs_review": result.needs_review,
            }
        )
    if not quiet:
        click.echo(
            f"Imported {file}: {result.entries} entries, {result.changed} changed in the "
            f"memory, {result.unchanged} unchanged.",
            err=True,
        )
        if result.needs_review:
            click.echo(
                f"{result.needs_review} failed a check against their French and need review "
                "(the review workbook lists them first, with the reason).",
                err=True,
            )
