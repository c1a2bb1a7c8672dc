"""Chinese-side rules: banned terms, claims, missing translations and brand names."""

from __future__ import annotations

from pathlib import Path

import pytest

from export_kit.catalogue import read_catalogue
from export_kit.config import BrandConfig, CatalogueConfig, Config
from export_kit.model import Product, Sku
from export_kit.translate import ChineseTexts, chinese_rules
from export_kit.translate.memory import TranslationMemory
from export_kit.validate.chinese import ChineseScanner

COLUMNS = {
    "name": "Nom",
    "description": "Description",
    "brand": "Marque",
    "name_zh": "Nom chinois",
    "colour": "Couleur",
    "category": "Catégorie",
}


@pytest.fixture
def texts(tmp_path: Path) -> ChineseTexts:
    with TranslationMemory.open(tmp_path) as memory:
        memory.add_human("Le meilleur sérum", "最佳精华")
        memory.add_human("Sérum nouveau", "最新精华")
        memory.add_human("Crème éclaircissante", "美白霜")
        memory.add_human(
            "<p>Traite l'acné, <b>100 % naturel</b></p>", "<p>治疗痤疮，<b>100%天然</b></p>"
        )
        memory.add_human("Sérum", "精华")
    opened = ChineseTexts.open(tmp_path, Config())
    yield opened
    opened.close()


def _product(*skus: Sku) -> Product:
    for sku in skus:
        sku.columns = dict(COLUMNS)
    return Product(outer_id=skus[0].sku or "P", skus=list(skus))


def _check(
    texts: ChineseTexts,
    product: Product,
    *,
    sector: str | None = "cosmetics",
    report_missing: bool = False,
    config: Config | None = None,
):
    config = config or Config(catalogue=CatalogueConfig(sector=sector))
    return list(chinese_rules(texts, config, report_missing=report_missing)(product))


def test_banned_term_in_the_chinese_name_is_an_error_on_the_name_cell(texts: ChineseTexts) -> None:
    findings = _check(
        texts, _product(Sku(row=7, sku="S-1", name="Le meilleur sérum", brand="Lancôme"))
    )
    assert [(f.code, f.severity, f.row, f.column, f.field, f.sku, f.value) for f in findings] == [
        ("banned-term", "error", 7, "Nom", "name", "S-1", "最佳精华")
    ]
    assert "最佳" in findings[0].message and "Rephrase" in findings[0].message


def test_overbroad_term_is_only_info(texts: ChineseTexts) -> None:
    findings = _check(texts, _product(Sku(row=3, sku="S-2", name="Sérum nouveau", brand="Lancôme")))
    assert [(f.code, f.severity) for f in findings] == [("overbroad-term", "info")]
    assert "最新" in findings[0].message


def test_claims_in_an_html_description_depend_on_the_sector(texts: ChineseTexts) -> None:
    sku = Sku(
        row=4,
        sku="S-3",
        name="Sérum",
        brand="Lancôme",
        description="<p>Traite l'acné, <b>100 % naturel</b></p>",
    )
    cosmetics = _check(texts, _product(sku), sector="cosmetics")
    codes = {(f.code, f.severity, f.column) for f in cosmetics}
    assert ("medical-claim", "error", "Description") in codes
    assert ("banned-term", "error", "Description") in codes  # 100%
    fashion = _check(texts, _product(sku.model_copy()), sector="fashion")
    assert ("medical-claim", "warning") in {(f.code, f.severity) for f in fashion}


def test_special_cosmetic_claim_only_for_cosmetics(texts: ChineseTexts) -> None:
    sku = Sku(row=5, sku="S-4", name="Crème éclaircissante", brand="Lancôme")
    assert [(f.code, f.severity) for f in _check(texts, _product(sku))] == [
        ("special-cosmetic-claim", "warning")
    ]
    assert _check(texts, _product(sku.model_copy()), sector="food") == []


def test_chinese_typed_in_the_catalogue_is_reported_on_its_own_column(
    texts: ChineseTexts,
) -> None:
    sku = Sku(row=9, sku="S-5", name="Sérum", name_zh="第一精华", brand="Lancôme")
    findings = _check(texts, _product(sku))
    assert [(f.code, f.column, f.value) for f in findings] == [
        ("banned-term", "Nom chinois", "第一精华")
    ]


def test_missing_translation_only_when_asked_and_once_per_text(texts: ChineseTexts) -> None:
    product = _product(
        Sku(
            row=2,
            sku="V-1",
            parent_sku="P",
            name="Sans traduction",
            colour="Vert sapin",
            brand="Lancôme",
        ),
        Sku(
            row=3,
            sku="V-2",
            parent_sku="P",
            name="Sans traduction",
            colour="Vert sapin",
            brand="Lancôme",
        ),
        Sku(
            row=4, sku="V-3", parent_sku="P", name="Sans traduction", colour="Noir", brand="Lancôme"
        ),
    )
    assert _check(texts, product) == []
    findings = _check(texts, product, report_missing=True)
    assert [(f.code, f.severity, f.row, f.column, f.value) for f in findings] == [
        ("missing-translation", "warning", 2, "Nom", "Sans traduction"),
        ("missing-translation", "warning", 2, "Couleur", "Vert sapin"),
    ]
    assert "export-kit translate" in findings[0].message


