"""``export-kit price``: per-SKU CNY prices and tax, the rate sources and the exit codes."""

from __future__ import annotations

import importlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from export_kit.cli import cli
from export_kit.pricing import rates as rates_module

if not hasattr(importlib.import_module("export_kit.catalogue"), "read_catalogue"):
    pytest.skip("export_kit.catalogue.read_catalogue is not written yet", allow_module_level=True)

ECB_FILE = Path(__file__).resolve().parents[1] / "data" / "eurofxref-daily.xml"
CATALOGUE = (
    "Référence;Désignation;Marque;Prix TTC (€);Code SH;Contenance;Catégorie\n"
    "PARF-50;Eau de parfum Rose;Maison Lune;89,00;33030010;50 ml;Parfums > Femme\n"
    "VIN-75;Château Lune 2019;Maison Lune;25,00;22042111;75 cl;Vins > Bordeaux\n"
    "SAC-1;Sac cabas cuir;Maison Lune;45,50;42022100;;Maroquinerie\n"
)
OVER = CATALOGUE + "SAC-9;Sac Grand Voyage;Maison Lune;700,00;42022100;;Maroquinerie\n"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "catalogue.csv"
    path.write_text(CATALOGUE, encoding="utf-8")
    return path


def run(runner: CliRunner, tmp_path: Path, *args: str) -> Result:
    return runner.invoke(cli, ["price", *args, "--workspace", str(tmp_path / "ws")])


class EcbStub:
    """A local ECB serving one body, counting requests."""

    def __init__(self, body: bytes) -> None:
        self.requests = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                stub.requests += 1
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/eurofxref-daily.xml"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[bytes], EcbStub]]:
    stubs: list[EcbStub] = []

    def start(body: bytes) -> EcbStub:
        stub = EcbStub(body)
        stubs.append(stub)
        monkeypatch.setenv(rates_module.ECB_URL_ENV, stub.url)
        return stub

    monkeypatch.setattr(rates_module, "BACKOFF", 0.01)
    yield start
    for stub in stubs:
        stub.close()


