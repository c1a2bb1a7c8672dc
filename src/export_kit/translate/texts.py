""":class:`ChineseTexts`: the Chinese of catalogue texts, offline (no provider).

Lookup order for a text: the catalogue row's own ``name_zh``/``description_zh`` (human);
a human-approved memory entry; the glossary, then the brand registry (whole text; the
built-in colour and size words for those fields); any other memory entry (machine); and
when the whole text is in none of those, its units (text nodes of an HTML description,
segments of a category path, sentence chunks of a long text) looked up the same way, all
of which must be found. A text without letters (``38``), a size code (``XL``) and a text
made only of quantities and brand names (``Lancôme 50 ml`` → ``Lancôme 50ml``) are their
own Chinese.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from export_kit.catalogue.base import Catalogue
from export_kit.config import Config
from export_kit.model import TEXT_FIELDS, Product, Sku
from export_kit.translate.glossary import BrandRegistry, Glossary, load_brands, load_glossary
from export_kit.translate.memory import Known, MemoryEntry, TranslationMemory
from export_kit.translate.normalise import normalise
from export_kit.translate.placeholders import Protector
from export_kit.translate.segments import Segmented, segment

if TYPE_CHECKING:
    from export_kit.translate.checking import TextChecker

__all__ = [
    "BoundedCache",
    "ChineseTexts",
    "Resolution",
    "load_snapshot",
    "sidecars_of",
    "snapshot_key",
    "snapshot_limit",
]

_SIZE_CODE = re.compile(
    r"(?:\d*X{0,4}[SML]|XXS|\d+(?:[.,]\d+)?(?:\s?(?:EU|FR|UK|US|IT))?|T\d{1,2}"
    r"|\d{1,3}\s?[A-H]{1,2}|\d+\s?/\s?\d+|(?:EU|FR|UK|US|IT)\s?\d+(?:[.,]\d)?)",
    re.IGNORECASE,
)
#: distinct texts remembered per cache. Texts repeat within a catalogue (variants share a
#: name, a description, a category; colours and sizes come from short lists), so a few
#: thousand recent ones catch nearly every repeat while memory stays flat as rows grow.
_CACHE_LIMIT = 4096
_HUMAN_COLUMNS = {"name": "name_zh", "description": "description_zh"}
_KINDS = frozenset({"category", "colour", "size"})
_ORIGIN_RANK = {"glossary": 0, "human": 1}  # machine:* ranks 2: the weakest origin wins
#: products read ahead by :meth:`ChineseTexts.prefetching`: a chunk's texts cost one query
_PREFETCH = 256
#: once a run has asked for an eighth of the memory's entries, it loads them all at once
#: (a scan costs a third of look-ups by key), unless the memory is bigger than this
_SNAPSHOT_SHARE = 8
_SNAPSHOT_MAX = 500_000
#: a catalogue file's bytes per memory entry it may ask for (xlsx ~200 per row)
_BYTES_PER_ENTRY = 64


@dataclass(frozen=True, slots=True)
class Resolution:
    """The Chinese of a text, where it came from and whether a person approved it."""

    chinese: str | None
    origin: str | None
    approved: bool

    @property
    def status(self) -> str:
        """Review status: ``approved``, ``glossary``, ``machine`` or ``missing``."""
        from export_kit.translate.exchange import status_of

        return status_of(self.origin, self.approved)


_MISSING = Resolution(None, None, False)
#: marks a text whose memory entry was not fetched ahead (None means: fetched, no entry)
_NOT_FETCHED = MemoryEntry("", "", "", False, "", "")

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedCache(dict[K, V]):
    """A bounded cache that starts again empty when full (a ``dict``: ``get`` and ``in``
    are the dict's own).

    Cheaper than keeping entries in use order (an ``OrderedDict`` costs three times a
    ``dict``) or forgetting the oldest one (deleting from the front of a ``dict`` makes
    finding the next oldest ever slower): texts still in use after thousands of others
    are simply looked up again.
    """

    __slots__ = ("maxsize",)

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize

    def put(self, key: K, value: V) -> None:
        """Remember ``value`` for ``key`` (forgetting every other entry when full)."""
        if len(self) >= self.maxsize:
            self.clear()
        self[key] = value


def snapshot_key(snapshot: Mapping[str, Known], text: str) -> str:
    """The key of ``text`` in a memory snapshot: ``normalise(text)``, without normalising
    a text that is a key already (keys are normal forms, so such a text is its own)."""
    return text if text in snapshot else normalise(text)


def sidecars_of(path: Path) -> list[Path]:
    """Sidecar files of a catalogue that exist: ``cat.xlsx.zh.tmx``, ``cat.zh.xliff``..."""
    found: list[Path] = []
    for base in (path.name, path.stem):
        for suffix in (".zh.tmx", ".zh.xliff", ".zh.xlf"):
            candidate = path.with_name(base + suffix)
            if candidate.is_file() and candidate not in found:
                found.append(candidate)
    return found


def import_sidecars(
    memory: TranslationMemory, catalogue_path: Path, checker: TextChecker | None = None
) -> int:
    """Import a catalogue's sidecars as human translations, once per content; rows changed.

    ``checker``: the checks each imported text must pass to be approved.
    """
    from export_kit.translate.exchange import import_file  # XML readers: only when needed

    changed = 0
    for sidecar in sidecars_of(catalogue_path):
        digest = hashlib.sha256(sidecar.read_bytes()).hexdigest()
        if memory.imported_sha256(sidecar) == digest:
            continue
        changed += import_file(memory, sidecar, checker=checker).changed
        memory.mark_imported(sidecar, digest)
    return changed


def load_snapshot(
    workspace: Path, catalogue_path: Path | None = None, *, size_hint: int = 0
) -> dict[str, Known] | None:
    """Import a catalogue's sidecars, then load the whole memory if it is worth it.

    Worth it when the memory is not much bigger than what the catalogue may ask for: at
    most one entry per ``_BYTES_PER_ENTRY`` bytes of a catalogue file of ``size_hint``
    bytes (and at most ``_SNAPSHOT_MAX``); None otherwise. Opens and closes its own
    connection, so it may run in a thread while the catalogue is read (python-calamine
    releases the GIL while it loads a sheet), before worker processes fork.
    """
    with TranslationMemory.open(Path(workspace)) as memory:
        if catalogue_path is not None:
            import_sidecars(memory, Path(catalogue_path))
        return memory.snapshot(snapshot_limit(size_hint))


def snapshot_limit(size_hint: int) -> int:
    """The most entries worth loading whole for a catalogue file of ``size_hint`` bytes."""
    return min(_SNAPSHOT_MAX, size_hint // _BYTES_PER_ENTRY)


def sidecar_checker(config: Config) -> TextChecker:
    """The checks of imported Chinese under ``config`` (its glossary and brands)."""
    glossary = load_glossary(config)
    return _checker(config, glossary, load_brands(config, glossary), ())


def _checker(
    config: Config, glossary: Glossary, brands: BrandRegistry, extra_brands: Iterable[str]
) -> TextChecker:
    from export_kit.translate.checking import TextChecker

    names = [*brands.names(), *extra_brands]
    if config.brand.name:
        names.append(config.brand.name)
    return TextChecker(
        glossary=glossary.replacements(),
        keep=glossary.keep_terms(),
        brands={b: brands.chinese(b) for b in names if b},
    )


class ChineseTexts:
    """An offline view on the memory, the glossary and the brand registry.

    Open it with :meth:`open` and close it (or use it as a context manager).
    """

    def __init__(
        self,
        memory: TranslationMemory,
        config: Config,
        glossary: Glossary,
        brands: BrandRegistry,
        snapshot: Mapping[str, Known] | None = None,
        *,
        whole_memory: bool = True,
    ) -> None:
        self.memory = memory
        self.config = config
        self.glossary = glossary
        self.brands = brands
        # exact value → resolution: repeated cells skip normalising (100,000-row renders)
        self._exact: dict[str | None, BoundedCache[str, Resolution]] = {
            k: BoundedCache(_CACHE_LIMIT) for k in (None, *_KINDS)
        }
        self._brands: dict[str | None, str | None] = {}
        self._protector = self.protector()
        # memory entries of the texts of the products being read (see prefetching), or
        # the whole memory once a run has proved to need much of it
        self._fetched: dict[str, MemoryEntry | None] = {}
        self._snapshot: Mapping[str, Known] | None = snapshot
        self._whole_memory = whole_memory
        self._asked = 0
        self._memory_size: int | None = None
        self._needs_review: dict[str, str] | None = None
        self._reasons: dict[str | None, BoundedCache[str, str | None]] = {
            k: BoundedCache(_CACHE_LIMIT) for k in (None, *_KINDS)
        }

    @classmethod
    def open(
        cls,
        workspace: Path,
        config: Config,
        catalogue: Catalogue | None = None,
        *,
        snapshot: Mapping[str, Known] | None = None,
        whole_memory: bool = True,
    ) -> ChineseTexts:
        """Open the workspace memory; import the catalogue's sidecar ``.zh.tmx``/``.zh.xliff``.

        ``snapshot``: the memory's entries already loaded (:func:`load_snapshot`).
        ``whole_memory``: may load the whole memory once a run has asked for much of it
        (False for a streamed text catalogue, whose run must stay in flat memory).
        """
        glossary = load_glossary(config)
        brands = load_brands(config, glossary)
        memory = TranslationMemory.open(Path(workspace))
        try:
            if catalogue is not None:
                import_sidecars(
                    memory, Path(catalogue.path), _checker(config, glossary, brands, ())
                )
        except BaseException:
            memory.close()
            raise
        return cls(memory, config, glossary, brands, snapshot, whole_memory=whole_memory)

    def close(self) -> None:
        """Close the memory."""
        self.memory.close()

    def __enter__(self) -> ChineseTexts:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def snapshot(self) -> Mapping[str, Known] | None:
        """The memory loaded whole (keys are normalised texts), or None."""
        return self._snapshot

    def clear_cache(self) -> None:
        """Forget cached lookups (after the memory changed)."""
        for exact in self._exact.values():
            exact.clear()
        self._fetched = {}
        self._snapshot = None
        self._memory_size = None
        self._needs_review = None
        for reasons in self._reasons.values():
            reasons.clear()

    def prefetching(
        self, products: Iterable[Product], fields: Iterable[str] = TEXT_FIELDS
    ) -> Iterator[Product]:
        """Yield ``products`` unchanged, fetching ahead the memory entries of their texts.

        Reads a few hundred products ahead and looks up the texts of their ``fields`` not
        already resolved in one query, instead of one query per text when each is first
        asked for: a 100,000-row catalogue has as many distinct names and descriptions.
        """
        wanted = tuple(fields)
        iterator = iter(products)
        while chunk := list(islice(iterator, _PREFETCH)):
            self._prefetch(chunk, wanted)
            yield from chunk
        self._fetched = {}

    def _prefetch(self, products: list[Product], fields: tuple[str, ...]) -> None:
        if self._snapshot is not None:
            return
        exact = self._exact
        texts: set[str] = set()
        for field in fields:
            cache = exact[field if field in _KINDS else None]
            for product in products:
                for sku in product.skus:
                    value = getattr(sku, field, None)
                    if isinstance(value, str) and value and value not in cache:
                        texts.add(value)
        self._asked += len(texts)
        if self._memory_size is None:
            self._memory_size = len(self.memory)
        if self._whole_memory and self._memory_size <= min(
            _SNAPSHOT_MAX, self._asked * _SNAPSHOT_SHARE
        ):
            self._snapshot = self.memory.snapshot(_SNAPSHOT_MAX)
            if self._snapshot is not None:
                self._fetched = {}
                return
            self._memory_size = _SNAPSHOT_MAX + 1  # it grew meanwhile: look up by chunk
        self._fetched = self.memory.get_by_text(texts) if texts else {}

    # -- public lookups --------------------------------------------------------------------

    def field(self, sku: Sku, field: str) -> str | None:
        """The Chinese of a text field of a row (``name``, ``description``, ``category``,
        ``colour``, ``size``; ``brand`` gives :meth:`brand`); None when there is none."""
        # fast path for repeated cells: render asks for every field of every row
        human_column = _HUMAN_COLUMNS.get(field)
        if human_column is not None:
            human = getattr(sku, human_column, None)
            if isinstance(human, str) and human.strip():
                return human.strip()
        elif field == "brand":
            return self.brand(sku.brand)
        value = getattr(sku, field, None)
        if not isinstance(value, str):
            return None
        snapshot = self._snapshot
        if snapshot is not None and value:
            # a text that is its own memory key with an approved entry: that entry's
            # Chinese, as _resolve would give it (most texts of a translated catalogue)
            known = snapshot.get(value)
            if known is not None and known.approved:
                return known.target
        exact_cache = self._exact[field if field in _KINDS else None]
        hit = exact_cache.get(value)
        if hit is not None:
            return hit.chinese
        if not value.strip():
            return None
        return self._lookup(value, field if field in _KINDS else None, exact_cache).chinese

    def field_resolution(self, sku: Sku, field: str) -> Resolution:
        """Like :meth:`field`, with the origin and approval of the Chinese."""
        if field == "brand":
            chinese = self.brand(sku.brand)
            return Resolution(chinese, "glossary", True) if chinese else _MISSING
        human_column = _HUMAN_COLUMNS.get(field)
        if human_column is not None:
            human = getattr(sku, human_column, None)
            if isinstance(human, str) and human.strip():
                return Resolution(human.strip(), "human", True)
        value = getattr(sku, field, None)
        if not isinstance(value, str) or not value.strip():
            return _MISSING
        return self.resolve(value, field)

    def brand(self, brand: str | None) -> str | None:
        """The registered Chinese name of a brand (None: the config's ``[brand]``)."""
        try:
            return self._brands[brand]
        except KeyError:
            pass
        if brand is None or not brand.strip():
            found = self.config.brand.name_zh or self.brands.chinese(self.config.brand.name)
        else:
            found = self.brands.chinese(brand)
        if len(self._brands) < _CACHE_LIMIT:
            self._brands[brand] = found
        return found

    @property
    def default_brand(self) -> str | None:
        """The config's ``[brand] name``, for catalogues without a brand column."""
        return self.config.brand.name

    def resolve(self, text: str, field: str | None = None) -> Resolution:
        """The Chinese of a French text with its origin (cached per distinct text)."""
        kind = field if field in _KINDS else None
        exact_cache = self._exact[kind]
        exact = exact_cache.get(text)
        if exact is not None:
            return exact
        return self._lookup(text, kind, exact_cache)

    def _lookup(
        self, text: str, kind: str | None, exact_cache: BoundedCache[str, Resolution]
    ) -> Resolution:
        """:meth:`resolve` of a text not in ``exact_cache`` (the cache of its kind)."""
        # keyed by the text as written: spellings that normalise the same are rare
        # enough that a second, normalised cache cost more than it saved
        result = self._resolve(text, kind)
        exact_cache.put(text, result)
        return result

    def checker(self, extra_brands: Iterable[str] = ()) -> TextChecker:
        """The checks of a Chinese text against its French (glossary, keep terms, brands)."""
        return _checker(self.config, self.glossary, self.brands, extra_brands)

    @property
    def needs_review(self) -> Mapping[str, str]:
        """Texts (normalised) whose Chinese failed a check, with the reasons (loaded once)."""
        if self._needs_review is None:
            self._needs_review = self.memory.needs_review()
        return self._needs_review

    def review_reasons(self, sku: Sku, field: str) -> str | None:
        """Why the Chinese of a row's text field needs review; None when it may be used.

        Chinese of the catalogue's own Chinese column, or approved by a person, is used
        as it is; a machine text (or one of its units) that failed a check is not.
        """
        flagged = self.needs_review
        if not flagged:
            return None
        human_column = _HUMAN_COLUMNS.get(field)
        if human_column is not None:
            human = getattr(sku, human_column, None)
            if isinstance(human, str) and human.strip():
                return None
        value = getattr(sku, field, None)
        if not isinstance(value, str) or not value.strip():
            return None
        kind = field if field in _KINDS else None
        # variants repeat their product's name and description: each text is cut once
        cache = self._reasons[kind]
        if value in cache:
            return cache[value]
        snapshot = self._snapshot
        key = snapshot_key(snapshot, value) if snapshot is not None else normalise(value)
        reasons = flagged.get(key)
        # a text the memory holds whole is used whole: its units' flags do not apply
        whole = key in snapshot if snapshot is not None else self._fetched.get(value) is not None
        if reasons is None and not whole:
            for unit in segment(value, kind).units:
                if unit.key in flagged:
                    reasons = flagged[unit.key]
                    break
        cache.put(value, reasons)
        return reasons

    def protector(self, extra_keep: Iterable[str] = ()) -> Protector:
        """Placeholders for provider calls: registered brands, keep terms, glossary terms."""
        keep = [*self.brands.names(), *self.glossary.keep_terms(), *extra_keep]
        if self.config.brand.name:
            keep.append(self.config.brand.name)
        return Protector(keep=keep, replace=self.glossary.replacements())

    # -- internals ---------------------------------------------------------------------------

    def whole(
        self,
        text: str,
        field: str | None,
        entry: MemoryEntry | Known | None,
        *,
        protect: bool = True,
    ) -> Resolution | None:
        """The whole-text lookup (memory, glossary, brands), given its memory entry.

        With ``protect``, a text made only of quantities, brand names and keep terms is its
        own Chinese (``50 ml`` → ``50ml``).
        """
        if entry is not None and entry.approved:
            return Resolution(entry.target, entry.origin, True)
        chinese = self.glossary.lookup(text, field)
        if chinese is None and field != "size":
            chinese = self.brands.chinese(text)
        if chinese is not None:
            return Resolution(chinese, "glossary", True)
        if field == "size" and _SIZE_CODE.fullmatch(text.strip()):
            return Resolution(text.strip(), "glossary", True)
        if entry is not None:
            return Resolution(entry.target, entry.origin, False)
        if not protect:
            return None
        protected = self._protector.protect(text)
        if not protected.needs_translation:  # only quantities, brands, keep terms
            restored = protected.restore(protected.text)
            if restored is not None:
                return Resolution(restored, "glossary", True)
        return None

    def _resolve(self, text: str, field: str | None) -> Resolution:
        snapshot = self._snapshot
        entry: MemoryEntry | Known | None
        if snapshot is not None:
            entry = snapshot.get(snapshot_key(snapshot, text))
        else:
            entry = self._fetched.get(text, _NOT_FETCHED)
            if entry is _NOT_FETCHED:
                entry = self.memory.get(text)
        found = self.whole(text, field, entry, protect=False)
        if found is not None:
            return found
        segmented = segment(text, field)
        units = segmented.units
        if len(units) == 1 and segmented.parts == (units[0],) and units[0].key == normalise(text):
            return self.whole(text, field, entry) or _MISSING  # the text is its only unit
        entries: Mapping[str, MemoryEntry | Known]
        if snapshot is not None:
            entries = {u.key: snapshot[u.key] for u in units if u.key in snapshot}
        else:
            entries = self.memory.get_many(u.text for u in units)
        return self.combine(segmented, entries, field)

    def combine(
        self, segmented: Segmented, entries: Mapping[str, MemoryEntry | Known], field: str | None
    ) -> Resolution:
        """Rebuild a segmented text from its units' lookups; missing if one is missing."""
        found: dict[str, Resolution] = {}
        for unit in segmented.units:
            if unit.key in found:
                continue
            hit = self.whole(unit.text, field, entries.get(unit.key))
            if hit is None:
                return _MISSING
            found[unit.key] = hit
        chinese = segmented.rebuild(lambda u: found[u.key].chinese)
        if chinese is None:
            return _MISSING
        if not found:
            return Resolution(chinese, "glossary", True)
        weakest = max(found.values(), key=lambda r: _ORIGIN_RANK.get(r.origin or "", 2))
        return Resolution(chinese, weakest.origin, all(r.approved for r in found.values()))
