"""The marketplaces: their listing rules as data, with the config's overrides.

``get_platform("tmall-global", config)`` gives the built-in definition of
:mod:`export_kit.platforms.definitions` with ``[platforms.tmall-global]`` applied: any limit,
the required and recommended fields, and the category map (French category → platform
category id).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, cast

from export_kit.config import Config, PlatformConfig
from export_kit.errors import ConfigError, UnknownPluginError
from export_kit.model import CANONICAL_FIELDS
from export_kit.platforms.definitions import (
    BUILTIN,
    DEFAULT_RECOMMENDED,
    DEFAULT_REQUIRED,
    RULES,
    SOURCES,
)

__all__ = [
    "DEFAULT_TITLE_DROP",
    "DEFAULT_TITLE_TEMPLATE",
    "FIELD_NAMES",
    "RULES",
    "TITLE_PARTS",
    "CategoryMap",
    "Platform",
    "category_id",
    "get_platform",
    "list_platforms",
    "overridden_rules",
    "parse_title_template",
    "platform_names",
    "text_length",
]

TitleUnit = Literal["gbk-bytes", "chars"]
PriceUnit = Literal["yuan", "fen"]

#: names a platform's ``required``/``recommended`` lists may use
FIELD_NAMES: frozenset[str] = frozenset(CANONICAL_FIELDS) | {"title_zh", "description_zh"}

#: the parts a title template may name: the brand's Chinese name, the brand as written, the
#: Chinese of the product name, and the net content the variants share
TITLE_PARTS: tuple[str, ...] = ("brand_zh", "brand", "name_zh", "net_content")
#: the title of every built-in platform (JD's short-title rule 品牌名+产品词+规格 too)
DEFAULT_TITLE_TEMPLATE = "{brand_zh} {brand} {name_zh} {net_content}"
#: the parts dropped, in this order, while a title is over the platform's limit
DEFAULT_TITLE_DROP: tuple[str, ...] = ("brand", "net_content", "brand_zh")
#: the name the first versions gave the product words
_PART_ALIASES = {"product": "name_zh"}

_SEPARATORS = re.compile(r"\s*[>/|]\s*")
_SPACES = re.compile(r"\s+")


class CategoryMap(Mapping[str, str]):
    """French category → platform category id, with a tolerant :meth:`lookup`."""

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self._raw: dict[str, str] = dict(mapping or {})
        self._folded: dict[str, str] = {}
        for key, value in self._raw.items():
            self._folded.setdefault(_fold_path(key), value)

    def __getitem__(self, key: str) -> str:
        return self._raw[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"CategoryMap({self._raw!r})"

    def lookup(self, category: str | None) -> str | None:
        """The id of ``category``: the exact key, else the same path written differently
        (case, accents, spaces, ``>``/``/``/``|``), else its longest mapped parent path."""
        if not category or not category.strip():
            return None
        if category in self._raw:
            return self._raw[category]
        folded = _fold_path(category)
        if folded in self._folded:
            return self._folded[folded]
        segments = folded.split(" > ")
        for end in range(len(segments) - 1, 0, -1):
            parent = " > ".join(segments[:end])
            if parent in self._folded:
                return self._folded[parent]
        return None


@dataclass(frozen=True)
class Platform:
    """One marketplace's listing rules, feed and API (rules as data).

    ``title_unit`` says how ``title_max`` counts: ``gbk-bytes`` (a Chinese character is 2
    bytes, ASCII 1; see :func:`text_length`) or ``chars``. ``description_max`` counts
    characters; ``None`` means no known limit. ``confirmed`` says, per rule of
    :data:`RULES`, whether a public source confirms the value. ``severity_defaults`` are
    the severities this platform gives to codes (``[rules]`` of the config wins).
    """

    name: str
    feed_file: str
    template: str
    title_max: int
    title_unit: TitleUnit
    description_max: int | None
    max_images: int | None
    price_unit: PriceUnit
    required: tuple[str, ...]
    recommended: tuple[str, ...]
    confirmed: Mapping[str, bool]
    severity_defaults: Mapping[str, str]
    categories: Mapping[str, str]
    api: str | None
    title_template: str = DEFAULT_TITLE_TEMPLATE
    title_drop: tuple[str, ...] = DEFAULT_TITLE_DROP

    @property
    def sources(self) -> Mapping[str, str]:
        """Where each rule's built-in value comes from (or why it is a default)."""
        return MappingProxyType(SOURCES.get(self.name, {}))

    def category_id(self, category: str | None) -> str | None:
        """The platform category id of a French category (see :meth:`CategoryMap.lookup`)."""
        return category_id(category, self.categories)

    def to_dict(self) -> dict[str, object]:
        """The ``platforms --format json`` entry."""
        return {
            "name": self.name,
            "feed_file": self.feed_file,
            "title_limit": {"max": self.title_max, "unit": self.title_unit},
            "title": {"template": self.title_template, "drop": list(self.title_drop)},
            "description_limit": self.description_max,
            "max_images": self.max_images,
            "price_unit": self.price_unit,
            "required": list(self.required),
            "recommended": list(self.recommended),
            "confirmed": {rule: bool(self.confirmed.get(rule, False)) for rule in RULES},
        }


