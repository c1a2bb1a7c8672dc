"""The TOP and JOS gateways as the sandbox emulates them: checks, errors, item methods.

Checks run in the gateways' order: app key, timestamp, signature, then the method, then
the session (TOP) or access token (JOS). Error shapes and codes:

- TOP: ``{"error_response": {"code", "msg", "sub_code", "sub_msg", "request_id"}}`` with
  the codes of ../shared/domain/top-platform-error-codes.txt: 7 call limit, 15 with
  ``isp.remote-service-unavailable`` (transient), 21/22 missing or unknown method, 24/25
  missing or bad signature, 26/27 missing or bad session, 28/29 missing or bad app key,
  30/31 missing or bad timestamp (more than 10 minutes off), 32/34 version, 40/41 missing or
  bad argument (``isv.missing-parameter`` / ``isv.invalid-parameter``), 15 with
  ``isv.item-not-exist``.
- JOS: ``{"error_response": {"code", "zh_desc", "en_desc"}}`` with the JOS gateway table
  (2 call limit, 4/5 version, 7/8 timestamp more than 6 minutes off, 11/12 signature,
  14/15 method) and 19 for the access token. That table has no code for an unknown app
  key: the sandbox answers 12, as a gateway that cannot find the app's secret cannot
  check the signature. Business errors (a missing title, an unknown ware) use 10400001,
  a code seen in JOS answers, chosen here for the sandbox.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from export_kit.publish.sandbox_store import ItemStore
from export_kit.publish.signing import GMT8, SIGN_METHODS, TIMESTAMP_FORMAT, jd_sign, top_sign

__all__ = ["Account", "Emulator", "JosEmulator", "SandboxError", "TopEmulator"]

TOP_SKEW = dt.timedelta(minutes=10)
JOS_SKEW = dt.timedelta(minutes=6)
JD_ON_SALE, JD_OFF_SALE = 8, 2

_TOP_MESSAGES = {
    7: "App Call Limited",
    15: "Remote service error",
    21: "Missing Method",
    22: "Invalid Method",
    24: "Missing Signature",
    25: "Invalid Signature",
    26: "Missing Session",
    27: "Invalid Session",
    28: "Missing App Key",
    29: "Invalid App Key",
    30: "Missing Timestamp",
    31: "Invalid Timestamp",
    32: "Missing Version",
    34: "Unsupported Version",
    40: "Missing Required Arguments",
    41: "Invalid Arguments",
}
_JOS_MESSAGES = {
    "2": ("限制时间内调用失败次数", "App Call Limited"),
    "4": ("缺少版本参数", "Missing Version"),
    "5": ("不支持的版本号", "Unsupported Version"),
    "7": ("缺少时间戳参数", "Missing Timestamp"),
    "8": ("非法的时间戳参数", "Invalid Timestamp"),
    "11": ("缺少签名参数", "Missing Signature"),
    "12": ("无效签名", "Invalid Signature"),
    "14": ("缺少方法名参数", "Missing Method"),
    "15": ("不存在的方法名", "Invalid Method"),
    "19": ("无效的access_token", "Invalid access_token"),
    "10400001": ("参数错误", "Invalid parameter"),
}
_SYSTEM = frozenset(
    {
        "app_key",
        "method",
        "v",
        "format",
        "sign",
        "sign_method",
        "timestamp",
        "session",
        "partner_id",
        "simplify",
        "target_app_key",
    }
)

Handler = Callable[[dict[str, str]], dict[str, Any]]


class SandboxError(Exception):
    """An answer the gateway gives instead of a result: a JSON body and an HTTP status."""

    def __init__(self, payload: dict[str, Any], status: int = 200) -> None:
        super().__init__(json.dumps(payload, ensure_ascii=False))
        self.payload = payload
        self.status = status


@dataclass(frozen=True)
class Account:
    """Credentials a gateway accepts. ``token`` None accepts any non-empty session/token."""

    app_key: str
    app_secret: str = field(repr=False)
    token: str | None = field(default=None, repr=False)


class Emulator(Protocol):
    """One gateway family."""

    platform: str

    def call_limited(self) -> SandboxError:
        """The call-limit error."""
        ...

    def transient(self) -> SandboxError:
        """A transient failure before processing."""
        ...

    def check(self, params: dict[str, str]) -> None:
        """App key, timestamp, signature, version."""
        ...

    def handler(self, method: str) -> Handler:
        """The method's handler (or the unknown-method error)."""
        ...

    def authorize(self, params: dict[str, str]) -> None:
        """The seller's session / access token."""
        ...

    def writes(self, method: str) -> bool:
        """Whether ``method`` changes stored items."""
        ...

    def code_of(self, payload: Mapping[str, Any]) -> str:
        """``top:25``-style name of an error answer, for the stats."""
        ...

    def outer_id_of(self, params: Mapping[str, str]) -> str | None:
        """The outer id a call is about (None when it names none)."""
        ...


