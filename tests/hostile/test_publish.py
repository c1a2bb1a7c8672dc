"""Hostile values for publishing, through the real command line: a SKU holding a list
separator, a gateway echoing secrets in every encoding, malformed requests to the
sandbox."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from tests.hostile.conftest import Limited
from tests.publish.conftest import APP_KEY, APP_SECRET, SESSION, product, write_rendered
from tests.publish.echo import echo_gateway, leaks
from tests.publish.test_sandbox import ADD, top_params
from tests.publish.test_secrets import ENV, ODD

from export_kit.publish.sandbox import Account, Sandbox

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "catalogue"


# --- a SKU holding TOP's list separator ---------------------------------------------------


@pytest.fixture
def comma_catalogue(tmp_path: Path) -> Path:
    """The golden catalogue with its first SKU renamed ``SER,01``."""
    folder = tmp_path / "catalogue"
    shutil.copytree(GOLDEN, folder)
    path = folder / "maison-azur.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    assert lines[1].startswith("SER-01;")
    lines[1] = "SER,01;" + lines[1].removeprefix("SER-01;")
    path.write_text("".join(lines), "utf-8")
    return path


def _findings(done: Limited) -> list[dict[str, object]]:
    report = json.loads(done.stdout)
    return [f for f in report["findings"] if f["code"] == "separator-in-sku"]


def test_validate_and_render_refuse_a_comma_in_a_sku_for_tmall_only(
    comma_catalogue: Path, tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    ws = ["--workspace", str(tmp_path / "ws")]
    tmall = run_limited(
        ["validate", comma_catalogue, "--platform", "tmall-global", "--format", "json", *ws],
        cwd=tmp_path,
    )
    assert tmall.one_line_error and tmall.code == 1, tmall.stderr
    (finding,) = _findings(tmall)
    assert (finding["row"], finding["column"], finding["sku"]) == (2, "Référence", "SER,01")
    assert "'SER-01'" in str(finding["message"])
    jd = run_limited(
        ["validate", comma_catalogue, "--platform", "jd-worldwide", "--format", "json", *ws],
        cwd=tmp_path,
    )
    assert jd.one_line_error and _findings(jd) == []

    out = tmp_path / "out"
    render = run_limited(
        ["render", comma_catalogue, "-p", "tmall-global", "--out", out, "--format", "json", *ws],
        cwd=tmp_path,
    )
    assert render.one_line_error, render.stderr
    excluded = json.loads(render.stdout)["excluded_products"]
    assert {"sku": "SER,01", "codes": ["separator-in-sku"]} in excluded
    assert "SER,01" not in (out / "tmall-global.xml").read_text("utf-8")


def test_publish_refuses_an_old_feed_with_a_comma_before_sending(
    tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    folder = write_rendered(tmp_path / "out", "tmall-global", [product("P1"), product("B,2")])
    with Sandbox(top=Account(APP_KEY, APP_SECRET, SESSION)) as box:
        done = run_limited(
            ["publish", folder, "--endpoint", box.top_url, "--workspace", tmp_path / "ws"],
            cwd=tmp_path,
            env=ENV["tmall-global"],
        )
        assert box.stats_dict()["gateway_requests"] == 0
    assert done.code == 3 and done.one_line_error
    assert "'B,2'" in done.stderr and "nothing was sent" in done.stderr
    assert "validate --platform tmall-global" in done.stderr


# --- secrets echoed by a gateway ----------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "mode", "path"),
    [
        ("tmall-global", "top-caller", "/router/rest"),
        ("tmall-global", "top-auth", "/router/rest"),
        ("jd-worldwide", "jos", "/routerjson"),
    ],
)
def test_no_secret_in_any_output_of_the_command(
    platform: str, mode: str, path: str, tmp_path: Path, run_limited: Callable[..., Limited]
) -> None:
    folder = write_rendered(tmp_path / "out", platform, [product("P1"), product("P2")])
    # the seller's token in the endpoint's query too (pasted from a console's example URL)
    token_name, token = next(
        (k, v) for k, v in ENV[platform].items() if "SESSION" in k or "TOKEN" in k
    )
    token_name = token_name.removeprefix("EXPORT_KIT_").lower()
    outputs: list[str] = []
    with echo_gateway(mode) as url:
        for before, after in ((["--debug"], ["-v"]), ([], ["--format", "json"])):
            done = run_limited(
                [
                    *before,
                    "publish",
                    folder,
                    "--endpoint",
                    f"{url}{path}?{token_name}={quote(token, safe='')}",
                    "--workspace",
                    tmp_path / "ws",
                    *after,
                ],
                cwd=tmp_path,
                env=ENV[platform],
            )
            # --debug prints the traceback of the error the run ends with, on purpose
            assert done.code == 4 and (done.one_line_error or before), done.stderr
            assert "***" in done.stdout + done.stderr  # the echo was printed, masked
            outputs += [done.stdout, done.stderr]
    assert leaks("\n".join(outputs), ODD) == []
    for file in (p for p in tmp_path.rglob("*") if p.is_file()):
        assert leaks(file.read_bytes(), ODD) == [], file


# --- the sandbox command against malformed requests -------------------------------------


@pytest.fixture
def sandbox_command(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``export-kit sandbox --port 0 --timeout 0.5`` in a child; its URL."""
    child = subprocess.Popen(
        [
            *(sys.executable, "-m", "export_kit", "sandbox", "--port", "0", "--timeout", "0.5"),
            *("--app-key", APP_KEY, "--app-secret", APP_SECRET),
        ],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert child.stderr is not None
        banner = ""
        while "Ctrl-C" not in banner:
            line = child.stderr.readline()
            assert line, banner
            banner += line
        url = re.search(r"http://127\.0\.0\.1:\d+", banner)
        assert url
        yield url.group(0), child
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def _raw(url: str, data: bytes, *, reset: bool = False) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    try:
        sock.sendall(data)
        if reset:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01" + b"\x00" * 7)
            return b""
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        sock.close()


def test_the_sandbox_command_answers_bad_requests_without_a_traceback(
    sandbox_command: tuple[str, subprocess.Popen[str]],
) -> None:
    url, child = sandbox_command
    head = b"POST /router/rest HTTP/1.1\r\nHost: x\r\n"
    assert b" 400 " in _raw(url, head + b"Content-Length: abc\r\n\r\nmethod=x")
    assert b" 400 " in _raw(url, head + b"Content-Length: -1\r\n\r\nmethod=x")
    started = time.monotonic()
    short = _raw(url, head + b"Content-Length: 999\r\n\r\nmethod=x")
    assert b" 400 " in short and b"shorter" in short
    assert _raw(url, b"") == b""  # silent: closed after the timeout
    assert time.monotonic() - started < 5
    _raw(url, head + b"Content-Length: 40\r\n\r\nmeth", reset=True)
    _raw(url, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64))  # TLS hello
    # still serving: a real call goes through
    params = top_params("taobao.item.add", ADD, session="any-session")
    created = httpx.post(url + "/router/rest", data=params, timeout=10)
    assert "item_add_response" in created.json(), created.text
    child.send_signal(signal.SIGINT)
    assert child.wait(timeout=10) == 0
    assert child.stderr is not None
    err = child.stderr.read()
    assert "Traceback" not in err and "Sandbox stopped." in err
