"""Platform definitions, the config's overrides, title lengths and the category map."""

from __future__ import annotations

import re

import pytest

from export_kit.config import Config, PlatformConfig
from export_kit.errors import ConfigError, UnknownPluginError
from export_kit.platforms import (
    CategoryMap,
    category_id,
    get_platform,
    list_platforms,
    overridden_rules,
    text_length,
)

# --- lengths as the platforms count them ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gbk_bytes", "chars"),
    [
        # 兰蔻 2+2, space 1, "Lanc" 4, ô (not in GBK) 2, "me" 2, space 1, "50ml" 4
        ("兰蔻 Lancôme 50ml", 18, 15),
        # 娇韵诗 6, （ 2, Clarins 7, ） 2, 双萃精华 8, ， 2, 50ml 4
        ("娇韵诗（Clarins）双萃精华，50ml", 31, 21),
        # 100% 4, space 1, 纯天然 6, ！ 2
        ("100% 纯天然！", 13, 9),
        # C r 2, è (in GBK) 2, m e 2, space 1, 50ml 4
        ("Crème 50ml", 11, 10),
        # caf 3, é 2, ™ (not in GBK) 2
        ("café™", 7, 5),
        # 、 and 。 are 2 bytes each, the full-width space too: 7 x 2
        ("香水、精华。\u3000", 14, 7),
        ("😀", 2, 1),
        ("", 0, 0),
    ],
)
def test_text_length_in_gbk_bytes_and_characters(text: str, gbk_bytes: int, chars: int) -> None:
    assert text_length(text, "gbk-bytes") == gbk_bytes
    assert text_length(text, "chars") == chars


def test_an_unknown_length_unit_is_a_bug() -> None:
    with pytest.raises(ValueError, match="unknown length unit"):
        text_length("abc", "utf8-bytes")


# --- the built-in platforms -----------------------------------------------------------------


def test_tmall_global_rules() -> None:
    tmall = get_platform("tmall-global", Config())
    assert (tmall.feed_file, tmall.template) == ("tmall-global.xml", "tmall-global.xml.j2")
    assert (tmall.title_max, tmall.title_unit) == (60, "gbk-bytes")
    assert (tmall.description_max, tmall.max_images, tmall.price_unit) == (25000, 5, "yuan")
    assert tmall.api == "top"
    assert tmall.confirmed["title_limit"] is True and tmall.confirmed["max_images"] is False
    assert dict(tmall.severity_defaults) == {
        "missing-image": "error",
        "missing-hs-code": "error",
        "restricted-ean": "error",
    }
    assert tmall.required == (
        "sku",
        "title_zh",
        "brand",
        "price",
        "images",
        "hs_code",
        "description_zh",
    )
    assert "shelf_life_months" in tmall.recommended and "ean" in tmall.recommended


def test_jd_worldwide_limits_are_unconfirmed_defaults() -> None:
    jd = get_platform("jd-worldwide", Config())
    assert (jd.feed_file, jd.template, jd.api) == ("jd-worldwide.csv", "jd-worldwide.csv.j2", "jos")
    assert not any(jd.confirmed.values())
    assert jd.max_images is None and jd.description_max is None


def test_douyin_global_counts_characters_and_prices_in_fen() -> None:
    douyin = get_platform("douyin-global", Config())
    assert douyin.feed_file == "douyin-global.jsonl"
    assert (douyin.title_max, douyin.title_unit, douyin.max_images) == (30, "chars", 5)
    assert douyin.price_unit == "fen"
    assert douyin.api is None


def test_an_unknown_platform_lists_the_names() -> None:
    with pytest.raises(UnknownPluginError) as caught:
        get_platform("tmal-global", Config())
    assert caught.value.exit_code == 3
    assert str(caught.value) == (
        "Unknown platform 'tmal-global'. Available: douyin-global, jd-worldwide, tmall-global."
    )


def test_list_platforms_gives_the_three_in_order() -> None:
    assert [p.name for p in list_platforms(Config())] == [
        "tmall-global",
        "jd-worldwide",
        "douyin-global",
    ]


def test_the_json_shape_of_a_platform() -> None:
    data = get_platform("douyin-global", Config()).to_dict()
    assert data == {
        "name": "douyin-global",
        "feed_file": "douyin-global.jsonl",
        "title_limit": {"max": 30, "unit": "chars"},
        "title": {
            "template": "{brand_zh} {brand} {name_zh} {net_content}",
            "drop": ["brand", "net_content", "brand_zh"],
        },
        "description_limit": None,
        "max_images": 5,
        "price_unit": "fen",
        "required": ["sku", "title_zh", "brand", "price", "images", "hs_code", "description_zh"],
        "recommended": [
            "ean",
            "net_content",
            "weight_kg",
            "stock",
            "category",
            "shelf_life_months",
        ],
        "confirmed": {
            "title_limit": True,
            "description_limit": False,
            "max_images": True,
            "price_unit": False,
        },
    }


