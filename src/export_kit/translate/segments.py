"""Cutting a catalogue text into the units that are translated one by one.

* An HTML description is cut at its tags: every text node is a unit, tags, attributes,
  comments and ``<script>``/``<style>`` content are kept byte for byte, and a node
  without letters (``&nbsp;``, ``50 ml``, ``•``) is kept as written, entities included.
  Parsing uses the standard library's :class:`html.parser.HTMLParser`.
* A category path (``Beauté > Soins visage``) is cut at its separators.
* A long text is cut at sentence ends into chunks of at most about 500 characters, the
  size every provider accepts (MyMemory takes 500, libretranslate.com 2,000).

A unit's memory key is its normalised text; the whole value is looked up first and the
units only when the whole is not in the memory.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from export_kit.translate.normalise import has_letters, normalise

__all__ = ["MAX_UNIT_CHARS", "Segmented", "Unit", "html_to_text", "is_html", "segment"]

MAX_UNIT_CHARS = 500

_TAG = re.compile(r"<(?:[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?>|/[a-zA-Z][\w:-]*\s*>|!--)")
_SENTENCE_END = re.compile(r"(?<=[.!?…;:])\s+")
_PATH_SEPARATOR = re.compile(r"(\s*(?:>|»|\|)\s*)")
_HTML_SPACE = r"(?:\s|&nbsp;|&#160;|&#[xX][aA]0;)"
_HTML_SPACE_START = re.compile(_HTML_SPACE + "+")
_HTML_SPACE_END = re.compile(_HTML_SPACE + "+$")
_RAW_TEXT_TAGS = frozenset({"script", "style", "template", "code"})


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of text translated on its own (``html``: escape its Chinese on rebuild)."""

    text: str
    html: bool = False

    @property
    def key(self) -> str:
        """Memory key of the unit."""
        return normalise(self.text)


@dataclass(frozen=True, slots=True)
class Segmented:
    """A text as literal pieces (kept) and units (translated)."""

    parts: tuple[str | Unit, ...]

    @property
    def units(self) -> list[Unit]:
        """The units, in order (a unit may appear more than once)."""
        return [part for part in self.parts if isinstance(part, Unit)]

    def rebuild(self, translate: Callable[[Unit], str | None]) -> str | None:
        """The text with every unit replaced by its Chinese; None if one has none."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            chinese = translate(part)
            if chinese is None:
                return None
            out.append(html.escape(chinese, quote=False) if part.html else chinese)
        return "".join(out)


def is_html(text: str) -> bool:
    """True when the text holds an HTML tag (``<p>``, ``</b>``, ``<br/>``, ``<!--``)."""
    return "<" in text and _TAG.search(text) is not None


def segment(text: str, field: str | None = None) -> Segmented:
    """Cut a French text into literal parts and translation units (see the module doc)."""
    if is_html(text):
        return Segmented(tuple(_html_parts(text)))
    if field == "category" and _PATH_SEPARATOR.search(text):
        parts: list[str | Unit] = []
        for piece in _PATH_SEPARATOR.split(text):
            if _PATH_SEPARATOR.fullmatch(piece) or not has_letters(piece):
                parts.append(piece)
            else:
                parts.extend(_plain_parts(piece, html_unit=False))
        return Segmented(tuple(parts))
    return Segmented(tuple(_plain_parts(text, html_unit=False)))


def _plain_parts(text: str, *, html_unit: bool) -> list[str | Unit]:
    stripped = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    parts: list[str | Unit] = [lead] if lead else []
    if not has_letters(stripped):
        parts.append(stripped)
    else:
        parts.extend(Unit(chunk, html_unit) for chunk in _chunks(stripped))
    if trail:
        parts.append(trail)
    return parts


def _chunks(text: str) -> list[str]:
    if len(text) <= MAX_UNIT_CHARS:
        return [text]
    chunks: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        if current and len(current) + 1 + len(sentence) > MAX_UNIT_CHARS:
            chunks.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        chunks.append(current)
    return chunks


class _Events(HTMLParser):
    """Records where each construct starts; text runs are what lies between markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[tuple[int, int], str]] = []
        self._raw_depth = 0

    def _mark(self, kind: str) -> None:
        self.events.append((self.getpos(), kind))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._mark("markup")
        if tag in _RAW_TEXT_TAGS:
            self._raw_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._mark("markup")

    def handle_endtag(self, tag: str) -> None:
        self._mark("markup")
        if tag in _RAW_TEXT_TAGS and self._raw_depth:
            self._raw_depth -= 1

    def handle_data(self, data: str) -> None:
        self._mark("raw" if self._raw_depth else "text")

    def handle_comment(self, data: str) -> None:
        self._mark("markup")

    def handle_decl(self, decl: str) -> None:
        self._mark("markup")

    def handle_pi(self, data: str) -> None:
        self._mark("markup")

    def unknown_decl(self, data: str) -> None:
        self._mark("markup")


def _html_runs(text: str) -> list[tuple[str, str]]:
    """``(kind, raw)`` runs covering the whole text: ``text``, ``raw`` or ``markup``."""
    parser = _Events()
    parser.feed(text)
    parser.close()
    line_starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            line_starts.append(index + 1)
    offsets = [(line_starts[line - 1] + col, kind) for (line, col), kind in parser.events]
    runs: list[tuple[str, str]] = []
    if offsets and offsets[0][0] > 0:
        runs.append(("markup", text[: offsets[0][0]]))
    for index, (start, kind) in enumerate(offsets):
        end = offsets[index + 1][0] if index + 1 < len(offsets) else len(text)
        raw = text[start:end]
        if runs and kind == "text" and runs[-1][0] == "text":
            runs[-1] = ("text", runs[-1][1] + raw)  # the parser splits text at a stray '<'
        else:
            runs.append((kind, raw))
    return runs


def _html_parts(text: str) -> list[str | Unit]:
    parts: list[str | Unit] = []
    for kind, raw in _html_runs(text):
        decoded = html.unescape(raw) if kind == "text" else ""
        if kind != "text" or not has_letters(decoded):
            parts.append(raw)
            continue
        lead_match = _HTML_SPACE_START.match(raw)
        lead = lead_match.group(0) if lead_match else ""
        trail_match = _HTML_SPACE_END.search(raw, len(lead))
        trail = trail_match.group(0) if trail_match else ""
        core = raw[len(lead) : len(raw) - len(trail)]
        if lead:
            parts.append(lead)
        parts.extend(Unit(chunk, True) for chunk in _chunks(html.unescape(core)))
        if trail:
            parts.append(trail)
    return parts


def html_to_text(text: str) -> str:
    """The readable text of an HTML value (text nodes joined by spaces); plain text as is."""
    if not is_html(text):
        return text
    return " ".join(
        html.unescape(raw).strip() for kind, raw in _html_runs(text) if kind == "text"
    ).strip()
