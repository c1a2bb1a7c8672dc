"""French sizes shown as Chinese sizes.

- Shoes: Chinese e-commerce lists shoes by the EU number, so CN = EU (``39,5`` → ``39.5``).
  The sources disagree for some men's sizes; the EU number is what shoppers see.
- Apparel: Chinese 号型 (height/chest-or-waist + body type) from the tables shipped in
  ``export_kit/data/`` (letters, French women's numbers through their letter, men's EU
  numbers, men's shirt collar sizes). Which table applies comes from the category words
  (femme / homme, chaussures, chemise...); without them the size is not guessed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from importlib import resources

__all__ = ["chinese_size", "size_kind"]

_SHOE_WORDS = re.compile(
    r"\b(chaussures?|escarpins?|baskets?|sneakers?|bottes?|bottines?|sandales?|mocassins?|"
    r"derbys?|derbies|ballerines?|espadrilles?|souliers?|richelieus?|shoes?|boots?)\b"
)
_WOMEN_WORDS = re.compile(r"\b(femmes?|women|woman|womens|dames?|ladies|lady)\b")
_MEN_WORDS = re.compile(r"\b(hommes?|men|man|mens)\b")
_SHIRT_WORDS = re.compile(r"\bchemises?\b")
_PREFIX = re.compile(r"^(taille|pointure|size|eu|fr|t\.?)\s*", re.IGNORECASE)
_LETTERS = re.compile(r"^(?:(\d)X|(X*))(S|M|L)$")


def chinese_size(size: str, *, category: str | None) -> str | None:
    """The Chinese size of a French ``size`` in ``category``, or ``None`` when unknown.

    Examples: ``("39", "Chaussures > Femme")`` → ``"39"``; ``("M", "Femme > Robes")`` →
    ``"165/88A"``; ``("38", "Femme > Robes")`` (FR 38 = M) → ``"165/88A"``; ``("M",
    "Homme > Pulls")`` → ``"170/84A"``; ``("39", "Homme > Chemises")`` (collar) →
    ``"170/88A"``.
    """
    kind = size_kind(category)
    if kind is None or not size or not size.strip():
        return None
    text = _PREFIX.sub("", size.strip()).strip()
    if kind == "shoes":
        number = _number(text)
        if number is None or not Decimal("15") <= number <= Decimal("50"):
            return None
        if (number * 2) % 1 != 0:
            return None
        return format(number.normalize(), "f")
    letter = _letter(text)
    number = _number(text) if letter is None else None
    if kind == "women":
        if letter is None and number is not None:
            letter = _women_fr_letters().get(_int_text(number))
        return _women_table().get(letter) if letter else None
    if kind == "men-shirt" and number is not None:
        return _collar_table().get(_int_text(number))
    if letter is None and number is not None:
        letter = _men_eu_letters().get(_int_text(number))
    return _men_table().get(letter) if letter else None


def size_kind(category: str | None) -> str | None:
    """``shoes``, ``women``, ``men``, ``men-shirt`` from a category's words, else ``None``."""
    if not category:
        return None
    text = _fold(category)
    if _SHOE_WORDS.search(text):
        return "shoes"
    women = bool(_WOMEN_WORDS.search(text))
    men = bool(_MEN_WORDS.search(text))
    if women == men:  # neither, or a unisex path: do not guess
        return None
    if women:
        return "women"
    return "men-shirt" if _SHIRT_WORDS.search(text) else "men"


def _letter(text: str) -> str | None:
    match = _LETTERS.match(text.upper().replace(" ", ""))
    if match is None:
        return None
    digits, xs, base = match.groups()
    count = int(digits) if digits else len(xs or "")
    if count > 3 or (base == "M" and count):
        return None
    return "X" * count + base


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _int_text(number: Decimal) -> str:
    return str(int(number)) if number == number.to_integral_value() else ""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("export_kit").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:]]


@functools.cache
def _women_table() -> dict[str, str]:
    return {row["intl"]: row["cn_haoxing"] for row in _rows("size-women-apparel.txt")}


@functools.cache
def _women_fr_letters() -> dict[str, str]:
    return {row["fr"]: row["letter"] for row in _rows("size-women-fr-de-it.txt")}


@functools.cache
def _men_table() -> dict[str, str]:
    return {row["intl"]: row["cn_haoxing"] for row in _rows("size-men-apparel.txt")}


@functools.cache
def _men_eu_letters() -> dict[str, str]:
    return {row["eu"]: row["intl"] for row in _rows("size-men-apparel.txt")}


@functools.cache
def _collar_table() -> dict[str, str]:
    return {row["cn_collar_cm"]: row["cn_haoxing"] for row in _rows("size-men-shirt-collar.txt")}
