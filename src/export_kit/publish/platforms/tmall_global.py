"""Tmall Global over the Taobao Open Platform (TOP) gateway.

Methods (NOTES.md §5.1, TOP SDK request classes): ``taobao.item.add`` creates,
``taobao.item.update`` replaces (by ``num_iid``), ``taobao.items.custom.get`` finds items by
outer id (up to 40 a call, comma-separated), ``taobao.item.update.delisting`` takes an
item off sale. Tmall stores also have the category Schema APIs (``tmall.item.schema.add``)
that need the category's property ids; the feed carries none, so the generic item APIs
are used here, with SKU properties as text. See docs/publishing.md, "Limits".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from export_kit.publish.client import ApiCall, Gateway, TopGateway
from export_kit.publish.credentials import CredentialNames, Credentials
from export_kit.publish.feeds import FeedItem
from export_kit.publish.platforms.base import non_empty
from export_kit.publish.signing import Clock, TopAuth

__all__ = ["LIST_SEPARATOR", "TmallGlobal", "property_text"]

#: what TOP's list parameters (``taobao.items.custom.get`` ``outer_id``, the ``sku_*``
#: lists of ``taobao.item.add``) put between values; a value cannot hold it (no escape)
LIST_SEPARATOR = ","
#: SKU identifiers sent inside a TOP list parameter, with what the feed calls them
_SKU_LISTS = (("outer_id", "SKU"), ("barcode", "barcode"))
#: a decimal comma in a property value (a French shoe size 36,5)
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")


def property_text(text: str) -> str:
    """A SKU's properties with no list separator: a decimal comma becomes a point (36,5 →
    36.5), any other comma the full-width ``，`` Chinese text uses."""
    return _DECIMAL_COMMA.sub(".", text).replace(LIST_SEPARATOR, "，")


class TmallGlobal:
    """The tmall-global adapter (TOP)."""

    name = "tmall-global"
    feed_file = "tmall-global.xml"
    default_endpoint = "https://gw.api.taobao.com/router/rest"
    credentials = CredentialNames(
        app_key="EXPORT_KIT_TMALL_APP_KEY",
        app_secret="EXPORT_KIT_TMALL_APP_SECRET",
        token="EXPORT_KIT_TMALL_SESSION",
        token_label="session",
    )
    #: taobao.items.custom.get: "商品的外部商品ID，支持批量，最多不超过40个"
    lookup_batch = 40

    def gateway(
        self, credentials: Credentials, *, sign_method: str | None, clock: Clock | None
    ) -> Gateway:
        """TOP with ``hmac-sha256`` unless ``[platforms.tmall-global] sign_method`` says."""
        auth = TopAuth(
            credentials.app_key,
            credentials.app_secret,
            credentials.token,
            sign_method=sign_method or "hmac-sha256",
            clock=clock,
        )
        return TopGateway(auth)

    def _params(self, item: FeedItem) -> dict[str, Any]:
        params: dict[str, Any] = {
            "outer_id": item.outer_id,
            "title": item.title,
            "desc": item.description,
            "price": item.price,
            "num": item.quantity,
            "type": "fixed",
            "stuff_status": "new",
            "approve_status": "onsale",
            "cid": item.get("category_id"),
            "sell_point": item.get("sell_point"),
            "barcode": item.get("barcode"),
            "pic_path": item.images[0] if item.images else None,
            "global_stock_type": "1",
            "global_stock_country": item.get("origin"),
        }
        skus = [s for s in item.skus if s.get("outer_id")]
        if skus:
            params.update(
                {
                    "sku_outer_ids": ",".join(str(s.get("outer_id", "")) for s in skus),
                    "sku_prices": ",".join(str(s.get("price", "")) for s in skus),
                    "sku_quantities": ",".join(str(s.get("quantity") or 0) for s in skus),
                    "sku_barcode": ",".join(str(s.get("barcode", "")) for s in skus),
                    "sku_properties": ",".join(
                        property_text(str(s.get("properties", ""))) for s in skus
                    ),
                }
            )
        return non_empty(params)

    def create_call(self, item: FeedItem) -> ApiCall:
        """``taobao.item.add``."""
        return ApiCall("taobao.item.add", self._params(item), item.outer_id)

    def update_call(self, item: FeedItem, remote_id: str) -> ApiCall:
        """``taobao.item.update`` of ``num_iid`` (also puts it back on sale)."""
        params = {"num_iid": remote_id, **self._params(item)}
        params.pop("type", None)
        return ApiCall("taobao.item.update", params, item.outer_id)

    def lookup_call(self, outer_ids: Sequence[str]) -> ApiCall:
        """``taobao.items.custom.get`` for up to 40 outer ids."""
        params = {"outer_id": ",".join(outer_ids), "fields": "num_iid,outer_id,approve_status"}
        about = outer_ids[0] if len(outer_ids) == 1 else None
        return ApiCall("taobao.items.custom.get", params, about)

    def delist_call(self, outer_id: str, remote_id: str) -> ApiCall:
        """``taobao.item.update.delisting``."""
        return ApiCall("taobao.item.update.delisting", {"num_iid": remote_id}, outer_id)

    def refusals(self, item: FeedItem) -> list[str]:
        """The outer id, SKU ids or barcodes holding ``,``: TOP would split them (see
        :data:`LIST_SEPARATOR`). SKU properties are text and sent with the comma replaced
        (:func:`property_text`)."""
        problems: list[str] = []
        if LIST_SEPARATOR in item.outer_id:
            problems.append(
                f"outer id {item.outer_id!r}: taobao.items.custom.get would look up "
                f"{' and '.join(repr(p) for p in item.outer_id.split(LIST_SEPARATOR))} "
                "instead, so after a lost answer or a lost journal the item would be "
                "created again"
            )
        for sku in item.skus:
            for name, label in _SKU_LISTS:
                value = str(sku.get(name) or "")
                if LIST_SEPARATOR in value:
                    owner = str(sku.get("outer_id") or item.outer_id)
                    where = "" if name == "outer_id" else f" of SKU {owner!r}"
                    listed = "outer_ids" if name == "outer_id" else name
                    problems.append(
                        f"{label} {value!r}{where} (product {item.outer_id!r}): "
                        f"taobao.item.add's sku_{listed} list would split it and shift "
                        "the values of the other SKUs"
                    )
        return problems

    def created_id(self, result: Mapping[str, Any]) -> str | None:
        """``item.num_iid`` of ``item_add_response``."""
        item = result.get("item")
        if isinstance(item, Mapping) and item.get("num_iid") is not None:
            return str(item["num_iid"])
        return None

    def found_ids(self, result: Mapping[str, Any]) -> dict[str, str]:
        """``items.item[]`` of ``items_custom_get_response`` (TOP omits empty lists)."""
        items = result.get("items")
        found: dict[str, str] = {}
        rows = items.get("item") if isinstance(items, Mapping) else None
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, Mapping) and row.get("outer_id") and row.get("num_iid"):
                found.setdefault(str(row["outer_id"]), str(row["num_iid"]))
        return found
