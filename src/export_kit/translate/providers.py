"""Machine translation providers behind one small Protocol, and their registry.

Built-in providers: ``google``, ``microsoft``, ``baidu``, ``libre`` and ``mymemory``
through deep-translator; ``deepl`` through the official ``deepl`` package; ``none`` (no
provider: memory and glossary only). Settings come from ``[translation]`` of the config
and from ``EXPORT_KIT_*`` environment variables; **the environment wins** over the config
for every provider setting, so a CI job can inject keys without editing the file.

Time bounds. deep-translator calls ``requests`` without a timeout, so a server that never
answers would block for ever. export-kit replaces the ``requests`` name inside each
deep-translator provider module by a thin stand-in that adds ``timeout=`` to ``get``/
``post``/``request`` when the calling thread has set one (a thread-local value, set only
for the duration of one provider call; without it the call is unchanged). That keeps
deep-translator's own classes and HTTP code, makes every call end within ``[translation]
timeout`` seconds per connect or read, and is safe with several worker threads. The
official ``deepl`` client has its own timeout and retries: export-kit sets its module
settings to the configured timeout and no retries of its own (export-kit retries).

Errors. deep-translator's exceptions share no base class and transport errors from
``requests`` are not wrapped; :func:`classify` sorts every exception into *transient*
(timeouts, refused connections, 429, 5xx: retried with backoff), *permanent* (bad key,
bad URL, unsupported language: the run stops) and *rejected* (this one text cannot be
translated: it stays missing). Messages are written here, never copied from an exception:
deep-translator puts the API key in ``AuthorizationException`` and LibreTranslate's key
travels in the URL that ``requests`` errors quote.
"""

from __future__ import annotations

import html
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests  # type: ignore[import-untyped]

from export_kit.config import Config
from export_kit.errors import ConfigError, UnknownPluginError

__all__ = [
    "PROVIDER_ENV",
    "PermanentError",
    "Provider",
    "ProviderError",
    "ProviderSettings",
    "RejectedTextError",
    "TransientError",
    "Translator",
    "classify",
    "get_provider",
    "provider_names",
    "register_provider",
    "request_timeout",
    "resolve_provider_name",
]

#: Environment variables read for provider settings (they override the config).
PROVIDER_ENV = {
    "libre_url": "EXPORT_KIT_LIBRE_URL",
    "libre_api_key": "EXPORT_KIT_LIBRE_API_KEY",
    "deepl_api_key": "EXPORT_KIT_DEEPL_API_KEY",
    "deepl_url": "EXPORT_KIT_DEEPL_URL",
    "microsoft_api_key": "EXPORT_KIT_MICROSOFT_API_KEY",
    "microsoft_region": "EXPORT_KIT_MICROSOFT_REGION",
    "baidu_appid": "EXPORT_KIT_BAIDU_APPID",
    "baidu_appkey": "EXPORT_KIT_BAIDU_APPKEY",
}


class Translator(Protocol):
    """A provider client: translates one French text to Simplified Chinese.

    One client is used by one thread; a provider makes one client per worker thread.
    Failures are raised as :class:`ProviderError` subclasses.
    """

    def translate(self, text: str) -> str:
        """The Chinese of ``text``."""
        ...