def platform_names() -> list[str]:
    """Names of the built-in platforms, in their listing order."""
    return list(BUILTIN)


def get_platform(name: str, config: Config) -> Platform:
    """The platform ``name`` with ``[platforms.NAME]`` of the config applied.

    Raises:
        UnknownPluginError: no such platform (the message lists the names).
        ConfigError: ``[platforms]`` names an unknown platform or an unknown field.
    """
    _check_config_names(config)
    if name not in BUILTIN:
        raise UnknownPluginError("platform", name, BUILTIN)
    return _build(name, config.platforms.get(name) or PlatformConfig())


def list_platforms(config: Config) -> list[Platform]:
    """Every built-in platform, with the config's overrides applied."""
    _check_config_names(config)
    return [_build(name, config.platforms.get(name) or PlatformConfig()) for name in BUILTIN]


def overridden_rules(platform: Platform) -> frozenset[str]:
    """The rules of :data:`RULES` whose value the config changed from the built-in one."""
    base = BUILTIN.get(platform.name)
    if base is None:
        return frozenset()
    changed = set()
    if (platform.title_max, platform.title_unit) != (base["title_max"], base["title_unit"]):
        changed.add("title_limit")
    if platform.description_max != base["description_max"]:
        changed.add("description_limit")
    if platform.max_images != base["max_images"]:
        changed.add("max_images")
    if platform.price_unit != base["price_unit"]:
        changed.add("price_unit")
    return frozenset(changed)


def text_length(text: str, unit: str) -> int:
    """The length of ``text`` as a platform counts it.

    ``gbk-bytes``: bytes in GBK (ASCII 1, Chinese characters and full-width punctuation 2);
    a character GBK cannot encode (``ô``, ``ç``, ``€``, ``®``, emoji) counts 2, as a
    double-width character. ``chars``: Unicode characters.
    """
    if unit == "chars":
        return len(text)
    if unit != "gbk-bytes":
        raise ValueError(f"unknown length unit {unit!r} (gbk-bytes or chars)")
    try:
        return len(text.encode("gbk"))
    except UnicodeEncodeError:
        total = 0
        for char in text:
            try:
                total += len(char.encode("gbk"))
            except UnicodeEncodeError:
                total += 2
        return total


def parse_title_template(
    template: str, drop: tuple[str, ...] | list[str] = DEFAULT_TITLE_DROP
) -> tuple[tuple[tuple[str, str | None], ...], ...]:
    """The items of a title template: each a list of ``(literal text, part or None)``.

    Items are the template's words (split at spaces): an item whose parts are all empty
    or dropped leaves the title with the text around them (``【{brand_zh}】``).

    Raises:
        ValueError: an unknown part, a template without ``{name_zh}``, a drop order
            naming ``name_zh`` or a part the template does not hold.
    """
    items: list[tuple[tuple[str, str | None], ...]] = []
    seen: list[str] = []
    for word in template.split():
        pieces: list[tuple[str, str | None]] = []
        try:
            parsed = list(string.Formatter().parse(word))
        except ValueError as exc:
            raise ValueError(f"title template {template!r}: {exc}") from None
        for literal, name, spec, conversion in parsed:
            if name is None:
                pieces.append((literal, None))
                continue
            part = _PART_ALIASES.get(name, name)
            if part not in TITLE_PARTS or spec or conversion:
                raise ValueError(
                    f"title template {template!r}: unknown part {{{name}}}; the parts are "
                    + ", ".join("{" + p + "}" for p in TITLE_PARTS)
                )
            seen.append(part)
            pieces.append((literal, part))
        items.append(tuple(pieces))
    if "name_zh" not in seen:
        raise ValueError(f"title template {template!r} must hold {{name_zh}}, the product words")
    named = [(d, _PART_ALIASES.get(d, d)) for d in drop]
    wrong = [d for d, part in named if part == "name_zh" or part not in seen]
    if wrong:
        raise ValueError(
            f"title drop order {list(drop)!r}: {wrong[0]!r} is not a part of the template "
            f"{template!r} that may be dropped (name_zh is never dropped)"
        )
    return tuple(items)


