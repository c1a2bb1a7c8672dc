"""A LibreTranslate-compatible server on 127.0.0.1, for tests, benchmarks and offline trials.

It answers ``POST /translate`` like LibreTranslate (parameters from the query string, a
form or a JSON body; ``{"translatedText": …}``), "translating" deterministically: known
French words become Chinese from a small dictionary, other words are wrapped in 「」,
placeholders ``⟦n⟧`` are kept. It counts requests and can misbehave on purpose (HTTP
errors, hanging, damaging placeholders) to exercise retries and time bounds::

    with LibreStub() as stub:
        ...  # EXPORT_KIT_LIBRE_URL=stub.url
        stub.requests  # the texts received, in order
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

__all__ = ["DICTIONARY", "LibreStub", "stub_translate"]

#: French words the stub knows (lower case).
DICTIONARY: dict[str, str] = {
    "crème": "霜",
    "creme": "霜",
    "hydratante": "保湿",
    "sérum": "精华",
    "serum": "精华",
    "visage": "面部",
    "nuit": "晚间",
    "jour": "日间",
    "eau": "水",
    "de": "的",
    "parfum": "香水",
    "toilette": "淡香",
    "rouge": "红色",
    "à": "",
    "lèvres": "唇膏",
    "pour": "用于",
    "peau": "肌肤",
    "sèche": "干性",
    "le": "",
    "la": "",
    "les": "",
    "et": "和",
    "une": "一",
    "un": "一",
    "très": "非常",
    "douce": "柔和",
    "doux": "柔和",
    "huile": "油",
    "corps": "身体",
    "soin": "护理",
    "soins": "护理",
    "beauté": "美容",
    "sac": "包",
    "cuir": "皮革",
    "noir": "黑色",
    "chemise": "衬衫",
    "coton": "棉",
    "vin": "葡萄酒",
    "champagne": "香槟",
    "brut": "干型",
    "confiture": "果酱",
    "fraise": "草莓",
    "chocolat": "巧克力",
    "lait": "牛奶",
    "meilleur": "最佳",
    "premier": "第一",
    "blanchissante": "美白",
    "traite": "治疗",
    "l'acné": "痤疮",
    "avec": "含",
    "notre": "我们的",
    "nouvelle": "新",
    "formule": "配方",
}
_TOKEN = re.compile(r"⟦\s*\d+\s*⟧")
_WORDS = re.compile(r"⟦\s*\d+\s*⟧|[^\W\d_]+(?:'[^\W\d_]+)?|\S")


def stub_translate(text: str) -> str:
    """The stub's deterministic "translation" of a French text."""
    out: list[str] = []
    for match in _WORDS.finditer(text):
        word = match.group(0)
        if _TOKEN.fullmatch(word) or not word[0].isalpha():
            out.append(word)
        else:
            out.append(DICTIONARY.get(word.lower(), f"「{word}」"))
    return "".join(out)


def _mistaken(text: str, mistake: str | None) -> str:
    """The stub's answer to ``text``, with ``mistake`` made (see :class:`LibreStub`)."""
    if mistake == "leave-french":
        return text
    if mistake == "latin":
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    translated = stub_translate(text)
    if mistake == "drop-digits":
        pieces = re.split(r"(⟦\s*\d+\s*⟧)", translated)
        translated = "".join(
            piece if _TOKEN.fullmatch(piece) else re.sub(r"\d", "", piece) for piece in pieces
        )
    elif mistake == "lose-tag":
        translated = re.sub(r"</?[A-Za-z][^>]*>", "", translated)
    return translated


class LibreStub:
    """The server. Attributes may be changed while it runs (they are read per request).

    Attributes:
        mode: ``ok``; ``error`` (answer ``error_status``); ``hang`` (never answer while
            running); ``mangle`` (drop the placeholders from the translation).
        mistake: a translation mistake made on every answer, for the checks to catch:
            ``drop-digits`` (digits outside placeholders left out), ``lose-tag`` (HTML
            tags left out), ``leave-french`` (the French sent back unchanged), ``latin``
            (the French words sent back without accents, no Chinese), or None.
        fail_first: answer ``error_status`` to this many requests first, then behave.
        ok_budget: after this many good answers, answer ``error_status`` for ever.
    """

    def __init__(self) -> None:
        self.mode = "ok"
        self.mistake: str | None = None
        self.error_status = 500
        self.fail_first = 0
        self.ok_budget: int | None = None
        self.requests: list[str] = []
        self.params: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._answered = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                if body:
                    if "json" in (self.headers.get("Content-Type") or ""):
                        params.update({k: str(v) for k, v in json.loads(body).items()})
                    else:
                        params.update({k: v[0] for k, v in parse_qs(body.decode()).items()})
                status, payload = stub._answer(url.path, params)
                if status == 0:
                    return  # hung until the stub stopped: drop the connection
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        """Base address with a trailing slash, e.g. ``http://127.0.0.1:41234/``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def _answer(self, path: str, params: dict[str, str]) -> tuple[int, dict[str, str]]:
        if path.rstrip("/") != "/translate":
            return 404, {"error": "Not Found"}
        text = params.get("q", "")
        with self._lock:
            self.requests.append(text)
            self.params.append(params)
            if self.fail_first > 0:
                self.fail_first -= 1
                return self.error_status, {"error": "failing on purpose"}
            if self.mode == "error" or (
                self.ok_budget is not None and self._answered >= self.ok_budget
            ):
                return self.error_status, {"error": "failing on purpose"}
            mode = self.mode
            self._answered += 1
        if mode == "hang":
            self._release.wait(60)
            return 0, {}
        translated = _mistaken(text, self.mistake)
        if mode == "mangle":
            translated = _TOKEN.sub("", translated)
        return 200, {"translatedText": translated}

    def start(self) -> LibreStub:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release hung requests."""
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LibreStub:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