# --- [platforms.NAME] overrides ---------------------------------------------------------------


def test_the_config_overrides_limits_and_fields() -> None:
    config = Config(
        platforms={
            "tmall-global": PlatformConfig(
                title_max=50,
                max_images=8,
                required=["sku", "title_zh", "brand", "price", "images", "ean"],
                categories={"Parfums": "50010815"},
            )
        }
    )
    tmall = get_platform("tmall-global", config)
    assert (tmall.title_max, tmall.max_images) == (50, 8)
    assert tmall.confirmed["title_limit"] is False and tmall.confirmed["max_images"] is False
    assert tmall.confirmed["description_limit"] is True
    assert overridden_rules(tmall) == {"title_limit", "max_images"}
    assert "ean" in tmall.required and "ean" not in tmall.recommended
    # hs_code is no longer required: missing-hs-code keeps its default severity
    assert dict(tmall.severity_defaults) == {"missing-image": "error", "restricted-ean": "error"}
    assert tmall.category_id("Parfums > Femme") == "50010815"
    # the other platforms keep their own values
    assert get_platform("jd-worldwide", config).max_images is None


def test_douyin_can_be_told_to_count_60_gbk_bytes() -> None:
    config = Config(
        platforms={"douyin-global": PlatformConfig(title_max=60, title_unit="gbk-bytes")}
    )
    douyin = get_platform("douyin-global", config)
    assert (douyin.title_max, douyin.title_unit) == (60, "gbk-bytes")
    assert douyin.confirmed["title_limit"] is False


def test_an_override_equal_to_the_default_stays_confirmed() -> None:
    tmall = get_platform(
        "tmall-global", Config(platforms={"tmall-global": PlatformConfig(title_max=60)})
    )
    assert tmall.confirmed["title_limit"] is True
    assert overridden_rules(tmall) == frozenset()


def test_an_unknown_field_in_required_is_a_config_error() -> None:
    config = Config(platforms={"tmall-global": PlatformConfig(recommended=["ean", "colour_zh"])})
    with pytest.raises(
        ConfigError, match=r"\[platforms.tmall-global\] recommended: unknown field 'colour_zh'"
    ):
        get_platform("tmall-global", config)


def test_a_misspelt_platform_in_the_config_is_a_config_error() -> None:
    config = Config(platforms={"tmall": PlatformConfig(title_max=50)})
    with pytest.raises(ConfigError, match=r"\[platforms.tmall\] in the config is not a platform"):
        list_platforms(config)


# --- category map ------------------------------------------------------------------------------

CATEGORIES = {
    "Parfums": "1000",
    "Parfums > Femme": "1001",
    "Soins/Visage": "2000",
    "Épicerie fine > Chocolats": "3000",
}


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("Parfums > Femme", "1001"),  # exact
        ("parfums/femme", "1001"),  # other separator and case
        ("  Parfums  >  Femme ", "1001"),  # spaces
        ("Soins > Visage", "2000"),
        ("epicerie fine | chocolats", "3000"),  # accents and |
        ("Parfums > Femme > Eau de parfum", "1001"),  # longest mapped parent
        ("Parfums > Homme", "1000"),
        ("Soins > Corps", None),
        ("Maroquinerie", None),
        ("", None),
        (None, None),
    ],
)
def test_category_lookup(category: str | None, expected: str | None) -> None:
    assert category_id(category, CATEGORIES) == expected
    assert CategoryMap(CATEGORIES).lookup(category) == expected


def test_the_exact_key_wins_over_a_normalised_one() -> None:
    table = {"parfums": "1", "Parfums": "2"}
    assert category_id("Parfums", table) == "2"
    assert category_id("parfums", table) == "1"


def test_the_config_sets_a_platforms_title_template_and_drop_order() -> None:
    config = Config(
        platforms={
            "jd-worldwide": PlatformConfig(
                title="【{brand_zh}】 {name_zh} {net_content}", title_drop=["net_content"]
            )
        }
    )
    jd = get_platform("jd-worldwide", config)
    assert jd.title_template == "【{brand_zh}】 {name_zh} {net_content}"
    assert jd.title_drop == ("net_content",)
    assert get_platform("tmall-global", config).title_drop == ("brand", "net_content", "brand_zh")


@pytest.mark.parametrize(
    ("title", "drop", "says"),
    [
        ("{brand} {name}", None, "unknown part {name}"),
        ("{brand_zh} {brand}", None, "must hold {name_zh}"),
        (None, ["name_zh"], "'name_zh' is not a part"),
        ("{brand_zh} {name_zh}", ["brand"], "'brand' is not a part"),
    ],
)
def test_a_wrong_title_template_is_a_config_error(
    title: str | None, drop: list[str] | None, says: str
) -> None:
    config = Config(platforms={"tmall-global": PlatformConfig(title=title, title_drop=drop)})
    with pytest.raises(ConfigError, match=re.escape(says)) as caught:
        get_platform("tmall-global", config)
    assert "[platforms.tmall-global]" in str(caught.value)
