"""JD Worldwide over the JD Open Platform (JOS) gateway, ``/routerjson``.

Methods: ``jingdong.ware.write.add`` creates a ware (NOTES.md §4.2, JD SDK
``WareWriteAddRequest``), ``jingdong.ware.write.updateWare`` replaces it (JD SDK
``WareWriteUpdateWareRequest``), ``jingdong.ware.read.searchWare4Valid`` finds it by item
number (``itemNum``, set to the outer id on create; one per call), and
``jingdong.ware.write.offShelf`` takes it off sale (ware 3.0 naming of the older
``360buy.ware.update.delisting``; not confirmed in a public SDK copy, accepted by the
sandbox). Business fields travel as JSON in ``360buy_param_json``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from export_kit.publish.client import ApiCall, Gateway, JosGateway
from export_kit.publish.credentials import CredentialNames, Credentials
from export_kit.publish.feeds import FeedItem
from export_kit.publish.platforms.base import non_empty
from export_kit.publish.signing import Clock, JdAuth

__all__ = ["JdWorldwide"]

#: JD ware status "on sale" (wareStatus 8)
ON_SALE = 8


class JdWorldwide:
    """The jd-worldwide adapter (JOS)."""

    name = "jd-worldwide"
    feed_file = "jd-worldwide.csv"
    default_endpoint = "https://api.jd.com/routerjson"
    credentials = CredentialNames(
        app_key="EXPORT_KIT_JD_APP_KEY",
        app_secret="EXPORT_KIT_JD_APP_SECRET",
        token="EXPORT_KIT_JD_ACCESS_TOKEN",
        token_label="access token",
    )
    lookup_batch = 1

    def gateway(
        self, credentials: Credentials, *, sign_method: str | None, clock: Clock | None
    ) -> Gateway:
        """JOS (MD5 signing only)."""
        return JosGateway(
            JdAuth(credentials.app_key, credentials.app_secret, credentials.token, clock=clock)
        )

    def _ware(self, item: FeedItem) -> dict[str, Any]:
        ware = {
            "title": item.title,
            "categoryId": item.get("categoryId"),
            "outerId": item.outer_id,
            "itemNum": item.outer_id,
            "jdPrice": item.price,
            "wareStatus": ON_SALE,
            "introduction": item.description,
            "images": [
                {"imgIndex": index, "imgUrl": url, "isMain": index == 1}
                for index, url in enumerate(item.images, start=1)
            ],
        }
        return non_empty(ware)

    def _skus(self, item: FeedItem) -> list[dict[str, Any]]:
        skus = []
        for sku in item.skus:
            stock = str(sku.get("stock") or "0")
            skus.append(
                non_empty(
                    {
                        "outerId": sku.get("skuOuterId"),
                        "jdPrice": sku.get("jdPrice"),
                        "stockNum": int(stock) if stock.lstrip("-").isdigit() else 0,
                        "barCode": sku.get("barcode"),
                        "saleAttrs": sku.get("saleAttrs"),
                    }
                )
            )
        return skus

    def create_call(self, item: FeedItem) -> ApiCall:
        """``jingdong.ware.write.add``."""
        return ApiCall(
            "jingdong.ware.write.add",
            {"ware": self._ware(item), "skus": self._skus(item)},
            item.outer_id,
        )

    def update_call(self, item: FeedItem, remote_id: str) -> ApiCall:
        """``jingdong.ware.write.updateWare`` of ``wareId`` (also puts it back on sale)."""
        ware = {"wareId": remote_id, **self._ware(item)}
        return ApiCall(
            "jingdong.ware.write.updateWare",
            {"ware": ware, "skus": self._skus(item)},
            item.outer_id,
        )

    def lookup_call(self, outer_ids: Sequence[str]) -> ApiCall:
        """``jingdong.ware.read.searchWare4Valid`` by ``itemNum`` (one outer id)."""
        params = {
            "itemNum": outer_ids[0],
            "pageNo": 1,
            "pageSize": 20,
            "field": "wareId,itemNum,outerId,wareStatus",
        }
        return ApiCall("jingdong.ware.read.searchWare4Valid", params, outer_ids[0])

    def delist_call(self, outer_id: str, remote_id: str) -> ApiCall:
        """``jingdong.ware.write.offShelf``."""
        return ApiCall("jingdong.ware.write.offShelf", {"wareId": remote_id}, outer_id)

    def refusals(self, item: FeedItem) -> list[str]:
        """None: JOS takes every business field as a JSON value and looks outer ids up one
        by one (``itemNum``), so no character of a SKU is a separator."""
        return []

    def created_id(self, result: Mapping[str, Any]) -> str | None:
        """``ware.wareId`` of the answer."""
        ware = result.get("ware")
        if isinstance(ware, Mapping) and ware.get("wareId") is not None:
            return str(ware["wareId"])
        return None

    def found_ids(self, result: Mapping[str, Any]) -> dict[str, str]:
        """``page.data[]`` wares by ``itemNum`` (or ``outerId``)."""
        page = result.get("page")
        rows = page.get("data") if isinstance(page, Mapping) else None
        found: dict[str, str] = {}
        for row in rows if isinstance(rows, list) else []:
            if not isinstance(row, Mapping) or row.get("wareId") is None:
                continue
            key = row.get("itemNum") or row.get("outerId")
            if key:
                found.setdefault(str(key), str(row["wareId"]))
        return found
