"""``export-kit validate``: check a catalogue and report every finding."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from export_kit.catalogue import is_workbook, read_catalogue
from export_kit.cli.options import (
    CommonOptions,
    OutputPath,
    common_options,
    echo_json,
    format_option,
)
from export_kit.collector import fewer_collections
from export_kit.config import load_config
from export_kit.errors import ConfigError, InputError
from export_kit.targets import catalogue_inputs, check_output_file
from export_kit.validate import Validator, validate_catalogue
from export_kit.validate.ahead import MemoryAhead
from export_kit.validate.annotate import write_annotated_copy
from export_kit.validate.checks import extra_checks
from export_kit.validate.gate import check_for_platform
from export_kit.validate.outputs import check_fits_worksheet, write_invalid_rows
from export_kit.validate.parallel import default_jobs, validate_in_parallel
from export_kit.validate.report import Finding, Report
from export_kit.validate.summary import summary_lines
from export_kit.validate.text import format_table, summary_line
from export_kit.workspace import workspace_dir

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.config import Config
    from export_kit.translate.memory import Known

_TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


def _check_output(value: Path | None, option: str, suffixes: tuple[str, ...]) -> None:
    if value is None:
        return
    if value.suffix.lower() not in suffixes:
        raise click.BadParameter(f"'{value}' must end in {', '.join(suffixes)}", param_hint=option)


def _check_path(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file. Check the path.")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a catalogue file (.xlsx, .csv).")


def _read(path: Path, config: Config, opts: CommonOptions) -> Catalogue:
    return read_catalogue(
        path,
        config=config,
        sheet=opts.sheet,
        encoding=opts.encoding,
        mappings=opts.mappings or None,
    )


def _unreadable(path: Path, error: Exception, platform: str | None) -> dict[str, Any]:
    finding = Finding("unreadable-file", "error", str(error), source=path.name)
    return Report(source=path.name, platform=platform, findings=[finding]).to_dict()


@click.command("validate")
# checked by the command: with --format json, CI gets a report even for a file it cannot read
@click.argument(
    "catalogue_path", metavar="CATALOGUE", type=click.Path(path_type=Path, readable=False)
)
@click.option(
    "--platform",
    "platform_name",
    metavar="NAME",
    help="Also check a platform's rules and the Chinese texts (tmall-global...).",
)
@click.option(
    "--report",
    "report_path",
    type=OutputPath(),
    help="Write the catalogue's own workbook with its problem cells marked and a Findings "
    "sheet (FILE.xlsx; FILE.xlsm keeps the macros of an .xlsm catalogue).",
)
@click.option(
    "--invalid-rows",
    "invalid_path",
    type=OutputPath(),
    help="Write every row of every rejected product with a reason column (.csv or .xlsx).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to check a big catalogue with, on Linux (default: one per CPU for a "
    "workbook, one for a CSV). With --platform the gate runs in one process.",
)
@click.option(
    "--min-quality",
    type=click.IntRange(min=0, max=100),
    default=None,
    metavar="N",
    help="With --platform: a product whose listing quality score (0-100) is below N is an "
    "error (low-quality) and would be left out.",
)
@click.option(
    "--details",
    is_flag=True,
    help="Print every finding, one per line, instead of the summary by code.",
)
@format_option
@common_options
def command(
    catalogue_path: Path,
    platform_name: str | None,
    report_path: Path | None,
    invalid_path: Path | None,
    jobs: int | None,
    min_quality: int | None,
    details: bool,
    output_format: str,
    opts: CommonOptions,
) -> None:
    """Check a catalogue: required values, prices, identifiers, images, claims.

    Prints the findings grouped by code (count, severity, first rows, what to do) and the
    next step on stdout, with --details every finding (row, column, SKU, severity, code,
    message), and a one-line summary on stderr. With --platform, it is the precheck of
    run: the products run would leave out, with the same codes. Exits 0 when there is no
    error (warnings fail only with --strict) and, with --platform, run would export every
    product; 1 otherwise; 3 when the file or the config cannot be read.

    Example:

        export-kit validate catalogue.xlsx

        export-kit validate catalogue.csv --format json --report annotated.xlsx

        export-kit validate catalogue.csv --invalid-rows to-fix.csv --strict

        export-kit validate catalogue.xlsx --platform tmall-global

        export-kit validate catalogue.xlsx --platform tmall-global --min-quality 60
    """
    if min_quality is not None and platform_name is None:
        raise click.UsageError("--min-quality needs --platform: the score reads its limits.")
    _check_output(report_path, "--report", (".xlsx", ".xlsm"))
    if (
        report_path is not None
        and report_path.suffix.lower() == ".xlsm"
        and catalogue_path.suffix.lower() != ".xlsm"
    ):
        raise click.BadParameter(
            f"'{report_path}' must end in .xlsx: only an .xlsm catalogue has macros to keep",
            param_hint="--report",
        )
    _check_output(invalid_path, "--invalid-rows", _TABLE_SUFFIXES)
    try:
        config = load_config(opts.config, catalogue_path)
    except ConfigError as error:
        if output_format == "json":
            echo_json(_unreadable(catalogue_path, error, platform_name))
        raise
    inputs = catalogue_inputs(
        catalogue_path,
        config.path,
        ("the glossary", config.resolve(config.translation.glossary)),
    )
    for target, option in ((report_path, "--report"), (invalid_path, "--invalid-rows")):
        if target is not None:
            check_output_file(target, option=option, inputs=inputs, workspace=opts.workspace)
    if report_path is not None and invalid_path is not None:
        check_output_file(
            invalid_path, option="--invalid-rows", inputs=[("the --report", report_path)]
        )
    workspace = workspace_dir(opts.workspace)
    try:
        _check_path(catalogue_path)
        workbook = is_workbook(catalogue_path)
        # the memory loads while python-calamine reads the workbook (it frees the GIL);
        # a text catalogue streams in flat memory: its Chinese is looked up by chunks
        with MemoryAhead(
            workspace,
            catalogue_path,
            size_hint=_size(catalogue_path) if workbook else 0,
            config=config,
        ) as ahead:
            catalogue = _read(catalogue_path, config, opts)
            memory = ahead.snapshot()
    except (InputError, ConfigError) as error:
        # CI parses stdout: it gets a report even when nothing could be read
        if output_format == "json":
            echo_json(_unreadable(catalogue_path, error, platform_name))
        raise

    # a catalogue a worksheet cannot hold fails before it is checked, not after
    if report_path is not None:
        check_fits_worksheet(len(catalogue.headers), report_path, "--report")
    if invalid_path is not None and invalid_path.suffix.lower() in (".xlsx", ".xlsm"):
        check_fits_worksheet(len(catalogue.headers) + 1, invalid_path, "--invalid-rows")
    if opts.verbosity > 0:
        _echo_mapping(catalogue)
    with fewer_collections():
        if platform_name is not None:
            # exactly what run decides: the same gate, product by product
            report = check_for_platform(
                catalogue,
                config,
                platform_name,
                workspace=workspace,
                rate=opts.rate,
                strict=opts.strict,
                sidecars=False,  # imported with the snapshot
                snapshot=memory,
                whole_memory=workbook,
                min_quality=min_quality,
            )
        else:
            report = _validate(
                catalogue,
                config,
                opts,
                # a text catalogue streams in flat memory: in several processes only when
                # asked
                jobs or (default_jobs() if workbook else 1),
                workspace,
                memory,
            )

    if output_format == "json":
        echo_json(report.to_dict())
    elif details:
        width = shutil.get_terminal_size((100, 24)).columns
        table = format_table(report, width=max(width, 60), header=not opts.quiet)
        if table:
            click.echo(table)
    elif not opts.quiet:
        width = shutil.get_terminal_size((100, 24)).columns
        lines = summary_lines(
            report, catalogue=str(catalogue_path), strict=opts.strict, width=width
        )
        click.echo("\n".join(lines))
    if report_path is not None:
        whole = write_annotated_copy(catalogue, report, report_path)
        if not opts.quiet:
            how = ""
            if workbook and not whole:
                how = (
                    " (the sheet's cells copied row by row, without the workbook's styles: "
                    "it is too big to load whole, or not an .xlsx)"
                )
            click.echo(f"Annotated copy: {report_path}{how}", err=True)
    if invalid_path is not None:
        count = write_invalid_rows(catalogue, report, invalid_path)
        if not opts.quiet:
            click.echo(f"Rejected rows: {count} written to {invalid_path}", err=True)
    click.echo(summary_line(report), err=True)
    ahead.keep()  # the memory as prepared, for the next run (when read from SQLite)
    if not report.ok(strict=opts.strict):
        click.get_current_context().exit(1)


def _size(catalogue: Path) -> int:
    try:
        return catalogue.stat().st_size
    except OSError:
        return 0  # reading the catalogue says what is wrong


def _validate(
    catalogue: Catalogue,
    config: Config,
    opts: CommonOptions,
    jobs: int,
    workspace: Path,
    memory: dict[str, Known] | None,
) -> Report:
    """Every finding of the catalogue alone: in several processes when it is big enough."""
    open_checks = functools.partial(
        extra_checks,
        catalogue,
        config,
        workspace=workspace,
        rate=opts.rate,
        sidecars=False,  # imported with the snapshot, before any process opens the memory
        snapshot=memory,
        whole_memory=catalogue.sheet is not None,
    )
    if jobs > 1:
        report = validate_in_parallel(catalogue, config, jobs=jobs, open_checks=open_checks)
        if report is not None:
            return report
    with open_checks() as checks:
        report = validate_catalogue(
            catalogue,
            config,
            extra_rules=checks.rules,
            severity_defaults=checks.severity_defaults,
            products=checks.products(catalogue),
        )
        if checks.catalogue_findings:
            adopter = Validator(catalogue, config, severity_defaults=checks.severity_defaults)
            report.findings[:0] = adopter.adopt(checks.catalogue_findings)
    return report


def _echo_mapping(catalogue: Catalogue) -> None:
    where = f", sheet '{catalogue.sheet}'" if catalogue.sheet else ""
    click.echo(
        f"{catalogue.path.name}: {catalogue.source_kind}{where}, header on row "
        f"{catalogue.header_row}",
        err=True,
    )
    for header in catalogue.headers:
        field = catalogue.mapping.get(header)
        click.echo(f"  {header!r} -> {field or '(kept as attribute)'}", err=True)