def test_json_prices_every_sku(runner: CliRunner, catalogue: Path, tmp_path: Path) -> None:
    result = run(runner, tmp_path, str(catalogue), "--rate", "7.8", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rate"] == {"eur_cny": "7.8", "date": None, "source": "option"}
    assert data["items"] == [
        {
            "sku": "PARF-50",
            "price_eur": "89.00",
            "price_cny": "694.20",
            "tax_class": "cosmetics-high-end",
            "tax_rate": "0.2306",
            "tax_cny": "160.07",
            "price_with_tax_cny": "854.27",
            "over_cbec_limit": False,
        },
        {
            "sku": "VIN-75",
            "price_eur": "25.00",
            "price_cny": "195.00",
            "tax_class": "wine",
            "tax_rate": "0.1789",
            "tax_cny": "34.88",
            "price_with_tax_cny": "229.88",
            "over_cbec_limit": False,
        },
        {
            "sku": "SAC-1",
            "price_eur": "45.50",
            "price_cny": "354.90",
            "tax_class": "general",
            "tax_rate": "0.0910",
            "tax_cny": "32.30",
            "price_with_tax_cny": "387.20",
            "over_cbec_limit": False,
        },
    ]


def test_text_is_a_table_with_the_rate_line(
    runner: CliRunner, catalogue: Path, tmp_path: Path
) -> None:
    result = run(runner, tmp_path, str(catalogue), "--rate", "7.8")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Rate: 1 EUR = 7.8 CNY (--rate)"
    assert lines[1].split()[:2] == ["SKU", "EUR"]
    perfume = next(line for line in lines if line.startswith("PARF-50"))
    assert perfume.split() == [
        "PARF-50", "89.00", "694.20", "cosmetics-high-end", "0.2306", "160.07", "854.27", "ok",
    ]  # fmt: skip
    # the money columns line up on the right
    assert len({line.index("ok") for line in lines[2:]}) == 1


def test_the_config_rate_and_rounding_are_used(
    runner: CliRunner, catalogue: Path, tmp_path: Path
) -> None:
    (catalogue.parent / "export-kit.toml").write_text(
        '[pricing]\neur_cny = "7.8"\nrate_date = 2024-06-28\nrounding = "ending-8"\n',
        encoding="utf-8",
    )
    result = run(runner, tmp_path, str(catalogue), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rate"] == {"eur_cny": "7.8", "date": "2024-06-28", "source": "config"}
    assert [item["price_cny"] for item in data["items"]] == ["698.00", "198.00", "358.00"]
    assert "stale-exchange-rate" not in result.stdout
    assert "days old" in result.stderr  # 2024-06-28 is long past: a warning, exit 0


def test_a_saved_ecb_file(runner: CliRunner, catalogue: Path, tmp_path: Path) -> None:
    result = run(
        runner, tmp_path, str(catalogue), "--rates-file", str(ECB_FILE), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rate"] == {
        "eur_cny": "7.7748",
        "date": "2024-06-28",
        "source": "file:eurofxref-daily.xml",
    }


def test_the_ecb_is_asked_once_a_day(
    runner: CliRunner, catalogue: Path, tmp_path: Path, serve: Callable[[bytes], EcbStub]
) -> None:
    stub = serve(ECB_FILE.read_bytes())
    first = run(runner, tmp_path, str(catalogue), "--rates", "ecb", "--format", "json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["rate"]["source"] == "ecb"
    assert json.loads(first.stdout)["items"][0]["price_cny"] == "691.96"  # 89 x 7.7748
    second = run(runner, tmp_path, str(catalogue), "--rates", "ecb", "--format", "json")
    assert second.stdout == first.stdout
    assert stub.requests == 1
    assert len(list((tmp_path / "ws" / "rates").glob("eurofxref-*.xml"))) == 1


def test_an_xxe_answer_exits_4_with_one_line(
    runner: CliRunner, catalogue: Path, tmp_path: Path, serve: Callable[[bytes], EcbStub]
) -> None:
    serve(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    result = run(runner, tmp_path, str(catalogue), "--rates", "ecb", "--format", "json")
    assert result.exit_code == 4
    [finding] = json.loads(result.stdout)["findings"]  # CI still gets its document
    assert finding["code"] == "remote-error"
    assert len(result.stderr.strip().splitlines()) == 1
    assert "root:" not in result.output and "passwd" not in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_ecb_exits_4_quickly(
    runner: CliRunner, catalogue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv(rates_module.ECB_URL_ENV, f"http://127.0.0.1:{port}/eurofxref-daily.xml")
    monkeypatch.setattr(rates_module, "BACKOFF", 0.01)
    started = time.monotonic()
    result = run(runner, tmp_path, str(catalogue), "--rates", "ecb")
    assert result.exit_code == 4
    assert time.monotonic() - started < 5
    assert result.stderr.startswith("Error: Cannot get the ECB reference rates")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_unit_over_the_limit_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text(OVER, encoding="utf-8")
    result = run(runner, tmp_path, str(path), "--rate", "7.8", "--format", "json")
    assert result.exit_code == 1
    over = [item for item in json.loads(result.stdout)["items"] if item["over_cbec_limit"]]
    # 700 x 7.8 = 5460.00 > 5000: still classed and taxed (general, 9.1 % = 496.86)
    assert over == [
        {
            "sku": "SAC-9",
            "price_eur": "700.00",
            "price_cny": "5460.00",
            "tax_class": "general",
            "tax_rate": "0.0910",
            "tax_cny": "496.86",
            "price_with_tax_cny": "5956.86",
            "over_cbec_limit": True,
        }
    ]
    assert "SAC-9" in result.stderr and "limit" in result.stderr


def test_a_row_without_price_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text(
        CATALOGUE + "SAC-2;Pochette;Maison Lune;;42022100;;Maroquinerie\n", encoding="utf-8"
    )
    result = run(runner, tmp_path, str(path), "--rate", "7.8", "--format", "json")
    assert result.exit_code == 1
    assert [item["sku"] for item in json.loads(result.stdout)["items"]] == [
        "PARF-50",
        "VIN-75",
        "SAC-1",
    ]
    assert "row 5 (SAC-2)" in result.stderr


def test_no_rate_exits_3_and_says_what_to_do(
    runner: CliRunner, catalogue: Path, tmp_path: Path
) -> None:
    result = run(runner, tmp_path, str(catalogue))
    assert result.exit_code == 3
    assert "--rates ecb" in result.stderr and "[pricing] eur_cny" in result.stderr


def test_a_bad_rates_file_exits_3(runner: CliRunner, catalogue: Path, tmp_path: Path) -> None:
    bad = tmp_path / "rates.xml"
    bad.write_text("<gesmes:Envelope><Cube", encoding="utf-8")
    result = run(runner, tmp_path, str(catalogue), "--rates-file", str(bad))
    assert result.exit_code == 3
    assert "rates.xml" in result.stderr and "not well-formed" in result.stderr


def test_a_missing_catalogue_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, tmp_path, str(tmp_path / "nope.csv"), "--rate", "7.8")
    assert result.exit_code == 3
    assert "Traceback" not in result.output


def test_only_one_rate_source_at_a_time(runner: CliRunner, catalogue: Path, tmp_path: Path) -> None:
    result = run(runner, tmp_path, str(catalogue), "--rate", "7.8", "--rates", "ecb")
    assert result.exit_code == 2
    assert "--rate" in result.stderr and "--rates" in result.stderr


@pytest.mark.parametrize("rate", ["9e99999999", "1e309", "inf", "nan", "1e40", "5000", "abc"])
def test_a_rate_that_breaks_arithmetic_is_a_usage_error(
    runner: CliRunner, catalogue: Path, tmp_path: Path, rate: str
) -> None:
    started = time.perf_counter()
    result = run(runner, tmp_path, str(catalogue), "--rate", rate)
    assert time.perf_counter() - started < 10
    assert result.exit_code == 2
    assert "--rate" in result.stderr and "Traceback" not in result.output


def test_a_rate_written_with_a_decimal_comma(
    runner: CliRunner, catalogue: Path, tmp_path: Path
) -> None:
    result = run(runner, tmp_path, str(catalogue), "--rate", "7,8", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rate"]["eur_cny"] == "7.8"
