"""preview.html in a real browser: headless Chromium counts the cards and takes a screenshot.

The browser never reaches the internet: every host but 127.0.0.1 resolves to nothing, and
the test catalogue's images are served by a local server (one of them is missing on
purpose, to show the fallback box).
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from defusedxml import ElementTree as SafeET

from export_kit.pipeline import render

CHROMIUM = Path("/usr/bin/chromium")
CATALOGUE = Path(__file__).resolve().parent / "golden" / "catalogue"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="headless Chromium (/usr/bin/chromium) is not installed"
    ),
]


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class _Images(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True
    image = _png(120, 120, (196, 164, 132))
    requested: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requested.append(self.path)
        if self.path.startswith("/img/"):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(self.image)))
            self.end_headers()
            self.wfile.write(self.image)
        else:
            self.send_error(404)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def image_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Images)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--window-size=1280,2000",
        "--virtual-time-budget=5000",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_preview_in_headless_chromium(tmp_path: Path, image_server: str) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    catalogue = folder / "maison-azur.csv"
    text = catalogue.read_text(encoding="utf-8")
    text = text.replace("https://cdn.example.com/sac-01", f"{image_server}/missing/sac-01")
    text = text.replace("https://cdn.example.com/", f"{image_server}/img/")
    catalogue.write_text(text, encoding="utf-8")
    result = render(
        catalogue, platform="tmall-global", out=tmp_path / "out", workspace=tmp_path / "ws"
    )
    preview = tmp_path / "out" / "preview.html"
    page = preview.read_text(encoding="utf-8")
    # self-contained: no stylesheet, script or font from anywhere; images only from the catalogue
    assert not re.search(r"<link\b|<script\b[^>]*\bsrc=|@import|url\(", page)
    catalogue_urls = set(re.findall(r'https?://[^"|;]+', text))
    assert set(re.findall(r'src="([^"]+)"', page)) <= catalogue_urls

    dom_run = _chromium(tmp_path / "profile-dom", "--dump-dom", preview.as_uri())
    assert dom_run.returncode == 0, dom_run.stderr[-2000:]
    dom = dom_run.stdout
    cards = re.findall(r'<article\b[^>]*\bdata-card="(listing|excluded)"', dom)
    assert cards.count("listing") == result.exported == 3
    assert cards.count("excluded") == len(result.excluded) == 2
    assert 'data-listings="3"' in dom  # the page's script ran
    titles = [
        html.unescape(t) for t in re.findall(r'<h3 class="title" lang="zh-CN">(.*?)</h3>', dom)
    ]
    feed_titles = [i.findtext("title") for i in SafeET.parse(str(result.feed.path)).getroot()]
    assert titles[:3] == feed_titles  # exactly as the feed has them
    bag = re.search(r'<article class="([^"]*)" data-card="listing" data-outer-id="SAC-01"', dom)
    assert bag is not None and "image-failed" in bag.group(1)  # the fallback box shows
    serum = re.search(r'data-outer-id="SER-01".*?</article>', dom, re.S)
    assert serum is not None and "<img" in serum.group(0)  # a served image stays
    assert any(p.startswith("/img/") for p in _Images.requested)

    shot = tmp_path / "preview.png"
    shot_run = _chromium(tmp_path / "profile-shot", f"--screenshot={shot}", preview.as_uri())
    assert shot_run.returncode == 0, shot_run.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 20_000  # a rendered page, not a blank canvas
