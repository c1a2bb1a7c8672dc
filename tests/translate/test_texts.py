"""ChineseTexts: lookup order, HTML node lookups, brands, sidecar imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from export_kit.config import BrandConfig, Config, TranslationConfig
from export_kit.model import Sku
from export_kit.translate import ChineseTexts
from export_kit.translate.exchange import export_memory
from export_kit.translate.memory import TranslationMemory


def _config(
    tmp_path: Path, glossary: str | None = None, brands: str | None = None, **brand: str
) -> Config:
    translation = TranslationConfig()
    if glossary is not None:
        (tmp_path / "glossary.csv").write_text(glossary, encoding="utf-8")
        translation.glossary = Path("glossary.csv")
    if brands is not None:
        (tmp_path / "brands.csv").write_text(brands, encoding="utf-8")
        translation.brands = Path("brands.csv")
    config = Config(translation=translation, brand=BrandConfig(**brand))
    config.path = tmp_path / "export-kit.toml"
    return config


def test_row_columns_win_then_approved_memory_then_glossary_then_machine(tmp_path: Path) -> None:
    config = _config(
        tmp_path, "term,chinese,kind\nSérum,精华(词汇表),translate\nBaume,香膏(词汇表),translate\n"
    )
    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_machine("Sérum", "精华(机器)", "libre")
        memory.add_human("Baume", "香膏(人工)")
        memory.add_machine("Lotion", "乳液(机器)", "libre")
    with ChineseTexts.open(tmp_path / "ws", config) as texts:
        assert texts.field(Sku(row=2, name="Sérum", name_zh="精华(表格)"), "name") == "精华(表格)"
        assert texts.field(Sku(row=2, name="Baume"), "name") == "香膏(人工)"
        assert texts.field(Sku(row=2, name="Sérum"), "name") == "精华(词汇表)"
        assert texts.field(Sku(row=2, name="sérum "), "name") == "精华(词汇表)"  # case, space
        assert texts.field(Sku(row=2, name="Lotion"), "name") == "乳液(机器)"
        assert texts.field(Sku(row=2, name="Inconnu"), "name") is None
        assert texts.field(Sku(row=2), "name") is None
        resolution = texts.field_resolution(Sku(row=2, name="Lotion"), "name")
        assert (resolution.origin, resolution.status) == ("machine:libre", "machine")


def test_builtin_colour_words_and_size_codes(tmp_path: Path) -> None:
    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        sku = Sku(row=2, name="Noir", colour="Noir", size="XL")
        assert texts.field(sku, "colour") == "黑色"
        assert texts.field(sku, "size") == "XL"
        assert texts.field(Sku(row=2, size="Taille unique"), "size") == "均码"
        assert texts.field(Sku(row=2, size="38"), "size") == "38"
        assert texts.field(sku, "name") is None  # colour words only apply to colours


def test_html_is_found_whole_or_node_by_node(tmp_path: Path) -> None:
    html = "<p>Une crème <b>douce</b></p><p>50 ml</p>"
    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_human("Une crème", "一款霜")
    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        assert texts.field(Sku(row=2, description=html), "description") is None  # 'douce' missing
    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_machine("douce", "温和", "libre")
    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        resolution = texts.field_resolution(Sku(row=2, description=html), "description")
        assert resolution.chinese == "<p>一款霜 <b>温和</b></p><p>50ml</p>"
        assert resolution.origin == "machine:libre" and not resolution.approved
    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_human(html, "<p>整体人工翻译</p>")
    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        assert texts.field(Sku(row=2, description=html), "description") == "<p>整体人工翻译</p>"


def test_brand_sources_in_order(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        glossary="term,chinese,kind\nMaison Dupont,杜邦之家,translate\n",
        brands="brand,chinese\nLancôme,兰蔻(文件)\nBelle Île,美丽岛\n",
        name="Petite Maison",
        chinese_name="小屋",
    )
    with ChineseTexts.open(tmp_path / "ws", config) as texts:
        assert texts.brand("Petite Maison") == "小屋"
        assert texts.brand(None) == "小屋"  # no brand column: the config's brand
        assert texts.brand("LANCOME") == "兰蔻(文件)"  # the file wins over the built-in
        assert texts.brand("belle ile") == "美丽岛"
        assert texts.brand("Maison Dupont") == "杜邦之家"  # a glossary row
        assert texts.brand("Guerlain") == "娇兰"  # built in (confirmed)
        assert texts.brand("L’Oréal") == "欧莱雅"
        assert texts.brand("Dior") is None  # single-source in the research notes: not built in
        assert texts.brand("Inconnue") is None


@pytest.mark.parametrize("name", ["cat.xlsx.zh.tmx", "cat.zh.tmx", "cat.xlsx.zh.xliff"])
def test_sidecar_is_imported_once_as_human(tmp_path: Path, make_catalogue, name: str) -> None:
    source = TranslationMemory.open(tmp_path / "agency")
    source.add_human("Crème de nuit", "晚霜")
    sidecar = tmp_path / name
    export_memory(source, sidecar, "xliff" if name.endswith("xliff") else "tmx")
    source.close()
    catalogue = make_catalogue([Sku(row=2, sku="A", name="Crème de nuit")], name="cat.xlsx")
    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_machine("Crème de nuit", "夜霜(机器)", "libre")
    with ChineseTexts.open(tmp_path / "ws", Config(), catalogue) as texts:
        assert texts.field(Sku(row=2, name="Crème de nuit"), "name") == "晚霜"
        texts.memory.add_human("Crème de nuit", "晚安霜")  # a later review changes it
    with ChineseTexts.open(tmp_path / "ws", Config(), catalogue) as texts:
        # the sidecar did not change: it is not imported again over the newer review
        assert texts.field(Sku(row=2, name="Crème de nuit"), "name") == "晚安霜"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace("晚霜", "夜间霜"), encoding="utf-8"
    )
    with ChineseTexts.open(tmp_path / "ws", Config(), catalogue) as texts:
        assert texts.field(Sku(row=2, name="Crème de nuit"), "name") == "夜间霜"


def _lookup_workspace(tmp_path: Path) -> tuple[Config, list[Sku]]:
    # Baume: an approved entry and a glossary term (the approved entry wins)
    config = _config(
        tmp_path, "term,chinese,kind\nSérum,精华(词汇表),translate\nBaume,香膏(词汇表),translate\n"
    )
    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_machine("Sérum", "精华(机器)", "libre")
        memory.add_human("Baume", "香膏(人工)")
        memory.add_machine("Lotion", "乳液(机器)", "libre")
        memory.add_human("Une crème", "一款霜")
        memory.add_machine("douce", "温和", "libre")
    skus = [
        Sku(row=2, name="Baume", description="<p>Une crème <b>douce</b></p>"),
        Sku(row=3, name="sérum ", colour="Noir", category="Soins > Visage"),
        Sku(row=4, name="Lotion", description="Une  crème"),
        Sku(row=5, name="Inconnu", description="<p>Une crème <b>amère</b></p>"),
        Sku(row=6, name="Baume", name_zh="香膏(表格)", size="XL"),
    ]
    return config, skus


def _answers(texts: ChineseTexts, skus: list[Sku]) -> list[tuple[str | None, str]]:
    fields = ("name", "description", "category", "colour", "size")
    return [
        (texts.field(sku, field), texts.field_resolution(sku, field).status)
        for sku in skus
        for field in fields
    ]


def test_fetching_ahead_and_a_snapshot_answer_as_lookups_one_by_one(tmp_path: Path) -> None:
    from export_kit.catalogue.base import group_products, product_key
    from export_kit.translate.texts import load_snapshot

    config, skus = _lookup_workspace(tmp_path)
    with ChineseTexts.open(tmp_path / "ws", config) as texts:
        one_by_one = _answers(texts, skus)
    assert one_by_one[0] == ("香膏(人工)", "approved")
    assert one_by_one[5] == ("精华(词汇表)", "glossary")
    assert ("<p>一款霜 <b>温和</b></p>", "machine") in one_by_one
    assert one_by_one[15] == (None, "missing")  # 'Inconnu'

    products = list(group_products(skus, [product_key(s) for s in skus]))
    with ChineseTexts.open(tmp_path / "ws", config) as texts:
        seen = list(texts.prefetching(products))
        assert seen == products  # unchanged, in order
        assert _answers(texts, skus) == one_by_one

    snapshot = load_snapshot(tmp_path / "ws", size_hint=1_000_000)
    assert snapshot is not None and len(snapshot) == 5
    with ChineseTexts.open(tmp_path / "ws", config, snapshot=snapshot) as texts:
        assert _answers(texts, skus) == one_by_one


def test_a_memory_much_bigger_than_the_catalogue_is_not_loaded_whole(tmp_path: Path) -> None:
    from export_kit.translate.texts import load_snapshot

    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_human_many((f"Texte {n}", f"文本{n}") for n in range(200))
    # 64 bytes of catalogue per entry it may ask for: 200 entries need 12,800 bytes
    assert load_snapshot(tmp_path / "ws", size_hint=12_800) is not None
    assert load_snapshot(tmp_path / "ws", size_hint=12_000) is None


def test_load_snapshot_imports_the_catalogue_sidecar_first(tmp_path: Path) -> None:
    from export_kit.translate.texts import load_snapshot

    catalogue = tmp_path / "cat.csv"
    catalogue.write_text("Référence;Désignation\nA1;Baume\n", encoding="utf-8")
    (tmp_path / "cat.csv.zh.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="fr"/>'
        '<body><tu><tuv xml:lang="fr"><seg>Baume</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>香膏</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    snapshot = load_snapshot(tmp_path / "ws", catalogue, size_hint=10_000)
    assert snapshot is not None
    assert [(e.target, e.approved) for e in snapshot.values()] == [("香膏", True)]


def test_bounded_cache_never_holds_more_than_its_size() -> None:
    from export_kit.translate.texts import BoundedCache

    cache: BoundedCache[str, int] = BoundedCache(3)
    for n in range(10):
        cache.put(f"k{n}", n)
        assert len(cache) <= 3
    assert cache.get("k9") == 9
    assert "k0" not in cache and cache.get("k0") is None


def test_a_streamed_catalogue_never_loads_the_memory_whole(tmp_path: Path) -> None:
    from export_kit.catalogue.base import group_products, product_key

    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_human_many((f"Produit {n}", f"产品{n}") for n in range(600))
    skus = [Sku(row=n + 2, sku=f"S{n}", name=f"Produit {n}") for n in range(600)]
    products = list(group_products(skus, [product_key(s) for s in skus]))
    for whole in (True, False):
        with ChineseTexts.open(tmp_path / "ws", Config(), whole_memory=whole) as texts:
            names = [texts.field(p.skus[0], "name") for p in texts.prefetching(products)]
            assert names == [f"产品{n}" for n in range(600)]
            # every entry asked for: a workbook's run loads them all, a CSV's never
            assert (texts.snapshot is not None) is whole
