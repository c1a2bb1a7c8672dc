"""The ``export-kit`` command line: parse options, call the library, print (DESIGN §4).

Each command lives in its own module of :mod:`export_kit.cli.commands` and exposes a
``command`` (a ``click.Command``); they are registered here by discovery, so a new command
touches no shared file. Library errors become exit codes in one place,
:meth:`ExportKitGroup.invoke`.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from typing import Any

import click

from export_kit import __version__
from export_kit.cli import commands as _commands
from export_kit.cli.options import debug_enabled
from export_kit.errors import ExportKitError

__all__ = ["cli", "main"]


class ExportKitGroup(click.Group):
    """A group that turns library errors into one line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; map ``ExportKitError`` to its exit code and bugs to 70."""
        try:
            return super().invoke(ctx)
        except ExportKitError as error:
            if debug_enabled():
                traceback.print_exc()
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(0)
        except Exception as error:
            if debug_enabled():
                raise
            name = type(error).__name__
            click.echo(
                f"Error: unexpected {name}: {error}. This is a bug in export-kit; "
                "rerun with --debug for the traceback and report it.",
                err=True,
            )
            ctx.exit(70)
        return None


@click.group(cls=ExportKitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="export-kit")
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
def cli(debug: bool) -> None:
    """French product catalogues to Chinese cross-border marketplace listings.

    Example:

        export-kit validate catalogue.xlsx --format json
    """
    if debug:
        from export_kit.cli import options

        options.set_debug(True)


def _register_commands() -> None:
    for module_info in sorted(pkgutil.iter_modules(_commands.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{_commands.__name__}.{module_info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            cli.add_command(command)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="export-kit")
    except SystemExit as exc:
        sys.exit(exc.code)
