"""The ``export-kit`` command line: parse options, call the library, print.

Each command lives in its own module of :mod:`export_kit.cli.commands` and exposes a
``command`` (a ``click.Command``); they are found by discovery, so a new command touches
no shared file, and a module is imported only when its command runs (``validate`` need
not import the publishing client: start-up time counts on every CI call). Library errors
become exit codes in one place, :meth:`ExportKitGroup.invoke`, which also prints the one
JSON document of a ``--format json`` run, whatever its exit (:mod:`export_kit.cli.outcome`).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import threading
import traceback
from typing import Any

import click

from export_kit import __version__
from export_kit.cli import commands as _commands
from export_kit.cli.options import debug_enabled
from export_kit.cli.outcome import Outcome, error_code, scrub_secrets
from export_kit.errors import ExportKitError

__all__ = ["cli", "main"]


class ExportKitGroup(click.Group):
    """A group that turns library errors into one line and an exit code, never a traceback.

    Commands are the modules of :mod:`export_kit.cli.commands` (file name ``foo_bar.py``
    is the command ``foo-bar``), imported on first use.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name: the explicitly added ones and the discovered modules."""
        names = set(super().list_commands(ctx))
        names.update(_module_name_to_command(m) for m in _command_modules())
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, importing its module the first time it is asked for."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        module_name = cmd_name.replace("-", "_")
        if module_name not in _command_modules():
            return None
        module = importlib.import_module(f"{_commands.__name__}.{module_name}")
        found = getattr(module, "command", None)
        if not isinstance(found, click.Command):
            return None
        self.add_command(found, cmd_name)
        return found

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse the group's options; the run's :class:`Outcome` keeps the command line."""
        Outcome.attach(ctx, args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; map ``ExportKitError`` to its exit code and bugs to 70. With
        ``--format json``, stdout gets one JSON document at every exit."""
        outcome = Outcome.of(ctx) or Outcome.attach(ctx, [])
        try:
            result = super().invoke(ctx)
        except click.exceptions.Exit as done:
            outcome.finish(done.exit_code)
            raise
        except click.ClickException as error:  # click prints the message itself
            outcome.fail(error.exit_code, "usage-error", error.format_message(), _failed(error))
            raise
        except click.Abort:
            outcome.fail(1, "interrupted", "Aborted.", None)
            raise
        except ExportKitError as error:
            if debug_enabled():
                traceback.print_exc()
            message = scrub_secrets(str(error))
            click.echo(f"Error: {message}", err=True)
            outcome.fail(error.exit_code, error_code(error), message, None)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            outcome.fail(130, "interrupted", "Interrupted before the end.", None)
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(0)
        except Exception as error:
            fault = None if debug_enabled() else _environment_fault(error)
            if fault is not None:
                click.echo(f"Error: {fault}", err=True)
                outcome.fail(3, "output-error", fault, None)
                ctx.exit(3)
            name = type(error).__name__
            message = scrub_secrets(
                f"unexpected {name}: {error}. This is a bug in export-kit; "
                "rerun with --debug for the traceback and report it."
            )
            outcome.fail(70, "internal-error", message, None)
            if debug_enabled():
                raise
            click.echo(f"Error: {message}", err=True)
            ctx.exit(70)
        outcome.finish(0)
        return result


def _failed(error: click.ClickException) -> click.Context | None:
    """The context a usage error names (its command, when the command line failed)."""
    failed = getattr(error, "ctx", None)
    return failed if isinstance(failed, click.Context) else None


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


#: SQLite's words for a database the file system will not let it use
_SQLITE_FAULTS = ("readonly", "read-only", "unable to open", "disk is full", "disk i/o")


def _environment_fault(error: Exception) -> str | None:
    """The one line for a fault of the file system that no writer mapped itself (a
    read-only workspace, a full disk...): exit 3, not a bug. None for anything else."""
    if isinstance(error, OSError):
        from export_kit.fileio import ENVIRONMENT_ERRNOS, describe_os_error

        if error.errno in ENVIRONMENT_ERRNOS:
            return describe_os_error(error)
        return None
    sqlite3 = sys.modules.get("sqlite3")  # not imported: the error is not SQLite's
    if sqlite3 is not None and isinstance(error, sqlite3.OperationalError):
        message = str(error)
        if any(word in message.lower() for word in _SQLITE_FAULTS):
            return (
                f"the workspace's database cannot be used ({message}). Check that the "
                "workspace folder (--workspace, default .export-kit/) is writable and "
                "that the disk has space."
            )
    return None


def _command_modules() -> list[str]:
    return sorted(
        m.name for m in pkgutil.iter_modules(_commands.__path__) if not m.name.startswith("_")
    )


def _module_name_to_command(name: str) -> str:
    return name.replace("_", "-")


def main() -> None:
    """Console-script entry point."""
    from export_kit import fileio

    fileio.sweep_stale()
    try:
        cli.main(prog_name="export-kit")
    except SystemExit as exc:
        fileio.remove_run_temp_dir()  # os._exit below runs no atexit handler
        _exit(exc.code)


def _exit(code: int | str | None) -> None:
    """End the process once the command is done, without freeing its heap object by object.

    After a 100,000-row run, tearing down the interpreter frees millions of objects: a
    third of a second for nothing, as every output is written and closed by now. Skipped
    (a normal exit) while another thread or a worker process still runs.
    """
    if isinstance(code, str):
        sys.exit(code)  # a message: the interpreter prints it
    status = 0 if code is None else code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        sys.exit(status)  # let the interpreter deal with a closed pipe as it would
    workers = sys.modules.get("multiprocessing")
    if threading.active_count() > 1 or (workers is not None and workers.active_children()):
        sys.exit(status)
    os._exit(status)
