"""Provider registry, settings, error mapping, and the official DeepL client on a local server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
import requests
from deep_translator import exceptions as dt

from export_kit.config import Config, TranslationConfig
from export_kit.errors import ConfigError, UnknownPluginError
from export_kit.model import Sku
from export_kit.translate import ChineseTexts, get_provider, translate_catalogue
from export_kit.translate.providers import (
    PermanentError,
    ProviderSettings,
    RejectedTextError,
    TransientError,
    classify,
    provider_names,
    resolve_provider_name,
)


def test_provider_names_and_default() -> None:
    assert provider_names() == [
        "baidu",
        "deepl",
        "google",
        "libre",
        "microsoft",
        "mymemory",
        "none",
    ]
    assert resolve_provider_name(None, Config()) == "none"
    config = Config(translation=TranslationConfig(provider="libre"))
    assert resolve_provider_name(None, config) == "libre"
    assert resolve_provider_name("DeepL", config) == "deepl"
    assert get_provider("none", Config()) is None


def test_unknown_provider_lists_the_choices() -> None:
    with pytest.raises(UnknownPluginError) as failure:
        get_provider("babel", Config(), environ={})
    assert failure.value.exit_code == 3
    assert "babel" in str(failure.value) and "libre" in str(failure.value)


@pytest.mark.parametrize(
    ("name", "variables"),
    [
        ("libre", ["EXPORT_KIT_LIBRE_URL"]),
        ("deepl", ["EXPORT_KIT_DEEPL_API_KEY"]),
        ("microsoft", ["EXPORT_KIT_MICROSOFT_API_KEY"]),
        ("baidu", ["EXPORT_KIT_BAIDU_APPID", "EXPORT_KIT_BAIDU_APPKEY"]),
    ],
)
def test_missing_settings_name_the_environment_variable(name: str, variables: list[str]) -> None:
    with pytest.raises(ConfigError) as failure:
        get_provider(name, Config(), environ={})
    assert failure.value.exit_code == 3
    for variable in variables:
        assert variable in str(failure.value)


def test_keyless_providers_need_no_setting() -> None:
    for name in ("google", "mymemory"):
        provider = get_provider(name, Config(), environ={})
        assert provider is not None and provider.name == name


def test_environment_overrides_the_config() -> None:
    config = Config(
        translation=TranslationConfig(
            libre_url="http://config.example/", libre_api_key="from-config", timeout=3
        )
    )
    settings = ProviderSettings.from_config(
        config, {"EXPORT_KIT_LIBRE_URL": "http://env.example/", "EXPORT_KIT_BAIDU_APPID": "42"}
    )
    assert settings.libre_url == "http://env.example/"
    assert settings.libre_api_key == "from-config"
    assert settings.baidu_appid == "42"
    assert settings.timeout == 3


def _sorted(exc: BaseException) -> type:
    return type(
        classify(exc, provider="p", where="http://h/", timeout=1, key_hint="EXPORT_KIT_X_KEY")
    )


def test_deep_translator_exceptions_are_sorted() -> None:
    assert _sorted(requests.exceptions.ReadTimeout()) is TransientError
    assert _sorted(requests.exceptions.ConnectionError()) is TransientError
    assert _sorted(dt.ServerException(500)) is TransientError
    assert _sorted(dt.ServerException(503)) is TransientError
    assert _sorted(dt.ServerException(502)) is TransientError  # "API server error"
    assert _sorted(dt.ServerException(429)) is TransientError
    assert _sorted(dt.TooManyRequests()) is TransientError
    assert _sorted(dt.RequestError()) is TransientError
    assert _sorted(dt.ServerException(400)) is PermanentError
    assert _sorted(dt.ServerException(404)) is PermanentError
    assert _sorted(requests.exceptions.InvalidURL()) is PermanentError
    assert _sorted(dt.LanguageNotSupportedException("zh")) is PermanentError
    assert _sorted(dt.ServerException(413)) is RejectedTextError
    assert _sorted(dt.TranslationNotFound("x")) is RejectedTextError
    assert _sorted(dt.NotValidLength("x", 0, 5000)) is RejectedTextError
    assert _sorted(dt.BaiduAPIerror("Invalid Access Limit")) is TransientError
    assert _sorted(dt.BaiduAPIerror("UNAUTHORIZED USER")) is PermanentError
    assert _sorted(dt.MicrosoftAPIerror({"code": 429001, "message": "busy"})) is TransientError


def test_error_messages_never_carry_the_key() -> None:
    failure = classify(
        dt.AuthorizationException("k3y-value-123"),
        provider="libre",
        where="http://h/",
        timeout=1,
        key_hint="EXPORT_KIT_LIBRE_API_KEY",
    )
    assert isinstance(failure, PermanentError)
    assert "k3y" not in failure.message and "EXPORT_KIT_LIBRE_API_KEY" in failure.message
    url_error = requests.exceptions.ConnectionError(
        "HTTPConnectionPool: Max retries exceeded with url: /translate?api_key=k3y-value-123"
    )
    assert "k3y" not in classify(url_error, provider="libre", where="http://h/", timeout=1).message


class _DeepLHandler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True
    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[tuple[str, str | None, dict[str, object]]]] = []

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        self.seen.append((self.path, self.headers.get("Authorization"), body))
        texts = body["text"]
        out = [
            {
                "detected_source_language": "FR",
                "billed_characters": len(t),
                "text": t.replace("Crème", "霜").replace("douce", "柔和"),
            }
            for t in texts
        ]
        data = json.dumps({"translations": out}, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def deepl_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DeepLHandler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    monkeypatch.setenv("EXPORT_KIT_DEEPL_URL", url)
    monkeypatch.setenv("EXPORT_KIT_DEEPL_API_KEY", "test-key:fx")
    _DeepLHandler.seen.clear()
    yield url
    server.shutdown()
    server.server_close()


def test_deepl_uses_the_official_client_with_html_tag_handling(
    deepl_server: str, make_catalogue, tmp_path: Path
) -> None:
    sku = Sku(row=2, sku="A-1", name="Crème douce & légère Lancôme", brand="Lancôme")
    summary = translate_catalogue(
        make_catalogue([sku]), Config(), provider="deepl", workspace=tmp_path / "ws", review=None
    )
    assert summary.machine == 1
    path, authorization, body = _DeepLHandler.seen[0]
    assert path == "/v2/translate"
    assert authorization == "DeepL-Auth-Key test-key:fx"
    assert body["target_lang"] == "ZH-HANS" and body["source_lang"] == "FR"
    assert body["tag_handling"] == "html"
    assert body["text"] == ["Crème douce &amp; légère ⟦0⟧"]  # escaped for HTML handling
    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        assert texts.field(sku, "name") == "霜 柔和 & légère Lancôme"


class _Broken:
    def translate(self, text: str) -> str:
        raise RuntimeError("bug in a third-party client")


def test_a_client_bug_stops_the_run_with_one_line(
    make_catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from export_kit.translate import providers
    from export_kit.translate.run import ProviderDownError

    monkeypatch.setitem(providers._REGISTRY, "broken", lambda settings: _Broken)
    with pytest.raises(ProviderDownError, match="broken: unexpected RuntimeError"):
        translate_catalogue(
            make_catalogue([Sku(row=2, sku="A", name="Crème")]),
            Config(),
            provider="broken",
            workspace=tmp_path / "ws",
            review=None,
        )
