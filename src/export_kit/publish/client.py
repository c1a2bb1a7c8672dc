"""The marketplace API client: one reused ``httpx.Client``, signing, rate, retries.

Failures are classified once, here:

- ``call-limit`` (TOP codes 4–8, JOS code 2, HTTP 429): the request was refused before it
  was processed; wait (the ban time the gateway gives, else backoff) and send it again.
- ``transient`` (transport errors, HTTP 5xx, TOP ``isp.*`` sub codes and codes 10/15
  without a caller sub code): retried with exponential backoff and jitter. A transient
  failure is *ambiguous* when the request may have been processed (a read timeout, a 5xx,
  an ``isp.*`` error): a create is then not sent again blindly; the caller looks the item up
  by its outer id first (see :meth:`ApiClient.call`, ``retry_ambiguous``).
- ``caller`` (``isv.*`` and the other business errors): not retried; the item fails.
- ``auth`` (bad signature, app key, session or token, clock skew, unknown method,
  missing permission): not retried, and the whole run stops, since every call would fail.

Messages never carry a secret: the session and token travel in the request body, never in
a URL, and every message goes through the client's ``redact``
(:class:`export_kit.scrub.Redactor`: raw, percent-encoded, JSON-escaped, in any case).
"""

from __future__ import annotations

import json
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import httpx

from export_kit import __version__
from export_kit.publish.signing import PARAMS_EXTENSION
from export_kit.scrub import Redactor, scrub_exception

__all__ = [
    "ApiCall",
    "ApiClient",
    "ApiError",
    "ErrorKind",
    "Gateway",
    "JosGateway",
    "PerThreadTransport",
    "Redactor",
    "RetryPolicy",
    "TokenBucket",
    "TopGateway",
]

ErrorKind = Literal["call-limit", "transient", "caller", "auth"]
Sleep = Callable[[float], None]

#: TOP gateway codes (top-platform-error-codes.txt) that mean the call limit was hit
TOP_CALL_LIMIT = frozenset({4, 5, 6, 7, 8})
#: TOP codes that no retry and no other item can fix: credentials, clock, method, rights
TOP_AUTH = frozenset({9, 11, 12, 13, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34})
#: JOS gateway codes: 2 call limit; the others are credentials, clock, version, method
JOS_CALL_LIMIT = frozenset({"2"})
JOS_AUTH = frozenset({"4", "5", "7", "8", "11", "12", "14", "15", "19"})

_BAN = re.compile(r"(\d+)\s*more\s*seconds?", re.IGNORECASE)