def timestamp_ok(value: str, now: dt.datetime, skew: dt.timedelta) -> bool:
    """``value`` (``yyyy-MM-dd HH:mm:ss`` GMT+8, or epoch milliseconds) is within ``skew``."""
    try:
        if value.isdigit():  # the TOP Python SDK sends epoch milliseconds
            moment = dt.datetime.fromtimestamp(int(value) / 1000, dt.UTC)
        else:
            moment = dt.datetime.strptime(value, TIMESTAMP_FORMAT).replace(tzinfo=GMT8)
    except (ValueError, OverflowError, OSError):
        return False
    return abs(now - moment) <= skew


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _business(params: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in params.items() if k not in _SYSTEM}


class TopEmulator:
    """The TOP gateway (``/router/rest``): checks, errors and item methods."""

    platform = "tmall-global"

    def __init__(
        self, store: ItemStore, account: Account, clock: Callable[[], dt.datetime]
    ) -> None:
        self.store = store
        self.account = account
        self.clock = clock
        self.methods: dict[str, Handler] = {
            "taobao.item.add": self.item_add,
            "taobao.item.update": self.item_update,
            "taobao.items.custom.get": self.items_custom_get,
            "taobao.item.update.delisting": self.item_delisting,
        }

    @staticmethod
    def error(code: int, sub_code: str = "", sub_msg: str = "", msg: str = "") -> SandboxError:
        body: dict[str, Any] = {"code": code, "msg": msg or _TOP_MESSAGES.get(code, "Error")}
        if sub_code:
            body["sub_code"] = sub_code
        if sub_msg:
            body["sub_msg"] = sub_msg
        body["request_id"] = uuid.uuid4().hex[:13]
        return SandboxError({"error_response": body})

    @staticmethod
    def code_of(payload: Mapping[str, Any]) -> str:
        error = payload.get("error_response") or {}
        return f"top:{error.get('code')}"

    def call_limited(self) -> SandboxError:
        return self.error(
            7, "accesscontrol.limited-by-app-access-count", "This ban will last for 1 more seconds"
        )

    def transient(self) -> SandboxError:
        return self.error(15, "isp.remote-service-unavailable", "服务暂时不可用，请稍后重试")

    def check(self, params: dict[str, str]) -> None:
        account = self.account
        app_key = params.get("app_key")
        if not app_key:
            raise self.error(28)
        if app_key != account.app_key:
            raise self.error(29)
        timestamp = params.get("timestamp")
        if not timestamp:
            raise self.error(30)
        if not timestamp_ok(timestamp, self.clock(), TOP_SKEW):
            raise self.error(31, sub_msg="timestamp is more than 10 minutes from GMT+8 time")
        sign = params.get("sign")
        if not sign:
            raise self.error(24)
        sign_method = params.get("sign_method") or "md5"
        if sign_method not in SIGN_METHODS:
            raise self.error(25, sub_msg=f"unknown sign_method {sign_method}")
        if sign.upper() != top_sign(params, account.app_secret, sign_method):
            raise self.error(25)
        version = params.get("v")
        if not version:
            raise self.error(32)
        if version != "2.0":
            raise self.error(34)

    def handler(self, method: str) -> Handler:
        if not method:
            raise self.error(21)
        if method not in self.methods:
            raise self.error(22, sub_msg=f"unknown method {method}")
        return self.methods[method]

    def outer_id_of(self, params: Mapping[str, str]) -> str | None:
        return params.get("outer_id") or None

    def writes(self, method: str) -> bool:
        return method in ("taobao.item.add", "taobao.item.update", "taobao.item.update.delisting")

    def authorize(self, params: dict[str, str]) -> None:
        """The seller's session: 26 when missing, 27 when not the accepted one."""
        session = params.get("session")
        if not session:
            raise self.error(26)
        expected = self.account.token
        if expected is not None and session != expected:
            raise self.error(27)

    def _required(self, params: dict[str, str], *names: str) -> None:
        for name in names:
            if not params.get(name):
                raise self.error(
                    40,
                    "isv.missing-parameter",
                    f"缺少参数 {name}",
                    msg=f"Missing required arguments:{name}",
                )

    def _invalid(self, name: str, why: str) -> SandboxError:
        return self.error(
            41, "isv.invalid-parameter", f"{name}: {why}", msg=f"Invalid arguments:{name}"
        )

    def _checked_fields(self, params: dict[str, str]) -> tuple[str, int]:
        price = params.get("price", "")
        try:
            value = Decimal(price)
        except InvalidOperation:
            raise self._invalid("price", "not a number") from None
        if not value.is_finite():  # NaN would fail the comparison below
            raise self._invalid("price", "not a number")
        if not 0 <= value <= 100_000_000:
            raise self._invalid("price", "0-100000000 yuan")
        try:
            num = int(params.get("num", ""))
        except ValueError:
            raise self._invalid("num", "not a whole number") from None
        title = params.get("title", "")
        if len(title.encode("gbk", errors="replace")) > 60:
            raise self._invalid("title", "more than 60 bytes (30 Chinese characters)")
        return price, num

    def item_add(self, params: dict[str, str]) -> dict[str, Any]:
        self._required(params, "title", "price", "num")
        price, num = self._checked_fields(params)
        fields = _business(params)
        remote = self.store.insert(
            self.platform, params.get("outer_id"), params["title"], price, num, fields
        )
        return {
            "item_add_response": {
                "item": {"num_iid": int(remote), "created": self.store.now_text()}
            }
        }

    def item_update(self, params: dict[str, str]) -> dict[str, Any]:
        self._required(params, "num_iid")
        remote = params["num_iid"]
        stored = self.store.find(self.platform, remote)
        if stored is None:
            raise self.error(15, "isv.item-not-exist", f"商品 {remote} 不存在")
        stored_fields, stored_status = stored
        fields = {**stored_fields, **_business(params)}
        fields.pop("num_iid", None)
        merged = {
            **fields,
            "title": fields.get("title", ""),
            "price": fields.get("price", "0"),
            "num": fields.get("num", "0"),
        }
        price, num = self._checked_fields(merged)
        status = stored_status
        if params.get("approve_status") == "onsale":
            status = "onsale"
        elif params.get("approve_status") == "instock":
            status = "delisted"
        self.store.update(
            self.platform,
            remote,
            {
                "title": merged["title"],
                "price": price,
                "quantity": num,
                "status": status,
                "outer_id": fields.get("outer_id"),
            },
            fields,
        )
        return {
            "item_update_response": {
                "item": {"num_iid": int(remote), "modified": self.store.now_text()}
            }
        }

    def items_custom_get(self, params: dict[str, str]) -> dict[str, Any]:
        self._required(params, "outer_id", "fields")
        outer_ids = [part for part in params["outer_id"].split(",") if part]
        if len(outer_ids) > 40:
            raise self._invalid("outer_id", "at most 40 outer ids")
        rows = self.store.by_outer_id(self.platform, outer_ids)
        items = [
            {
                "num_iid": int(remote),
                "outer_id": outer,
                "title": title,
                "approve_status": "onsale" if status == "onsale" else "instock",
            }
            for outer, remote, title, status in rows
        ]
        body: dict[str, Any] = {"items": {"item": items}} if items else {}
        return {"items_custom_get_response": body}

    def item_delisting(self, params: dict[str, str]) -> dict[str, Any]:
        self._required(params, "num_iid")
        remote = params["num_iid"]
        if self.store.find(self.platform, remote) is None:
            raise self.error(15, "isv.item-not-exist", f"商品 {remote} 不存在")
        self.store.update(self.platform, remote, {"status": "delisted"})
        return {
            "item_update_delisting_response": {
                "item": {"num_iid": int(remote), "modified": self.store.now_text()}
            }
        }


