"""A local emulator of the TOP and JOS gateways, for trying and testing publishing.

``/router/rest`` answers like the Taobao Open Platform, ``/routerjson`` like the JD Open
Platform (checks, codes and shapes: :mod:`export_kit.publish.sandbox_gateways`). Like the
gateways, it reads the parameters from the query string and the urlencoded body together
and checks the app key, the timestamp and the signature before it looks the method up.
Items are stored in SQLite (:mod:`export_kit.publish.sandbox_store`) and never
de-duplicated. ``GET /_sandbox/items`` lists them; ``GET /_sandbox/stats`` counts the
gateway requests, by method, the error answers and the injected faults.

Fault injection applies to the gateway paths only: ``latency_ms`` per request;
``rate_limit`` requests per second (a token bucket), beyond which the call-limit error
answers (TOP 7, JOS 2); ``fail_rate``, the share of requests (after the credential checks)
answered with a transient failure, one of: a TOP ``isp.remote-service-unavailable`` error
(JOS: HTTP 503) before processing, an HTTP 503 before processing, or, for writes, an HTTP
503 *after* the item was stored: the answer is lost, as with a timeout in production, and
only a client that looks the item up before creating it again avoids a duplicate.
:meth:`Sandbox.lose_answers` loses the answers of chosen calls (a method, an outer id)
the same way, deterministically.

The server answers malformed requests as a gateway's front end does, without a traceback:
a ``Content-Length`` that is not a number, a body shorter than it, a chunked body get a
400 (411) and the connection is closed; a connection that sends nothing (or stops in the
middle of a request) is closed after ``timeout`` seconds; other clients are served
meanwhile.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from export_kit.publish.sandbox_gateways import (
    Account,
    Emulator,
    JosEmulator,
    SandboxError,
    TopEmulator,
)
from export_kit.publish.sandbox_store import ItemStore
from export_kit.scrub import Redactor

__all__ = ["Account", "Sandbox", "SandboxError"]

MAX_BODY = 16 * 1024 * 1024
#: seconds a connection may stay silent (before or within a request) before it is closed
DEFAULT_TIMEOUT = 5.0
_DIGITS = re.compile(r"[0-9]+")
DEFAULT_ACCOUNT = Account("sandbox-app-key", "sandbox-app-secret")


class _AnswerLostError(Exception):
    """The request was processed but its answer is replaced by a 503."""


@dataclass
class _Stats:
    gateway_requests: int = 0
    by_method: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    injected: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gateway_requests": self.gateway_requests,
            "by_method": dict(self.by_method),
            "errors": dict(self.errors),
            "injected": dict(self.injected),
        }


class _Bucket:
    """At most ``rate`` requests per second, bursts of ``rate``."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.tokens = rate
        self.last = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.rate, self.tokens + (now - self.last) * self.rate)
            self.last = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False


