"""TOP and JOS signing: published vectors, the signed request, and the sandbox round trip."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from urllib.parse import parse_qsl

import httpx
import pytest

from export_kit.publish.client import ApiCall, ApiClient, ApiError, JosGateway, TopGateway
from export_kit.publish.sandbox import Sandbox
from export_kit.publish.signing import (
    JdAuth,
    TopAuth,
    concat_params,
    gateway_timestamp,
    jd_sign,
    top_sign,
)

from .conftest import APP_KEY, APP_SECRET, FAST_RETRY, JD_ACCESS_TOKEN, SESSION

# ../shared/domain/README.md: secret "helloworld", foo=1, bar=2, foo_bar=3, foobar=4
VECTOR_PARAMS = {"foo": "1", "bar": "2", "foo_bar": "3", "foobar": "4"}


@pytest.mark.parametrize(
    ("sign_method", "expected"),
    [
        ("md5", "5AAF1C690262A24768F5478B084C2C8A"),
        ("hmac", "E687005F819D6F9E6ED085311C8ACC75"),
        ("hmac-sha256", "339676BF36C50A8BD3D8F6B4A81B2F9AA614B05BFCFEBEFC169CB830D6B77D3B"),
    ],
)
def test_top_signature_matches_the_published_vectors(sign_method: str, expected: str) -> None:
    assert top_sign(VECTOR_PARAMS, "helloworld", sign_method) == expected


def test_concatenation_is_sorted_and_skips_sign_and_empty_values() -> None:
    params = {"foo": "1", "bar": "2", "foo_bar": "3", "foobar": "4", "sign": "X", "empty": ""}
    assert concat_params(params) == "bar2foo1foo_bar3foobar4"


def test_unknown_sign_method_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sign method"):
        top_sign(VECTOR_PARAMS, "helloworld", "sha1")


def test_timestamp_is_gmt8_whatever_the_local_zone() -> None:
    moment = dt.datetime(2025, 1, 31, 20, 30, 5, tzinfo=dt.UTC)
    assert gateway_timestamp(moment) == "2025-02-01 04:30:05"


def test_jd_signature_hashes_utf8_of_secret_sorted_pairs_secret() -> None:
    """The JD SDK encodes the string as latin-1 and fails on Chinese; this must not."""
    business = json.dumps(
        {"title": "法国香水", "jdPrice": "199.00"},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    params = {
        "method": "jingdong.ware.write.add",
        "app_key": "K",
        "v": "2.0",
        "timestamp": "2025-01-01 08:00:00",
        "360buy_param_json": business,
        "access_token": "T",
    }
    expected_text = (
        'S360buy_param_json{"jdPrice":"199.00","title":"法国香水"}access_tokenTapp_keyK'
        "methodjingdong.ware.write.addtimestamp2025-01-01 08:00:00v2.0S"
    )
    with pytest.raises(UnicodeEncodeError):
        expected_text.encode("latin-1")
    assert jd_sign(params, "S") == hashlib.md5(expected_text.encode("utf-8")).hexdigest().upper()


def _signed_top(sign_method: str = "hmac-sha256") -> httpx.Request:
    auth = TopAuth(
        APP_KEY,
        APP_SECRET,
        SESSION,
        sign_method=sign_method,
        clock=lambda: dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    request = httpx.Request(
        "POST",
        "http://gw.example/router/rest",
        params={"method": "taobao.item.add"},
        data={"title": "法国香水 50ml", "price": "199.00"},
    )
    return auth.sign(request)


def test_top_request_carries_system_params_in_query_and_business_and_session_in_body() -> None:
    signed = _signed_top()
    query = dict(signed.url.params)
    body = dict(parse_qsl(signed.content.decode()))
    assert query["app_key"] == APP_KEY
    assert query["v"] == "2.0"
    assert query["format"] == "json"
    assert query["sign_method"] == "hmac-sha256"
    assert query["timestamp"] == "2025-01-01 08:00:00"
    assert body == {"title": "法国香水 50ml", "price": "199.00", "session": SESSION}
    assert SESSION not in str(signed.url)
    assert APP_SECRET not in str(signed.url) + signed.content.decode()
    unsigned = {k: v for k, v in {**query, **body}.items() if k != "sign"}
    assert query["sign"] == top_sign(unsigned, APP_SECRET, "hmac-sha256")


def test_jd_request_puts_business_json_and_token_in_body() -> None:
    auth = JdAuth(APP_KEY, APP_SECRET, JD_ACCESS_TOKEN)
    request = httpx.Request(
        "POST",
        "http://gw.example/routerjson",
        params={"method": "jingdong.ware.write.add"},
        data={"360buy_param_json": '{"ware":{"title":"法国香水"}}'},
    )
    signed = auth.sign(request)
    query = dict(signed.url.params)
    body = dict(parse_qsl(signed.content.decode()))
    assert set(query) == {"method", "app_key", "v", "timestamp", "sign"}
    assert body["access_token"] == JD_ACCESS_TOKEN
    assert JD_ACCESS_TOKEN not in str(signed.url)
    assert query["sign"] == jd_sign({**query, **body}, APP_SECRET)


@pytest.mark.parametrize("sign_method", ["md5", "hmac", "hmac-sha256"])
def test_every_top_sign_method_round_trips_through_the_sandbox(
    sandbox: Sandbox, sign_method: str
) -> None:
    gateway = TopGateway(TopAuth(APP_KEY, APP_SECRET, SESSION, sign_method=sign_method))
    with ApiClient(gateway, sandbox.top_url, retry=FAST_RETRY) as client:
        result = client.call(
            ApiCall(
                "taobao.item.add",
                {"title": "法国香水 & <礼盒>", "price": "199.00", "num": 3, "outer_id": "A1"},
            )
        )
    assert result["item"]["num_iid"] > 0
    [stored] = sandbox.items("tmall-global")
    assert stored["title"] == "法国香水 & <礼盒>"


def test_jd_signature_round_trips_through_the_sandbox_with_chinese(sandbox: Sandbox) -> None:
    gateway = JosGateway(JdAuth(APP_KEY, APP_SECRET, JD_ACCESS_TOKEN))
    with ApiClient(gateway, sandbox.jd_url, retry=FAST_RETRY) as client:
        result = client.call(
            ApiCall(
                "jingdong.ware.write.add",
                {
                    "ware": {"title": "法国红酒 750ml", "jdPrice": "299.00", "itemNum": "W1"},
                    "skus": [{"outerId": "W1", "jdPrice": "299.00", "stockNum": 4}],
                },
            )
        )
    assert int(result["ware"]["wareId"]) > 0
    [stored] = sandbox.items("jd-worldwide")
    assert (stored["title"], stored["outer_id"], stored["quantity"]) == ("法国红酒 750ml", "W1", 4)


def test_a_wrong_secret_is_an_invalid_signature_and_not_retried(sandbox: Sandbox) -> None:
    gateway = TopGateway(TopAuth(APP_KEY, "not-the-secret", SESSION))
    with (
        ApiClient(gateway, sandbox.top_url, retry=FAST_RETRY) as client,
        pytest.raises(ApiError) as caught,
    ):
        client.call(ApiCall("taobao.item.add", {"title": "x", "price": "1", "num": 1}, "A1"))
    assert caught.value.kind == "auth"
    assert caught.value.code == "25"
    assert "taobao.item.add for A1" in str(caught.value)
    assert sandbox.stats_dict()["gateway_requests"] == 1
    assert sandbox.items() == []


def test_a_retry_is_signed_again_with_a_new_timestamp() -> None:
    times = iter(dt.datetime(2025, 1, 1, 0, 0, s, tzinfo=dt.UTC) for s in range(10))
    seen: list[dict[str, str]] = []

    def gateway(request: httpx.Request) -> httpx.Response:
        params = {**dict(request.url.params), **dict(parse_qsl(request.content.decode()))}
        seen.append(params)
        if len(seen) == 1:
            return httpx.Response(503)
        return httpx.Response(200, json={"item_add_response": {"item": {"num_iid": 7}}})

    auth = TopAuth(APP_KEY, APP_SECRET, SESSION, sign_method="md5", clock=lambda: next(times))
    client = ApiClient(
        TopGateway(auth),
        "http://gw.example/router/rest",
        retry=FAST_RETRY,
        transport=httpx.MockTransport(gateway),
    )
    with client:
        client.call(ApiCall("taobao.item.add", {"title": "x", "price": "1", "num": 1}))
    assert [p["timestamp"] for p in seen] == ["2025-01-01 08:00:00", "2025-01-01 08:00:01"]
    for params in seen:
        assert params["sign"] == top_sign(params, APP_SECRET, "md5")
