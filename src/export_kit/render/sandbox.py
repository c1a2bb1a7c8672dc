"""What a user's template may do: read its own folder, for a while, and write so much.

A template given with ``--templates`` renders in Jinja's immutable sandbox (no attribute
of Python's internals, no mutation of the data). On top of it:

- the loader refuses a template whose real path (symlinks resolved) is outside the
  templates folder, one that is not a regular file (a FIFO would block), and one larger
  than :data:`MAX_TEMPLATE_BYTES`;
- each render has a time limit: every loop step and every call checks the clock, so
  ``{% for i in range(100000) %}{% for j in range(100000) %}`` stops at the limit with an
  error naming the template and its line;
- the file written has a size limit, and so does one value (``"x" * 10**9``, a number
  of a million digits, a namespace attribute doubled in a loop).

The limits come from :class:`TemplateLimits` (``EXPORT_KIT_TEMPLATE_SECONDS``,
``EXPORT_KIT_TEMPLATE_MAX_MB``). Built-in templates render without them: they are part
of export-kit and a feed of 100,000 listings may take minutes.
"""

from __future__ import annotations

import math
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, nodes
from jinja2.exceptions import SecurityError, TemplateNotFound, TemplateRuntimeError
from jinja2.loaders import split_template_path
from jinja2.utils import Namespace

from export_kit.errors import ConfigError

__all__ = [
    "MAX_MB_ENV",
    "MAX_TEMPLATE_BYTES",
    "SECONDS_ENV",
    "BoundedSandbox",
    "ConfinedLoader",
    "TemplateLimitError",
    "TemplateLimits",
]

SECONDS_ENV = "EXPORT_KIT_TEMPLATE_SECONDS"
MAX_MB_ENV = "EXPORT_KIT_TEMPLATE_MAX_MB"
#: a template file larger than this is not a feed template
MAX_TEMPLATE_BYTES = 4 * 1024 * 1024
#: bits of the largest integer a template may make (about 3,000 digits; Python refuses
#: to print one of more than 4,300)
_MAX_INT_BITS = 10_000
_FILTER = "_within_limits"


@dataclass(frozen=True)
class TemplateLimits:
    """How long one render of a user's template may take and how much it may write."""

    #: seconds per render (the feed, then the preview), the work on each product included
    seconds: float = 600.0
    #: bytes of the file written, and characters of any one value
    max_bytes: int = 512 * 1024 * 1024

    @classmethod
    def from_environ(cls) -> TemplateLimits:
        """The limits, ``EXPORT_KIT_TEMPLATE_SECONDS`` and ``EXPORT_KIT_TEMPLATE_MAX_MB``
        overriding the defaults; ConfigError for a value that is not a positive number."""
        default = cls()
        seconds = _positive(SECONDS_ENV, default.seconds)
        megabytes = _positive(MAX_MB_ENV, default.max_bytes / (1024 * 1024))
        return cls(seconds=seconds, max_bytes=max(1, int(megabytes * 1024 * 1024)))


def _positive(name: str, default: float) -> float:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise ConfigError(f"{name} must be a positive number, not {text[:20]!r}. Fix or unset it.")
    return value


class TemplateLimitError(TemplateRuntimeError):
    """A user's template went past a limit (time, output size, value size)."""


class ConfinedLoader(FileSystemLoader):
    """A :class:`~jinja2.FileSystemLoader` over one folder that reads nothing outside it.

    ``{% include 'link' %}`` with ``link`` a symlink to ``/etc/passwd``, or a template in
    a symlinked folder that leads elsewhere, is refused (a
    :class:`~jinja2.exceptions.SecurityError`, which the render reports as a template
    error), as is anything that is not a regular file.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, encoding="utf-8", followlinks=False)
        self._root = os.path.realpath(folder)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, once its real path is known to be inside the folder."""
        pieces = split_template_path(template)  # refuses ".." itself
        filename = os.path.join(self._root, *pieces)
        real = os.path.realpath(filename)
        if os.path.commonpath([self._root, real]) != self._root:
            raise SecurityError(
                f"template {template!r} leads outside the templates folder (a symbolic "
                "link?); refused"
            )
        try:
            status = os.stat(real)
        except OSError:
            raise TemplateNotFound(template) from None
        if not stat.S_ISREG(status.st_mode):
            raise SecurityError(f"template {template!r} is not a regular file; refused")
        if status.st_size > MAX_TEMPLATE_BYTES:
            raise SecurityError(
                f"template {template!r} is {status.st_size // (1024 * 1024)} MB, more than "
                f"{MAX_TEMPLATE_BYTES // (1024 * 1024)} MB; refused"
            )
        return super().get_source(environment, template)


