"""The sandbox gateways: check order, error shapes, storage without de-duplication, faults."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import httpx

from export_kit.publish.sandbox import Account, Sandbox
from export_kit.publish.signing import gateway_timestamp, jd_sign, top_sign

from .conftest import APP_KEY, APP_SECRET, JD_ACCESS_TOKEN, SESSION

ADD = {"title": "法国香水 50ml", "price": "199.00", "num": "3", "outer_id": "P1"}


def top_params(
    method: str,
    business: dict[str, str],
    *,
    secret: str = APP_SECRET,
    session: str | None = SESSION,
    when: dt.datetime | None = None,
    sign_method: str = "md5",
) -> dict[str, str]:
    """Every parameter of a TOP call, signed."""
    params = {
        "method": method,
        "app_key": APP_KEY,
        "v": "2.0",
        "format": "json",
        "sign_method": sign_method,
        "timestamp": gateway_timestamp(when),
        **business,
    }
    if session is not None:
        params["session"] = session
    params["sign"] = top_sign(params, secret, sign_method)
    return params


def jd_params(
    method: str,
    business: str,
    *,
    secret: str = APP_SECRET,
    token: str | None = JD_ACCESS_TOKEN,
    when: dt.datetime | None = None,
) -> dict[str, str]:
    params = {
        "method": method,
        "app_key": APP_KEY,
        "v": "2.0",
        "timestamp": gateway_timestamp(when),
        "360buy_param_json": business,
    }
    if token is not None:
        params["access_token"] = token
    params["sign"] = jd_sign(params, secret)
    return params


HTTP = httpx.Client(timeout=10)


def post(url: str, params: dict[str, str], *, in_query: tuple[str, ...] = ()) -> httpx.Response:
    """POST with the ``in_query`` parameters in the query string, the others in the body."""
    query = {k: v for k, v in params.items() if k in in_query}
    body = {k: v for k, v in params.items() if k not in in_query}
    return HTTP.post(url, params=query, data=body)


def top_error(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200
    error = response.json()["error_response"]
    assert set(error) >= {"code", "msg", "request_id"}
    return dict(error)


def test_a_bad_signature_is_reported_before_the_unknown_method(sandbox: Sandbox) -> None:
    params = top_params("taobao.no.such.method", {}, secret="wrong-secret")
    assert top_error(post(sandbox.top_url, params))["code"] == 25
    params = top_params("taobao.no.such.method", {})
    assert top_error(post(sandbox.top_url, params))["code"] == 22


def test_a_stale_timestamp_is_31_even_with_an_unknown_method(sandbox: Sandbox) -> None:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=11)
    params = top_params("taobao.no.such.method", {}, when=old)
    assert top_error(post(sandbox.top_url, params))["code"] == 31
    recent = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=9)
    assert (
        "item_add_response"
        in post(sandbox.top_url, top_params("taobao.item.add", ADD, when=recent)).json()
    )


def test_app_key_and_session_errors(sandbox: Sandbox) -> None:
    params = top_params("taobao.item.add", ADD)
    params["app_key"] = "other"
    params["sign"] = top_sign(params, APP_SECRET, "md5")
    assert top_error(post(sandbox.top_url, params))["code"] == 29
    assert (
        top_error(post(sandbox.top_url, top_params("taobao.item.add", ADD, session=None)))["code"]
        == 26
    )
    wrong = top_params("taobao.item.add", ADD, session="someone-else")
    assert top_error(post(sandbox.top_url, wrong))["code"] == 27
    assert sandbox.items() == []


def test_parameters_are_read_from_query_and_body_together(sandbox: Sandbox) -> None:
    params = top_params("taobao.item.add", ADD, sign_method="hmac-sha256")
    system = ("method", "app_key", "v", "format", "sign_method", "timestamp", "sign")
    response = post(sandbox.top_url, params, in_query=system)
    assert response.json()["item_add_response"]["item"]["num_iid"] > 0
    everything_in_query = post(
        sandbox.top_url, top_params("taobao.item.add", ADD), in_query=(*params, "session")
    )
    assert "item_add_response" in everything_in_query.json()


def test_missing_and_invalid_arguments_are_isv_errors(sandbox: Sandbox) -> None:
    error = top_error(post(sandbox.top_url, top_params("taobao.item.add", {"price": "1"})))
    assert (error["code"], error["sub_code"]) == (40, "isv.missing-parameter")
    bad = {**ADD, "price": "douze"}
    error = top_error(post(sandbox.top_url, top_params("taobao.item.add", bad)))
    assert (error["code"], error["sub_code"]) == (41, "isv.invalid-parameter")


def test_a_second_add_of_one_outer_id_makes_a_second_item(sandbox: Sandbox) -> None:
    first = post(sandbox.top_url, top_params("taobao.item.add", ADD)).json()
    second = post(sandbox.top_url, top_params("taobao.item.add", ADD)).json()
    ids = {
        first["item_add_response"]["item"]["num_iid"],
        second["item_add_response"]["item"]["num_iid"],
    }
    assert len(ids) == 2
    listed = HTTP.get(sandbox.url + "/_sandbox/items").json()
    assert [
        (i["platform"], i["outer_id"], i["title"], i["price"], i["quantity"], i["status"])
        for i in listed
    ] == [("tmall-global", "P1", "法国香水 50ml", "199.00", 3, "onsale")] * 2
    found = post(
        sandbox.top_url,
        top_params("taobao.items.custom.get", {"outer_id": "P1,P2", "fields": "num_iid"}),
    ).json()
    assert len(found["items_custom_get_response"]["items"]["item"]) == 2


def test_update_and_delisting(sandbox: Sandbox) -> None:
    added = post(sandbox.top_url, top_params("taobao.item.add", ADD)).json()
    num_iid = str(added["item_add_response"]["item"]["num_iid"])
    update = top_params("taobao.item.update", {"num_iid": num_iid, "title": "新标题", "num": "9"})
    assert "item_update_response" in post(sandbox.top_url, update).json()
    post(sandbox.top_url, top_params("taobao.item.update.delisting", {"num_iid": num_iid}))
    [item] = sandbox.items()
    assert (item["title"], item["quantity"], item["status"], item["updates"]) == (
        "新标题",
        9,
        "delisted",
        2,
    )
    missing = top_params("taobao.item.update", {"num_iid": "1", "title": "x"})
    assert top_error(post(sandbox.top_url, missing))["sub_code"] == "isv.item-not-exist"


def test_jos_errors_have_the_jd_shape(sandbox: Sandbox) -> None:
    ware = '{"ware":{"title":"法国红酒","jdPrice":"99.00","itemNum":"W1"}}'
    bad = post(sandbox.jd_url, jd_params("jingdong.ware.write.add", ware, secret="nope"))
    assert bad.json() == {
        "error_response": {"code": "12", "zh_desc": "无效签名", "en_desc": "Invalid Signature"}
    }
    stale = jd_params(
        "jingdong.ware.write.add", ware, when=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=7)
    )
    assert post(sandbox.jd_url, stale).json()["error_response"]["code"] == "8"
    assert (
        post(sandbox.jd_url, jd_params("jingdong.nope", ware)).json()["error_response"]["code"]
        == "15"
    )
    no_token = jd_params("jingdong.ware.write.add", ware, token=None)
    assert post(sandbox.jd_url, no_token).json()["error_response"]["code"] == "19"
    ok = post(sandbox.jd_url, jd_params("jingdong.ware.write.add", ware)).json()
    assert ok["jingdong_ware_write_add_responce"]["code"] == "0"
    assert [i["outer_id"] for i in sandbox.items("jd-worldwide")] == ["W1"]


def test_the_rate_limit_answers_the_call_limit_error() -> None:
    with Sandbox(top=Account(APP_KEY, APP_SECRET), rate_limit=5) as box:
        codes = []
        for _ in range(12):
            answer = post(
                box.top_url,
                top_params("taobao.items.custom.get", {"outer_id": "X", "fields": "num_iid"}),
            ).json()
            codes.append(answer.get("error_response", {}).get("code"))
        assert codes.count(7) >= 5
        assert codes[:5] == [None] * 5


def test_faults_apply_to_gateways_only() -> None:
    with Sandbox(
        top=Account(APP_KEY, APP_SECRET), latency_ms=300, fail_rate=1.0, rate_limit=1
    ) as box:
        start = time.monotonic()
        for _ in range(5):
            response = HTTP.get(box.url + "/_sandbox/items")
            assert response.status_code == 200
        assert time.monotonic() - start < 1.0
        failures = {
            post(box.top_url, top_params("taobao.item.add", ADD)).status_code for _ in range(2)
        }
        assert time.monotonic() - start >= 0.6
        assert failures <= {200, 503}
        assert box.stats_dict()["gateway_requests"] == 2


def test_injected_failures_are_transient_kinds() -> None:
    with Sandbox(top=Account(APP_KEY, APP_SECRET), fail_rate=1.0, seed=3) as box:
        answers = [post(box.top_url, top_params("taobao.item.add", ADD)) for _ in range(30)]
        stored = len(box.items())
    kinds = set()
    for answer in answers:
        if answer.status_code == 503:
            kinds.add("503")
        else:
            assert answer.json()["error_response"]["sub_code"].startswith("isp.")
            kinds.add("isp")
    assert kinds == {"503", "isp"}
    injected = box.stats_dict()["injected"]
    assert set(injected) == {"isp", "503-before", "503-after"}
    # a lost answer still stored the item: that is what a client must survive
    assert injected["503-after"] >= 1
    assert stored == injected["503-after"]


# --- malformed requests, silent clients (raw sockets) ---------------------------------------

import re  # noqa: E402
import socket  # noqa: E402
import threading  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SHORT_TIMEOUT = 0.5


def exchange(box: Sandbox, data: bytes, *, shut: bool = False) -> tuple[bytes, float]:
    """Send ``data`` on a new connection; everything the sandbox answers until it closes
    the connection, and how long that took."""
    host, port = box.url.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data)
        if shut:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):  # a timeout here fails the test: never closed
            chunks.append(chunk)
    return b"".join(chunks), time.monotonic() - started


def status_of(answer: bytes) -> int:
    if answer.startswith(b"HTTP/"):
        return int(answer.split(b" ", 2)[1])
    # to a request line it cannot read, http.server answers as HTTP/0.9: the page only
    found = re.search(rb"Error code: (\d+)", answer)
    assert found, answer[:200]
    return int(found.group(1))


HEAD = (
    b"POST /router/rest HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
)
BAD_REQUESTS = {
    "not a number": (HEAD + b"Content-Length: abc\r\n\r\nmethod=x", 400, b"not a number"),
    "negative": (HEAD + b"Content-Length: -5\r\n\r\nmethod=x", 400, b"not a number"),
    "two lengths": (
        HEAD + b"Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        400,
        b"several",
    ),
    "chunked": (HEAD + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 411, b"chunked"),
    "garbage line": (b"\x00\xff\xfe junk\r\n\r\n", 400, b""),
    "huge header": (HEAD + b"X-Big: " + b"a" * 70_000 + b"\r\n\r\n", 431, b""),
}


@pytest.fixture
def quick() -> Iterator[Sandbox]:
    with Sandbox(top=Account(APP_KEY, APP_SECRET, SESSION), timeout=SHORT_TIMEOUT) as box:
        yield box


@pytest.mark.parametrize("case", list(BAD_REQUESTS))
def test_a_malformed_request_is_a_400_and_a_closed_connection(
    case: str, quick: Sandbox, capfd: pytest.CaptureFixture[str]
) -> None:
    data, status, says = BAD_REQUESTS[case]
    answer, took = exchange(quick, data)
    assert status_of(answer) == status
    assert says in answer
    assert took < SHORT_TIMEOUT  # answered at once, not after the timeout
    assert quick.items() == [] and quick.stats_dict()["gateway_requests"] == 0
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("shut", [True, False], ids=["client-closed", "client-silent"])
def test_a_body_shorter_than_its_length_is_a_400(
    shut: bool, quick: Sandbox, capfd: pytest.CaptureFixture[str]
) -> None:
    answer, took = exchange(quick, HEAD + b"Content-Length: 100\r\n\r\nmethod=x", shut=shut)
    assert status_of(answer) == 400
    assert b"shorter than its Content-Length (8 of 100 bytes)" in answer
    assert (took < SHORT_TIMEOUT) if shut else (SHORT_TIMEOUT * 0.9 <= took < 5)
    assert quick.stats_dict()["gateway_requests"] == 0
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize(
    "sent", [b"", b"POST /router/rest HTTP/1.1\r\nHost:"], ids=["nothing", "half"]
)
def test_a_silent_client_is_closed_after_the_timeout_and_others_are_served(
    sent: bytes, quick: Sandbox, capfd: pytest.CaptureFixture[str]
) -> None:
    result: list[tuple[bytes, float]] = []
    silent = threading.Thread(target=lambda: result.append(exchange(quick, sent)))
    silent.start()
    time.sleep(0.05)
    started = time.monotonic()
    assert httpx.get(quick.url + "/_sandbox/stats", timeout=5).status_code == 200
    assert time.monotonic() - started < SHORT_TIMEOUT  # not held up by the silent one
    silent.join(timeout=10)
    ((answer, took),) = result
    assert answer == b"" and SHORT_TIMEOUT * 0.9 <= took < 5
    assert "Traceback" not in capfd.readouterr().err


def test_a_client_resetting_mid_body_leaves_no_traceback(
    quick: Sandbox, capfd: pytest.CaptureFixture[str]
) -> None:
    host, port = quick.url.removeprefix("http://").split(":")
    for _ in range(3):
        sock = socket.create_connection((host, int(port)), timeout=5)
        sock.sendall(HEAD + b"Content-Length: 50\r\n\r\nmeth")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()  # RST, not FIN
    time.sleep(0.2)
    good = post(quick.url + "/router/rest", top_params("taobao.item.add", ADD))
    assert good.status_code == 200 and "item_add_response" in good.json()
    assert "Traceback" not in capfd.readouterr().err


@pytest.fixture(scope="module")
def shared() -> Iterator[Sandbox]:
    with Sandbox(top=Account(APP_KEY, APP_SECRET, SESSION), timeout=SHORT_TIMEOUT) as box:
        yield box


@settings(max_examples=60, deadline=None)
@given(value=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=30))
def test_any_content_length_gets_an_answer(shared: Sandbox, value: str) -> None:
    data = HEAD + f"Content-Length: {value}\r\n\r\n".encode() + b"method=x"
    answer, took = exchange(shared, data, shut=True)
    status = status_of(answer)
    if value.isdigit() and int(value) <= 8:
        assert status == 200  # read as a request (a TOP error answer)
    else:
        assert status in (400, 413), answer[:200]
    assert took < SHORT_TIMEOUT


@pytest.mark.parametrize("price", ["NaN", "sNaN", "-Infinity", "1e999999", "abc"])
def test_an_odd_price_is_an_invalid_argument_not_a_sandbox_error(
    price: str, sandbox: Sandbox
) -> None:
    top = top_error(post(sandbox.top_url, top_params("taobao.item.add", {**ADD, "price": price})))
    assert (top["code"], top["sub_code"]) == (41, "isv.invalid-parameter")
    if price == "1e999999":
        return  # a number: JOS has no price range in the sandbox
    ware = f'{{"ware": {{"title": "t", "jdPrice": "{price}"}}, "skus": []}}'
    jos = post(sandbox.jd_url, jd_params("jingdong.ware.write.add", ware))
    assert jos.status_code == 200 and jos.json()["error_response"]["code"] == "10400001"
    assert sandbox.items() == []
