"""Request signing for the Taobao Open Platform (TOP) and JD Open Platform (JOS) gateways.

TOP (official Java SDK ``TaobaoUtils.signTopRequest``, Python SDK ``top/api/base.py``):
sort every parameter but ``sign`` by key, skip empty keys and values, concatenate
``key1value1key2value2…`` and take, in uppercase hex, ``MD5(secret + s + secret)``
(``md5``), ``HMAC-MD5(secret, s)`` (``hmac``) or ``HMAC-SHA256(secret, s)``
(``hmac-sha256``); UTF-8 throughout. JOS: the same MD5 form, over the system parameters
and ``360buy_param_json`` (the business fields as compact, key-sorted JSON). The JD
Python SDK encodes the string to sign as latin-1, which fails on Chinese text; UTF-8 here.

Both auths are ``httpx.Auth`` classes: they add the system parameters and a fresh
timestamp (GMT+8) on every send, so a retried request is signed again. System parameters
go in the query string and business parameters in the urlencoded body, as the SDKs send
them, except the session / access token, which goes in the body: the gateways read both
places and sign both, and a token in a URL ends up in proxy and HTTP-client logs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable, Generator, Mapping
from urllib.parse import parse_qsl, urlencode

import httpx

__all__ = [
    "GMT8",
    "PARAMS_EXTENSION",
    "SIGN_METHODS",
    "Clock",
    "JdAuth",
    "TopAuth",
    "concat_params",
    "gateway_timestamp",
    "jd_sign",
    "request_params",
    "top_sign",
]

GMT8 = dt.timezone(dt.timedelta(hours=8), "GMT+8")
SIGN_METHODS = ("md5", "hmac", "hmac-sha256")
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
#: request extension holding ``(query, body)`` dicts before encoding (see request_params)
PARAMS_EXTENSION = "export_kit.params"

#: returns the current time (aware); injectable so tests can send stale timestamps
Clock = Callable[[], dt.datetime]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def gateway_timestamp(now: dt.datetime | None = None) -> str:
    """``yyyy-MM-dd HH:mm:ss`` in GMT+8, the timestamp both gateways expect."""
    moment = now if now is not None else _now()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(GMT8).strftime(TIMESTAMP_FORMAT)


def concat_params(params: Mapping[str, object]) -> str:
    """Sorted ``key+value`` concatenation; ``sign`` and empty keys or values left out."""
    return "".join(
        f"{key}{value}"
        for key, value in sorted(params.items())
        if key and key != "sign" and value is not None and value != ""
    )


def top_sign(
    params: Mapping[str, object], secret: str, sign_method: str = "md5", body: str | None = None
) -> str:
    """The TOP signature (uppercase hex) of ``params`` with ``secret``.

    ``body`` is appended after the parameters (batch and Qimen APIs only).
    """
    text = concat_params(params) + (body or "")
    key = secret.encode("utf-8")
    if sign_method == "md5":
        digest = hashlib.md5(key + text.encode("utf-8") + key).digest()
    elif sign_method == "hmac":
        digest = hmac.new(key, text.encode("utf-8"), hashlib.md5).digest()
    elif sign_method == "hmac-sha256":
        digest = hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()
    else:
        raise ValueError(f"unknown sign method '{sign_method}' (use {', '.join(SIGN_METHODS)})")
    return digest.hex().upper()


def jd_sign(params: Mapping[str, object], secret: str) -> str:
    """The JOS signature: uppercase hex MD5 of secret + sorted key+value pairs + secret."""
    key = secret.encode("utf-8")
    return hashlib.md5(key + concat_params(params).encode("utf-8") + key).hexdigest().upper()


def request_params(request: httpx.Request) -> tuple[dict[str, str], dict[str, str]]:
    """The query and urlencoded-body parameters of a request (the last value of a key).

    :class:`~export_kit.publish.client.ApiClient` hands them over unencoded in the
    request's ``PARAMS_EXTENSION``, which spares encoding the body twice and parsing it
    back on every call; any other request is read from its URL and body.
    """
    given = request.extensions.get(PARAMS_EXTENSION)
    if given is not None:
        url_query = dict(request.url.params.multi_items()) if request.url.query else {}
        return {**url_query, **given[0]}, dict(given[1])
    content = request.content
    body = dict(parse_qsl(content.decode("utf-8"), keep_blank_values=True)) if content else {}
    return dict(request.url.params.multi_items()), body


def _rebuild(
    request: httpx.Request, query: Mapping[str, str], body: Mapping[str, str]
) -> httpx.Request:
    headers = {
        key: value
        for key, value in request.headers.items()
        if key.lower() not in ("content-length", "content-type")
    }
    content = urlencode(body).encode("ascii") if body else b""
    if content:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    signed = httpx.Request(
        request.method,
        # one parse of the final URL (copy_with would validate the query twice)
        httpx.URL(f"{str(request.url).partition('?')[0]}?{urlencode(query)}"),
        headers=headers,
        content=content,
    )
    # the client puts the timeouts in the extensions; the signed request keeps them
    signed.extensions = {k: v for k, v in request.extensions.items() if k != PARAMS_EXTENSION}
    return signed


class TopAuth(httpx.Auth):
    """Signs a Taobao Open Platform request (``method`` already in the query)."""

    requires_request_body = True

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        session: str | None = None,
        *,
        sign_method: str = "hmac-sha256",
        clock: Clock | None = None,
        partner_id: str = "export-kit",
    ) -> None:
        if sign_method not in SIGN_METHODS:
            raise ValueError(f"unknown sign method '{sign_method}'")
        self._app_key = app_key
        self._secret = app_secret
        self._session = session
        self._sign_method = sign_method
        self._clock = clock or _now
        self._partner_id = partner_id

    def __repr__(self) -> str:
        return f"TopAuth(app_key={self._app_key!r}, sign_method={self._sign_method!r})"

    def sign(self, request: httpx.Request) -> httpx.Request:
        """A copy of ``request`` with the system parameters, the session and ``sign``."""
        query, body = request_params(request)
        query.pop("sign", None)
        query.update(
            {
                "app_key": self._app_key,
                "v": "2.0",
                "format": "json",
                "sign_method": self._sign_method,
                "timestamp": gateway_timestamp(self._clock()),
                "partner_id": self._partner_id,
            }
        )
        if self._session:
            body["session"] = self._session
        query["sign"] = top_sign({**body, **query}, self._secret, self._sign_method)
        return _rebuild(request, query, body)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Sign the request (again, with a new timestamp, on every send)."""
        yield self.sign(request)


class JdAuth(httpx.Auth):
    """Signs a JD Open Platform request (``method`` in the query, ``360buy_param_json`` in
    the body)."""

    requires_request_body = True

    def __init__(
        self,
        app_key: str,
        app_secret: str,
        access_token: str | None = None,
        *,
        clock: Clock | None = None,
    ) -> None:
        self._app_key = app_key
        self._secret = app_secret
        self._token = access_token
        self._clock = clock or _now

    def __repr__(self) -> str:
        return f"JdAuth(app_key={self._app_key!r})"

    def sign(self, request: httpx.Request) -> httpx.Request:
        """A copy of ``request`` with the system parameters, the token and ``sign``."""
        query, body = request_params(request)
        query.pop("sign", None)
        query.update(
            {
                "app_key": self._app_key,
                "v": "2.0",
                "timestamp": gateway_timestamp(self._clock()),
            }
        )
        body.setdefault("360buy_param_json", "{}")
        if self._token:
            body["access_token"] = self._token
        query["sign"] = jd_sign({**body, **query}, self._secret)
        return _rebuild(request, query, body)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Sign the request (again, with a new timestamp, on every send)."""
        yield self.sign(request)
