"""`export-kit.toml`: found, parsed and validated.

Found as ``--config FILE``, else beside the catalogue, else in the current folder. Unknown
keys are errors that name the key, so a typo never silently does nothing.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from export_kit.errors import ConfigError

__all__ = [
    "CONFIG_NAME",
    "BrandConfig",
    "CatalogueConfig",
    "Config",
    "LimitsConfig",
    "PlatformConfig",
    "PricingConfig",
    "TranslationConfig",
    "find_config",
    "load_config",
]

CONFIG_NAME = "export-kit.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class BrandConfig(_Section):
    """``[brand]``: the brand when the catalogue has no brand column, and its Chinese name."""

    name: str | None = None
    name_zh: str | None = Field(default=None, alias="chinese_name")


class CatalogueConfig(_Section):
    """``[catalogue]``: how to read the file when detection needs help."""

    sheet: str | None = None
    encoding: str | None = None
    #: the header's row as a spreadsheet numbers it; 0: no header row, the first line is
    #: a product (columns named by letter)
    header_row: int | None = Field(default=None, ge=0)
    #: cosmetics, food, wine, spirits, fashion, other: decides which claim rules apply
    sector: str | None = None


class LimitsConfig(_Section):
    """``[limits]``: what a workbook may declare and inflate to before it is read (each
    protects the machine from a file that would exhaust its memory, disk or time)."""

    #: the parts of a workbook (pictures left out) inflated together, in MB (a zip bomb)
    max_inflated_mb: int = Field(default=4096, gt=0)
    #: one part's inflated size over its compressed size, for parts of 4 MB or more
    max_ratio: int = Field(default=200, gt=0)
    #: one text without markup: a cell, a shared string, or whitespace, in MB
    max_cell_mb: float = Field(default=1.0, gt=0)
    #: the rectangle of a sheet from A1 to its last used row and column, in cells
    #: (python-calamine holds it at 32 bytes a cell: 100 million cells is 3.2 GB)
    max_range_cells: int = Field(default=100_000_000, gt=0)
    #: beyond range_floor cells, the rectangle may be at most this many times the cells
    #: present (a stray cell far from the data)
    range_factor: int = Field(default=20, gt=0)
    range_floor: int = Field(default=4_000_000, ge=0)


class PricingConfig(_Section):
    """``[pricing]``: exchange rate, markup, rounding and the CBEC tax."""

    eur_cny: Decimal | None = Field(default=None, gt=0, le=1000)
    rate_date: dt.date | None = None
    markup: Decimal = Decimal("0")
    rounding: Literal["cent", "yuan", "ending-8", "ending-9"] = "cent"
    #: add French VAT back to a tax-excluded price when that is the only price
    add_vat_to_excl: bool = False
    french_vat: Decimal = Decimal("0.20")
    max_rate_age_days: int = 7
    cbec_transaction_limit: Decimal = Decimal("5000")
    cbec_annual_limit: Decimal = Decimal("26000")
    cbec_tax_factor: Decimal = Decimal("0.7")
    vat: Decimal = Decimal("0.13")
    consumption_tax: dict[str, Decimal] = Field(
        default_factory=lambda: {
            "general": Decimal("0"),
            "cosmetics-high-end": Decimal("0.15"),
            "wine": Decimal("0.10"),
            "spirits": Decimal("0.10"),
        }
    )
    high_end_per_ml_or_g: Decimal = Decimal("10")
    high_end_per_piece: Decimal = Decimal("15")


class TranslationConfig(_Section):
    """``[translation]``: provider, glossary and limits."""

    provider: str | None = None
    glossary: Path | None = None
    brands: Path | None = None
    do_not_translate: list[str] = Field(default_factory=list)
    #: let listings use Chinese that failed a check against its French (needs-review)
    accept_unchecked: bool = False
    timeout: float = Field(default=10.0, gt=0)
    retries: int = Field(default=3, ge=0)
    concurrency: int = Field(default=4, ge=1)
    libre_url: str | None = None
    libre_api_key: str | None = None
    deepl_api_key: str | None = None
    microsoft_api_key: str | None = None
    microsoft_region: str | None = None
    baidu_appid: str | None = None
    baidu_appkey: str | None = None


class PlatformConfig(_Section):
    """``[platforms.NAME]``: overrides of a platform's rules, its category map and API."""

    categories: dict[str, str] = Field(default_factory=dict)
    title_max: int | None = Field(default=None, gt=0)
    #: how title_max counts: "gbk-bytes" (a Chinese character is 2) or "chars"
    title_unit: Literal["gbk-bytes", "chars"] | None = None
    #: the title's parts in order: "{brand_zh} {brand} {name_zh} {net_content}"
    title: str | None = None
    #: the parts dropped, in this order, while the title is too long
    title_drop: list[str] | None = None
    description_max: int | None = Field(default=None, gt=0)
    max_images: int | None = Field(default=None, gt=0)
    required: list[str] | None = None
    recommended: list[str] | None = None
    endpoint: str | None = None
    sign_method: str | None = None
    rate_limit: float | None = Field(default=None, gt=0)
    concurrency: int | None = Field(default=None, ge=1)
    app_key_env: str | None = None
    app_secret_env: str | None = None
    session_env: str | None = None


class Config(_Section):
    """The whole ``export-kit.toml``."""

    brand: BrandConfig = Field(default_factory=BrandConfig)
    catalogue: CatalogueConfig = Field(default_factory=CatalogueConfig)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    mapping: dict[str, str] = Field(default_factory=dict)
    pricing: PricingConfig = Field(default_factory=PricingConfig)
    translation: TranslationConfig = Field(default_factory=TranslationConfig)
    rules: dict[str, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)
    platforms: dict[str, PlatformConfig] = Field(default_factory=dict)
    #: the file this configuration was read from (None: defaults)
    path: Path | None = Field(default=None, exclude=True)

    def resolve(self, value: Path | None) -> Path | None:
        """A path from the config, taken relative to the config file's folder."""
        if value is None or value.is_absolute() or self.path is None:
            return value
        return self.path.parent / value


def find_config(explicit: Path | None, catalogue: Path | None = None) -> Path | None:
    """The config to use: ``--config``, else beside the catalogue, else the current folder."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"Config file {explicit} does not exist. Check --config.")
        return explicit
    if catalogue is not None:
        beside = catalogue.parent / CONFIG_NAME
        if beside.is_file():
            return beside
    here = Path.cwd() / CONFIG_NAME
    return here if here.is_file() else None


def load_config(explicit: Path | None = None, catalogue: Path | None = None) -> Config:
    """Find, read and validate the configuration; defaults when there is none."""
    path = find_config(explicit, catalogue)
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config ({exc}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}). Fix the file.") from None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(path, exc)) from None
    config.path = path
    return config


def _describe(path: Path, exc: ValidationError) -> str:
    problems = []
    for err in exc.errors(include_url=False):
        key = ".".join(str(part) for part in err["loc"])
        if err["type"] == "extra_forbidden":
            problems.append(f"unknown key '{key}'")
        else:
            problems.append(f"'{key}': {err['msg']}")
    return f"{path}: " + "; ".join(problems) + ". Fix the config (see export-kit init)."
