"""Streaming a template to disk: atomically, hashing and counting the bytes on the way."""

from __future__ import annotations

import hashlib
import os
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError

from export_kit.errors import ConfigError
from export_kit.fileio import atomic_path
from export_kit.render.sandbox import MAX_MB_ENV, BoundedSandbox, TemplateLimitError

__all__ = [
    "UTF8_BOM",
    "WrittenFile",
    "describe_template_error",
    "render_to_file",
    "write_chunks",
]

UTF8_BOM = "\ufeff".encode()
#: template chunks gathered before one encode + hash + write (a few hundred KB)
_FLUSH_CHUNKS = 8192
#: feed files that carry a UTF-8 byte order mark (Excel opens them as UTF-8 then)
BOM_SUFFIXES = (".csv",)


@dataclass(frozen=True, slots=True)
class WrittenFile:
    """A file written: where, its sha256 (lowercase hex) and its size in bytes."""

    path: Path
    sha256: str
    bytes: int


def write_chunks(
    chunks: Iterable[str], target: Path, *, bom: bool = False, max_bytes: int | None = None
) -> WrittenFile:
    """Write text chunks to ``target`` as UTF-8, atomically, hashing as they go.

    Small chunks (a template yields many) are gathered into blocks before they are
    encoded, hashed and written. Past ``max_bytes``, a
    :class:`~export_kit.render.sandbox.TemplateLimitError` (nothing is left at ``target``).
    """
    digest = hashlib.sha256()
    size = 0
    with atomic_path(target) as tmp, tmp.open("wb") as handle:
        if bom:
            digest.update(UTF8_BOM)
            handle.write(UTF8_BOM)
            size += len(UTF8_BOM)
        # islice gathers a block of chunks in C: a feed of 100,000 listings is millions
        # of small template chunks
        iterator = iter(chunks)
        while True:
            block = list(islice(iterator, _FLUSH_CHUNKS))
            if not block:
                break
            data = "".join(block).encode("utf-8")
            if max_bytes is not None and size + len(data) > max_bytes:
                raise TemplateLimitError(
                    f"the output passed {max_bytes:,} bytes, the limit of a user's template "
                    f"(set {MAX_MB_ENV} for more)"
                )
            digest.update(data)
            handle.write(data)
            size += len(data)
    return WrittenFile(path=Path(target), sha256=digest.hexdigest(), bytes=size)


def render_to_file(
    environment: Environment, name: str, context: Mapping[str, Any], target: Path
) -> WrittenFile:
    """Render template ``name`` into ``target`` with ``Template.generate`` (streamed).

    Template mistakes (syntax, an undefined field, a sandbox violation, a limit of a user's
    template passed, a division by zero in one) become a
    :class:`~export_kit.errors.ConfigError` naming the template and the line.
    """
    bounded = isinstance(environment, BoundedSandbox)
    try:
        template = environment.get_template(name)
    except TemplateNotFound as exc:
        raise ConfigError(f"Template {exc.name!r} not found. Check --templates.") from None
    except (TemplateSyntaxError, SecurityError) as exc:
        raise ConfigError(describe_template_error(name, exc)) from None
    if isinstance(environment, BoundedSandbox):
        environment.start_render(name)
    try:
        return write_chunks(
            template.generate(**context),
            target,
            bom=Path(target).suffix.lower() in BOM_SUFFIXES,
            max_bytes=environment.limits.max_bytes
            if isinstance(environment, BoundedSandbox)
            else None,
        )
    except (UndefinedError, SecurityError, TemplateError) as exc:
        raise ConfigError(describe_template_error(name, exc)) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
        # a user's template may divide by zero, ask for a range the sandbox refuses or
        # call a macro from itself; the same in export-kit's own code is a bug
        if bounded and _raised_by_template(exc):
            raise ConfigError(describe_template_error(name, exc)) from None
        raise


def _raised_by_template(exc: BaseException) -> bool:
    """True when ``exc`` comes from template code (or Jinja's, on its behalf) rather than
    from export-kit's own code the template called (the listings it iterates)."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        if "__jinja_template__" in frame.f_globals or "__jinja_exception__" in frame.f_globals:
            return True
        filename = frame.f_code.co_filename
        if filename.startswith(_PACKAGE) and not filename.startswith(_RENDER):
            return False
    return bool(frames)


_RENDER = os.path.dirname(os.path.abspath(__file__)) + os.sep
_PACKAGE = os.path.dirname(_RENDER.rstrip(os.sep)) + os.sep


def describe_template_error(name: str, exc: Exception) -> str:
    """What went wrong in template ``name``, with the file and line, for the user."""
    filename = getattr(exc, "filename", None) or name
    lineno = getattr(exc, "lineno", None)
    if lineno is None:
        # Jinja rewrites the traceback of a render error so its frames point at the
        # template lines: the last such frame is where the template failed.
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename.endswith((".j2", ".jinja", ".jinja2")):
                filename, lineno = frame.filename, frame.lineno
    where = f"{filename}, line {lineno}" if lineno else str(filename)
    return f"Template {where}: {str(exc).rstrip('.')}. Fix the template."
