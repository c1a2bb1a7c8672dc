"""No secret in receipts, journals, progress or errors, whatever form a gateway echoes it in."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from export_kit.config import Config
from export_kit.errors import ExportKitError, PublishError
from export_kit.publish import publish_feed, raise_for_failures
from export_kit.publish.receipt import ItemResult

from .conftest import FAST_RETRY, product, write_rendered
from .echo import echo_gateway, leaks

#: secrets holding what URL encoding changes: '/', '+', '=', a space, an accent
ODD_SECRET = "s3cr/t+APP=Secret é0001"
ODD_SESSION = "6100sess/SESSION+tok=en 0002"
ODD_TOKEN = "jd/access+TOKEN=val ue0003"
ODD = (ODD_SECRET, ODD_SESSION, ODD_TOKEN)
ENV = {
    "tmall-global": {
        "EXPORT_KIT_TMALL_APP_KEY": "12345678",
        "EXPORT_KIT_TMALL_APP_SECRET": ODD_SECRET,
        "EXPORT_KIT_TMALL_SESSION": ODD_SESSION,
    },
    "jd-worldwide": {
        "EXPORT_KIT_JD_APP_KEY": "12345678",
        "EXPORT_KIT_JD_APP_SECRET": ODD_SECRET,
        "EXPORT_KIT_JD_ACCESS_TOKEN": ODD_TOKEN,
    },
}
TOKEN = {"tmall-global": ODD_SESSION, "jd-worldwide": ODD_TOKEN}
CASES = [
    ("tmall-global", "top-caller", "/router/rest"),
    ("tmall-global", "top-auth", "/router/rest"),
    ("jd-worldwide", "jos", "/routerjson"),
]


@pytest.mark.parametrize(("platform", "mode", "path"), CASES)
def test_an_echoing_gateway_leaks_no_secret(
    platform: str, mode: str, path: str, tmp_path: Path
) -> None:
    folder = write_rendered(tmp_path / "out", platform, [product("P1"), product("P2")])
    seen: list[ItemResult] = []
    with echo_gateway(mode) as url:
        receipt = publish_feed(
            folder,
            platform,
            config=Config(),
            workspace=tmp_path / "ws",
            # the seller's token in the endpoint's own query is echoed too
            endpoint=f"{url}{path}?token={quote(TOKEN[platform], safe='')}&x=1",
            environ=ENV[platform],
            retry=FAST_RETRY,
            rate_limit=0,
            progress=seen.append,
        )
    errors = [i.error or "" for i in receipt.items]
    # the gateway's text did reach the receipt, masked
    assert all("***" in e for e in errors) or (receipt.stopped and "***" in receipt.stopped)
    with pytest.raises(PublishError) as caught:
        raise_for_failures(receipt)
    texts = [*errors, receipt.stopped or "", str(caught.value), *(r.error or "" for r in seen)]
    texts.append(receipt.endpoint or "")
    assert leaks("\n".join(texts), ODD) == []
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {"journal.sqlite", f"receipt-{platform}.json"} <= {p.name for p in files}
    for file in files:
        assert leaks(file.read_bytes(), ODD) == [], file


def test_an_error_before_sending_leaks_no_secret(tmp_path: Path) -> None:
    folder = write_rendered(tmp_path / "out", "tmall-global", [product("P1")])
    bad = f"http://[::1{ODD_SESSION}/router/rest"
    with pytest.raises(ExportKitError) as caught:
        publish_feed(
            folder,
            "tmall-global",
            config=Config(),
            workspace=tmp_path / "ws",
            endpoint=bad,
            environ=ENV["tmall-global"],
        )
    assert "Check --endpoint" in str(caught.value)
    assert leaks(str(caught.value), ODD) == []
