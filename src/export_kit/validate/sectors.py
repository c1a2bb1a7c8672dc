"""The sector of a product (cosmetics, food, wine, spirits, drinks, fashion, other).

Decides how the claim rules judge a product: a medical claim is an error for cosmetics
and food (drinks included), a warning otherwise; special-cosmetic claims only concern
cosmetics. Evidence, first hit wins: ``[catalogue] sector`` of the config, the HS code,
the words of the category path, the words of the name (``data/sectors-fr.toml``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from export_kit.validate.normalise import fold

if TYPE_CHECKING:
    from export_kit.config import Config
    from export_kit.model import Product

__all__ = ["FOOD_SECTORS", "SECTORS", "SectorResolver", "normalise_sector"]

SECTORS: tuple[str, ...] = ("cosmetics", "food", "wine", "spirits", "drinks", "fashion", "other")
#: sectors where China's Food Safety Law applies (食品 includes drinks and alcohol)
FOOD_SECTORS = frozenset({"food", "wine", "spirits", "drinks"})
_CACHE_LIMIT = 4096


@dataclass(frozen=True)
class _SectorData:
    aliases: dict[str, str]
    hs: dict[str, str]
    words: re.Pattern[str]
    word_sector: dict[str, str]


@functools.cache
def _data() -> _SectorData:
    text = resources.files("export_kit").joinpath("data/sectors-fr.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    word_sector: dict[str, str] = {}
    for sector, words in raw["words"].items():
        for word in words:
            word_sector.setdefault(fold(word), sector)
    # Longest words first so "eau de parfum" wins over "eau"; whole words only.
    alternatives = sorted(word_sector, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in alternatives) + r")(?![\w-])"
    )
    return _SectorData(
        aliases={fold(k): v for k, v in raw["aliases"].items()},
        hs=dict(raw["hs"]),
        words=pattern,
        word_sector=word_sector,
    )


def normalise_sector(value: str | None) -> str | None:
    """The sector a config value names (``Cosmétiques`` → ``cosmetics``), else ``None``.

    An unknown word counts as ``other``: the user did say which sector, just not one
    the claim rules treat apart.
    """
    if value is None or not value.strip():
        return None
    return _data().aliases.get(fold(value.strip()), "other")


def sector_of_hs(code: str) -> str | None:
    """Sector of an HS code from its longest known prefix (``2204…`` → ``wine``)."""
    table = _data().hs
    digits = "".join(ch for ch in code if ch.isdigit())
    for length in (6, 4, 2):
        sector = table.get(digits[:length])
        if sector is not None and len(digits) >= length:
            return sector
    return None


def sector_of_words(text: str) -> str | None:
    """Sector from the first sector word in a category path or a name."""
    data = _data()
    match = data.words.search(fold(text))
    return data.word_sector[match.group()] if match else None


class SectorResolver:
    """Finds the sector of each product, caching the answers per category and name."""

    def __init__(self, config: Config) -> None:
        self.fixed = normalise_sector(config.catalogue.sector)
        self._cache: dict[str, str | None] = {}

    def __call__(self, product: Product) -> str | None:
        """The product's sector, or ``None`` when nothing says."""
        if self.fixed is not None:
            return self.fixed
        hs_code = product.first("hs_code")
        if isinstance(hs_code, str):
            sector = sector_of_hs(hs_code)
            if sector is not None:
                return sector
        for text in (product.category, product.name):
            if text:
                sector = self._words(text)
                if sector is not None:
                    return sector
        return None

    def _words(self, text: str) -> str | None:
        try:
            return self._cache[text]
        except KeyError:
            pass
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        sector = self._cache[text] = sector_of_words(text)
        return sector
