"""One JSON document on stdout at every exit of a command run with ``--format json``.

CI jobs parse stdout, so it must hold exactly one document whatever happened. A command
hands its document to :func:`export_kit.cli.options.echo_json`, which gives it to the run's
:class:`Outcome` instead of printing it; the group prints it once the command has ended
(:meth:`export_kit.cli.ExportKitGroup.invoke`). When the command stops on an error (exit 2
usage, 3 input, config or output, 4 remote, 70 bug, 130 interrupted), the document holds
the finding that stopped it:

- the command's own document, when it had one ready (``run``'s summary before a failed
  publish, ``translate``'s counts before the provider went down), with ``exit_status`` and
  that finding added to ``findings``;
- else a report of that one finding: ``validate``'s exactly as ``validate`` writes reports
  (``source``, ``platform``, ``summary``, ``findings``); for every other command the same
  with ``command`` and ``exit_status`` (``batch``'s with an empty ``catalogues`` too).

Whether JSON was asked for is what ``--format`` parsed to (the option is eager, so it is
known before any other parameter can fail); when the command line could not be parsed at
all (an unknown option), an explicit ``--format json`` among the words still counts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from export_kit.errors import ConfigError, InputError, OutputError, RemoteError

if TYPE_CHECKING:
    from export_kit.validate.report import Finding

__all__ = ["Outcome", "error_code", "scrub_secrets", "write_json"]

#: where the run's outcome lives in ``click.Context.meta`` (shared by every context)
_KEY = "export_kit.outcome"
#: the parameter name of ``--format text|json``
FORMAT_PARAM = "output_format"
#: words in the name of an ``EXPORT_KIT_*`` variable whose value is a secret
_SECRET_WORDS = ("SECRET", "TOKEN", "SESSION", "API_KEY", "APPKEY", "PASSWORD")


def write_json(data: Any) -> None:
    """Print a JSON document on stdout (UTF-8, Chinese kept readable)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def error_code(error: BaseException) -> str:
    """The stable finding code of an error that stops a command."""
    if isinstance(error, RemoteError):
        return "remote-error"
    if isinstance(error, OutputError):
        return "output-error"
    if isinstance(error, ConfigError):
        return "config-error"
    if isinstance(error, InputError):
        return "unreadable-file"
    return "internal-error"


def scrub_secrets(text: str) -> str:
    """``text`` without the values of the secret ``EXPORT_KIT_*`` variables (keys, tokens),
    whatever the message that holds them: the last guard before a line or a document."""
    from export_kit.scrub import Redactor

    secrets = [
        value
        for name, value in os.environ.items()
        if name.startswith("EXPORT_KIT_") and any(word in name for word in _SECRET_WORDS)
    ]
    return Redactor([*secrets, *(s.strip() for s in secrets)])(text)


