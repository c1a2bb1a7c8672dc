"""The EUR→CNY exchange rate: from an option, the config, or the ECB.

The ECB publishes its euro foreign exchange reference rates once per TARGET working day,
around 16:00 CET, as a small XML file. export-kit downloads it at most once per day and
keeps the copy in ``<workspace>/rates/eurofxref-YYYY-MM-DD.xml`` (the day of the download),
so a run on the same day, or a rerun offline, does not ask again.

The file comes from the network (or from a user), so it is parsed with defusedxml with DTDs
forbidden: an entity or external-reference payload is refused before anything is expanded,
and no error message ever quotes the file's content.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from export_kit.config import Config
from export_kit.errors import ConfigError, InputError, RateSourceError
from export_kit.fileio import atomic_writer

if TYPE_CHECKING:
    import httpx

__all__ = [
    "DEADLINE_ENV",
    "ECB_URL",
    "ECB_URL_ENV",
    "Rate",
    "RatesFileError",
    "fetch_ecb",
    "parse_eurofxref",
    "resolve_rate",
]

ECB_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
ECB_URL_ENV = "EXPORT_KIT_ECB_URL"
RATE_SOURCES = ("ecb",)

#: attempts and first backoff delay (seconds; doubles after each failure) for the ECB
ATTEMPTS = 3
BACKOFF = 0.5
#: the download's ``httpx.Timeout`` (None: connect 5 s, read 10 s, write 10 s, pool 5 s);
#: httpx is imported only when the ECB file is downloaded
TIMEOUT: httpx.Timeout | None = None
#: the daily file is about 1.6 KB; anything much larger is not it
MAX_BYTES = 1_000_000
#: seconds the whole download may take, retries included (a server that trickles its
#: answer a byte at a time never trips a per-read timeout); ``EXPORT_KIT_ECB_DEADLINE``
DEADLINE = 30.0
DEADLINE_ENV = "EXPORT_KIT_ECB_DEADLINE"
#: redirects followed before the address is given up as a loop
MAX_REDIRECTS = 5
#: a EUR→CNY rate outside these bounds is a broken file, not a market move (it has stayed
#: between 6 and 11 since the euro began)
PLAUSIBLE = (Decimal("0.1"), Decimal("1000"))
#: characters of a rate attribute: the ECB writes four decimals ("7.7748")
_MAX_RATE_CHARS = 32

_HINT = "Pass --rate EUR_CNY, --rates-file FILE, or set [pricing] eur_cny in export-kit.toml."


@dataclass(frozen=True)
class Rate:
    """How many yuan one euro buys, as of ``date``, and where that figure came from.

    ``source`` is ``option`` (``--rate``), ``config`` (``[pricing] eur_cny``), ``ecb`` (the
    ECB daily reference rates) or ``file:<name>`` (a saved copy of the ECB file).
    ``date`` is the ECB reference day or ``[pricing] rate_date``; ``None`` when unknown.
    """

    eur_cny: Decimal
    date: dt.date | None
    source: str

    def to_dict(self) -> dict[str, str | None]:
        """The ``rate`` object of reports and manifests: ``{"eur_cny", "date", "source"}``."""
        return {
            "eur_cny": str(self.eur_cny),
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
        }


class RatesFileError(ValueError):
    """The content is not a usable ECB reference-rate file (the message quotes none of it)."""


def resolve_rate(
    config: Config,
    *,
    rate: Decimal | None = None,
    rates: str | None = None,
    rates_file: Path | None = None,
    workspace: Path,
    required: bool = True,
) -> Rate | None:
    """The rate to price with: ``--rate`` > ``--rates ecb`` / ``--rates-file`` > the config.

    Raises:
        ConfigError: no rate anywhere and ``required``; an unknown ``rates`` source; both
            ``rates`` and ``rates_file``.
        InputError: ``rates_file`` cannot be read or is not an ECB reference-rate file.
        RateSourceError: the ECB could not be reached, or sent something unusable.
    """
    if rates is not None and rates not in RATE_SOURCES:
        raise ConfigError(f"Unknown rate source '{rates}'. Available: {', '.join(RATE_SOURCES)}.")
    if rates is not None and rates_file is not None:
        raise ConfigError("Pass either --rates ecb or --rates-file FILE, not both.")
    if rate is not None:
        _check_given(rate, "--rate")
        return Rate(eur_cny=rate, date=None, source="option")
    if rates_file is not None:
        return _rate_from_file(rates_file)
    if rates == "ecb":
        return fetch_ecb(workspace)
    if config.pricing.eur_cny is not None:
        _check_given(config.pricing.eur_cny, "[pricing] eur_cny")
        return Rate(eur_cny=config.pricing.eur_cny, date=config.pricing.rate_date, source="config")
    if required:
        raise ConfigError(
            "No EUR to CNY exchange rate: pass --rate EUR_CNY or --rates ecb, "
            "or set [pricing] eur_cny in export-kit.toml."
        )
    return None


def _check_given(rate: Decimal, where: str) -> None:
    """A rate the user gave: finite and plausible, or a ConfigError naming where it came from."""
    if not rate.is_finite() or rate <= 0:
        raise ConfigError(f"The EUR to CNY rate ({where}) must be a positive number.")
    low, high = PLAUSIBLE
    if not low <= rate <= high:
        raise ConfigError(
            f"The EUR to CNY rate ({where}) is {_short(rate)}: not a plausible rate "
            f"(expected between {low} and {high}, about 7.8 in 2024). Check the value."
        )


def _short(value: Decimal) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:20]}... ({len(text)} characters)"


def parse_eurofxref(content: bytes) -> tuple[Decimal, dt.date]:
    """The CNY rate and its day from an ECB ``eurofxref`` file (daily, 90-day or history).

    With several days in the file, the latest day that has a CNY rate wins.

    Raises:
        RatesFileError: malformed XML, a DTD or entity declaration, no CNY rate, a bad
            number or date. The message describes the problem without quoting the file.
    """
    try:
        root = SafeET.fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        raise RatesFileError(
            "refused: the file declares a DTD or entities, which an ECB file never does"
        ) from None
    except SafeET.ParseError:
        raise RatesFileError("not well-formed XML") from None
    except (ValueError, UnicodeError):
        raise RatesFileError("not readable as XML text") from None
    if _local(root.tag) != "Envelope":
        raise RatesFileError("not an ECB reference-rate file (no gesmes:Envelope root)")
    best: tuple[dt.date, Decimal] | None = None
    for cube in root.iter():
        if _local(cube.tag) != "Cube" or cube.get("time") is None:
            continue
        for child in cube:
            if _local(child.tag) == "Cube" and (child.get("currency") or "").upper() == "CNY":
                day = _parse_day(cube.get("time") or "")
                value = _parse_rate(child.get("rate") or "")
                if best is None or day > best[0]:
                    best = (day, value)
    if best is None:
        raise RatesFileError("no CNY rate in the file")
    return best[1], best[0]


def fetch_ecb(
    workspace: Path,
    *,
    url: str | None = None,
    today: dt.date | None = None,
    attempts: int | None = None,
    backoff: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
    deadline: float | None = None,
) -> Rate:
    """Today's cached ECB file, else download it (with retries), cache it and read it.

    Args:
        deadline: seconds the whole download may take, retries included (default
            ``EXPORT_KIT_ECB_DEADLINE``, else :data:`DEADLINE`).

    Raises:
        RateSourceError: unreachable after the retries or within the deadline, an HTTP
            error, a redirect loop, or a body that is not a reference-rate file (one line,
            quoting nothing of the body).
        ConfigError: ``EXPORT_KIT_ECB_URL`` or ``EXPORT_KIT_ECB_DEADLINE`` is unusable.
    """
    url = url or os.environ.get(ECB_URL_ENV) or ECB_URL
    today = today or dt.date.today()
    cache = Path(workspace) / "rates" / f"eurofxref-{today.isoformat()}.xml"
    if cache.is_file():
        try:
            eur_cny, day = parse_eurofxref(cache.read_bytes())
            return Rate(eur_cny=eur_cny, date=day, source="ecb")
        except (OSError, RatesFileError):
            pass  # a damaged cache is replaced by a fresh download below
    content = _download(
        url,
        attempts=ATTEMPTS if attempts is None else attempts,
        backoff=BACKOFF if backoff is None else backoff,
        sleep=sleep,
        deadline=_deadline() if deadline is None else deadline,
    )
    try:
        eur_cny, day = parse_eurofxref(content)
    except RatesFileError as exc:
        raise RateSourceError(
            f"The ECB reference rates from {_safe_url(url)} are unusable ({exc}). {_HINT}"
        ) from None
    with atomic_writer(cache, "wb") as handle:
        handle.write(content)
    return Rate(eur_cny=eur_cny, date=day, source="ecb")


def _rate_from_file(path: Path) -> Rate:
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(
            f"{path}: cannot read the rates file ({reason}). Check --rates-file."
        ) from None
    try:
        eur_cny, day = parse_eurofxref(content)
    except RatesFileError as exc:
        raise InputError(
            f"{path}: not a usable ECB reference-rate file ({exc}). Save "
            f"{ECB_URL} again, or pass --rate EUR_CNY."
        ) from None
    return Rate(eur_cny=eur_cny, date=day, source=f"file:{Path(path).name}")


def _deadline() -> float:
    text = os.environ.get(DEADLINE_ENV)
    if not text:
        return DEADLINE
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < 86_400:
        raise ConfigError(
            f"{DEADLINE_ENV} must be a number of seconds (for example 30), not {text[:20]!r}. "
            "Fix or unset it."
        )
    return seconds


def _download(
    url: str,
    *,
    attempts: int,
    backoff: float,
    sleep: Callable[[float], None],
    deadline: float,
) -> bytes:
    shown = _safe_url(url)
    reason = "no attempt made"
    attempts = max(1, attempts)
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ConfigError(f"{ECB_URL_ENV} must be an http(s) URL, not {shown}. Fix or unset it.")
    import httpx

    ends = time.monotonic() + deadline
    late = (
        f"Cannot get the ECB reference rates from {shown}: no complete answer within "
        f"{deadline:g} s (set {DEADLINE_ENV} for more). {_HINT}"
    )
    timeout = TIMEOUT or httpx.Timeout(connect=5.0, read=10.0, write=10.0, pool=5.0)
    transport = httpx.HTTPTransport()
    _bound_reads(transport, ends)
    attempt = 0
    with httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        transport=transport,
    ) as client:
        for attempt in range(1, attempts + 1):
            try:
                with client.stream("GET", url) as response:
                    if response.status_code == 200:
                        return _read_capped(response, shown, ends, late)
                    reason = f"HTTP {response.status_code}"
                    if response.status_code < 500 and response.status_code != 429:
                        break  # a client error does not get better by asking again
            except httpx.TimeoutException:
                if time.monotonic() >= ends:
                    raise RateSourceError(late) from None
                reason = "timed out"
            except httpx.TooManyRedirects:
                raise RateSourceError(
                    f"Cannot get the ECB reference rates from {shown}: more than "
                    f"{MAX_REDIRECTS} redirects (a redirect loop?). {_HINT}"
                ) from None
            except httpx.UnsupportedProtocol:
                raise RateSourceError(
                    f"Cannot get the ECB reference rates from {shown}: redirected to an "
                    f"address that is not http(s). {_HINT}"
                ) from None
            except httpx.TransportError as exc:
                reason = f"connection failed ({type(exc).__name__})"
            except httpx.InvalidURL:
                raise ConfigError(
                    f"{ECB_URL_ENV} is not a valid URL ({shown}). Fix or unset it."
                ) from None
            except httpx.HTTPError as exc:  # a broken answer (bad encoding, bad redirect...)
                reason = f"unusable answer ({type(exc).__name__})"
            left = ends - time.monotonic()
            if attempt < attempts:
                pause = backoff * 2 ** (attempt - 1)
                if pause >= left:
                    raise RateSourceError(
                        f"Cannot get the ECB reference rates from {shown}: {reason}, and no "
                        f"time left for another attempt within {deadline:g} s. {_HINT}"
                    )
                sleep(pause)
    raise RateSourceError(
        f"Cannot get the ECB reference rates from {shown}: {reason} after {attempt} "
        f"attempt{'s' if attempt > 1 else ''}. {_HINT}"
    )


def _bound_reads(transport: Any, ends: float) -> None:
    """Make every socket read and write of ``transport`` end by the monotonic time ``ends``.

    httpx's timeouts are per read: a server sending one byte a second never trips them,
    in its headers or its body. httpcore takes a network backend; the one the transport's
    pool made is wrapped so each read waits at most until the deadline.
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is not None:
        pool._network_backend = _DeadlineBackend(backend, ends)  # type: ignore[union-attr]


