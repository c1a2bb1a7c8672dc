"""Rendered folders written by hand in the shapes of docs/architecture.md, and a sandbox."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from export_kit.config import Config
from export_kit.publish.client import RetryPolicy
from export_kit.publish.sandbox import Account, Sandbox

APP_KEY = "12345678"
APP_SECRET = "s3cr3t-app-SECRET-value-0001"
SESSION = "6100sess-SESSION-token-value-0002"
JD_ACCESS_TOKEN = "jd-access-TOKEN-value-0003"

TMALL_ENV = {
    "EXPORT_KIT_TMALL_APP_KEY": APP_KEY,
    "EXPORT_KIT_TMALL_APP_SECRET": APP_SECRET,
    "EXPORT_KIT_TMALL_SESSION": SESSION,
}
JD_ENV = {
    "EXPORT_KIT_JD_APP_KEY": APP_KEY,
    "EXPORT_KIT_JD_APP_SECRET": APP_SECRET,
    "EXPORT_KIT_JD_ACCESS_TOKEN": JD_ACCESS_TOKEN,
}
SECRETS = (APP_SECRET, SESSION, JD_ACCESS_TOKEN)

#: retries that keep tests fast: short backoff, generous attempts
FAST_RETRY = RetryPolicy(max_attempts=12, max_call_limited=200, base_delay=0.005, max_delay=0.05)


def product(
    outer_id: str,
    *,
    title: str | None = None,
    price: str = "199.00",
    stock: int = 5,
    sizes: Sequence[str] = ("",),
) -> dict[str, Any]:
    """A listing as the render writes it (the fields the feeds carry)."""
    skus = []
    for number, size in enumerate(sizes, start=1):
        sku_id = outer_id if len(sizes) == 1 else f"{outer_id}-{number}"
        skus.append(
            {
                "sku": sku_id,
                "ean": f"376000000{number:04d}",
                "price": price,
                "price_fen": int(float(price) * 100),
                "stock": stock,
                "properties": f"尺码:{size}" if size else "",
            }
        )
    return {
        "outer_id": outer_id,
        "title": title or f"法国香水 {outer_id} 50ml",
        "sell_point": "法国进口",
        "category_id": "50010815",
        "brand": "Maison Test",
        "brand_zh": "测试之家",
        "price": price,
        "quantity": stock * len(skus),
        "barcode": skus[0]["ean"],
        "images": [
            f"https://cdn.example.com/{outer_id}/1.jpg",
            f"https://cdn.example.com/{outer_id}/2.jpg",
        ],
        "description_html": "<p>来自法国 &amp; 格拉斯的香水</p>",
        "origin": "法国",
        "hs_code": "330300",
        "net_content": "50ml",
        "shelf_life_months": 36,
        "tax_class": "cosmetics",
        "tax_rate": "0.091",
        "weight_kg": "0.2",
        "skus": skus,
    }


def _xml(products: Sequence[dict[str, Any]]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<items>"]
    simple = (
        "outer_id",
        "title",
        "sell_point",
        "category_id",
        "brand",
        "brand_zh",
        "price",
        "quantity",
        "barcode",
    )
    for p in products:
        out.append("  <item>")
        out += [f"    <{k}>{escape(str(p[k]))}</{k}>" for k in simple]
        out.append("    <images>")
        for n, image in enumerate(p["images"]):
            main = ' main="true"' if n == 0 else ""
            out.append(f"      <image{main}>{escape(image)}</image>")
        out.append("    </images>")
        out.append(f"    <description>{escape(p['description_html'])}</description>")
        for k in ("origin", "hs_code", "net_content", "shelf_life_months", "tax_class", "tax_rate"):
            out.append(f"    <{k}>{escape(str(p[k]))}</{k}>")
        out.append("    <skus>")
        for s in p["skus"]:
            out.append("      <sku>")
            out.append(f"        <outer_id>{escape(s['sku'])}</outer_id>")
            out.append(f"        <price>{escape(s['price'])}</price>")
            out.append(f"        <quantity>{s['stock']}</quantity>")
            out.append(f"        <barcode>{s['ean']}</barcode>")
            out.append(f"        <properties>{escape(s['properties'])}</properties>")
            out.append("      </sku>")
        out.append("    </skus>")
        out.append("  </item>")
    out.append("</items>")
    return "\n".join(out) + "\n"


JD_HEADER = [
    "outerId",
    "wareTitle",
    "brandName",
    "brandNameCn",
    "categoryId",
    "skuOuterId",
    "jdPrice",
    "stock",
    "barcode",
    "saleAttrs",
    "images",
    "description",
    "hsCode",
    "origin",
    "netContent",
    "weightKg",
    "shelfLifeMonths",
    "taxClass",
    "taxRate",
]


def _csv(products: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(JD_HEADER)
    for p in products:
        for s in p["skus"]:
            writer.writerow(
                [
                    p["outer_id"],
                    p["title"],
                    p["brand"],
                    p["brand_zh"],
                    p["category_id"],
                    s["sku"],
                    s["price"],
                    s["stock"],
                    s["ean"],
                    s["properties"],
                    "|".join(p["images"]),
                    p["description_html"],
                    p["hs_code"],
                    p["origin"],
                    p["net_content"],
                    p["weight_kg"],
                    p["shelf_life_months"],
                    p["tax_class"],
                    p["tax_rate"],
                ]
            )
    return buffer.getvalue()


def _jsonl(products: Sequence[dict[str, Any]]) -> str:
    lines = []
    for p in products:
        lines.append(
            json.dumps(
                {
                    "out_product_id": p["outer_id"],
                    "name": p["title"],
                    "brand": p["brand"],
                    "brand_zh": p["brand_zh"],
                    "category_id": p["category_id"],
                    "pics": p["images"],
                    "description": p["description_html"],
                    "origin": p["origin"],
                    "hs_code": p["hs_code"],
                    "net_content": p["net_content"],
                    "tax_class": p["tax_class"],
                    "tax_rate": p["tax_rate"],
                    "skus": [
                        {
                            "out_sku_id": s["sku"],
                            "price": s["price_fen"],
                            "stock_num": s["stock"],
                            "code": s["ean"],
                            "spec": s["properties"],
                        }
                        for s in p["skus"]
                    ],
                },
                ensure_ascii=False,
            )
        )
    return "".join(line + "\n" for line in lines)


FEEDS = {
    "tmall-global": ("tmall-global.xml", _xml, "utf-8"),
    "jd-worldwide": ("jd-worldwide.csv", _csv, "utf-8-sig"),
    "douyin-global": ("douyin-global.jsonl", _jsonl, "utf-8"),
}


def write_rendered(
    folder: Path, platform: str, products: Sequence[dict[str, Any]], excluded: Sequence[str] = ()
) -> Path:
    """Write ``folder`` as ``export-kit render`` does: the feed and ``manifest.json``."""
    name, render, encoding = FEEDS[platform]
    folder.mkdir(parents=True, exist_ok=True)
    data = render(products).encode(encoding)
    (folder / name).write_bytes(data)
    manifest = {
        "source": str(folder / "catalogue.xlsx"),
        "platform": platform,
        "generated_at": "2025-01-01T00:00:00+00:00",
        "export_kit_version": "0.1.0",
        "rate": {"eur_cny": "7.8", "date": "2025-01-01", "source": "test"},
        "products": len(products) + len(excluded),
        "exported": len(products),
        "excluded": [{"sku": sku, "codes": ["missing-hs-code"]} for sku in excluded],
        "feed": {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return folder


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A sandbox accepting the test credentials on both gateways."""
    with Sandbox(
        top=Account(APP_KEY, APP_SECRET, SESSION), jd=Account(APP_KEY, APP_SECRET, JD_ACCESS_TOKEN)
    ) as box:
        yield box


@pytest.fixture
def config() -> Config:
    """Defaults: no export-kit.toml."""
    return Config()
