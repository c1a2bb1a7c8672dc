"""The sector of a product (cosmetics, food, wine, spirits, drinks, fashion, other), and
the sector of a whole catalogue.

A product's sector, first hit wins: ``[catalogue] sector`` of the config, the HS code,
the words of the category path, the words of the name (``data/sectors-fr.toml``); the
platform rules use it (a shelf life is asked of food and cosmetics).

The claim rules weigh claims by the catalogue's sector (:func:`catalogue_sector`), so one
brand's same claim has the same severity on every product: ``[catalogue] sector``, else
the sector of most products whose sector is known. A medical claim is an error for
cosmetics and food (drinks included), a warning otherwise; special-cosmetic claims only
concern cosmetics.
"""

from __future__ import annotations

import functools
import re
import tomllib
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from export_kit.validate.normalise import fold

if TYPE_CHECKING:
    from export_kit.catalogue.base import Catalogue
    from export_kit.config import Config
    from export_kit.model import Product

__all__ = [
    "FOOD_SECTORS",
    "SECTORS",
    "SectorResolver",
    "catalogue_sector",
    "catalogue_sectors",
    "majority_sector",
    "normalise_sector",
    "product_sectors",
]

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


def majority_sector(sectors: Iterable[str | None]) -> str | None:
    """The sector most of ``sectors`` name, ``None`` ones left out; a tie goes to the
    sector listed first in :data:`SECTORS` (cosmetics, food, wine...)."""
    counts = Counter(sector for sector in sectors if sector is not None)
    if not counts:
        return None
    return max(counts, key=lambda sector: (counts[sector], -_RANK.get(sector, len(SECTORS))))


_RANK = {sector: rank for rank, sector in enumerate(SECTORS)}
#: id of a catalogue → (the catalogue, its products' sectors counted), while it lives
#: (a catalogue compares by value, so it cannot be a key itself)
_KNOWN: dict[int, tuple[weakref.ref[Catalogue], Counter[str | None]]] = {}


def catalogue_sector(catalogue: Catalogue, config: Config) -> str | None:
    """The sector the claim rules weigh every product of ``catalogue`` by.

    ``[catalogue] sector`` when set; else the sector of most products whose sector is
    known (:class:`SectorResolver` on each product; :func:`majority_sector`), ``None``
    when none is. Worked out once per catalogue from a pass over the key, HS-code,
    category and name cells (no product built); call it before the rows are shared
    among processes, which inherit it.
    """
    fixed = normalise_sector(config.catalogue.sector)
    if fixed is not None:
        return fixed
    return majority_sector(_counts(catalogue, config).elements())


def catalogue_sectors(catalogue: Catalogue, config: Config) -> frozenset[str | None]:
    """The sectors of the products of ``catalogue`` (``None``: a product nothing says the
    sector of); just the configured one when ``[catalogue] sector`` is set."""
    fixed = normalise_sector(config.catalogue.sector)
    if fixed is not None:
        return frozenset({fixed})
    return frozenset(_counts(catalogue, config))


def _counts(catalogue: Catalogue, config: Config) -> Counter[str | None]:
    key = id(catalogue)
    known = _KNOWN.get(key)
    if known is not None and known[0]() is catalogue:
        return known[1]
    counts = Counter(product_sectors(catalogue, config))
    _KNOWN[key] = (weakref.ref(catalogue, lambda _: _KNOWN.pop(key, None)), counts)
    return counts


def product_sectors(catalogue: Catalogue, config: Config) -> Iterator[str | None]:
    """The sector of each product of ``catalogue``, as :class:`SectorResolver` finds it."""
    reader = catalogue.reader
    if reader is None:  # a catalogue built in memory: its products are at hand
        resolve = SectorResolver(config)
        yield from map(resolve, catalogue.iter_products())
        return
    from export_kit.catalogue.parsing import ParseError, cell_text, parse_hs_code

    def of_hs(cell: object) -> tuple[bool, str | None]:
        # (whether the cell reads as an HS code, the sector of the code)
        try:
            return True, sector_of_hs(parse_hs_code(cell))
        except ParseError:
            return False, None

    # per product: whether an HS code was read and its sector (the first code that
    # reads decides, as Product.first does), the first category, the first name
    firsts: dict[str, list[Any]] = {}
    hs_memo: dict[object, tuple[bool, str | None]] = {}  # codes repeat: each read once
    for key, (hs_cell, category, name) in reader.cells_by_key(("hs_code", "category", "name")):
        found = firsts.get(key)
        if found is None:
            found = firsts[key] = [False, None, None, None]
        elif found[1] is not None:
            continue  # settled by its HS code
        if not found[0] and hs_cell != "":
            read = hs_memo.get(hs_cell)
            if read is None:
                read = hs_memo[hs_cell] = of_hs(hs_cell)
            if read[0]:
                found[0], found[1] = read
                if found[1] is not None:
                    continue
        if found[2] is None and category != "":
            text = category.strip() if isinstance(category, str) else cell_text(category).strip()
            found[2] = text or None
        if found[3] is None and name != "":
            text = name.strip() if isinstance(name, str) else cell_text(name).strip()
            found[3] = text or None
    words: dict[str, str | None] = {}
    for _, sector, category, name in firsts.values():
        for words_of in (category, name):
            if sector is not None or not words_of:
                continue
            if words_of not in words:
                words[words_of] = sector_of_words(words_of)
            sector = words[words_of]
        yield sector