class Sandbox:
    """Both gateways on one local HTTP server; ``start()``, ``url``, ``stop()``.

    ``top`` and ``jd`` are the credentials each gateway accepts (default: app key
    ``sandbox-app-key``, secret ``sandbox-app-secret``, any session or token).
    ``timeout``: seconds a connection may stay silent before it is closed. Example::

        with Sandbox(top=Account("key", "secret"), latency_ms=20) as sandbox:
            endpoint = sandbox.top_url
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        db: Path | None = None,
        top: Account | None = None,
        jd: Account | None = None,
        latency_ms: float = 0,
        fail_rate: float = 0.0,
        rate_limit: float | None = None,
        seed: int | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if not 0 <= fail_rate <= 1:
            raise ValueError("fail_rate is a fraction between 0 and 1")
        if timeout <= 0:
            raise ValueError("timeout is a positive number of seconds")
        self.timeout = timeout
        self.host = host
        self.port = port
        self.latency = max(0.0, latency_ms) / 1000
        self.fail_rate = fail_rate
        self.bucket = _Bucket(rate_limit) if rate_limit else None
        self._random = random.Random(seed)
        self._random_lock = threading.Lock()
        now = clock or (lambda: dt.datetime.now(dt.UTC))
        self.store = ItemStore(db, now)
        self.gateways: dict[str, Emulator] = {
            "/router/rest": TopEmulator(self.store, top or DEFAULT_ACCOUNT, now),
            "/routerjson": JosEmulator(self.store, jd or top or DEFAULT_ACCOUNT, now),
        }
        accounts = (top or DEFAULT_ACCOUNT, jd or top or DEFAULT_ACCOUNT)
        #: what the sandbox prints about a failed request never shows the accounts' secrets
        self.redact = Redactor(s for a in accounts for s in (a.app_secret, a.token))
        self.stats = _Stats()
        self._stats_lock = threading.Lock()
        #: (method, outer id or None) -> answers still to lose
        self._to_lose: dict[tuple[str, str | None], int] = {}
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle -------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Bind and serve in a background thread; returns self."""
        server = self._bind()
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Bind (if needed) and serve in this thread until KeyboardInterrupt."""
        self._bind().serve_forever(poll_interval=0.2)

    def bind(self) -> str:
        """Bind the port now (to print the URL before serving); returns :attr:`url`."""
        self._bind()
        return self.url

    def _bind(self) -> _Server:
        if self._server is None:
            self._server = _Server((self.host, self.port), _Handler, self)
        return self._server

    def stop(self) -> None:
        """Stop serving and close the database."""
        if self._server is not None:
            if self._thread is not None:
                self._server.shutdown()
                self._thread.join(timeout=5)
            self._server.server_close()
            self._server = None
        self.store.close()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` (the bound port, also when ``port=0``)."""
        if self._server is None:
            raise RuntimeError("the sandbox is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def top_url(self) -> str:
        """The TOP gateway URL (``/router/rest``)."""
        return self.url + "/router/rest"

    @property
    def jd_url(self) -> str:
        """The JOS gateway URL (``/routerjson``)."""
        return self.url + "/routerjson"

    def items(self, platform: str | None = None) -> list[dict[str, Any]]:
        """Every stored item (what ``GET /_sandbox/items`` lists)."""
        return self.store.items(platform)

    def stats_dict(self) -> dict[str, Any]:
        """Request counts (what ``GET /_sandbox/stats`` shows)."""
        with self._stats_lock:
            return self.stats.to_dict()

    def lose_answers(self, method: str, *, outer_id: str | None = None, times: int = 1) -> None:
        """Process the next ``times`` calls of ``method`` (about ``outer_id`` when given),
        then answer them with an HTTP 503, as a gateway whose answer was lost."""
        with self._stats_lock:
            key = (method, outer_id)
            self._to_lose[key] = self._to_lose.get(key, 0) + times

    def _lose(self, method: str, outer_id: str | None) -> bool:
        with self._stats_lock:
            for key in ((method, outer_id), (method, None)):
                if self._to_lose.get(key, 0) > 0:
                    self._to_lose[key] -= 1
                    self.stats.injected["lost-answer"] = (
                        self.stats.injected.get("lost-answer", 0) + 1
                    )
                    return True
        return False

    # --- the gateways -----------------------------------------------------------------

    def _count(self, table: dict[str, int], key: str) -> None:
        with self._stats_lock:
            table[key] = table.get(key, 0) + 1

    def _inject(self, writes: bool) -> str:
        """The fault to inject into this request ('' for none)."""
        with self._random_lock:
            if not self.fail_rate or self._random.random() >= self.fail_rate:
                return ""
            return self._random.choice(["isp", "503-before"] + (["503-after"] if writes else []))

    def handle_gateway(self, path: str, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """Answer one gateway request: (HTTP status, JSON body)."""
        with self._stats_lock:
            self.stats.gateway_requests += 1
        if self.latency:
            time.sleep(self.latency)
        gateway = self.gateways[path]
        method = params.get("method", "")
        self._count(self.stats.by_method, method or "(none)")
        try:
            if self.bucket is not None and not self.bucket.take():
                self._count(self.stats.injected, "call-limit")
                raise gateway.call_limited()
            gateway.check(params)
            handler = gateway.handler(method)
            gateway.authorize(params)
            fault = self._inject(gateway.writes(method))
            if fault:
                self._count(self.stats.injected, fault)
            if fault == "isp":
                raise gateway.transient()
            if fault == "503-before":
                raise SandboxError({"error": "Service Unavailable"}, 503)
            result = handler(params)
            if fault == "503-after" or (
                self._to_lose and self._lose(method, gateway.outer_id_of(params))
            ):
                raise _AnswerLostError()
            return 200, result
        except _AnswerLostError:
            return 503, {"error": "Service Unavailable"}
        except SandboxError as error:
            if error.status == 200:
                self._count(self.stats.errors, gateway.code_of(error.payload))
            return error.status, error.payload


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], sandbox: Sandbox
    ) -> None:
        self.sandbox = sandbox
        super().__init__(address, handler)

    def handle_error(self, request: object, client_address: Any) -> None:
        """One line on stderr, never a traceback; nothing for a client that went away."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):  # reset, broken pipe, timed out: the client's doing
            return
        where = client_address[0] if isinstance(client_address, tuple) else client_address
        sys.stderr.write(
            self.sandbox.redact(
                f"export-kit sandbox: a request from {where} failed: "
                f"{type(error).__name__}: {error}"
            )
            + "\n"
        )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body are written separately: without this, Nagle + delayed ACK add
    # ~40 ms to every keep-alive request (TECH-NOTES §5.1)
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        """Every read and write on the connection times out after the sandbox's timeout."""
        super().setup()
        self.connection.settimeout(self.server.sandbox.timeout)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the sandbox never logs requests (they carry sessions and tokens)."""

    def do_GET(self) -> None:
        """Gateway calls (TOP accepts GET) and the ``/_sandbox/`` views."""
        if self._body() is not None:  # read (and ignored), so the next request starts right
            self._dispatch(b"")

    def do_POST(self) -> None:
        """Gateway calls."""
        body = self._body()
        if body is not None:
            self._dispatch(body)

    def _body(self) -> bytes | None:
        """The request body; None after answering a request whose body cannot be read (the
        connection is then closed: where the next request starts is unknown)."""
        body = self._read_body()
        if isinstance(body, bytes):
            return body
        self.close_connection = True
        self._send(*body)
        return None

    def _read_body(self) -> bytes | tuple[int, dict[str, str]]:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return 411, {"error": "send the body with a Content-Length (not chunked)"}
        lengths = {v.strip() for v in self.headers.get_all("Content-Length") or []}
        if not lengths:
            return b""
        if len(lengths) > 1:
            return 400, {"error": "several different Content-Length headers"}
        (text,) = lengths
        if not _DIGITS.fullmatch(text):
            return 400, {"error": f"Content-Length {text[:40]!r} is not a number of bytes"}
        # more digits than MAX_BODY has: too large (and int() of thousands of digits fails)
        length = int(text) if len(text) <= len(str(MAX_BODY)) else MAX_BODY + 1
        if length > MAX_BODY:
            return 413, {"error": "request body too large"}
        chunks: list[bytes] = []
        got = 0
        try:
            while got < length:
                chunk = self.rfile.read1(length - got)
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
        except TimeoutError:
            pass
        if got < length:
            return 400, {
                "error": f"the body is shorter than its Content-Length ({got} of {length} bytes)"
            }
        return b"".join(chunks)

    def _dispatch(self, body: bytes) -> None:
        sandbox = self.server.sandbox
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        try:
            if path in ("/router/rest", "/routerjson"):
                params = dict(parse_qsl(parts.query, keep_blank_values=True))
                content_type = self.headers.get("Content-Type", "")
                if body and "application/x-www-form-urlencoded" in content_type:
                    params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
                status, payload = sandbox.handle_gateway(path, params)
                self._send(status, payload)
            elif path == "/_sandbox/items" and self.command == "GET":
                platform = dict(parse_qsl(parts.query)).get("platform")
                self._send(200, sandbox.items(platform))
            elif path == "/_sandbox/stats" and self.command == "GET":
                self._send(200, sandbox.stats_dict())
            else:
                self._send(
                    404,
                    {
                        "error": f"no such path {path}",
                        "paths": [
                            "/router/rest",
                            "/routerjson",
                            "/_sandbox/items",
                            "/_sandbox/stats",
                        ],
                    },
                )
        except UnicodeDecodeError:
            self._send(400, {"error": "the body is not UTF-8"})
        except Exception as exc:  # a sandbox bug must not kill the connection silently
            text = sandbox.redact(f"sandbox error: {type(exc).__name__}: {exc}")
            self._send(500, {"error": text})

    def _send(self, status: int, payload: Any) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        if status == 503:
            self.send_header("Retry-After", "0")
        if self.close_connection:
            self.send_header("Connection", "close")
        try:
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            # the client went away (killed, timed out): the request was still processed
            self.close_connection = True
