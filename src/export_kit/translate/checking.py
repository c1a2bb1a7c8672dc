"""Checks of a Chinese text against its French source, before a listing may use it.

Every text a provider returns and every imported one goes through :class:`TextChecker`:

- ``number-mismatch``: each number of the French is in the Chinese, a quantity with its
  unit (``50 ml`` → ``50ml`` or ``50毫升``; ``75 cl`` may come back as ``750ml``);
- ``glossary-not-applied``: each glossary term of the French has its Chinese;
- ``protected-term-changed``: each do-not-translate term and brand name is still there as
  written (a brand may also be given its registered Chinese name);
- ``markup-mismatch``: the HTML tags are the same, in the same order and nesting;
- ``untranslated``: the Chinese is empty, a copy of the French, or has no Chinese
  character while the French has words to translate.

A text that fails is kept in the memory as ``needs-review`` with its reasons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from export_kit.translate.normalise import fold, has_cjk, normalise
from export_kit.translate.placeholders import Protector, format_quantity

__all__ = ["CHECKS", "CheckFailure", "TextChecker", "reasons_text"]

#: the checks, in the order they are reported
CHECKS: tuple[str, ...] = (
    "untranslated",
    "number-mismatch",
    "glossary-not-applied",
    "protected-term-changed",
    "markup-mismatch",
)

_QUANTITY = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?(ml|cl|l|kg|mg|g|cm|mm|m|%|°c)(?!\w)", re.IGNORECASE
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_TAG = re.compile(r"<[A-Za-z/!]")
#: the Chinese words for a unit, beside its symbol
_UNIT_WORDS = {
    "ml": ("ml", "毫升"),
    "cl": ("ml", "cl", "毫升", "厘升"),
    "l": ("l", "升"),
    "kg": ("kg", "千克", "公斤"),
    "mg": ("mg", "毫克"),
    "g": ("g", "克"),
    "cm": ("cm", "厘米"),
    "mm": ("mm", "毫米"),
    "m": ("m", "米"),
    "%": ("%", "％"),
    "°c": ("°c", "℃", "摄氏度", "度"),
}
_CHINESE_DIGITS = "零一二三四五六七八九十"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


@dataclass(frozen=True, slots=True)
class CheckFailure:
    """One failed check: its code and what is wrong."""

    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}"


def reasons_text(failures: Iterable[CheckFailure]) -> str:
    """The failures as one line (``code: reason; code: reason``), as the memory keeps them."""
    return "; ".join(str(f) for f in failures)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag + "/")

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)


def _tags(text: str) -> list[str]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


class TextChecker:
    """Checks Chinese texts against their French sources.

    Args:
        glossary: French term → its Chinese (terms to translate).
        keep: do-not-translate terms.
        brands: brand name → its registered Chinese name (or None).
    """

    def __init__(
        self,
        glossary: Mapping[str, str] | None = None,
        keep: Iterable[str] = (),
        brands: Mapping[str, str | None] | None = None,
    ) -> None:
        # the terms are found the way placeholders find them (whole words, any case or
        # accents), with one pass over the text whatever the number of terms
        self._glossary = [(t, zh) for t, zh in (glossary or {}).items() if t.strip() and zh]
        self._find_glossary = Protector(
            replace={t: f"\x00{n}" for n, (t, _) in enumerate(self._glossary)}
        )
        self._keep = {fold(t) for t in keep if t.strip()}
        self._brands = {fold(b): zh for b, zh in (brands or {}).items() if b.strip()}
        self._find_terms = Protector(keep=[*keep, *(brands or {})])
        self._protector = Protector(keep=[*keep, *(brands or {})], replace=glossary)

    def check(self, source: str, target: str | None) -> list[CheckFailure]:
        """The checks ``target`` fails as the Chinese of ``source`` (empty: it passes)."""
        chinese = normalise(target or "")
        french = normalise(source)
        if not chinese:
            return [CheckFailure("untranslated", "the Chinese is empty")]
        failures: list[CheckFailure] = []
        # a text of brand names, quantities and keep terms only is its own Chinese
        wordy = self._protector.protect(french).needs_translation
        if wordy and chinese == french:
            failures.append(CheckFailure("untranslated", "the Chinese is the French, unchanged"))
        elif wordy and not has_cjk(chinese):
            failures.append(
                CheckFailure("untranslated", f"left in Latin letters: {chinese[:60]!r}")
            )
        numbers = self._numbers(french, chinese)
        if numbers:
            failures.append(CheckFailure("number-mismatch", numbers))
        for value in self._find_glossary.protect(french).values:
            if value.startswith("\x00"):
                term, zh = self._glossary[int(value[1:])]
                if zh not in chinese:
                    failures.append(
                        CheckFailure("glossary-not-applied", f"{term!r} must be {zh!r} in Chinese")
                    )
        folded_zh = fold(chinese)
        for value in dict.fromkeys(self._find_terms.protect(french).values):
            key = fold(value)
            if value[:1].isdigit() or key in folded_zh:
                continue  # a quantity (checked above), or the term kept
            if key in self._brands:
                brand_zh = self._brands[key]
                if not (brand_zh and brand_zh in chinese):
                    failures.append(
                        CheckFailure("protected-term-changed", f"the brand {value!r} is missing")
                    )
            elif key in self._keep:
                failures.append(
                    CheckFailure("protected-term-changed", f"{value!r} is not kept as written")
                )
        if _TAG.search(french) or _TAG.search(chinese):
            before, after = _tags(french), _tags(chinese)
            if before != after:
                failures.append(
                    CheckFailure(
                        "markup-mismatch",
                        f"tags {' '.join(before) or 'none'} came back as "
                        f"{' '.join(after) or 'none'}",
                    )
                )
        return failures

    @staticmethod
    def _numbers(french: str, chinese: str) -> str | None:
        """What is wrong with the numbers of the Chinese, or None."""
        compact = "".join(chinese.translate(_FULL_WIDTH).split()).casefold()
        digits_zh = {_plain(n) for n in _NUMBER.findall(compact)}
        wrong: list[str] = []
        rest = french
        for match in _QUANTITY.finditer(french):
            number, unit = match.group(1), match.group(2).lower()
            written = format_quantity(number, unit).casefold()
            if written in compact:
                continue
            value = _plain(number)
            converted = _plain(written.rstrip("abcdefghijklmnopqrstuvwxyz%°"))
            words = _UNIT_WORDS.get(unit, (unit,))
            if (value in digits_zh or converted in digits_zh) and any(w in compact for w in words):
                continue
            wrong.append(f"{match.group(0)!r} is not in the Chinese")
        rest = _QUANTITY.sub(" ", french)
        for number in _NUMBER.findall(rest):
            value = _plain(number)
            if value in digits_zh:
                continue
            if len(value) == 1 and _CHINESE_DIGITS[int(value)] in chinese:
                continue  # 3 written 三
            if value == "10" and "十" in chinese:
                continue
            wrong.append(f"{number!r} is not in the Chinese")
        return "; ".join(wrong) if wrong else None


def _plain(number: str) -> str:
    text = number.replace(",", ".")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("0") or "0"
