"""EUR→CNY rates: option, config, a saved ECB file, and the ECB over HTTP (a local stub)."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import ValidationError

from export_kit.config import Config, PricingConfig
from export_kit.errors import ConfigError, InputError, RateSourceError
from export_kit.pricing import rates as rates_module
from export_kit.pricing.rates import ECB_URL_ENV, Rate, fetch_ecb, parse_eurofxref, resolve_rate

ECB_FILE = Path(__file__).resolve().parents[1] / "data" / "eurofxref-daily.xml"
XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    b'<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
    b'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube>'
    b"<Cube time='2024-06-28'><Cube currency='CNY' rate='&e;'/></Cube></Cube></gesmes:Envelope>"
)
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>'
)


class EcbStub:
    """A local ECB: serves ``responses`` in turn (the last one repeats), counts requests."""

    def __init__(self) -> None:
        self.responses: list[tuple[int, bytes]] = [(200, ECB_FILE.read_bytes())]
        self.requests = 0
        self.paths: list[str] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                index = min(stub.requests, len(stub.responses) - 1)
                stub.requests += 1
                stub.paths.append(self.path)
                status, body = stub.responses[index]
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = (
            f"http://127.0.0.1:{self.server.server_address[1]}/stats/eurofxref/eurofxref-daily.xml"
        )
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ecb(monkeypatch: pytest.MonkeyPatch) -> Iterator[EcbStub]:
    """A running ECB stub, with EXPORT_KIT_ECB_URL pointing at it and short backoffs."""
    stub = EcbStub()
    monkeypatch.setenv(ECB_URL_ENV, stub.url)
    monkeypatch.setattr(rates_module, "BACKOFF", 0.01)
    yield stub
    stub.close()


def closed_port_url() -> str:
    """An address where nothing listens (connection refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/eurofxref-daily.xml"


# --- the file format ---------------------------------------------------------------------


def test_the_saved_ecb_file_gives_the_cny_rate_and_its_day() -> None:
    assert parse_eurofxref(ECB_FILE.read_bytes()) == (Decimal("7.7748"), dt.date(2024, 6, 28))


def test_a_file_of_several_days_gives_the_latest_cny_rate() -> None:
    days = (
        b'<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
        b'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube>'
        b"<Cube time='2024-06-27'><Cube currency='CNY' rate='7.7800'/></Cube>"
        b"<Cube time='2024-06-28'><Cube currency='USD' rate='1.07'/>"
        b"<Cube currency='CNY' rate='7.7748'/></Cube>"
        b"<Cube time='2024-06-26'><Cube currency='CNY' rate='7.7900'/></Cube>"
        b"</Cube></gesmes:Envelope>"
    )
    assert parse_eurofxref(days) == (Decimal("7.7748"), dt.date(2024, 6, 28))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<gesmes:Envelope><Cube", "not well-formed XML"),
        (XXE, "refused"),
        (BILLION_LAUGHS, "refused"),
        (ECB_FILE.read_bytes().replace(b"'CNY'", b"'XXX'"), "no CNY rate"),
        (ECB_FILE.read_bytes().replace(b"7.7748", b"abc"), "not a number"),
        (ECB_FILE.read_bytes().replace(b"7.7748", b"-1"), "not a positive number"),
        (ECB_FILE.read_bytes().replace(b"2024-06-28", b"28/06/2024"), "not a date"),
        (b"<html><body>Service unavailable</body></html>", "no gesmes:Envelope"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(content: bytes, reason: str) -> None:
    with pytest.raises(rates_module.RatesFileError, match=reason):
        parse_eurofxref(content)


# --- order of the sources ---------------------------------------------------------------


def test_the_option_wins_over_everything(tmp_path: Path) -> None:
    config = Config(pricing=PricingConfig(eur_cny=Decimal("7.5"), rate_date=dt.date(2024, 1, 2)))
    rate = resolve_rate(config, rate=Decimal("7.82"), rates_file=ECB_FILE, workspace=tmp_path)
    assert rate == Rate(Decimal("7.82"), None, "option")


def test_a_rates_file_wins_over_the_config(tmp_path: Path) -> None:
    config = Config(pricing=PricingConfig(eur_cny=Decimal("7.5")))
    rate = resolve_rate(config, rates_file=ECB_FILE, workspace=tmp_path)
    assert rate == Rate(Decimal("7.7748"), dt.date(2024, 6, 28), "file:eurofxref-daily.xml")


def test_the_config_rate_comes_with_its_date(tmp_path: Path) -> None:
    config = Config(pricing=PricingConfig(eur_cny=Decimal("7.81"), rate_date=dt.date(2024, 7, 1)))
    rate = resolve_rate(config, workspace=tmp_path)
    assert rate == Rate(Decimal("7.81"), dt.date(2024, 7, 1), "config")
    assert rate.to_dict() == {"eur_cny": "7.81", "date": "2024-07-01", "source": "config"}


def test_no_rate_anywhere_says_how_to_give_one(tmp_path: Path) -> None:
    assert resolve_rate(Config(), workspace=tmp_path, required=False) is None
    with pytest.raises(ConfigError) as caught:
        resolve_rate(Config(), workspace=tmp_path)
    message = str(caught.value)
    assert "--rate" in message and "--rates ecb" in message and "[pricing] eur_cny" in message
    assert caught.value.exit_code == 3


def test_rates_and_rates_file_together_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="either"):
        resolve_rate(Config(), rates="ecb", rates_file=ECB_FILE, workspace=tmp_path)
    with pytest.raises(ConfigError, match="Unknown rate source 'fed'"):
        resolve_rate(Config(), rates="fed", workspace=tmp_path)


@pytest.mark.parametrize("content", [XXE, b"not xml at all", b""])
def test_a_bad_rates_file_is_an_input_error_that_leaks_nothing(
    tmp_path: Path, content: bytes
) -> None:
    saved = tmp_path / "rates.xml"
    saved.write_bytes(content)
    with pytest.raises(InputError) as caught:
        resolve_rate(Config(), rates_file=saved, workspace=tmp_path)
    message = str(caught.value)
    assert caught.value.exit_code == 3
    assert "\n" not in message
    assert "rates.xml" in message
    assert "root:" not in message and "passwd" not in message and "not xml" not in message


def test_a_missing_rates_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the rates file"):
        resolve_rate(Config(), rates_file=tmp_path / "nope.xml", workspace=tmp_path)


# --- the ECB over HTTP ------------------------------------------------------------------


def test_the_ecb_rate_is_fetched_then_cached_for_the_day(ecb: EcbStub, tmp_path: Path) -> None:
    rate = resolve_rate(Config(), rates="ecb", workspace=tmp_path)
    assert rate == Rate(Decimal("7.7748"), dt.date(2024, 6, 28), "ecb")
    cached = tmp_path / "rates" / f"eurofxref-{dt.date.today().isoformat()}.xml"
    assert cached.read_bytes() == ECB_FILE.read_bytes()
    assert ecb.paths == ["/stats/eurofxref/eurofxref-daily.xml"]

    again = resolve_rate(Config(), rates="ecb", workspace=tmp_path)
    assert again == rate
    assert ecb.requests == 1


def test_a_new_day_downloads_again(ecb: EcbStub, tmp_path: Path) -> None:
    fetch_ecb(tmp_path, today=dt.date(2024, 7, 1))
    fetch_ecb(tmp_path, today=dt.date(2024, 7, 2))
    assert ecb.requests == 2
    assert sorted(p.name for p in (tmp_path / "rates").iterdir()) == [
        "eurofxref-2024-07-01.xml",
        "eurofxref-2024-07-02.xml",
    ]


def test_a_damaged_cache_is_replaced(ecb: EcbStub, tmp_path: Path) -> None:
    cache = tmp_path / "rates" / "eurofxref-2024-07-01.xml"
    cache.parent.mkdir()
    cache.write_bytes(b"<half a file")
    rate = fetch_ecb(tmp_path, today=dt.date(2024, 7, 1))
    assert rate.eur_cny == Decimal("7.7748")
    assert ecb.requests == 1
    assert cache.read_bytes() == ECB_FILE.read_bytes()


def test_server_errors_are_retried(ecb: EcbStub, tmp_path: Path) -> None:
    ecb.responses = [(503, b"busy"), (502, b"bad gateway"), (200, ECB_FILE.read_bytes())]
    rate = fetch_ecb(tmp_path)
    assert rate.eur_cny == Decimal("7.7748")
    assert ecb.requests == 3


def test_a_client_error_is_not_retried(ecb: EcbStub, tmp_path: Path) -> None:
    ecb.responses = [(404, b"not found")]
    with pytest.raises(RateSourceError, match="HTTP 404 after 1 attempt"):
        fetch_ecb(tmp_path)
    assert ecb.requests == 1


def test_server_errors_to_the_end_fail_after_the_retries(ecb: EcbStub, tmp_path: Path) -> None:
    ecb.responses = [(503, b"busy")]
    with pytest.raises(RateSourceError) as caught:
        fetch_ecb(tmp_path)
    assert ecb.requests == 3
    assert "HTTP 503 after 3 attempts" in str(caught.value)
    assert caught.value.exit_code == 4
    assert not (tmp_path / "rates").exists()


@pytest.mark.parametrize("body", [XXE, b"<gesmes:Envelope><Cube time=", BILLION_LAUGHS])
def test_a_hostile_or_broken_answer_is_refused_and_not_cached(
    ecb: EcbStub, tmp_path: Path, body: bytes
) -> None:
    ecb.responses = [(200, body)]
    with pytest.raises(RateSourceError) as caught:
        resolve_rate(Config(), rates="ecb", workspace=tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert "root:" not in message and "passwd" not in message and "lol" not in message
    assert "unusable" in message
    assert not (tmp_path / "rates").exists() or not any((tmp_path / "rates").iterdir())


def test_an_unreachable_ecb_fails_quickly_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ECB_URL_ENV, closed_port_url())
    monkeypatch.setattr(rates_module, "BACKOFF", 0.01)
    started = time.monotonic()
    with pytest.raises(RateSourceError) as caught:
        resolve_rate(Config(), rates="ecb", workspace=tmp_path)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert "connection failed" in message and "after 3 attempts" in message
    assert "--rate" in message
    assert "\n" not in message


def test_credentials_in_the_ecb_address_never_reach_a_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = closed_port_url().replace("http://", "http://user:s3cret@") + "?token=abc"
    monkeypatch.setenv(ECB_URL_ENV, url)
    with pytest.raises(RateSourceError) as caught:
        fetch_ecb(tmp_path, attempts=1)
    assert "s3cret" not in str(caught.value) and "token" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)