class ProviderError(Exception):
    """A provider call failed; ``message`` is safe to show (no key, no URL query)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransientError(ProviderError):
    """Worth retrying: timeout, refused connection, 429, 5xx."""


class PermanentError(ProviderError):
    """Retrying cannot help: bad key, bad address, unsupported language."""


class RejectedTextError(ProviderError):
    """This one text cannot be translated (too long, no translation found)."""


@dataclass(frozen=True)
class ProviderSettings:
    """What the providers need, from the config with the environment on top."""

    timeout: float = 10.0
    retries: int = 3
    concurrency: int = 4
    libre_url: str | None = None
    libre_api_key: str | None = None
    deepl_api_key: str | None = None
    deepl_url: str | None = None
    microsoft_api_key: str | None = None
    microsoft_region: str | None = None
    baidu_appid: str | None = None
    baidu_appkey: str | None = None

    @classmethod
    def from_config(
        cls, config: Config, environ: Mapping[str, str] | None = None
    ) -> ProviderSettings:
        """Settings of ``[translation]``, each overridden by its ``EXPORT_KIT_*`` variable."""
        env = os.environ if environ is None else environ
        section = config.translation
        values: dict[str, str | None] = {}
        for name, variable in PROVIDER_ENV.items():
            from_env = env.get(variable, "").strip()
            values[name] = from_env or getattr(section, name, None) or None
        return cls(
            timeout=section.timeout,
            retries=section.retries,
            concurrency=section.concurrency,
            **values,
        )


@dataclass(frozen=True)
class Provider:
    """A configured provider: its name, settings and a factory of per-thread clients."""

    name: str
    settings: ProviderSettings
    factory: Callable[[], Translator]


ProviderBuilder = Callable[[ProviderSettings], Callable[[], Translator]]
_REGISTRY: dict[str, ProviderBuilder] = {}


def register_provider(name: str, builder: ProviderBuilder) -> None:
    """Add a provider: ``builder(settings)`` checks the settings and returns a client factory."""
    _REGISTRY[name] = builder


def provider_names() -> list[str]:
    """Every provider name, ``none`` included."""
    return sorted([*_REGISTRY, "none"])


def resolve_provider_name(option: str | None, config: Config) -> str:
    """``--provider``, else ``[translation] provider``, else ``none``."""
    return (option or config.translation.provider or "none").strip().lower()


def get_provider(
    name: str, config: Config, environ: Mapping[str, str] | None = None
) -> Provider | None:
    """The configured provider ``name`` (None for ``none``).

    Raises:
        UnknownPluginError: no provider has this name (exit 3).
        ConfigError: a key or address it needs is missing (exit 3), naming the variable.
    """
    key = name.strip().lower()
    if key == "none":
        return None
    builder = _REGISTRY.get(key)
    if builder is None:
        raise UnknownPluginError("translation provider", name, provider_names())
    settings = ProviderSettings.from_config(config, environ)
    return Provider(key, settings, builder(settings))


# -- time bounds for deep-translator ---------------------------------------------------

_LOCAL = threading.local()
_INSTALL_LOCK = threading.Lock()


class _RequestsWithTimeout:
    """Stands in for ``requests`` in a deep-translator module: adds the thread's timeout."""

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    @staticmethod
    def _bounded(kwargs: dict[str, Any]) -> dict[str, Any]:
        timeout = getattr(_LOCAL, "timeout", None)
        if timeout is not None and kwargs.get("timeout") is None:
            kwargs["timeout"] = (timeout, timeout)
        return kwargs

    def get(self, url: str, **kwargs: Any) -> Any:
        return requests.get(url, **self._bounded(kwargs))

    def post(self, url: str, **kwargs: Any) -> Any:
        return requests.post(url, **self._bounded(kwargs))

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        return requests.request(method, url, **self._bounded(kwargs))


_STAND_IN = _RequestsWithTimeout()


def _bound_module(module: ModuleType) -> None:
    with _INSTALL_LOCK:
        if getattr(module, "requests", None) is not _STAND_IN:
            module.requests = _STAND_IN  # type: ignore[attr-defined]


@contextmanager
def request_timeout(seconds: float) -> Iterator[None]:
    """Give deep-translator's HTTP calls made by this thread a timeout, for a while."""
    previous = getattr(_LOCAL, "timeout", None)
    _LOCAL.timeout = seconds
    try:
        yield
    finally:
        _LOCAL.timeout = previous


# -- error mapping -----------------------------------------------------------------------

_SERVER_CODES: dict[str, int] = {}


def _status_of_server_exception(exc: BaseException) -> int | None:
    if not _SERVER_CODES:
        from deep_translator.exceptions import ServerException

        _SERVER_CODES.update({text: code for code, text in ServerException.errors.items()})
    return _SERVER_CODES.get(str(exc.args[0]) if exc.args else "")


