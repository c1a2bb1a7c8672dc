"""Publishing throughput against the sandbox: items per second by concurrency.

The sandbox runs in its own process (``export-kit sandbox --latency-ms 20``), so the
client and the emulator do not share one interpreter lock; each measurement publishes a
fresh feed of new products (outer ids unique to the run) into a fresh workspace, through
``publish_feed`` with no client-side rate limit: the time includes reading the feed, the
look-ups by outer id (40 a call on TOP), every create and every journal write.

Target: at concurrency 16, ≥ 60 % of concurrency ÷ latency (16 / 20 ms = 800 items/s, so
≥ 480 items/s). Concurrency 1 at 20 ms is ≥ 20 s per 1,000 items, so it is measured on
fewer items by default (``--small``).

Usage: python benchmarks/bench_publish.py [--items 10000] [--small 1000] [--latency-ms 20]
       [--concurrency 1 4 16] [--platform tmall-global]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from export_kit.config import Config
from export_kit.publish import publish_feed

KEY, SECRET, SESSION = "bench-key", "bench-secret-0000", "bench-session-0000"
ENV = {
    "tmall-global": {
        "EXPORT_KIT_TMALL_APP_KEY": KEY,
        "EXPORT_KIT_TMALL_APP_SECRET": SECRET,
        "EXPORT_KIT_TMALL_SESSION": SESSION,
    },
    "jd-worldwide": {
        "EXPORT_KIT_JD_APP_KEY": KEY,
        "EXPORT_KIT_JD_APP_SECRET": SECRET,
        "EXPORT_KIT_JD_ACCESS_TOKEN": SESSION,
    },
}


def write_feed(folder: Path, platform: str, prefix: str, count: int) -> Path:
    """A rendered folder of ``count`` products (two SKUs each) in the documented shapes."""
    folder.mkdir(parents=True)
    if platform == "tmall-global":
        name, parts = "tmall-global.xml", ['<?xml version="1.0" encoding="UTF-8"?>', "<items>"]
        for n in range(count):
            oid = f"{prefix}{n:05d}"
            parts.append(
                f"<item><outer_id>{oid}</outer_id><title>{escape('法国香水 ' + oid)}</title>"
                "<category_id>50010815</category_id><price>199.00</price>"
                "<quantity>10</quantity><barcode>3760000000001</barcode>"
                f'<images><image main="true">https://cdn.example.com/{oid}.jpg</image></images>'
                f"<description>{escape('<p>来自法国的香水</p>')}</description>"
                "<origin>法国</origin><hs_code>330300</hs_code><skus>"
                f"<sku><outer_id>{oid}-1</outer_id><price>199.00</price><quantity>5</quantity>"
                "<properties>容量:50ml</properties></sku>"
                f"<sku><outer_id>{oid}-2</outer_id><price>299.00</price><quantity>5</quantity>"
                "<properties>容量:100ml</properties></sku></skus></item>"
            )
        parts.append("</items>")
        data = "\n".join(parts).encode("utf-8")
    else:
        name = "jd-worldwide.csv"
        rows = [
            "outerId,wareTitle,brandName,brandNameCn,categoryId,skuOuterId,jdPrice,stock,"
            "barcode,saleAttrs,images,description,hsCode,origin,netContent,weightKg,"
            "shelfLifeMonths,taxClass,taxRate"
        ]
        for n in range(count):
            oid = f"{prefix}{n:05d}"
            for s, price in ((1, "199.00"), (2, "299.00")):
                rows.append(
                    f"{oid},法国香水 {oid},Test,测试,1,{oid}-{s},{price},5,,容量:{s}0ml,"
                    f"https://cdn.example.com/{oid}.jpg,<p>香水</p>,330300,法国,50ml,"
                    "0.2,36,cosmetics,0.091"
                )
        data = ("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8")
    (folder / name).write_bytes(data)
    manifest = {
        "source": "bench",
        "platform": platform,
        "products": count,
        "exported": count,
        "excluded": [],
        "feed": {"path": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return folder


def start_sandbox(latency_ms: float) -> tuple[subprocess.Popen[str], str]:
    """``export-kit sandbox`` in its own process; returns it and its base URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "export_kit",
            "sandbox",
            "--port",
            "0",
            "--app-key",
            KEY,
            "--app-secret",
            SECRET,
            "--latency-ms",
            str(latency_ms),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    banner = ""
    while "Ctrl-C" not in banner:
        line = process.stderr.readline()
        if not line:
            raise SystemExit("the sandbox did not start:\n" + banner)
        banner += line
    match = re.search(r"http://[\d.]+:\d+", banner)
    assert match
    return process, match.group(0)


def measure(platform: str, url: str, concurrency: int, count: int, tmp: Path) -> dict[str, float]:
    """Publish ``count`` new products at ``concurrency``; items per second."""
    folder = write_feed(
        tmp / f"c{concurrency}-{count}", platform, f"C{concurrency}N{count}-", count
    )
    endpoint = url + ("/router/rest" if platform == "tmall-global" else "/routerjson")
    start = time.perf_counter()
    receipt = publish_feed(
        folder,
        platform,
        config=Config(),
        workspace=folder / "ws",
        endpoint=endpoint,
        environ=ENV[platform],
        concurrency=concurrency,
        rate_limit=0,
    )
    seconds = time.perf_counter() - start
    if receipt.created != count or receipt.failed:
        raise SystemExit(f"unexpected receipt: {receipt.created} created, {receipt.failed} failed")
    return {"items": count, "seconds": seconds, "items_per_s": count / seconds}


def main() -> None:
    """Run the measurements and print a table (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument(
        "--small", type=int, default=1_000, help="items for concurrency 1 (0: use --items)"
    )
    parser.add_argument("--latency-ms", type=float, default=20)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--platform", default="tmall-global", choices=sorted(ENV))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    process, url = start_sandbox(args.latency_ms)
    results = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for concurrency in args.concurrency:
                count = args.small if concurrency == 1 and args.small else args.items
                result = measure(args.platform, url, concurrency, count, Path(tmp))
                ideal = concurrency / (args.latency_ms / 1000)
                result.update(
                    concurrency=concurrency, ideal=ideal, share=result["items_per_s"] / ideal
                )
                results.append(result)
                print(
                    f"{args.platform} concurrency {concurrency:>2}: {count:>6} items in "
                    f"{result['seconds']:7.2f} s = {result['items_per_s']:7.1f} items/s "
                    f"({result['share']:.0%} of {ideal:.0f} = concurrency / latency)",
                    flush=True,
                )
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    if args.json:
        print(json.dumps(results, indent=2))
    top = [r for r in results if r["concurrency"] == 16]
    if top:
        verdict = "meets" if top[0]["share"] >= 0.6 else "misses"
        print(f"target ≥ 60 % at concurrency 16: {verdict} ({top[0]['share']:.0%})")
    print(f"cpu count {os.cpu_count()}, latency {args.latency_ms:g} ms, platform {args.platform}")


if __name__ == "__main__":
    main()
