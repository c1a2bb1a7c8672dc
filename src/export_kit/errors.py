"""Errors that end a run, each with the exit code the command line returns.

Data problems in a catalogue are *findings* (see :mod:`export_kit.validate.report`), never
exceptions. These classes are for runs that cannot go on::

    ExportKitError (exit 70 unless a subclass says otherwise)
    ├── InputError (exit 3): unreadable file, bad encoding, unknown sheet
    │   └── CatalogueError: the catalogue itself cannot be parsed
    ├── ConfigError (exit 3): bad export-kit.toml, unknown platform, missing credentials
    │   └── UnknownPluginError
    ├── OutputError (exit 3): an output cannot be written (read-only folder, full disk,
    │   missing folder) or would overwrite an input or a workspace file
    └── RemoteError (exit 4): a remote service failed after retries
        ├── TranslationError
        ├── RateSourceError
        └── PublishError
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "CatalogueError",
    "ConfigError",
    "ExportKitError",
    "InputError",
    "OutputError",
    "PublishError",
    "RateSourceError",
    "RemoteError",
    "TranslationError",
    "UnknownPluginError",
]


class ExportKitError(Exception):
    """Base of every error export-kit raises on purpose."""

    exit_code = 70


class InputError(ExportKitError):
    """An input file cannot be used (missing, unreadable, wrong type)."""

    exit_code = 3


class CatalogueError(InputError):
    """A catalogue cannot be parsed at all (as opposed to findings in its rows)."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class ConfigError(ExportKitError):
    """The configuration or the command's options cannot be used."""

    exit_code = 3


class UnknownPluginError(ConfigError):
    """A reader, provider or platform name that is not registered."""

    def __init__(self, kind: str, name: str, available: Iterable[str]) -> None:
        choices = ", ".join(sorted(available))
        super().__init__(f"Unknown {kind} '{name}'. Available: {choices}.")
        self.kind = kind
        self.name = name


class OutputError(ExportKitError, OSError):
    """An output cannot be written, or must not be: a fault of the environment (read-only
    folder, full disk, missing folder) or a target that is an input of the run.

    Also an ``OSError``, so that a best-effort writer (a cache) that lets an ``OSError``
    go still does; ``errno`` is the file system's when it was one of its faults.
    """

    exit_code = 3


class RemoteError(ExportKitError):
    """A remote service failed after retries."""

    exit_code = 4


class TranslationError(RemoteError):
    """The translation provider failed after retries."""


class RateSourceError(RemoteError):
    """The exchange-rate source could not be read."""


class PublishError(RemoteError):
    """The marketplace API failed after retries."""