def classify(
    exc: BaseException, *, provider: str, where: str, timeout: float, key_hint: str | None = None
) -> ProviderError:
    """Sort any exception a provider call raised into transient, permanent or rejected."""
    from deep_translator import exceptions as dt

    if isinstance(exc, ProviderError):
        return exc
    name = type(exc).__name__
    key_help = f" Check {key_hint}." if key_hint else ""
    if isinstance(exc, requests.exceptions.Timeout):
        return TransientError(f"{provider}: no answer from {where} within {timeout:g} s")
    if isinstance(exc, requests.exceptions.ConnectionError):
        return TransientError(f"{provider}: cannot connect to {where}")
    if isinstance(exc, requests.exceptions.JSONDecodeError):
        return TransientError(f"{provider}: unreadable answer from {where}")
    if isinstance(exc, requests.exceptions.RequestException):
        return PermanentError(f"{provider}: cannot send a request to {where} ({name})")
    if isinstance(exc, ValueError | AttributeError):
        # an HTML error page instead of JSON, or (Microsoft) a failed POST read as None
        return TransientError(f"{provider}: unreadable answer from {where}")
    if isinstance(exc, dt.AuthorizationException):
        return PermanentError(f"{provider}: {where} refused the API key.{key_help}")
    if isinstance(exc, dt.ApiKeyException):
        return PermanentError(f"{provider}: no API key.{key_help}")
    if isinstance(exc, dt.TooManyRequests):
        return TransientError(f"{provider}: too many requests (429) at {where}")
    if isinstance(exc, dt.RequestError):
        return TransientError(f"{provider}: {where} answered with an error status")
    if isinstance(exc, dt.ServerException):
        status = _status_of_server_exception(exc)
        if status in (413, 422):
            return RejectedTextError(f"{provider}: text refused by {where} (HTTP {status})")
        if status is None or status == 429 or status >= 500:
            label = f"HTTP {status}" if status else "a server error"
            return TransientError(f"{provider}: {where} answered {label}")
        return PermanentError(f"{provider}: {where} answered HTTP {status}.{key_help}")
    if isinstance(
        exc,
        dt.TranslationNotFound
        | dt.NotValidLength
        | dt.NotValidPayload
        | dt.ElementNotFoundInGetRequest,
    ):
        return RejectedTextError(f"{provider}: no translation for this text ({name})")
    if isinstance(exc, dt.LanguageNotSupportedException | dt.InvalidSourceOrTargetLanguage):
        return PermanentError(f"{provider}: French to Chinese is not supported by {where}")
    if isinstance(exc, dt.MicrosoftAPIerror | dt.BaiduAPIerror):
        detail = str(getattr(exc, "api_message", ""))
        code = re.search(r"\b(\d{3,6})\b", detail)
        transient = bool(re.search(r"TIMEOUT|SYSTEM ERROR|LIMIT|429", detail, re.IGNORECASE)) or (
            code is not None and code.group(1).startswith(("429", "5"))
        )
        cls: type[ProviderError] = TransientError if transient else PermanentError
        return cls(f"{provider}: {where} answered an error ({_redact(detail)}).{key_help}")
    deepl_failure = _classify_deepl(exc, provider, where, key_help)
    if deepl_failure is not None:
        return deepl_failure
    return PermanentError(f"{provider}: unexpected {name} from the provider client")


def _classify_deepl(
    exc: BaseException, provider: str, where: str, key_help: str
) -> ProviderError | None:
    try:
        import deepl
    except ImportError:  # pragma: no cover - deepl is a dependency
        return None
    if isinstance(exc, deepl.AuthorizationException):
        return PermanentError(f"{provider}: {where} refused the API key.{key_help}")
    if isinstance(exc, deepl.QuotaExceededException):
        return PermanentError(f"{provider}: the DeepL quota of this key is used up")
    if isinstance(exc, deepl.TooManyRequestsException):
        return TransientError(f"{provider}: too many requests (429) at {where}")
    if isinstance(exc, deepl.ConnectionException):
        if exc.should_retry:
            return TransientError(f"{provider}: no answer from {where}")
        return PermanentError(f"{provider}: cannot send a request to {where}")
    if isinstance(exc, deepl.DeepLException):
        status = exc.http_status_code
        if status is not None and (status == 429 or status >= 500):
            return TransientError(f"{provider}: {where} answered HTTP {status}")
        if status in (413, 414):
            return RejectedTextError(f"{provider}: text refused by {where} (HTTP {status})")
        label = f"HTTP {status}" if status else type(exc).__name__
        return PermanentError(f"{provider}: {where} answered {label}.{key_help}")
    return None


def _redact(detail: str) -> str:
    return re.sub(r"[A-Za-z0-9_\-]{24,}", "…", detail)[:160]


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/" if parts.netloc else url


# -- deep-translator clients ---------------------------------------------------------------


class _DeepTranslatorClient:
    """One deep-translator instance (made on first use, in the worker's thread)."""

    def __init__(
        self,
        name: str,
        module: ModuleType,
        make: Callable[[], Any],
        where: str,
        timeout: float,
        key_hint: str | None,
    ) -> None:
        _bound_module(module)
        self._name = name
        self._make = make
        self._where = where
        self._timeout = timeout
        self._key_hint = key_hint
        self._client: Any = None

    def translate(self, text: str) -> str:
        with request_timeout(self._timeout):
            try:
                if self._client is None:
                    self._client = self._make()
                result = self._client.translate(text)
            except Exception as exc:
                raise classify(
                    exc,
                    provider=self._name,
                    where=self._where,
                    timeout=self._timeout,
                    key_hint=self._key_hint,
                ) from None
        if not isinstance(result, str) or not result.strip():
            raise RejectedTextError(f"{self._name}: empty translation")
        return result


def _missing(provider: str, *variables: str) -> ConfigError:
    names = " and ".join(variables)
    return ConfigError(
        f"Translation provider '{provider}' needs {names}: set the environment "
        f"variable{'s' if len(variables) > 1 else ''} or the matching key in [translation] "
        "of export-kit.toml."
    )


