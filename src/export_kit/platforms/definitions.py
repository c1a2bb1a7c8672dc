"""The built-in marketplaces, as data.

Each limit says whether a public source confirms it (``confirmed``) and which source
(``SOURCES``); the research is in ../shared/domain/NOTES.md §4 and §8. A limit no source
confirms is a configurable default: ``[platforms.NAME]`` in export-kit.toml overrides any
value here, and ``export-kit platforms`` marks it "(default, unconfirmed)".

Field names in ``required``/``recommended`` are canonical fields plus
``title_zh`` (the Chinese title composed for the platform) and ``description_zh`` (the
Chinese description, from the catalogue or the translation memory).
"""

from __future__ import annotations

from typing import Any

__all__ = ["BUILTIN", "DEFAULT_RECOMMENDED", "DEFAULT_REQUIRED", "RULES", "SOURCES"]

#: required by every marketplace: an empty one is an error
DEFAULT_REQUIRED: tuple[str, ...] = (
    "sku",
    "title_zh",
    "brand",
    "price",
    "images",
    "hs_code",
    "description_zh",
)
#: recommended: an empty one is a ``missing-recommended`` warning
#: (``shelf_life_months`` only for food and cosmetics)
DEFAULT_RECOMMENDED: tuple[str, ...] = (
    "ean",
    "net_content",
    "weight_kg",
    "stock",
    "category",
    "shelf_life_months",
)

#: the rules ``confirmed`` speaks of
RULES: tuple[str, ...] = ("title_limit", "description_limit", "max_images", "price_unit")

BUILTIN: dict[str, dict[str, Any]] = {
    "tmall-global": {
        "feed_file": "tmall-global.xml",
        "template": "tmall-global.xml.j2",
        "title_max": 60,
        "title_unit": "gbk-bytes",
        "title": "{brand_zh} {brand} {name_zh} {net_content}",
        "title_drop": ("brand", "net_content", "brand_zh"),
        "description_max": 25000,
        "max_images": 5,
        "price_unit": "yuan",
        "api": "top",
        "confirmed": {
            "title_limit": True,
            "description_limit": True,
            "max_images": False,
            "price_unit": True,
        },
    },
    "jd-worldwide": {
        "feed_file": "jd-worldwide.csv",
        "template": "jd-worldwide.csv.j2",
        # No public source states JD's title limit: Tmall's, the strictest known, is
        # the default, so a title that passes here passes there too.
        "title_max": 60,
        "title_unit": "gbk-bytes",
        "title": "{brand_zh} {brand} {name_zh} {net_content}",
        "title_drop": ("brand", "net_content", "brand_zh"),
        "description_max": None,
        "max_images": None,
        "price_unit": "yuan",
        "api": "jos",
        "confirmed": {
            "title_limit": False,
            "description_limit": False,
            "max_images": False,
            "price_unit": False,
        },
    },
    "douyin-global": {
        "feed_file": "douyin-global.jsonl",
        "template": "douyin-global.jsonl.j2",
        # "最多60个字符(30个汉字)": 30 characters is the reading that can never be
        # rejected; title_unit = "gbk-bytes" with title_max = 60 is the looser one.
        "title_max": 30,
        "title_unit": "chars",
        "title": "{brand_zh} {brand} {name_zh} {net_content}",
        "title_drop": ("brand", "net_content", "brand_zh"),
        "description_max": None,
        "max_images": 5,
        "price_unit": "fen",
        # No public source for Douyin's request signing: feed only.
        "api": None,
        "confirmed": {
            "title_limit": True,
            "description_limit": False,
            "max_images": True,
            "price_unit": False,
        },
    },
}

#: where each confirmed value was read, and why an unconfirmed one is what it is
SOURCES: dict[str, dict[str, str]] = {
    "tmall-global": {
        "title_limit": "taobao.item.add: title 不能超过30字符 / 60字节 (TOP SDK docstrings, "
        "developer.alibaba.com apiId=42953); GBK counting inferred",
        "description_limit": "taobao.item.add: desc 小于25000个字符",
        "max_images": "5 main images is a seller convention; no official rule page reachable",
        "price_unit": "taobao.item.add: price 单位:元, 2 decimals",
    },
    "jd-worldwide": {
        "title_limit": "not found in a public source; Tmall's limit used as a safe default",
        "description_limit": "not found in a public source",
        "max_images": "not found in a public source",
        "price_unit": "jdPrice in yuan as SDK examples use it; unit not documented",
    },
    "douyin-global": {
        "title_limit": "product.editCbProduct: name 最多60个字符(30个汉字) "
        "(SDK parameter metadata)",
        "description_limit": "not found in a public source",
        "max_images": "product.editCbProduct: pic 最多5张",
        "price_unit": "some Douyin SDK models take prices in fen (分); single source",
    },
}
