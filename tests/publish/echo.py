"""A gateway on 127.0.0.1 that refuses every call and echoes the request in its error
message, in the forms gateways and proxies print it: as sent (urlencoded), decoded, with
lower-case percent escapes, upper- and lower-cased, as a URL with a query, JSON-escaped."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote, quote_plus, unquote_plus

#: how the echo answers: TOP caller error (the item fails), TOP bad session (the run
#: stops), or the JOS error shape
MODES = ("top-caller", "top-auth", "jos")


def echoes(path: str, query: str, body: str, host: str) -> str:
    """The request, in every form the echo prints it."""
    sent = f"{query}&{body}" if query else body
    decoded = unquote_plus(sent)
    lower_hex = re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), sent)
    return " | ".join(
        [
            sent,
            decoded,
            lower_hex,
            sent.upper(),
            decoded.lower(),
            decoded.upper(),
            f"http://{host}{path}?{sent}",
            json.dumps(decoded),
            decoded.replace("/", "\\/"),
            quote(sent, safe=""),
        ]
    )


def leaked_forms(secret: str) -> list[str]:
    """Every form of ``secret`` the echo (or a careless client) could print."""
    encoded = quote(secret, safe="")
    return [
        secret,
        secret.upper(),
        secret.lower(),
        encoded,
        re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), encoded),
        quote_plus(secret),
        quote(encoded, safe=""),
        quote(quote_plus(secret), safe=""),
        json.dumps(secret)[1:-1],
        secret.replace("/", "\\/"),
    ]


def leaks(text: str | bytes, secrets: tuple[str, ...]) -> list[str]:
    """The forms of ``secrets`` found in ``text`` (case-insensitively)."""
    found = []
    for secret in secrets:
        for form in leaked_forms(secret):
            if isinstance(text, bytes):
                if form.lower().encode("utf-8") in text.lower():
                    found.append(form)
            elif form.lower() in text.lower():
                found.append(form)
    return found


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _EchoServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        path, _, query = self.path.partition("?")
        text = echoes(path, query, body, self.headers.get("Host", ""))
        mode = self.server.mode
        if mode == "jos":
            error: dict[str, Any] = {"code": "10400001", "zh_desc": text, "en_desc": text}
        elif mode == "top-auth":
            error = {"code": 27, "msg": "Invalid Session", "sub_msg": text}
        else:
            error = {
                "code": 41,
                "msg": f"Invalid arguments: {text}",
                "sub_code": "isv.invalid-parameter",
                "sub_msg": text,
            }
        data = json.dumps({"error_response": error}, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _EchoServer(ThreadingHTTPServer):
    daemon_threads = True
    mode = "top-caller"


@contextmanager
def echo_gateway(mode: str) -> Iterator[str]:
    """Serve the echo on a free port of 127.0.0.1; yields its base URL."""
    assert mode in MODES
    server = _EchoServer(("127.0.0.1", 0), _Handler)
    server.mode = mode
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
