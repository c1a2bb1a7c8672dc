"""Text keys: how two spellings of the same French text become one memory entry."""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "SOURCE_LANG",
    "TARGET_LANG",
    "fold",
    "has_cjk",
    "has_letters",
    "normalise",
]

#: Language pair of the memory (ISO 639-1 source, BCP 47 target).
SOURCE_LANG = "fr"
TARGET_LANG = "zh-CN"

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def normalise(text: str) -> str:
    """The memory key of a text: NFC, whitespace runs folded to one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A looser key for names and glossary terms: no accents, no case, one apostrophe."""
    decomposed = unicodedata.normalize("NFKD", normalise(text).translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def has_letters(text: str) -> bool:
    """True when the text holds at least one letter (something a translator could change)."""
    return any(ch.isalpha() for ch in text)


def has_cjk(text: str) -> bool:
    """True when the text holds at least one Chinese character."""
    return _CJK.search(text) is not None