def _libre(settings: ProviderSettings) -> Callable[[], Translator]:
    import deep_translator.libre as module

    if not settings.libre_url:
        raise _missing("libre", "EXPORT_KIT_LIBRE_URL (the address of a LibreTranslate server)")
    url = settings.libre_url if settings.libre_url.endswith("/") else settings.libre_url + "/"
    # deep-translator refuses to work without a key even for keyless self-hosted servers
    key = settings.libre_api_key or "export-kit"

    def make() -> Translator:
        return _DeepTranslatorClient(
            "libre",
            module,
            lambda: module.LibreTranslator(source="fr", target="zh", api_key=key, custom_url=url),
            _site(url),
            settings.timeout,
            PROVIDER_ENV["libre_api_key"],
        )

    return make


def _google(settings: ProviderSettings) -> Callable[[], Translator]:
    import deep_translator.google as module

    def make() -> Translator:
        return _DeepTranslatorClient(
            "google",
            module,
            lambda: module.GoogleTranslator(source="fr", target="zh-CN"),
            "translate.google.com",
            settings.timeout,
            None,
        )

    return make


def _mymemory(settings: ProviderSettings) -> Callable[[], Translator]:
    import deep_translator.mymemory as module

    def make() -> Translator:
        return _DeepTranslatorClient(
            "mymemory",
            module,
            lambda: module.MyMemoryTranslator(source="fr-FR", target="zh-CN"),
            "api.mymemory.translated.net",
            settings.timeout,
            None,
        )

    return make


def _baidu(settings: ProviderSettings) -> Callable[[], Translator]:
    import deep_translator.baidu as module

    if not settings.baidu_appid or not settings.baidu_appkey:
        raise _missing("baidu", PROVIDER_ENV["baidu_appid"], PROVIDER_ENV["baidu_appkey"])
    appid, appkey = settings.baidu_appid, settings.baidu_appkey

    def make() -> Translator:
        return _DeepTranslatorClient(
            "baidu",
            module,
            lambda: module.BaiduTranslator(source="fra", target="zh", appid=appid, appkey=appkey),
            "fanyi-api.baidu.com",
            settings.timeout,
            f"{PROVIDER_ENV['baidu_appid']} and {PROVIDER_ENV['baidu_appkey']}",
        )

    return make


def _microsoft(settings: ProviderSettings) -> Callable[[], Translator]:
    import deep_translator.microsoft as module

    if not settings.microsoft_api_key:
        raise _missing("microsoft", PROVIDER_ENV["microsoft_api_key"])
    key, region = settings.microsoft_api_key, settings.microsoft_region

    def make() -> Translator:
        # the constructor itself calls the service (language list): it runs in the
        # timed call, like translate()
        return _DeepTranslatorClient(
            "microsoft",
            module,
            lambda: module.MicrosoftTranslator(
                source="fr", target="zh-hans", api_key=key, region=region
            ),
            "api.cognitive.microsofttranslator.com",
            settings.timeout,
            PROVIDER_ENV["microsoft_api_key"],
        )

    return make


class _DeepLClient:
    """The official DeepL client; HTML-escaped text with ``tag_handling="html"``."""

    def __init__(self, settings: ProviderSettings) -> None:
        import deepl
        import deepl.http_client

        # module-wide settings of the deepl package: export-kit does the retrying
        deepl.http_client.max_network_retries = 0
        deepl.http_client.min_connection_timeout = settings.timeout
        self._settings = settings
        self._where = _site(settings.deepl_url) if settings.deepl_url else "api.deepl.com"
        self._client = deepl.Translator(
            str(settings.deepl_api_key),
            server_url=settings.deepl_url or None,
            send_platform_info=False,
        )

    def translate(self, text: str) -> str:
        try:
            result = self._client.translate_text(
                html.escape(text, quote=False),
                source_lang="FR",
                target_lang="ZH-HANS",
                tag_handling="html",
            )
        except Exception as exc:
            raise classify(
                exc,
                provider="deepl",
                where=self._where,
                timeout=self._settings.timeout,
                key_hint=PROVIDER_ENV["deepl_api_key"],
            ) from None
        chinese = html.unescape(str(getattr(result, "text", "")))
        if not chinese.strip():
            raise RejectedTextError("deepl: empty translation")
        return chinese


def _deepl(settings: ProviderSettings) -> Callable[[], Translator]:
    if not settings.deepl_api_key:
        raise _missing("deepl", PROVIDER_ENV["deepl_api_key"])
    return lambda: _DeepLClient(settings)


for _name, _builder in {
    "libre": _libre,
    "google": _google,
    "mymemory": _mymemory,
    "baidu": _baidu,
    "microsoft": _microsoft,
    "deepl": _deepl,
}.items():
    register_provider(_name, _builder)