def category_id(category: str | None, categories: Mapping[str, str]) -> str | None:
    """The id ``categories`` gives ``category``: exact, normalised, or longest parent path."""
    table = categories if isinstance(categories, CategoryMap) else CategoryMap(categories)
    return table.lookup(category)


def _build(name: str, override: PlatformConfig) -> Platform:
    base = BUILTIN[name]
    confirmed = dict(base["confirmed"])
    title_max = base["title_max"]
    title_unit = base["title_unit"]
    if override.title_max is not None and override.title_max != title_max:
        title_max = override.title_max
        confirmed["title_limit"] = False
    if override.title_unit is not None and override.title_unit != title_unit:
        title_unit = override.title_unit
        confirmed["title_limit"] = False
    description_max = base["description_max"]
    if override.description_max is not None and override.description_max != description_max:
        description_max = override.description_max
        confirmed["description_limit"] = False
    max_images = base["max_images"]
    if override.max_images is not None and override.max_images != max_images:
        max_images = override.max_images
        confirmed["max_images"] = False
    required = _fields(name, "required", override.required, DEFAULT_REQUIRED)
    title_template = override.title if override.title is not None else base["title"]
    try:
        if override.title_drop is not None:
            title_drop = tuple(_PART_ALIASES.get(d, d) for d in override.title_drop)
        else:  # the built-in order, of the parts the template holds
            held = {p for item in parse_title_template(title_template, ()) for _, p in item}
            title_drop = tuple(d for d in base["title_drop"] if d in held)
        parse_title_template(title_template, title_drop)
    except ValueError as exc:
        raise ConfigError(f"[platforms.{name}] {exc}. Fix export-kit.toml.") from None
    recommended = tuple(
        f
        for f in _fields(name, "recommended", override.recommended, DEFAULT_RECOMMENDED)
        if f not in required
    )
    severities: dict[str, str] = {}
    if "images" in required:
        severities["missing-image"] = "error"
    if "hs_code" in required:
        severities["missing-hs-code"] = "error"
    # an in-store barcode: the marketplace's product matching rejects it
    severities["restricted-ean"] = "error"
    return Platform(
        name=name,
        feed_file=base["feed_file"],
        template=base["template"],
        title_max=title_max,
        title_unit=cast(TitleUnit, title_unit),
        description_max=description_max,
        max_images=max_images,
        price_unit=cast(PriceUnit, base["price_unit"]),
        required=required,
        recommended=recommended,
        confirmed=MappingProxyType(confirmed),
        severity_defaults=MappingProxyType(severities),
        categories=CategoryMap(override.categories),
        api=base["api"],
        title_template=title_template,
        title_drop=title_drop,
    )


def _fields(
    platform: str, key: str, given: list[str] | None, default: tuple[str, ...]
) -> tuple[str, ...]:
    if given is None:
        return default
    unknown = [f for f in given if f not in FIELD_NAMES]
    if unknown:
        raise ConfigError(
            f"[platforms.{platform}] {key}: unknown field {', '.join(repr(f) for f in unknown)}. "
            f"Fields: {', '.join(sorted(FIELD_NAMES))}."
        )
    return tuple(dict.fromkeys(given))


def _check_config_names(config: Config) -> None:
    unknown = sorted(set(config.platforms) - set(BUILTIN))
    if unknown:
        raise ConfigError(
            f"[platforms.{unknown[0]}] in the config is not a platform. "
            f"Available: {', '.join(sorted(BUILTIN))}. Fix export-kit.toml."
        )


def _fold_path(path: str) -> str:
    decomposed = unicodedata.normalize("NFKD", path.casefold())
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    segments = [_SPACES.sub(" ", s).strip() for s in _SEPARATORS.split(text)]
    return " > ".join(s for s in segments if s)