class _DeadlineStream:
    """A network stream whose reads and writes give up at the deadline."""

    def __init__(self, stream: Any, ends: float) -> None:
        self._stream = stream
        self._ends = ends

    def _left(self, timeout: float | None, error: type[Exception]) -> float:
        left = self._ends - time.monotonic()
        if left <= 0:
            raise error("the overall deadline passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        import httpcore

        data: bytes = self._stream.read(max_bytes, self._left(timeout, httpcore.ReadTimeout))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        import httpcore

        self._stream.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> _DeadlineStream:
        import httpcore

        stream = self._stream.start_tls(
            ssl_context, server_hostname, self._left(timeout, httpcore.ConnectTimeout)
        )
        return _DeadlineStream(stream, self._ends)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend:
    """httpcore's network backend, its streams bounded by the deadline."""

    def __init__(self, backend: Any, ends: float) -> None:
        self._backend = backend
        self._ends = ends

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> Any:
        import httpcore

        left = self._ends - time.monotonic()
        if left <= 0:
            raise httpcore.ConnectTimeout("the overall deadline passed")
        stream = self._backend.connect_tcp(
            host,
            port,
            left if timeout is None else min(timeout, left),
            local_address=local_address,
            socket_options=socket_options,
        )
        return _DeadlineStream(stream, self._ends)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> Any:
        stream = self._backend.connect_unix_socket(path, timeout, socket_options=socket_options)
        return _DeadlineStream(stream, self._ends)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _read_capped(response: httpx.Response, shown: str, ends: float, late: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise RateSourceError(
                f"The ECB reference rates from {shown} are unusable (larger than "
                f"{MAX_BYTES // 1000} KB, not the daily file). {_HINT}"
            )
        if time.monotonic() >= ends:
            raise RateSourceError(late)
        chunks.append(chunk)
    return b"".join(chunks)


def _safe_url(url: str) -> str:
    """The URL without credentials, query or fragment, fit for a message."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the configured address"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}" if parts.scheme else "the configured address"


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise RatesFileError("a Cube time attribute is not a date (YYYY-MM-DD)") from None


def _parse_rate(text: str) -> Decimal:
    text = text.strip()
    if len(text) > _MAX_RATE_CHARS:
        raise RatesFileError(f"the CNY rate is a number of {len(text)} characters, not a rate")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RatesFileError("the CNY rate is not a number") from None
    if not value.is_finite() or value <= 0:
        raise RatesFileError("the CNY rate is not a positive number")
    low, high = PLAUSIBLE
    if not low <= value <= high:
        raise RatesFileError(
            f"the CNY rate {_short(value)} is not plausible (expected between {low} and {high})"
        )
    return value
