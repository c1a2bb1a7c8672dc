"""Placeholders: what a translation provider must not touch, taken out and put back.

Before a provider sees a text, brand names, SKUs, numbers with units and glossary terms
are replaced by tokens ``⟦0⟧``, ``⟦1⟧``…; after, each token is replaced by its value:
the brand, SKU or do-not-translate term as written, the number in its Chinese-listing
form (``50 ml`` → ``50ml``, ``75 cl`` → ``750ml``, ``1,5 l`` → ``1.5L``), a glossary
term by its Chinese. A translation whose tokens come back damaged, missing, duplicated or
unknown is rejected (the text stays missing): half-broken Chinese is never published.

``⟦`` and ``⟧`` (U+27E6/U+27E7) never occur in catalogue text and machine translators
keep them with the digits between them as an opaque symbol; spaces a provider adds inside
a token (``⟦ 0 ⟧``) and full-width digits are accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from export_kit.translate.normalise import fold, has_letters

__all__ = ["Protected", "Protector", "format_quantity"]

_TOKEN = re.compile(r"⟦\s*(\d+)\s*⟧")
_QUANTITY = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s?(ml|cl|l|kg|mg|g|cm|mm|m|%|°c)(?!\w)", re.IGNORECASE
)
# apostrophes split words, so "d'Avène" holds the brand "Avène" and "L'Oréal" is 2 words
_WORD = re.compile(r"[^\W_]+(?:[\-.][^\W_]+)*|&")
# words of a term are separated by spaces or an apostrophe (L'Oréal), nothing else
_GAP = re.compile(r"[\s'’]*")
_UNITS = {
    "ml": "ml",
    "cl": "ml",
    "l": "L",
    "kg": "kg",
    "mg": "mg",
    "g": "g",
    "cm": "cm",
    "mm": "mm",
    "m": "m",
    "%": "%",
    "°c": "°C",
}


def format_quantity(number: str, unit: str) -> str:
    """``50``, ``ml`` → ``50ml``; centilitres become millilitres, a decimal comma a dot."""
    unit_key = unit.lower()
    try:
        value = Decimal(number.replace(",", "."))
    except InvalidOperation:
        return f"{number}{unit}"
    if unit_key == "cl":
        value *= 10
    text = format(value.normalize(), "f")
    return f"{text}{_UNITS.get(unit_key, unit)}"


@dataclass(frozen=True, slots=True)
class Protected:
    """A text with its protected pieces replaced by tokens, and their restored values."""

    text: str
    values: tuple[str, ...]

    @property
    def needs_translation(self) -> bool:
        """False when only tokens, digits and punctuation are left (nothing to translate)."""
        return has_letters(_TOKEN.sub("", self.text))

    def restore(self, translated: str) -> str | None:
        """Put the values back; None when a token came back damaged, lost or doubled."""
        seen: list[int] = []

        def put_back(match: re.Match[str]) -> str:
            index = int(match.group(1))
            seen.append(index)
            return self.values[index] if index < len(self.values) else "\x00"

        restored = _TOKEN.sub(put_back, translated)
        if sorted(seen) != list(range(len(self.values))):
            return None
        if "\x00" in restored or "⟦" in restored or "⟧" in restored:
            return None
        return restored


class Protector:
    """Finds the pieces of a French text that a provider must not translate.

    Args:
        keep: terms restored as written (brands, do-not-translate glossary terms, SKUs).
        replace: French term → Chinese, restored as the Chinese (glossary terms).
    """

    def __init__(self, keep: Iterable[str] = (), replace: Mapping[str, str] | None = None) -> None:
        # a term is the tuple of its folded words; the text is folded word by word once
        self._terms: dict[tuple[str, ...], str | None] = {}
        for term, chinese in (replace or {}).items():
            key = _key(term)
            if key:
                self._terms[key] = chinese
        for term in keep:
            key = _key(term)
            if key:
                self._terms[key] = None  # a brand or keep-term wins over a same-spelt term
        self._first = {key[0] for key in self._terms}
        self._max_words = max((len(key) for key in self._terms), default=0)

    def protect(self, text: str) -> Protected:
        """Replace quantities and known terms by tokens (longest term first)."""
        values: list[str] = []

        def token(value: str) -> str:
            values.append(value)
            return f"⟦{len(values) - 1}⟧"

        text = _QUANTITY.sub(lambda m: token(format_quantity(m.group(1), m.group(2))), text)
        if not self._terms:
            return Protected(text, tuple(values))
        words = list(_WORD.finditer(text))
        folded = [fold(word.group()) for word in words]
        out: list[str] = []
        position = 0
        index = 0
        while index < len(words):
            count = self._match(text, words, folded, index)
            if not count:
                index += 1
                continue
            start = words[index].start()
            end = words[index + count - 1].end()
            chinese = self._terms[tuple(folded[index : index + count])]
            out.append(text[position:start])
            out.append(token(chinese if chinese is not None else text[start:end]))
            position = end
            index += count
        out.append(text[position:])
        return Protected("".join(out), tuple(values))

    def _match(self, text: str, words: list[re.Match[str]], folded: list[str], index: int) -> int:
        """Words in the longest term starting at ``index`` (0: none)."""
        if folded[index] not in self._first:
            return 0
        longest = 1
        while (
            longest < self._max_words
            and index + longest < len(words)
            and _GAP.fullmatch(
                text, words[index + longest - 1].end(), words[index + longest].start()
            )
        ):
            longest += 1
        for count in range(longest, 0, -1):
            if tuple(folded[index : index + count]) in self._terms:
                return count
        return 0


def _key(term: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in _WORD.findall(term))
