"""Options shared by the commands and small printing helpers."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import click

from export_kit.catalogue.parsing import ParseError, parse_decimal
from export_kit.cli.outcome import Outcome, write_json

__all__ = [
    "CommonOptions",
    "InputPath",
    "OutputPath",
    "common_options",
    "debug_enabled",
    "echo_json",
    "format_option",
    "set_debug",
]

F = TypeVar("F", bound=Callable[..., Any])
_DEBUG = False


def set_debug(value: bool) -> None:
    """Remember ``--debug`` for the error handler."""
    global _DEBUG
    _DEBUG = value


def debug_enabled() -> bool:
    """True once ``--debug`` was given."""
    return _DEBUG


class InputPath(click.Path):
    """A path the command reads: a folder where a file is wanted (or the reverse) or a
    file it may not read is exit 3 with one line, as every other input problem; click's
    own checks would make these usage errors (exit 2). A missing path is left to the
    command, which says what it expected there."""

    def __init__(self, *, file_okay: bool = True, dir_okay: bool = True) -> None:
        super().__init__(path_type=Path, readable=False)
        self.wants_file = file_okay
        self.wants_dir = dir_okay

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        """The path, once it is known to be usable as an input (when it exists)."""
        from export_kit.errors import InputError

        path = Path(os.fsdecode(super().convert(value, param, ctx)))
        outcome = Outcome.of(ctx)
        if outcome is not None and param is not None and param.param_type_name == "argument":
            outcome.source = str(path)  # the error document names it, should it be refused
        hint = ""
        if param is not None and param.param_type_name == "option" and ctx is not None:
            hint = f" (given as {param.get_error_hint(ctx).strip(chr(39))})"
        if os.path.isdir(path):
            if not self.wants_dir:
                raise InputError(f"{path}{hint} is a folder; give a file.")
        elif os.path.exists(path) and not self.wants_file:
            raise InputError(f"{path}{hint} is a file; give a folder.")
        if os.path.exists(path) and not os.access(path, os.R_OK):
            raise InputError(
                f"Cannot read {path}{hint}: permission denied. Fix its permissions or give "
                "another file."
            )
        return path


class OutputPath(click.Path):
    """A path the command writes: whether it may be written (a folder in the way, a
    missing folder, an input of the run) is checked by :mod:`export_kit.targets`, exit 3."""

    def __init__(self) -> None:
        super().__init__(path_type=Path)


@dataclass
class CommonOptions:
    """The options every catalogue command takes."""

    config: Path | None = None
    workspace: Path | None = None
    sheet: str | None = None
    encoding: str | None = None
    mappings: dict[str, str] = field(default_factory=dict)
    rate: Decimal | None = None
    strict: bool = False
    verbosity: int = 0

    @property
    def quiet(self) -> bool:
        """``-q`` was given."""
        return self.verbosity < 0


def _parse_maps(values: tuple[str, ...]) -> dict[str, str]:
    mappings: dict[str, str] = {}
    for item in values:
        column, sep, target = item.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise click.BadParameter(f"'{item}' is not COLUMN=FIELD", param_hint="--map")
        mappings[column.strip()] = target.strip()
    return mappings


#: the highest EUR → CNY rate taken (it is about 7 to 9): anything above is a typing slip
MAX_RATE = Decimal(1000)


def _parse_rate(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        rate = parse_decimal(value.strip())
    except ParseError as exc:
        why = str(exc) if "usable" in str(exc) else f"'{value[:40]}' is not a number."
        raise click.BadParameter(
            f"{why} Write the rate like 7.85 or 7,85", param_hint="--rate"
        ) from None
    if rate <= 0:
        raise click.BadParameter("the rate must be positive", param_hint="--rate")
    if rate > MAX_RATE:
        raise click.BadParameter(
            f"{value[:40]} CNY for 1 EUR is not a plausible rate (it is about 7 to 9, at most "
            f"{MAX_RATE} is taken): check the number",
            param_hint="--rate",
        )
    return rate


def common_options(func: F) -> F:
    """Add the common options; the command receives them as ``opts: CommonOptions``."""

    @click.option(
        "--config",
        "config",
        type=InputPath(dir_okay=False),
        help="export-kit.toml to use (default: beside the catalogue, else here).",
    )
    @click.option(
        "--workspace",
        type=InputPath(file_okay=False),
        help="Workspace folder: translation memory, journal, rates [.export-kit/].",
    )
    @click.option("--sheet", help="Sheet to read in a workbook (default: the first with data).")
    @click.option("--encoding", help="Text encoding of a CSV (default: detected).")
    @click.option(
        "--map",
        "maps",
        multiple=True,
        metavar="COLUMN=FIELD",
        help="Map a column to a canonical field (repeatable).",
    )
    @click.option("--rate", "rate_text", metavar="EUR_CNY", help="EUR to CNY exchange rate.")
    @click.option("--strict", is_flag=True, help="Warnings count as errors.")
    @click.option("-q", "--quiet", "quiet", count=True, help="Less output on stderr.")
    @click.option("-v", "--verbose", "verbose", count=True, help="More output on stderr.")
    @click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if kwargs.pop("debug"):
            set_debug(True)
        opts = CommonOptions(
            config=kwargs.pop("config"),
            workspace=kwargs.pop("workspace"),
            sheet=kwargs.pop("sheet"),
            encoding=kwargs.pop("encoding"),
            mappings=_parse_maps(kwargs.pop("maps")),
            rate=_parse_rate(kwargs.pop("rate_text")),
            strict=kwargs.pop("strict"),
            verbosity=kwargs.pop("verbose") - kwargs.pop("quiet"),
        )
        return func(*args, opts=opts, **kwargs)

    return wrapper  # type: ignore[return-value]


def _chose_format(ctx: click.Context, param: click.Parameter, value: str) -> str:
    outcome = Outcome.of(ctx)
    if outcome is not None:
        outcome.chose_format(ctx, value)
    return value


def format_option(func: F) -> F:
    """``--format text|json`` (text by default). With json, stdout holds exactly one JSON
    document at every exit, errors included (:mod:`export_kit.cli.outcome`)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        # eager: known before any other parameter can fail, so that failure prints JSON
        is_eager=True,
        callback=_chose_format,
        help="Output format on stdout.",
    )(func)


def echo_json(data: Any) -> None:
    """The command's JSON document, printed on stdout once the command ends (with the
    finding that stopped it, if an error does); printed at once outside the group."""
    outcome = Outcome.of()
    if outcome is None:
        write_json(data)
    else:
        outcome.hold(data)