class ApiError(Exception):
    """A marketplace API call failed (after the retries its kind allows)."""

    def __init__(
        self,
        message: str,
        *,
        method: str,
        kind: ErrorKind,
        code: str | None = None,
        sub_code: str | None = None,
        ambiguous: bool = False,
        wait: float | None = None,
        outer_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.kind: ErrorKind = kind
        self.code = code
        self.sub_code = sub_code
        self.ambiguous = ambiguous
        self.wait = wait
        self.outer_id = outer_id

    @property
    def retryable(self) -> bool:
        """A call limit or a transient failure: sending again may succeed."""
        return self.kind in ("call-limit", "transient")

    def describe(self) -> str:
        """``METHOD for OUTER_ID: message`` — what failed, on which item."""
        about = f" for {self.outer_id}" if self.outer_id else ""
        return f"{self.method}{about}: {self.message}"

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class ApiCall:
    """One API call: the method, its business parameters and the item it is about."""

    method: str
    params: Mapping[str, Any]
    outer_id: str | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry.

    ``max_attempts`` counts every send of a call for transient failures; call-limit
    refusals have their own budget (``max_call_limited``) since waiting them out works.
    """

    max_attempts: int = 5
    max_call_limited: int = 20
    base_delay: float = 0.5
    max_delay: float = 30.0
    sleep: Sleep = field(default=time.sleep, repr=False)

    def delay(self, attempt: int) -> float:
        """Backoff before attempt ``attempt + 1``: exponential, with jitter (0.5–1.5×)."""
        base = min(self.max_delay, self.base_delay * (2 ** max(0, attempt - 1)))
        return float(min(self.max_delay, base * (0.5 + random.random())))


class TokenBucket:
    """A thread-safe token bucket: at most ``rate`` requests per second, ``burst`` at once."""

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = burst if burst is not None else max(1.0, rate / 10)
        self._tokens = self.burst
        self._clock = clock
        self._sleep = sleep
        self._last = clock()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        """Take one token, sleeping until it is available."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
            self._last = now
            self._tokens -= 1
            # a negative balance is a reservation: this caller waits for its token
            wait = max(-self._tokens / self.rate, self._paused_until - now, 0.0)
        if wait > 0:
            self._sleep(wait)

    def pause(self, seconds: float) -> None:
        """Hold every caller for ``seconds`` (the gateway asked the app to wait)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)


class Gateway(Protocol):
    """How one gateway family (TOP, JOS) encodes calls and reads answers."""

    name: str
    path: str

    def auth(self) -> httpx.Auth:
        """The signing auth for this gateway."""
        ...

    def encode(self, call: ApiCall) -> tuple[dict[str, str], dict[str, str]]:
        """Query and body parameters of ``call`` (before signing)."""
        ...

    def decode(self, call: ApiCall, response: httpx.Response) -> dict[str, Any]:
        """The result object of a successful answer; raises :class:`ApiError`."""
        ...


def _json_body(call: ApiCall, response: httpx.Response, gateway: str) -> dict[str, Any]:
    status = response.status_code
    if status == 429:
        raise ApiError(
            f"HTTP 429 from the {gateway} gateway",
            method=call.method,
            kind="call-limit",
            code="429",
            wait=_retry_after(response),
        )
    if status >= 500:
        raise ApiError(
            f"HTTP {status} from the {gateway} gateway",
            method=call.method,
            kind="transient",
            code=str(status),
            ambiguous=True,
            wait=_retry_after(response),
        )
    if status != 200:
        raise ApiError(
            f"HTTP {status} from the {gateway} gateway; check the endpoint URL",
            method=call.method,
            kind="auth",
            code=str(status),
        )
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ApiError(
            f"the {gateway} gateway answered something that is not JSON",
            method=call.method,
            kind="transient",
            ambiguous=True,
        ) from None
    if not isinstance(data, dict):
        raise ApiError(
            f"the {gateway} gateway answered JSON that is not an object",
            method=call.method,
            kind="transient",
            ambiguous=True,
        )
    return data


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return min(60.0, float(value)) if value else None
    except ValueError:
        return None


def _result(data: dict[str, Any], keys: tuple[str, ...], call: ApiCall, gateway: str) -> Any:
    for key in keys:
        if key in data:
            return data[key]
    for key, value in data.items():
        if key.endswith(("_response", "_responce")):
            return value
    raise ApiError(
        f"the {gateway} gateway answered without a result",
        method=call.method,
        kind="transient",
        ambiguous=True,
    )


class TopGateway:
    """Taobao Open Platform: ``/router/rest``, answers ``<name>_response`` or
    ``error_response`` with ``code``/``msg``/``sub_code``/``sub_msg``."""

    name = "TOP"
    path = "/router/rest"

    def __init__(self, auth: httpx.Auth) -> None:
        self._auth = auth

    def auth(self) -> httpx.Auth:
        """The TOP signing auth."""
        return self._auth

    def encode(self, call: ApiCall) -> tuple[dict[str, str], dict[str, str]]:
        """``method`` in the query, business parameters in the body (as the SDKs do)."""
        body = {k: _text(v) for k, v in call.params.items() if v is not None}
        return {"method": call.method}, body

    def decode(self, call: ApiCall, response: httpx.Response) -> dict[str, Any]:
        """The ``<method>_response`` object; TOP errors as :class:`ApiError`."""
        data = _json_body(call, response, self.name)
        error = data.get("error_response")
        if isinstance(error, dict):
            raise self._error(call, error)
        name = call.method.removeprefix("taobao.").replace(".", "_") + "_response"
        result = _result(data, (name,), call, self.name)
        return result if isinstance(result, dict) else {}

    @staticmethod
    def _error(call: ApiCall, error: Mapping[str, Any]) -> ApiError:
        try:
            code = int(error.get("code", 0))
        except (TypeError, ValueError):
            code = 0
        msg = str(error.get("msg") or "")
        sub_code = str(error.get("sub_code") or "")
        sub_msg = str(error.get("sub_msg") or "")
        text = f"{code} {msg}".strip()
        if sub_code or sub_msg:
            text += f" ({': '.join(p for p in (sub_code, sub_msg) if p)})"
        kind: ErrorKind
        wait = None
        ambiguous = False
        if code in TOP_CALL_LIMIT:
            kind = "call-limit"
            match = _BAN.search(sub_msg) or _BAN.search(msg)
            wait = float(match.group(1)) if match else None
        elif sub_code.startswith("isp.") or (code in (10, 15) and not sub_code.startswith("isv.")):
            kind, ambiguous = "transient", True
        elif code in TOP_AUTH:
            kind = "auth"
        else:
            kind = "caller"
        return ApiError(
            text,
            method=call.method,
            kind=kind,
            code=str(code),
            sub_code=sub_code or None,
            ambiguous=ambiguous,
            wait=wait,
        )


class JosGateway:
    """JD Open Platform: ``/routerjson``, business fields in ``360buy_param_json``; answers
    ``<name>_responce``/``_response`` or ``error_response`` with ``code``/``zh_desc``/
    ``en_desc``."""

    name = "JOS"
    path = "/routerjson"

    def __init__(self, auth: httpx.Auth) -> None:
        self._auth = auth

    def auth(self) -> httpx.Auth:
        """The JOS signing auth."""
        return self._auth

    def encode(self, call: ApiCall) -> tuple[dict[str, str], dict[str, str]]:
        """``method`` in the query; the business fields as compact, key-sorted JSON."""
        payload = json.dumps(
            dict(call.params), ensure_ascii=False, separators=(",", ":"), sort_keys=True
        )
        return {"method": call.method}, {"360buy_param_json": payload}

    def decode(self, call: ApiCall, response: httpx.Response) -> dict[str, Any]:
        """The ``<method>_responce`` object; JOS errors as :class:`ApiError`."""
        data = _json_body(call, response, self.name)
        error = data.get("error_response")
        if isinstance(error, dict):
            raise self._error(call, error)
        base = call.method.replace(".", "_")
        result = _result(data, (base + "_responce", base + "_response"), call, self.name)
        if not isinstance(result, dict):
            return {}
        code = str(result.get("code", "0"))
        if code != "0":
            message = str(result.get("errorMessage") or result.get("message") or "failed")
            raise ApiError(f"{code} {message}", method=call.method, kind="caller", code=code)
        return result

    @staticmethod
    def _error(call: ApiCall, error: Mapping[str, Any]) -> ApiError:
        code = str(error.get("code", ""))
        desc = str(error.get("en_desc") or error.get("zh_desc") or "")
        zh = str(error.get("zh_desc") or "")
        text = f"{code} {desc}".strip() + (f" ({zh})" if zh and zh != desc else "")
        kind: ErrorKind
        if code in JOS_CALL_LIMIT:
            kind = "call-limit"
        elif code in JOS_AUTH:
            kind = "auth"
        else:
            kind = "caller"
        return ApiError(text, method=call.method, kind=kind, code=code)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return str(value)


class PerThreadTransport(httpx.BaseTransport):
    """One keep-alive connection per calling thread, behind one ``httpx.Client``.

    httpcore's shared pool scans every pooled connection (and polls its socket) on each
    request; with 16 threads that cost more client CPU than signing and encoding together
    (measured with benchmarks/bench_publish.py). Each worker thread here keeps its own
    one-connection transport, so concurrency stays bounded by the thread pool.
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: list[httpx.HTTPTransport] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` on this thread's connection."""
        transport: httpx.HTTPTransport | None = getattr(self._local, "transport", None)
        if transport is None:
            # headers and body go out in two writes: no Nagle delay between them
            nodelay = (socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            transport = httpx.HTTPTransport(
                limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                socket_options=[nodelay],
            )
            self._local.transport = transport
            with self._lock:
                self._all.append(transport)
        return transport.handle_request(request)

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            transports, self._all = self._all, []
        for transport in transports:
            transport.close()


class ApiClient:
    """Sends signed calls to one gateway over one reused ``httpx.Client``.

    Thread-safe: the publisher calls it from a pool of ``concurrency`` threads, and the
    connection pool holds as many keep-alive connections.
    """

    def __init__(
        self,
        gateway: Gateway,
        endpoint: str,
        *,
        concurrency: int = 8,
        rate_limit: float | None = None,
        retry: RetryPolicy | None = None,
        redact: Callable[[str], str] | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        self.gateway = gateway
        self.endpoint = endpoint
        self._url = httpx.URL(endpoint)  # parsed once, not on every request
        self.retry = retry or RetryPolicy()
        self.redact = redact or (lambda text: text)
        self.limiter = TokenBucket(rate_limit, sleep=self.retry.sleep) if rate_limit else None
        self.requests = 0
        self._count_lock = threading.Lock()
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        if transport is None:
            transport = PerThreadTransport()
        self._http = httpx.Client(
            timeout=timeout or httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=60.0),
            limits=limits,
            transport=transport,
            headers={"User-Agent": f"export-kit/{__version__}"},
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, call: ApiCall, *, retry_ambiguous: bool = True) -> dict[str, Any]:
        """Send ``call`` until it succeeds or its failure may not be retried.

        With ``retry_ambiguous=False`` (creates), a failure after which the request may
        have been processed is raised at once, so the caller can look the item up before
        it sends the create again.
        """
        attempts = 0
        limited = 0
        while True:
            try:
                return self._send(call)
            except ApiError as error:
                error.outer_id = call.outer_id
                scrub_exception(error, self.redact)  # its message and its args
                if error.kind == "call-limit":
                    limited += 1
                    if limited >= self.retry.max_call_limited:
                        raise
                    wait = self.retry.delay(limited) if error.wait is None else error.wait
                    wait = min(wait, self.retry.max_delay)
                    if self.limiter is not None:
                        self.limiter.pause(wait)
                        continue
                    self.retry.sleep(wait)
                    continue
                if error.kind != "transient":
                    raise
                attempts += 1
                if attempts >= self.retry.max_attempts or (error.ambiguous and not retry_ambiguous):
                    raise
                wait = self.retry.delay(attempts)
                self.retry.sleep(max(wait, error.wait or 0.0))

    def _send(self, call: ApiCall) -> dict[str, Any]:
        if self.limiter is not None:
            self.limiter.acquire()
        query, body = self.gateway.encode(call)
        with self._count_lock:
            self.requests += 1
        request = self._http.build_request(
            "POST", self._url, extensions={PARAMS_EXTENSION: (query, body)}
        )
        try:
            response = self._http.send(request, auth=self.gateway.auth())
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            # never reached the gateway: safe to send again, even a create
            raise ApiError(
                f"cannot connect to {self._where()} ({type(exc).__name__})",
                method=call.method,
                kind="transient",
            ) from None
        except httpx.TransportError as exc:
            raise ApiError(
                f"no answer from {self._where()} ({type(exc).__name__})",
                method=call.method,
                kind="transient",
                ambiguous=True,
            ) from None
        return self.gateway.decode(call, response)

    def _where(self) -> str:
        # without the user info and the query of the endpoint: they may hold credentials
        url = self._url
        port = f":{url.port}" if url.port else ""
        return f"{url.scheme}://{url.host}{port}{url.path}"
