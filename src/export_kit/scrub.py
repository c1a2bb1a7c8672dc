"""Scrubbing secrets out of text that a remote service sent back or an error message holds.

A gateway may echo a request in its error message, and not always as it was sent: the
urlencoded body (``%2F`` or ``%2f``, ``+`` or ``%20`` for a space, even encoded twice),
the request URL with its query, a JSON-escaped copy (``\\/``, ``\\u00e9``), or the whole
text upper- or lower-cased. :class:`Redactor` matches each secret in every such form, each
character on its own, so a mix of them (a partly encoded value) is hidden too.
Every path that prints or stores gateway text (error messages, receipts, the command's
output, the exceptions a run ends with) goes through one :class:`Redactor`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator

__all__ = ["MASK", "MIN_SECRET", "Redactor", "scrub_exception", "scrubbed_errors"]

MASK = "***"
#: shorter values would hide ordinary words, and are no real secrets
MIN_SECRET = 4


def _forms(char: str) -> str:
    """A regex alternation matching ``char`` as written, percent-encoded (once or twice),
    form-encoded (``+`` for a space) or JSON-escaped; letters in any case (the caller
    compiles with IGNORECASE)."""
    encoded = char.encode("utf-8")
    once = "".join(f"%{byte:02x}" for byte in encoded)
    twice = "".join(f"%25{byte:02x}" for byte in encoded)
    forms = [re.escape(char), re.escape(once), re.escape(twice)]
    forms.append(re.escape(f"\\u{ord(char):04x}") if ord(char) <= 0xFFFF else "")
    if char == " ":
        forms += [r"\+", "%2b"]  # form-encoded, then percent-encoded again
    if char == "/":
        forms.append(r"\\/")
    return "(?:" + "|".join(f for f in forms if f) + ")"


class Redactor:
    """Replaces every known secret in a text by ``***``, in whatever form it appears."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        values = sorted({s for s in secrets if s and len(s) >= MIN_SECRET}, key=len, reverse=True)
        # longest first, so a secret containing another is hidden whole
        self._pattern = (
            re.compile(
                "|".join("".join(_forms(c) for c in value) for value in values), re.IGNORECASE
            )
            if values
            else None
        )

    def __bool__(self) -> bool:
        return self._pattern is not None

    def __call__(self, text: str) -> str:
        """``text`` with every secret replaced by ``***``."""
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(MASK, text)

    def optional(self, text: str | None) -> str | None:
        """:meth:`__call__` that keeps ``None``."""
        return None if text is None else self(text)


def scrub_exception(error: BaseException, redact: Callable[[str], str]) -> None:
    """Scrub the text arguments of ``error`` and of the exceptions it was raised from, in
    place, so that printing it (even as a traceback with ``--debug``) shows no secret."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.args = tuple(redact(a) if isinstance(a, str) else a for a in current.args)
        message = getattr(current, "message", None)
        if isinstance(message, str):
            with contextlib.suppress(AttributeError):  # a read-only property
                current.message = redact(message)  # type: ignore[attr-defined]
        current = current.__cause__ or current.__context__


@contextlib.contextmanager
def scrubbed_errors(redact: Callable[[str], str]) -> Iterator[None]:
    """Scrub (:func:`scrub_exception`) whatever exception leaves the ``with`` block."""
    try:
        yield
    except BaseException as error:
        scrub_exception(error, redact)
        raise
