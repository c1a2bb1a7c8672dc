"""Titles over the limit: parts dropped, machine Chinese cut at a word boundary (never in a
brand, never Chinese a person wrote), characters GBK cannot encode replaced."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export_kit.config import Config
from export_kit.model import NetContent, Product, Sku
from export_kit.platforms import text_length
from export_kit.translate import ChineseTexts
from export_kit.translate.memory import TranslationMemory
from export_kit.translate.normalise import normalise
from export_kit.translate.title import (
    GBK_REPLACEMENTS,
    TitleTemplate,
    build_title,
    gbk_replacement,
    shorten_title,
)
from export_kit.translate.wordcut import boundaries, cut_words, words

#: 24 Chinese characters of a machine translation: 48 bytes in GBK
LONG_ZH = "兰蔻小黑瓶精华肌底液修护保湿抗皱紧致提亮肤色"


def _product(name: str, *, name_zh: str | None = None, brand: str = "Lancôme") -> Product:
    return Product(
        outer_id="P1",
        skus=[
            Sku(
                row=2,
                sku="P1",
                name=name,
                name_zh=name_zh,
                brand=brand,
                net_content=NetContent(quantity=Decimal("50"), unit="ml"),
            )
        ],
    )


@pytest.fixture
def texts(tmp_path: Path) -> ChineseTexts:
    with TranslationMemory.open(tmp_path) as memory:
        memory.add_machine("Concentré long", LONG_ZH + "淡化细纹适合所有肤质", "libre")
        memory.add_human("Concentré relu", LONG_ZH + "淡化细纹适合所有肤质")
        memory.add_machine(
            "Sérum latin", "Advanced Génifique Serum Concentrate Youth Activator", "x"
        )
    opened = ChineseTexts.open(tmp_path, Config())
    yield opened
    opened.close()


def _is_word_prefix(kept: str, text: str) -> bool:
    """``kept`` ends where one of ``text``'s words ends (punctuation taken off)."""
    ends = {0, *boundaries(text), len(text)}
    return any(text[:end].rstrip(" ，、") == kept for end in ends)


def test_machine_chinese_is_cut_at_a_word_boundary(texts: ChineseTexts) -> None:
    words_zh = LONG_ZH + "淡化细纹适合所有肤质"  # 68 bytes alone
    title = build_title(_product("Concentré long"), texts, max_len=60, unit="gbk-bytes")
    assert title is not None and title.fits and title.human is False
    # the optional parts went first, in the documented order (兰蔻 is in the words already)
    assert [part for part, _ in title.dropped] == ["brand", "net_content"]
    assert title.cut and words_zh.startswith(title.text) and title.text + title.cut == words_zh
    assert _is_word_prefix(title.text, words_zh)
    assert title.length == len(title.text.encode("gbk")) <= 60


def test_a_reviewed_translation_is_never_cut(texts: ChineseTexts) -> None:
    title = build_title(_product("Concentré relu"), texts, max_len=60, unit="gbk-bytes")
    assert title is not None and not title.fits and title.human is True
    assert title.cut is None and title.text == LONG_ZH + "淡化细纹适合所有肤质"


def test_a_chinese_name_column_is_never_cut(texts: ChineseTexts) -> None:
    product = _product("Concentré long", name_zh="玫瑰" * 40)
    title = build_title(product, texts, max_len=60, unit="gbk-bytes")
    assert title is not None and title.text == "玫瑰" * 40 and title.human is True


def test_a_glossary_translation_is_never_cut(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.csv"
    glossary.write_text(f"term,chinese,kind\nBaume long,{'香膏' * 40},translate\n", "utf-8")
    config = Config.model_validate({"translation": {"glossary": str(glossary)}})
    with ChineseTexts.open(tmp_path / "ws", config) as texts:
        title = build_title(_product("Baume long"), texts, max_len=60, unit="gbk-bytes")
    assert title is not None and title.text == "香膏" * 40 and not title.fits


def test_latin_machine_text_is_cut_between_words(texts: ChineseTexts) -> None:
    title = build_title(_product("Sérum latin"), texts, max_len=30, unit="gbk-bytes")
    assert title is not None and title.fits
    assert title.text == "Advanced Génifique Serum"  # é is in GBK
    assert title.cut == "Concentrate Youth Activator"


def test_a_title_that_fits_is_left_alone_and_not_asked_about(texts: ChineseTexts) -> None:
    title = build_title(_product("Concentré long"), texts, max_len=200, unit="gbk-bytes")
    assert title is not None and not title.shortened and title.human is None


def test_a_brand_inside_the_words_is_never_split() -> None:
    text = "梦月之家玫瑰香水"
    assert 2 in boundaries(text)  # jieba alone would cut 梦月|之家
    assert 2 not in boundaries(text, ["梦月之家"])
    kept = cut_words(text + "淡香", lambda s: len(s) <= 3, ["梦月之家"])
    assert kept is None  # the brand alone (4) does not fit: no cut inside it


def test_latin_words_stay_whole() -> None:
    assert words("兰蔻Lancôme精华 SPF50+ 50ml") == [
        "兰蔻", "Lancôme", "精华", " ", "SPF50+", " ", "50ml",
    ]  # fmt: skip


def test_two_runs_give_the_same_title() -> None:
    args = (LONG_ZH * 2, "Lancôme", "兰蔻", "50ml", 60, "gbk-bytes")
    first = shorten_title(*args, machine=True)
    shorten_title.cache_clear()
    assert shorten_title(*args, machine=True) == first


def test_template_items_keep_their_text_and_vanish_with_their_part() -> None:
    template = TitleTemplate("【{brand_zh}】 {name_zh} {net_content}")
    full = shorten_title(
        "精华液", "Lancôme", "兰蔻", "50ml", 60, "gbk-bytes", template, machine=True
    )
    assert full.text == "【兰蔻】 精华液 50ml"
    short = shorten_title("精华液", None, None, None, 60, "gbk-bytes", template, machine=True)
    assert short.text == "精华液"


# --- property: Chinese, Latin and mixed machine titles --------------------------------------

_CHUNKS = st.sampled_from(
    ["精华液", "保湿", "面霜", "玫瑰", "小黑瓶", "抗皱紧致", "滋润修护", "梦月之家", "兰蔻", "，",
     " ", "Génifique", "Crème", "SPF50+", "50ml", "Lancôme", "Advanced", "Night"]
)  # fmt: skip
_HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=8)
_BRANDS = st.sampled_from([("兰蔻", "Lancôme"), ("梦月之家", "Maison Lune"), (None, None)])