class Outcome:
    """What stdout will hold when the command ends: the document it gave, or the one of
    the error that stopped it. One per run of the program, in ``click.Context.meta``."""

    def __init__(self, args: Sequence[str]) -> None:
        self.args = list(args)
        #: None until ``--format`` is parsed (or the command line failed before it)
        self.json: bool | None = None
        #: the command's context, known once ``--format`` is parsed
        self.ctx: click.Context | None = None
        #: the catalogue or folder argument as given, noted before it is checked
        self.source: str | None = None
        self._document: Any = None
        self._held = False
        self._done = False

    @staticmethod
    def attach(ctx: click.Context, args: Sequence[str]) -> Outcome:
        """A new outcome for the run of ``ctx`` (the group's), given its command line."""
        outcome = Outcome(args)
        ctx.meta[_KEY] = outcome
        return outcome

    @staticmethod
    def of(ctx: click.Context | None = None) -> Outcome | None:
        """The outcome of the current run (None outside the ``export-kit`` group)."""
        ctx = ctx if ctx is not None else click.get_current_context(silent=True)
        found = ctx.meta.get(_KEY) if ctx is not None else None
        return found if isinstance(found, Outcome) else None

    def chose_format(self, ctx: click.Context, value: str) -> None:
        """``--format`` parsed to ``value`` in the command of ``ctx``."""
        self.ctx = ctx
        self.json = value == "json"

    def hold(self, data: Any) -> None:
        """Keep the command's document, printed when the command ends."""
        self._document = data
        self._held = True

    def finish(self, status: int) -> None:
        """Print the command's document, if it gave one (a normal end, or an exit with a
        status it chose itself)."""
        if self._done:
            return
        self._done = True
        if self._held:
            self._print(self._document, status)

    def fail(self, status: int, code: str, message: str, failed: click.Context | None) -> None:
        """Print the document of an error exit: the command's own with the finding that
        stopped it, else a report of that finding. ``failed`` is the context click names
        in a usage error (the command line may not have been parsed)."""
        if self._done:
            return
        self._done = True
        if self.json is None and failed is not None and _has_format(failed.command):
            self.ctx = failed
            self.json = _asks_json(self.args)
        if not self.json or self.ctx is None:
            if self._held:  # a document without --format json: print it as it was
                self._print(self._document, status)
            return
        from export_kit.validate.report import Finding

        finding = Finding(code, "error", message)
        name = _command_name(self.ctx)
        if self._held:
            self._print(_merged(self._document, name, status, finding), status)
        else:
            self._print(self._error_document(self.ctx, name, status, finding), status)

    def _print(self, data: Any, status: int) -> None:
        try:
            write_json(data)
        except BrokenPipeError:
            # the reader went away: nothing more can reach it, the status still does
            raise click.exceptions.Exit(status) from None

    def _error_document(
        self, ctx: click.Context, name: str, status: int, finding: Finding
    ) -> dict[str, Any]:
        from export_kit.validate.report import Report

        source = self._source(ctx)
        platform = next(
            (
                value
                for key in ("platform", "platform_name")
                if isinstance(value := ctx.params.get(key), str)
            ),
            None,
        )
        report = Report(source="", platform=platform, findings=[finding]).to_dict()
        if name == "validate":  # a report as validate writes them (source: the file's name)
            report["source"] = Path(source).name if source else None
            return report
        document: dict[str, Any] = {
            "source": source,
            "command": name,
            "platform": platform,
            "exit_status": status,
            "summary": report["summary"],
            "findings": report["findings"],
        }
        if name == "batch":
            document["catalogues"] = []
        return document

    def _source(self, ctx: click.Context) -> str | None:
        """The command's catalogue or folder argument (None for several, as batch's)."""
        for param in ctx.command.params:
            if isinstance(param, click.Argument) and param.name is not None:
                value = ctx.params.get(param.name)
                if value is None:
                    return self.source
                if isinstance(value, str | os.PathLike):
                    return os.fsdecode(value)
                return None
        return None


def _merged(document: Any, name: str, status: int, finding: Finding) -> Any:
    """The command's document with the finding that stopped it (once) and, but for
    validate's report, ``exit_status``."""
    if not isinstance(document, dict):
        return document
    entry = finding.to_dict()
    findings = document.get("findings")
    if not isinstance(findings, list):
        document["findings"] = [entry]
    elif not any(isinstance(f, dict) and f.get("message") == entry["message"] for f in findings):
        findings.insert(0, entry)  # a finding of the file: first, as reports sort them
        summary = document.get("summary")
        if isinstance(summary, dict) and isinstance(summary.get("errors"), int):
            summary["errors"] += 1
    if name != "validate":
        document["exit_status"] = status
    return document


def _has_format(command: click.Command) -> bool:
    return any(param.name == FORMAT_PARAM for param in command.params)


def _asks_json(args: Sequence[str]) -> bool:
    """True when the words of a command line that click could not parse give
    ``--format json`` (the last ``--format`` wins, as click's own parsing)."""
    wanted: str | None = None
    words = iter(args)
    for word in words:
        if word == "--":
            break
        if word == "--format":
            wanted = next(words, None)
        elif word.startswith("--format="):
            wanted = word.partition("=")[2]
    return wanted == "json"


def _command_name(ctx: click.Context) -> str:
    """``validate``, ``memory import``: the command's words after the program's name."""
    names: list[str] = []
    current: click.Context | None = ctx
    while current is not None and current.parent is not None:
        names.append(current.info_name or "")
        current = current.parent
    return " ".join(reversed(names))