def test_a_slow_ecb_times_out(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import httpx

    hold = threading.Event()

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hold.wait(5)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    monkeypatch.setattr(rates_module, "TIMEOUT", httpx.Timeout(0.2))
    try:
        with pytest.raises(RateSourceError, match="timed out after 2 attempts"):
            fetch_ecb(
                tmp_path,
                url=f"http://127.0.0.1:{server.server_address[1]}/x.xml",
                attempts=2,
                backoff=0.01,
            )
    finally:
        hold.set()
        server.shutdown()
        server.server_close()


# --- bounded time and odd values --------------------------------------------------------


class _Trickle(BaseHTTPRequestHandler):
    """Sends its answer one byte at a time, ``pause`` seconds apart (headers included when
    ``headers_too``), until the test is over."""

    pause = 0.2
    headers_too = True
    over = threading.Event()

    def do_GET(self) -> None:
        body = ECB_FILE.read_bytes()
        head = (
            f"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        if not self.headers_too:
            self.wfile.write(head)
            head = b""
        try:
            for byte in head + body:
                if self.over.wait(self.pause):
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
        except OSError:
            return  # the client gave up, as it should

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("headers_too", [True, False], ids=["headers", "body"])
def test_a_server_trickling_bytes_stops_at_the_overall_deadline(
    tmp_path: Path, headers_too: bool
) -> None:
    handler = type("Trickle", (_Trickle,), {"headers_too": headers_too, "over": threading.Event()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    started = time.monotonic()
    try:
        with pytest.raises(RateSourceError) as caught:
            fetch_ecb(
                tmp_path,
                url=f"http://127.0.0.1:{server.server_address[1]}/eurofxref-daily.xml",
                deadline=1.0,
                backoff=0.01,
            )
    finally:
        handler.over.set()
        server.shutdown()
        server.server_close()
    elapsed = time.monotonic() - started
    # each byte arrives well within the per-read timeout: only the deadline stops it
    assert elapsed < 2.5
    message = str(caught.value)
    assert "within 1 s" in message and "EXPORT_KIT_ECB_DEADLINE" in message
    assert caught.value.exit_code == 4 and "\n" not in message
    assert not (tmp_path / "rates").exists()


def test_the_deadline_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(rates_module.DEADLINE_ENV, "soon")
    with pytest.raises(ConfigError, match="EXPORT_KIT_ECB_DEADLINE must be a number"):
        fetch_ecb(tmp_path, url=closed_port_url())
    monkeypatch.setenv(rates_module.DEADLINE_ENV, "0.3")
    handler = type("Trickle", (_Trickle,), {"over": threading.Event()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        with pytest.raises(RateSourceError, match=r"within 0\.3 s"):
            fetch_ecb(tmp_path, url=f"http://127.0.0.1:{server.server_address[1]}/x.xml")
    finally:
        handler.over.set()
        server.shutdown()
        server.server_close()


class _Redirects(BaseHTTPRequestHandler):
    """``/loop`` sends back to itself; ``/ftp`` to a non-http address."""

    def do_GET(self) -> None:
        self.send_response(302)
        target = "/loop" if self.path == "/loop" else "ftp://127.0.0.1/eurofxref-daily.xml"
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(
    ("path", "reason"), [("/loop", "more than 5 redirects"), ("/ftp", "not http")]
)
def test_a_redirect_loop_or_a_redirect_elsewhere_is_a_remote_error(
    tmp_path: Path, path: str, reason: str
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirects)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        with pytest.raises(RateSourceError) as caught:
            fetch_ecb(tmp_path, url=f"http://127.0.0.1:{server.server_address[1]}{path}")
    finally:
        server.shutdown()
        server.server_close()
    assert reason in str(caught.value)
    assert caught.value.exit_code == 4 and "\n" not in str(caught.value)


def test_an_address_that_is_not_http_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ECB_URL_ENV, "file:///etc/passwd")
    with pytest.raises(ConfigError, match="must be an http"):
        fetch_ecb(tmp_path)


@pytest.mark.parametrize(
    ("rate", "reason"),
    [
        ("1e400", "not plausible"),
        ("9" + "0" * 400, "characters, not a rate"),
        ("1e-400", "not plausible"),
        ("Infinity", "not a positive number"),
        ("NaN", "not a positive number"),
        ("77748", "not plausible"),
    ],
)
def test_an_overflowing_or_absurd_ecb_rate_is_refused(
    ecb: EcbStub, tmp_path: Path, rate: str, reason: str
) -> None:
    ecb.responses = [(200, ECB_FILE.read_bytes().replace(b"7.7748", rate.encode()))]
    with pytest.raises(RateSourceError) as caught:
        resolve_rate(Config(), rates="ecb", workspace=tmp_path)
    message = str(caught.value)
    assert reason in message and "unusable" in message
    assert caught.value.exit_code == 4 and "\n" not in message and len(message) < 400
    assert not (tmp_path / "rates").exists()


@pytest.mark.parametrize("rate", ["1e400", "9" + "0" * 400, "Infinity"])
def test_an_absurd_rate_given_by_the_user_is_a_config_error(tmp_path: Path, rate: str) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_rate(Config(), rate=Decimal(rate), workspace=tmp_path)
    assert "--rate" in str(caught.value) and len(str(caught.value)) < 300
    if not Decimal(rate).is_finite():
        return  # the config's own validation refuses it
    try:
        config = Config(pricing=PricingConfig(eur_cny=Decimal(rate)))
    except ValidationError:
        return  # the config's own bounds refuse it (load_config: exit 3)
    with pytest.raises(ConfigError, match=r"\[pricing\] eur_cny"):
        resolve_rate(config, workspace=tmp_path)