@settings(max_examples=150, deadline=None)
@given(
    first=st.sampled_from(["精华", "面霜", "Crème ", "玫瑰"]),  # the first word fits any limit
    rest=st.lists(st.one_of(_CHUNKS, _HAN), min_size=1, max_size=30),
    brand=_BRANDS,
    limit=st.integers(min_value=12, max_value=60),
    unit=st.sampled_from(["gbk-bytes", "chars"]),
)
def test_shortened_titles_fit_keep_brands_and_are_stable(
    first: str, rest: list[str], brand: tuple[str | None, str | None], limit: int, unit: str
) -> None:
    brand_zh, brand_fr = brand
    text = first + "".join(rest)
    title = shorten_title(text, brand_fr, brand_zh, "50ml", limit, unit, machine=True)  # type: ignore[arg-type]
    assert title.fits and title.length <= limit
    assert text_length(title.text, unit) == title.length
    if unit == "gbk-bytes":
        title.text.encode("gbk")  # every title of a Tmall or JD feed encodes in GBK
    if title.cut is not None:
        # every optional part is gone before a cut: the title is the kept words
        words_zh = normalise(text)
        kept = title.original
        assert words_zh.startswith(kept)
        for name in (brand_zh, brand_fr):
            for match in re.finditer(re.escape(name or "\x00"), words_zh, re.IGNORECASE):
                assert not match.start() < len(kept) < match.end()  # never inside a brand
    shorten_title.cache_clear()
    assert shorten_title(text, brand_fr, brand_zh, "50ml", limit, unit, machine=True) == title  # type: ignore[arg-type]


# --- characters GBK cannot encode ---------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "instead"),
    [
        ("ô", "o"),  # accented letters lose the accent
        ("ç", "c"),
        ("ë", "e"),
        ("É", "E"),  # é is in GBK, É is not
        ("œ", "oe"),  # ligatures are spelled out
        ("ß", "ss"),
        ("®", ""),  # marks are left out
        ("™", ""),
        ("©", ""),
        ("€", "欧元"),  # currencies by their Chinese name
        ("£", "英镑"),
        ("«", "“"),  # French quotes become Chinese ones
        ("»", "”"),
        ("½", "1/2"),
        ("²", "2"),  # compatibility forms by their plain form
        ("😀", ""),  # emoji and other symbols are left out
        ("✓", ""),
    ],
)
def test_every_character_class_gets_its_replacement(char: str, instead: str) -> None:
    assert gbk_replacement(char) == instead
    words_zh = f"精华{char}液"
    title = shorten_title(words_zh, None, None, None, 60, "gbk-bytes", machine=False)
    assert title.original == words_zh
    assert [(r.position, r.char, r.replacement) for r in title.replaced] == [(3, char, instead)]
    assert title.text == " ".join(f"精华{instead}液".split())
    title.text.encode("gbk")


def test_spaces_gbk_lacks_are_spaces() -> None:
    assert gbk_replacement("\u00a0") == " " and gbk_replacement("\u202f") == " "


def test_characters_gbk_encodes_are_kept() -> None:
    for char in "éèàùü“”…—·×°":
        assert gbk_replacement(char) is None
    assert all(gbk_replacement(c) is not None for c in GBK_REPLACEMENTS)


def test_positions_are_those_of_the_title_with_its_brand() -> None:
    title = shorten_title("精华液®", "Lancôme", "兰蔻", "50ml", 60, "gbk-bytes", machine=False)
    assert title.original == "兰蔻 Lancôme 精华液® 50ml"
    assert title.text == "兰蔻 Lancome 精华液 50ml"
    assert [(r.position, r.char) for r in title.replaced] == [(8, "ô"), (15, "®")]


def test_a_platform_counting_characters_keeps_them() -> None:
    title = shorten_title("精华液®", "Lancôme", "兰蔻", None, 30, "chars", machine=False)
    assert title.text == "兰蔻 Lancôme 精华液®" and title.replaced == ()


def test_the_length_is_that_of_the_replaced_title() -> None:
    # "€" counted 2 bytes unencoded, but the feed holds 欧元 (4 bytes): the limit sees 4
    title = shorten_title("价格€" + "精" * 25, "Marque", None, None, 60, "gbk-bytes", machine=True)
    assert title.fits and len(title.text.encode("gbk")) == title.length <= 60