def test_missing_brand_name_once_per_product(texts: ChineseTexts) -> None:
    product = _product(
        Sku(row=2, sku="B-1", parent_sku="B", name="Sérum", brand="Inconnue"),
        Sku(row=3, sku="B-2", parent_sku="B", name="Sérum", brand="Inconnue"),
    )
    findings = _check(texts, product)
    assert [(f.code, f.severity, f.row, f.column, f.value) for f in findings] == [
        ("missing-brand-name", "warning", 2, "Marque", "Inconnue")
    ]
    assert "chinese_name" in findings[0].message


def test_config_brand_with_chinese_name_is_enough(texts: ChineseTexts, tmp_path: Path) -> None:
    config = Config(brand=BrandConfig(name="Maison Claire", chinese_name="克莱尔之家"))
    with ChineseTexts.open(tmp_path, config) as own:
        findings = _check(own, _product(Sku(row=2, sku="C-1", name="Sérum")), config=config)
    assert findings == []


def test_scanner_keeps_latin_terms_to_whole_tokens() -> None:
    scanner = ChineseScanner()
    assert [h.code for h in scanner.scan("NO.1精华")] == ["banned-term"]
    assert scanner.scan("ABC5AX精华") == ()
    assert scanner.scan("国家级") == scanner.scan("国家级")  # cached
    assert [(h.code, h.terms) for h in scanner.scan("国家级认证")] == [("banned-term", ("国家级",))]
    assert [(h.code, h.terms) for h in scanner.scan("最新国家标准")] == [
        ("overbroad-term", ("最新", "国家"))
    ]


def test_a_loaded_memory_skips_only_texts_whose_chinese_holds_no_term(tmp_path: Path) -> None:
    from export_kit.translate.texts import load_snapshot
    from export_kit.validate.chinese import prepare_scan

    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_human("Le meilleur sérum", "最佳精华")
        memory.add_human("Sérum doux", "温和精华")
        memory.add_human("<p>Soin</p>", "<p>&#26368;佳护理</p>")  # 最佳 once unescaped
        memory.add_human("<p>Doux</p>", "<p>温和</p>")
        memory.add_machine("Sérum traitant", "治疗精华", "libre")  # not approved: looked up
    products = [
        _product(Sku(row=2, sku="A", name="Le meilleur sérum", description="<p>Doux</p>")),
        _product(Sku(row=3, sku="B", name="Sérum doux", description="<p>Soin</p>")),
        _product(Sku(row=4, sku="C", name="Sérum traitant")),
        # typed Chinese wins over the memory: scanned although the memory's is clean
        _product(Sku(row=5, sku="D", name="Sérum doux", name_zh="第一精华")),
    ]

    def findings(
        texts: ChineseTexts, report_missing: bool = False
    ) -> list[tuple[str, int | None, str | None]]:
        rule = chinese_rules(
            texts, Config(), report_missing=report_missing, report_brand=report_missing
        )
        return [(f.code, f.row, f.field) for p in products for f in rule(p)]

    with ChineseTexts.open(tmp_path / "ws", Config()) as texts:
        looked_up = findings(texts)
        # render and validate --platform: every text looked up, only clean ones unscanned
        looked_up_missing = findings(texts, report_missing=True)
    snapshot = load_snapshot(tmp_path / "ws", size_hint=10_000)
    assert snapshot is not None
    prepare_scan(snapshot)
    with ChineseTexts.open(tmp_path / "ws", Config(), snapshot=snapshot) as texts:
        assert findings(texts) == looked_up
        assert findings(texts, report_missing=True) == looked_up_missing
    assert looked_up == [
        ("banned-term", 2, "name"),
        ("banned-term", 3, "description"),
        ("medical-claim", 4, "name"),
        ("banned-term", 5, "name"),
    ]
    assert looked_up_missing == looked_up  # every text has Chinese: nothing more to say


def test_given_the_catalogue_its_sector_weighs_every_products_chinese_claims(
    texts: ChineseTexts, tmp_path: Path
) -> None:
    # two creams and a bag: a cosmetics catalogue, the bag's claim weighs as a cosmetic's
    path = tmp_path / "c.csv"
    path.write_text(
        "Référence;Désignation;Code SH;Description;Prix TTC;Marque\n"
        "C-1;Sérum;33049900;;20;M\n"
        "C-2;Sérum;33049900;;20;M\n"
        "B-1;Sac;42022100;<p>Traite l'acné, <b>100 % naturel</b></p>;90;M\n",
        encoding="utf-8",
    )
    catalogue = read_catalogue(path)
    rule = chinese_rules(texts, Config(), report_missing=False, catalogue=catalogue)
    bag = [p for p in catalogue.iter_products() if p.outer_id == "B-1"]
    medical = [f for p in bag for f in rule(p) if f.code == "medical-claim"]
    assert [f.severity for f in medical] == ["error"]
    # without the catalogue, the bag is judged alone: a warning
    alone = chinese_rules(texts, Config(), report_missing=False)
    assert [f.severity for p in bag for f in alone(p) if f.code == "medical-claim"] == ["warning"]