class BoundedNamespace(Namespace):
    """``namespace()`` whose attributes hold no value past the size limit."""

    limit = 0

    def __setitem__(self, name: str, value: Any) -> None:
        # Namespace answers attribute reads from its own items: the class holds the limit
        _check_size(value, self.__class__.limit, "a namespace attribute")
        super().__setitem__(name, value)


class BoundedSandbox:
    """Mixin of the sandboxed environment: a clock per render and caps on values.

    Every ``{% for %}`` iterable passes through a filter that checks the clock at each
    step (added to the parsed template); every call checks it too (a macro calling
    itself, a loop's ``loop()``).
    """

    intercepted_binops = frozenset({"*", "**"})
    limits = TemplateLimits()
    _ends = math.inf
    _render_name = ""

    def start_render(self, name: str) -> None:
        """Start the clock of a render of template ``name``."""
        self._ends = time.monotonic() + self.limits.seconds
        self._render_name = name

    def check_time(self) -> None:
        """TemplateLimitError when the render has run past its time limit."""
        if time.monotonic() > self._ends:
            raise TemplateLimitError(
                f"still rendering after {self.limits.seconds:g} s, the time limit of a "
                f"user's template (set {SECONDS_ENV} for more)"
            )

    def within_limits(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """``iterable``, the clock checked before each item."""
        check = self.check_time
        for item in iterable:
            check()
            yield item

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree: nodes.Template = super()._parse(source, name, filename)  # type: ignore[misc]
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _FILTER, [], [], None, None, lineno=loop.lineno)
        return tree

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """A call from the template, once the clock is checked."""
        __self.check_time()
        return super().call(__context, __obj, *args, **kwargs)  # type: ignore[misc]

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*`` and ``**``, refused when the result would pass the size limits."""
        self.check_time()
        if operator == "**":
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and right > 0
                and abs(left) > 1
                and right * math.log2(abs(left)) > _MAX_INT_BITS
            ):
                raise TemplateLimitError(f"{_short(left)} ** {_short(right)} is too large")
            try:
                return left**right
            except OverflowError:
                raise TemplateLimitError("a power too large for a number") from None
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, str | list | tuple) and isinstance(times, int):
                    _check_length(len(sequence) * max(times, 0), self.limits.max_bytes)
            result = left * right
            if isinstance(result, int) and result.bit_length() > _MAX_INT_BITS:
                raise TemplateLimitError("a product too large for a number")
            return result
        return super().call_binop(context, operator, left, right)  # type: ignore[misc]

    def install_limits(self, limits: TemplateLimits) -> None:
        """Use ``limits``: the loop filter and the bounded ``namespace``."""
        self.limits = limits
        namespace = type("namespace", (BoundedNamespace,), {"limit": limits.max_bytes})
        self.globals["namespace"] = namespace  # type: ignore[attr-defined]
        self.filters[_FILTER] = self.within_limits  # type: ignore[attr-defined]


def _check_size(value: Any, limit: int, what: str) -> None:
    if isinstance(value, str | list | tuple | dict) and len(value) > limit:
        raise TemplateLimitError(
            f"{what} of {len(value):,} items or characters, more than the output limit"
        )


def _check_length(length: int, limit: int) -> None:
    if length > limit:
        raise TemplateLimitError(
            f"a value of {length:,} characters or items, more than the output limit "
            f"({limit:,}; set {MAX_MB_ENV} for more)"
        )


def _short(number: int) -> str:
    return str(number) if number.bit_length() < 64 else "a very large number"
