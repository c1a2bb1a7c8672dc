"""The EUR→CNY exchange rate: from an option, the config, or the ECB (DESIGN §7.2).

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
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from export_kit.config import Config
from export_kit.errors import ConfigError, InputError, RateSourceError
from export_kit.fileio import atomic_writer

if TYPE_CHECKING:
    import httpx

__all__ = [
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
        if rate <= 0:
            raise ConfigError(f"The EUR to CNY rate must be positive, not {rate}.")
        return Rate(eur_cny=rate, date=None, source="option")
    if rates_file is not None:
        return _rate_from_file(rates_file)
    if rates == "ecb":
        return fetch_ecb(workspace)
    if config.pricing.eur_cny is not None:
        return Rate(eur_cny=config.pricing.eur_cny, date=config.pricing.rate_date, source="config")
    if required:
        raise ConfigError(
            "No EUR to CNY exchange rate: pass --rate EUR_CNY or --rates ecb, "
            "or set [pricing] eur_cny in export-kit.toml."
        )
    return None


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
) -> Rate:
    """Today's cached ECB file, else download it (with retries), cache it and read it.

    Raises:
        RateSourceError: unreachable after the retries, an HTTP error, or a body that is not
            a reference-rate file (one line, quoting nothing of the body).
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


def _download(url: str, *, attempts: int, backoff: float, sleep: Callable[[float], None]) -> bytes:
    shown = _safe_url(url)
    reason = "no attempt made"
    attempts = max(1, attempts)
    import httpx

    timeout = TIMEOUT or httpx.Timeout(connect=5.0, read=10.0, write=10.0, pool=5.0)
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        for attempt in range(1, attempts + 1):
            try:
                with client.stream("GET", url) as response:
                    if response.status_code == 200:
                        return _read_capped(response, shown)
                    reason = f"HTTP {response.status_code}"
                    if response.status_code < 500 and response.status_code != 429:
                        break  # a client error does not get better by asking again
            except httpx.TimeoutException:
                reason = "timed out"
            except httpx.UnsupportedProtocol:
                raise ConfigError(
                    f"{ECB_URL_ENV} must be an http(s) URL, not {shown}. Fix or unset it."
                ) from None
            except httpx.TransportError as exc:
                reason = f"connection failed ({type(exc).__name__})"
            except httpx.InvalidURL:
                raise ConfigError(
                    f"{ECB_URL_ENV} is not a valid URL ({shown}). Fix or unset it."
                ) from None
            if attempt < attempts:
                sleep(backoff * 2 ** (attempt - 1))
    raise RateSourceError(
        f"Cannot get the ECB reference rates from {shown}: {reason} after {attempt} "
        f"attempt{'s' if attempt > 1 else ''}. {_HINT}"
    )


def _read_capped(response: httpx.Response, shown: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise RateSourceError(
                f"The ECB reference rates from {shown} are unusable (larger than "
                f"{MAX_BYTES // 1000} KB, not the daily file). {_HINT}"
            )
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
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise RatesFileError("the CNY rate is not a number") from None
    if not value.is_finite() or value <= 0:
        raise RatesFileError("the CNY rate is not a positive number")
    return value