class JosEmulator:
    """The JOS gateway (``/routerjson``): checks, errors and ware methods."""

    platform = "jd-worldwide"

    def __init__(
        self, store: ItemStore, account: Account, clock: Callable[[], dt.datetime]
    ) -> None:
        self.store = store
        self.account = account
        self.clock = clock
        self.methods: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "jingdong.ware.write.add": self.ware_add,
            "jingdong.ware.write.updateWare": self.ware_update,
            "jingdong.ware.read.searchWare4Valid": self.ware_search,
            "jingdong.ware.write.offShelf": self.ware_off_shelf,
        }

    @staticmethod
    def error(code: str, detail: str = "") -> SandboxError:
        zh, en = _JOS_MESSAGES.get(code, ("错误", "Error"))
        if detail:
            zh, en = f"{zh}: {detail}", f"{en}: {detail}"
        return SandboxError({"error_response": {"code": code, "zh_desc": zh, "en_desc": en}})

    @staticmethod
    def code_of(payload: Mapping[str, Any]) -> str:
        error = payload.get("error_response") or {}
        return f"jos:{error.get('code')}"

    def call_limited(self) -> SandboxError:
        return self.error("2")

    def transient(self) -> SandboxError:
        return SandboxError({"error": "Service Unavailable"}, 503)

    def check(self, params: dict[str, str]) -> None:
        account = self.account
        if params.get("app_key") != account.app_key:
            raise self.error("12", "unknown app_key")
        timestamp = params.get("timestamp")
        if not timestamp:
            raise self.error("7")
        if not timestamp_ok(timestamp, self.clock(), JOS_SKEW):
            raise self.error("8")
        sign = params.get("sign")
        if not sign:
            raise self.error("11")
        if sign.upper() != jd_sign(params, account.app_secret):
            raise self.error("12")
        version = params.get("v")
        if not version:
            raise self.error("4")
        if version != "2.0":
            raise self.error("5")

    def handler(self, method: str) -> Handler:
        if not method:
            raise self.error("14")
        if method not in self.methods:
            raise self.error("15")
        target = self.methods[method]

        def call(params: dict[str, str]) -> dict[str, Any]:
            try:
                business = json.loads(params.get("360buy_param_json") or "{}")
            except json.JSONDecodeError:
                raise self.error("10400001", "360buy_param_json is not JSON") from None
            if not isinstance(business, dict):
                raise self.error("10400001", "360buy_param_json is not an object")
            key = method.replace(".", "_") + "_responce"
            return {key: {"code": "0", **target(business)}}

        return call

    def authorize(self, params: dict[str, str]) -> None:
        """The seller's access token: 19 when missing or not the accepted one."""
        token = params.get("access_token")
        expected = self.account.token
        if not token or (expected is not None and token != expected):
            raise self.error("19")

    def writes(self, method: str) -> bool:
        return method != "jingdong.ware.read.searchWare4Valid"

    def outer_id_of(self, params: Mapping[str, str]) -> str | None:
        try:
            business = json.loads(params.get("360buy_param_json") or "{}")
        except json.JSONDecodeError:
            return None
        ware = business.get("ware") if isinstance(business, dict) else None
        source = ware if isinstance(ware, dict) else business
        outer = source.get("itemNum") or source.get("outerId") if isinstance(source, dict) else None
        return str(outer) if outer else None

    def _ware_values(self, ware: Mapping[str, Any], skus: list[Any]) -> tuple[str, int]:
        price = str(ware.get("jdPrice") or "")
        try:
            finite = Decimal(price).is_finite()
        except InvalidOperation:
            finite = False
        if not finite:
            raise self.error("10400001", "jdPrice is not a number")
        quantity = 0
        for sku in skus:
            if isinstance(sku, Mapping):
                try:
                    quantity += int(sku.get("stockNum") or 0)
                except (TypeError, ValueError):
                    raise self.error("10400001", "stockNum is not a whole number") from None
        return price, quantity

    def ware_add(self, business: dict[str, Any]) -> dict[str, Any]:
        ware = business.get("ware")
        if not isinstance(ware, dict) or not ware.get("title"):
            raise self.error("10400001", "ware.title is required")
        skus = _list(business.get("skus"))
        price, quantity = self._ware_values(ware, skus)
        outer = ware.get("itemNum") or ware.get("outerId")
        remote = self.store.insert(
            self.platform,
            str(outer) if outer else None,
            str(ware["title"]),
            price,
            quantity,
            business,
        )
        return {"ware": {"wareId": int(remote), "title": ware["title"], "itemNum": outer}}

    def ware_update(self, business: dict[str, Any]) -> dict[str, Any]:
        ware = business.get("ware")
        if not isinstance(ware, dict) or not ware.get("wareId"):
            raise self.error("10400001", "ware.wareId is required")
        remote = str(ware["wareId"])
        stored = self.store.find(self.platform, remote)
        if stored is None:
            raise self.error("10400001", f"ware {remote} does not exist")
        stored_fields, stored_status = stored
        old_ware = stored_fields.get("ware") or {}
        merged_ware = {**old_ware, **ware}
        skus = _list(business.get("skus")) or _list(stored_fields.get("skus"))
        price, quantity = self._ware_values(merged_ware, skus)
        status = stored_status
        if str(merged_ware.get("wareStatus")) == str(JD_ON_SALE):
            status = "onsale"
        outer = merged_ware.get("itemNum") or merged_ware.get("outerId")
        self.store.update(
            self.platform,
            remote,
            {
                "title": str(merged_ware.get("title", "")),
                "price": price,
                "quantity": quantity,
                "status": status,
                "outer_id": str(outer) if outer else None,
            },
            {"ware": merged_ware, "skus": skus},
        )
        return {"success": True}

    def ware_search(self, business: dict[str, Any]) -> dict[str, Any]:
        item_num = str(business.get("itemNum") or "")
        rows = self.store.by_outer_id(self.platform, [item_num]) if item_num else []
        data = [
            {
                "wareId": int(remote),
                "itemNum": outer,
                "outerId": outer,
                "title": title,
                "wareStatus": JD_ON_SALE if status == "onsale" else JD_OFF_SALE,
            }
            for outer, remote, title, status in rows
        ]
        return {"page": {"data": data, "pageNo": 1, "pageSize": 20, "totalItem": len(data)}}

    def ware_off_shelf(self, business: dict[str, Any]) -> dict[str, Any]:
        remote = str(business.get("wareId") or "")
        if not remote or self.store.find(self.platform, remote) is None:
            raise self.error("10400001", f"ware {remote or '(none)'} does not exist")
        self.store.update(self.platform, remote, {"status": "delisted"})
        return {"success": True}
