"""The API client: which failures are retried, how long it waits, what its errors say."""

from __future__ import annotations

import socket
from collections.abc import Callable

import httpx
import pytest

from export_kit.publish.client import (
    ApiCall,
    ApiClient,
    ApiError,
    JosGateway,
    Redactor,
    RetryPolicy,
    TokenBucket,
    TopGateway,
)
from export_kit.publish.signing import JdAuth, TopAuth

from .conftest import APP_KEY, APP_SECRET, SESSION

ADD = ApiCall("taobao.item.add", {"title": "x", "price": "1", "num": 1}, "SKU-9")
OK = {"item_add_response": {"item": {"num_iid": 42}}}


class Gateway:
    """A scripted TOP gateway: answers in order, records what it was sent."""

    def __init__(self, *answers: httpx.Response | Callable[[], httpx.Response]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return answer() if callable(answer) else answer


def top_error(code: int, sub_code: str = "", sub_msg: str = "", msg: str = "x") -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "error_response": {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg}
        },
    )


def client_for(gateway: Gateway, sleeps: list[float], **retry: int) -> ApiClient:
    policy = RetryPolicy(base_delay=0.5, sleep=sleeps.append, **retry)  # type: ignore[arg-type]
    return ApiClient(
        TopGateway(TopAuth(APP_KEY, APP_SECRET, SESSION)),
        "http://gw.example/router/rest",
        retry=policy,
        redact=Redactor([APP_SECRET, SESSION]),
        transport=httpx.MockTransport(gateway),
    )


def test_isp_errors_and_5xx_are_retried_with_growing_backoff() -> None:
    gateway = Gateway(
        top_error(15, "isp.remote-service-timeout"),
        httpx.Response(502),
        httpx.Response(503),
        httpx.Response(200, json=OK),
    )
    sleeps: list[float] = []
    with client_for(gateway, sleeps) as client:
        assert client.call(ADD) == OK["item_add_response"]
    assert len(gateway.requests) == 4
    assert len(sleeps) == 3
    # exponential with 0.5–1.5× jitter: 0.25–0.75, 0.5–1.5, 1–3
    assert 0.25 <= sleeps[0] <= 0.75 and 0.5 <= sleeps[1] <= 1.5 and 1 <= sleeps[2] <= 3


def test_isv_errors_are_not_retried_and_name_the_item_and_method() -> None:
    gateway = Gateway(top_error(15, "isv.invalid-parameter", "price must be positive"))
    sleeps: list[float] = []
    with client_for(gateway, sleeps) as client, pytest.raises(ApiError) as caught:
        client.call(ADD)
    assert len(gateway.requests) == 1
    assert caught.value.kind == "caller"
    assert str(caught.value) == (
        "taobao.item.add for SKU-9: 15 x (isv.invalid-parameter: price must be positive)"
    )


def test_the_call_limit_waits_the_ban_the_gateway_gives() -> None:
    gateway = Gateway(
        top_error(
            7, "accesscontrol.limited-by-app-access-count", "This ban will last for 3 more seconds"
        ),
        httpx.Response(200, json=OK),
    )
    sleeps: list[float] = []
    with client_for(gateway, sleeps) as client:
        client.call(ADD)
    assert sleeps == [3.0]


def test_call_limits_do_not_use_up_the_transient_attempts() -> None:
    limited = top_error(7, "accesscontrol.limited-by-app-access-count", "ban for 1 more seconds")
    gateway = Gateway(*([limited] * 8), httpx.Response(200, json=OK))
    sleeps: list[float] = []
    with client_for(gateway, sleeps, max_attempts=2) as client:
        client.call(ADD)
    assert len(gateway.requests) == 9


def test_retry_after_is_honoured_on_a_503() -> None:
    gateway = Gateway(
        httpx.Response(503, headers={"Retry-After": "7"}), httpx.Response(200, json=OK)
    )
    sleeps: list[float] = []
    with client_for(gateway, sleeps) as client:
        client.call(ADD)
    assert sleeps == [7.0]


def test_transient_failures_give_up_after_max_attempts() -> None:
    gateway = Gateway(httpx.Response(500))
    sleeps: list[float] = []
    with client_for(gateway, sleeps, max_attempts=3) as client, pytest.raises(ApiError) as caught:
        client.call(ADD)
    assert len(gateway.requests) == 3
    assert caught.value.kind == "transient" and caught.value.ambiguous
    assert "HTTP 500" in str(caught.value)


def test_an_ambiguous_failure_of_a_create_is_returned_to_the_caller() -> None:
    """After a lost answer the item may exist: the publisher looks it up before resending."""
    gateway = Gateway(httpx.Response(503), httpx.Response(200, json=OK))
    sleeps: list[float] = []
    with client_for(gateway, sleeps) as client, pytest.raises(ApiError) as caught:
        client.call(ADD, retry_ambiguous=False)
    assert caught.value.ambiguous
    assert len(gateway.requests) == 1


def test_auth_errors_stop_at_once() -> None:
    for code in (25, 26, 27, 29, 31):
        gateway = Gateway(top_error(code))
        with client_for(gateway, []) as client, pytest.raises(ApiError) as caught:
            client.call(ADD)
        assert caught.value.kind == "auth"
        assert len(gateway.requests) == 1


def test_secrets_in_an_answer_are_redacted() -> None:
    gateway = Gateway(top_error(27, "", f"session {SESSION} is not valid for app {APP_SECRET}"))
    with client_for(gateway, []) as client, pytest.raises(ApiError) as caught:
        client.call(ADD)
    assert SESSION not in str(caught.value) and APP_SECRET not in str(caught.value)
    assert "session *** is not valid" in str(caught.value)
    assert SESSION not in repr(caught.value) and SESSION not in repr(caught.value.args)


def test_jos_call_limit_is_retried_and_other_codes_are_not() -> None:
    answers = [
        httpx.Response(200, json={"error_response": {"code": "2", "en_desc": "App Call Limited"}}),
        httpx.Response(
            200, json={"jingdong_ware_write_add_responce": {"code": "0", "ware": {"wareId": 5}}}
        ),
    ]
    gateway = Gateway(*answers)
    client = ApiClient(
        JosGateway(JdAuth(APP_KEY, APP_SECRET, "t")),
        "http://jd.example/routerjson",
        retry=RetryPolicy(sleep=lambda s: None),
        transport=httpx.MockTransport(gateway),
    )
    with client:
        result = client.call(ApiCall("jingdong.ware.write.add", {"ware": {}}))
    assert result["ware"]["wareId"] == 5
    assert len(gateway.requests) == 2


def test_a_closed_port_is_a_connection_error_after_retries() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sleeps: list[float] = []
    client = ApiClient(
        TopGateway(TopAuth(APP_KEY, APP_SECRET, SESSION)),
        f"http://127.0.0.1:{port}/router/rest",
        retry=RetryPolicy(max_attempts=3, sleep=sleeps.append),
    )
    with client, pytest.raises(ApiError) as caught:
        client.call(ADD)
    assert "cannot connect to http://127.0.0.1:" in str(caught.value)
    assert not caught.value.ambiguous
    assert len(sleeps) == 2


def test_token_bucket_spaces_requests_at_the_rate() -> None:
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    bucket = TokenBucket(10, burst=2, clock=lambda: now[0], sleep=sleep)
    for _ in range(12):
        bucket.acquire()
    # 2 at once, then one every 0.1 s: 10 more take 1 s
    assert now[0] == pytest.approx(1.0)
