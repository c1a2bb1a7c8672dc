"""Chinese titles: parts, drop order, GBK byte counts computed by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from export_kit.config import BrandConfig, Config
from export_kit.model import NetContent, Product, Sku
from export_kit.translate import ChineseTexts, TitleTemplate, compose_title, title_length
from export_kit.translate.memory import TranslationMemory
from export_kit.translate.title import shared_net_content


@pytest.fixture
def texts(tmp_path: Path) -> ChineseTexts:
    with TranslationMemory.open(tmp_path) as memory:
        memory.add_human("Concentré Génifique", "精华肌底液")
        memory.add_human("Génifique Lancôme 50 ml", "Lancôme精华肌底液 50ml")
    config = Config(brand=BrandConfig(name="Maison Claire", chinese_name="克莱尔之家"))
    opened = ChineseTexts.open(tmp_path, config)
    yield opened
    opened.close()


def _product(name: str, brand: str | None = "Lancôme") -> Product:
    return Product(
        outer_id="P1",
        skus=[
            Sku(
                row=2,
                sku="P1",
                name=name,
                brand=brand,
                net_content=NetContent(quantity=Decimal("50"), unit="ml"),
            )
        ],
    )


def test_title_length_by_hand() -> None:
    # 兰蔻 = 2×2, space 1, Lancôme = 6 ASCII + ô (not in GBK: counts 2), 精华 = 2×2
    assert title_length("兰蔻 Lancôme 精华", "gbk-bytes") == 4 + 1 + 8 + 1 + 4
    assert title_length("兰蔻 Lancôme 精华", "chars") == 2 + 1 + 7 + 1 + 2
    assert title_length("crème", "gbk-bytes") == 6  # é is in GBK: 2 bytes


@pytest.mark.parametrize(
    ("max_len", "expected"),
    [
        # the feed holds Lancome (ô is not in GBK): 4+1+7+1+10+1+4 = 28 bytes
        (28, "兰蔻 Lancome 精华肌底液 50ml"),
        (27, "兰蔻 精华肌底液 50ml"),  # the original brand goes first: 20 bytes
        (20, "兰蔻 精华肌底液 50ml"),
        (19, "兰蔻 精华肌底液"),  # then the net content: 15 bytes
        (14, "精华肌底液"),  # then the Chinese brand: 10 bytes
        (9, "精华肌底液"),  # words a person wrote are never cut, even when too long
    ],
)
def test_parts_are_dropped_in_order_counting_gbk_bytes(
    texts: ChineseTexts, max_len: int, expected: str
) -> None:
    title = compose_title(_product("Concentré Génifique"), texts, max_len=max_len, unit="gbk-bytes")
    assert title == expected


def test_characters_unit(texts: ChineseTexts) -> None:
    product = _product("Concentré Génifique")
    assert compose_title(product, texts, max_len=21, unit="chars") == "兰蔻 Lancôme 精华肌底液 50ml"
    assert compose_title(product, texts, max_len=20, unit="chars") == "兰蔻 精华肌底液 50ml"


def test_no_chinese_name_gives_none(texts: ChineseTexts) -> None:
    assert compose_title(_product("Sans traduction"), texts, max_len=60, unit="gbk-bytes") is None


def test_parts_already_in_the_product_words_are_not_repeated(texts: ChineseTexts) -> None:
    title = compose_title(_product("Génifique Lancôme 50 ml"), texts, max_len=60, unit="gbk-bytes")
    assert title == "兰蔻 Lancome精华肌底液 50ml"


def test_config_brand_when_the_catalogue_has_none(texts: ChineseTexts) -> None:
    title = compose_title(
        _product("Concentré Génifique", brand=None), texts, max_len=60, unit="gbk-bytes"
    )
    assert title == "克莱尔之家 Maison Claire 精华肌底液 50ml"


def test_custom_template(texts: ChineseTexts) -> None:
    template = TitleTemplate("{brand_zh} {name_zh} {net_content}", ("brand_zh", "net_content"))
    product = _product("Concentré Génifique")
    assert (
        compose_title(product, texts, max_len=60, unit="gbk-bytes", template=template)
        == "兰蔻 精华肌底液 50ml"
    )
    assert (
        compose_title(product, texts, max_len=15, unit="gbk-bytes", template=template)
        == "精华肌底液 50ml"
    )
    with pytest.raises(ValueError, match="product"):
        TitleTemplate("{brand}", ())


def _ml(quantity: str) -> NetContent:
    return NetContent(quantity=Decimal(quantity), unit="ml")


def _range(*contents: NetContent | None, parent: NetContent | None = None) -> Product:
    """A product whose variant rows hold ``contents`` (and a parent row, if given)."""
    skus = [
        Sku(
            row=3 + n,
            sku=f"P1-{n}",
            parent_sku="P1",
            name="Concentré Génifique",
            brand="Lancôme",
            net_content=content,
        )
        for n, content in enumerate(contents)
    ]
    if parent is not None:
        skus.insert(
            0,
            Sku(
                row=2,
                sku="P1",
                name="Concentré Génifique",
                brand="Lancôme",
                net_content=parent,
                is_parent_row=True,
            ),
        )
    return Product(outer_id="P1", skus=skus)


def test_variants_of_different_contents_give_a_title_without_one(texts: ChineseTexts) -> None:
    # 30, 50 and 100 ml of one serum: "… 30ml" would be wrong for two of the three SKUs
    product = _range(_ml("30"), _ml("50"), _ml("100"))
    assert compose_title(product, texts, max_len=60, unit="gbk-bytes") == "兰蔻 Lancome 精华肌底液"
    # 37.5 cl and 75 cl (375 and 750 ml) differ too
    wine = _range(_ml("375"), _ml("750"))
    assert compose_title(wine, texts, max_len=60, unit="gbk-bytes") == "兰蔻 Lancome 精华肌底液"


def test_variants_sharing_a_content_keep_it_in_the_title(texts: ChineseTexts) -> None:
    # colours of one 50 ml product (50,0 ml on one row is the same content)
    product = _range(_ml("50"), NetContent(quantity=Decimal("50.0"), unit="ml"))
    assert (
        compose_title(product, texts, max_len=60, unit="gbk-bytes")
        == "兰蔻 Lancome 精华肌底液 50ml"
    )


def test_a_content_written_on_some_rows_or_the_parent_row_is_the_products(
    texts: ChineseTexts,
) -> None:
    # shop exports write product-level values on the first row only
    first_row_only = _range(_ml("50"), None, None)
    title = compose_title(first_row_only, texts, max_len=60, unit="gbk-bytes")
    assert title == "兰蔻 Lancome 精华肌底液 50ml"
    on_parent = _range(None, None, parent=_ml("200"))
    title = compose_title(on_parent, texts, max_len=60, unit="gbk-bytes")
    assert title == "兰蔻 Lancome 精华肌底液 200ml"
    assert shared_net_content(on_parent) == "200ml"
    assert shared_net_content(_range(_ml("30"), _ml("50"), parent=_ml("30"))) is None
