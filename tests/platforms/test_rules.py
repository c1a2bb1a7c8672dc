"""The platform rules of ``validate --platform`` on products built by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from export_kit.catalogue import read_catalogue
from export_kit.config import CatalogueConfig, Config, PlatformConfig, PricingConfig
from export_kit.model import NetContent, Product, Sku
from export_kit.platforms import get_platform, text_length
from export_kit.pricing import Rate
from export_kit.translate.title import Title
from export_kit.validate.platform import (
    PlatformRule,
    needs_net_content,
    needs_shelf_life,
    platform_rules,
    rate_findings,
)
from export_kit.validate.report import Finding

D = Decimal
AT_7_8 = Rate(D("7.8"), dt.date(2024, 6, 28), "ecb")
COLUMNS = {
    "sku": "Référence",
    "name": "Désignation",
    "name_zh": "Nom chinois",
    "price": "Prix TTC (€)",
    "ean": "Code EAN",
    "images": "Images",
    "category": "Catégorie",
    "stock": "Stock",
    "net_content": "Contenance",
    "weight_kg": "Poids",
    "shelf_life_months": "DLUO (mois)",
}
IMAGES = [f"https://cdn.example.com/p/{i}.jpg" for i in range(1, 4)]


def sku(row: int, ref: str, **fields: object) -> Sku:
    values: dict[str, object] = {
        "sku": ref,
        "name": "Eau de parfum Rose",
        "brand": "Maison Lune",
        "price": D("89"),
        "ean": "3760000000017",
        "hs_code": "33030010",
        "net_content": NetContent(quantity=D("50"), unit="ml"),
        "weight_kg": D("0.35"),
        "stock": 12,
        "category": "Parfums > Femme",
        "shelf_life_months": 36,
        "images": IMAGES,
    }
    values.update(fields)
    return Sku(row=row, columns=COLUMNS, **values)  # type: ignore[arg-type]


def one(**fields: object) -> Product:
    return Product(outer_id="P-1", skus=[sku(4, "P-1", **fields)])


def config_with(**platform: object) -> Config:
    return Config(
        platforms={
            "tmall-global": PlatformConfig(categories={"Parfums": "50010815"}, **platform)  # type: ignore[arg-type]
        },
        catalogue=CatalogueConfig(sector="cosmetics"),
    )


def check(
    product: Product,
    name: str = "tmall-global",
    config: Config | None = None,
    *,
    title: str | None = None,
    rate: Rate | None = AT_7_8,
) -> list[Finding]:
    config = config or config_with()
    target = get_platform(name, config)
    # a title a person wrote, as the gate composes it: never cut
    composed = (
        Title(
            text=title,
            original=title,
            length=text_length(title, target.title_unit),
            limit=target.title_max,
            unit=target.title_unit,
            human=True,
        )
        if title is not None
        else None
    )
    rule = platform_rules(
        target,
        config,
        title_for=(lambda _p: composed) if composed is not None else None,
        rate=rate,
    )
    return list(rule(product))


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_a_complete_product_has_no_platform_findings() -> None:
    assert check(one(), title="梦月之家 Maison Lune 玫瑰香水 50ml") == []


# --- title ---------------------------------------------------------------------------------


def test_a_title_over_60_gbk_bytes_is_too_long_on_tmall() -> None:
    title = "梦月之家" + "玫瑰" * 12 + "香水" + "露"  # 4 + 24 + 2 + 1 = 31 characters = 62 bytes
    [finding] = check(one(), title=title)
    assert finding.code == "title-too-long" and finding.severity == "error"
    assert (finding.row, finding.column, finding.field, finding.sku) == (
        4,
        "Désignation",
        "name",
        "P-1",
    )
    assert finding.value == title
    assert "62 bytes in GBK" in finding.message and "limit of 60 bytes" in finding.message


def test_a_title_of_exactly_60_gbk_bytes_fits() -> None:
    # "娇兰 Guerlain " = 4 + 1 + 8 + 1 = 14; "50ml" = 4
    fits = "娇兰 Guerlain " + "精" * 21 + "50ml"  # 14 + 42 + 4 = 60
    over = "娇兰 Guerlain " + "精" * 22 + "50ml"  # 62
    assert check(one(), title=fits) == []
    assert codes(check(one(), title=over)) == ["title-too-long"]


def test_the_column_is_the_chinese_name_when_the_catalogue_has_one() -> None:
    product = one(name_zh="玫瑰" * 40)
    [finding] = check(product, title="玫瑰" * 40)
    assert (finding.column, finding.field) == ("Nom chinois", "name_zh")


def test_douyin_counts_30_characters() -> None:
    assert codes(check(one(), "douyin-global", Config(), title="香" * 30)) == ["unmapped-category"]
    findings = check(one(), "douyin-global", Config(), title="香" * 31)
    assert "title-too-long" in codes(findings)
    [title] = [f for f in findings if f.code == "title-too-long"]
    assert "31 characters" in title.message and "limit of 30 characters" in title.message


def test_without_a_composed_title_the_length_is_not_checked() -> None:
    assert check(one()) == []
    assert check(one(), title="") == []


# --- required and recommended fields -----------------------------------------------------------


def test_the_base_validator_fields_are_not_repeated() -> None:
    """sku, name, brand, price, images and hs_code are the base validator's to report."""
    product = one(brand=None, images=[], hs_code=None, price=None)
    assert codes(check(product)) == []


def test_a_field_the_config_requires_is_a_missing_value_once_per_product() -> None:
    config = config_with(required=["sku", "title_zh", "brand", "price", "images", "hs_code", "ean"])
    product = Product(
        outer_id="P-1",
        skus=[sku(4, "P-1-S", ean=None), sku(5, "P-1-M", ean=None), sku(6, "P-1-L")],
    )
    [finding] = check(product, config=config)
    assert finding.code == "missing-value" and finding.severity == "error"
    assert (finding.row, finding.column, finding.field, finding.sku) == (
        4,
        "Code EAN",
        "ean",
        "P-1-S",
    )
    assert "requires the EAN" in finding.message and "2 of 3 SKUs (rows 4, 5)" in finding.message


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("ean", "EAN"),
        ("net_content", "net content"),
        ("weight_kg", "weight"),
        ("category", "category"),
    ],
)
def test_an_empty_recommended_field_is_a_warning(field: str, label: str) -> None:
    findings = [f for f in check(one(**{field: None})) if f.code == "missing-recommended"]
    [finding] = findings
    assert finding.severity == "warning"
    assert (finding.row, finding.field, finding.column) == (4, field, COLUMNS[field])
    assert f"recommends the {label}" in finding.message


def test_a_missing_stock_is_published_as_zero() -> None:
    [finding] = check(one(stock=None))
    assert finding.code == "missing-recommended"
    assert "published as 0" in finding.message


def test_a_field_without_a_column_says_so() -> None:
    bag = Sku(
        row=4,
        sku="P-1",
        name="Sac",
        brand="B",
        price=D("10"),
        images=IMAGES,
        hs_code="42022100",
        category="Parfums",
        stock=1,
        net_content=NetContent(quantity=D("1"), unit="g"),
        weight_kg=D("1"),
    )
    config = Config(platforms={"tmall-global": PlatformConfig(categories={"Parfums": "1"})})
    [finding] = check(Product(outer_id="P-1", skus=[bag]), config=config)
    assert finding.field == "ean" and finding.column is None
    assert "no column maps to ean" in finding.message


def test_shelf_life_is_recommended_for_cosmetics_and_food_only() -> None:
    cosmetics = one(shelf_life_months=None)
    assert codes(check(cosmetics)) == ["missing-recommended"]
    fashion = Config(
        catalogue=CatalogueConfig(sector="fashion"),
        platforms={"tmall-global": PlatformConfig(categories={"Parfums": "1"})},
    )
    assert check(cosmetics, config=fashion) == []


def test_net_content_is_not_asked_of_goods_sold_by_the_piece() -> None:
    bag = one(
        hs_code="42022100", category="Maroquinerie > Sacs", net_content=None, shelf_life_months=None
    )
    config = Config(platforms={"tmall-global": PlatformConfig(categories={"Maroquinerie": "1"})})
    assert check(bag, config=config) == []
    assert needs_net_content(bag, config) is False
    assert needs_net_content(one(), Config()) is True  # a perfume


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"hs_code": "33049900", "category": None}, True),  # cosmetics by HS code
        ({"hs_code": "18063100", "category": None}, True),  # chocolate
        ({"hs_code": "42022100", "category": None}, False),  # handbag
        ({"hs_code": "22042110", "category": None}, False),  # wine: no shelf life on labels
        ({"hs_code": None, "category": "Épicerie fine > Confitures"}, True),
        ({"hs_code": None, "category": "Soins > Crèmes"}, True),
        ({"hs_code": None, "category": "Maroquinerie"}, False),
    ],
)
def test_which_products_need_a_shelf_life(fields: dict[str, object], expected: bool) -> None:
    assert needs_shelf_life(one(**fields), Config()) is expected


# --- images, category, limit ---------------------------------------------------------------------


def test_too_many_images_is_a_warning_naming_how_many_are_left_out() -> None:
    images = [f"https://cdn.example.com/p/{i}.jpg" for i in range(7)]
    [finding] = check(one(images=images))
    assert finding.code == "too-many-images" and finding.severity == "warning"
    assert (finding.row, finding.column, finding.value) == (4, "Images", "7")
    assert "tmall-global takes 5" in finding.message and "last 2 are left out" in finding.message
    assert check(one(images=images[:5])) == []


def test_jd_has_no_image_limit_unless_configured() -> None:
    images = [f"https://cdn.example.com/p/{i}.jpg" for i in range(9)]
    config = Config(platforms={"jd-worldwide": PlatformConfig(categories={"Parfums": "1"})})
    assert check(one(images=images), "jd-worldwide", config) == []
    config.platforms["jd-worldwide"].max_images = 8
    assert codes(check(one(images=images), "jd-worldwide", config)) == ["too-many-images"]


def test_an_unmapped_category_is_a_warning() -> None:
    [finding] = check(one(category="Maquillage > Lèvres"))
    assert finding.code == "unmapped-category" and finding.severity == "warning"
    assert (finding.row, finding.column, finding.value) == (4, "Catégorie", "Maquillage > Lèvres")
    assert "[platforms.tmall-global.categories]" in finding.message


def test_a_category_under_a_mapped_parent_is_mapped() -> None:
    assert check(one(category="parfums > femme > eau de parfum")) == []


def test_a_variant_over_the_cbec_limit_is_an_error_on_its_row() -> None:
    product = Product(
        outer_id="P-1",
        skus=[sku(4, "P-1-50", price=D("89")), sku(5, "P-1-500", price=D("641.03"))],
    )
    [finding] = check(product)
    # 641.03 x 7.8 = 5000.034 -> 5000.03 CNY > 5000
    assert finding.code == "over-cbec-limit" and finding.severity == "error"
    assert (finding.row, finding.column, finding.field, finding.sku) == (
        5,
        "Prix TTC (€)",
        "price",
        "P-1-500",
    )
    assert finding.value == "5000.03"
    assert "5,000.03 CNY" in finding.message and "5,000.00 CNY" in finding.message


def test_the_limit_is_not_checked_without_a_rate() -> None:
    assert check(one(price=D("2000")), rate=None) == []
    assert codes(check(one(price=D("2000")))) == ["over-cbec-limit"]


def test_the_limit_follows_the_config() -> None:
    config = config_with()
    config.pricing = PricingConfig(cbec_transaction_limit=D("500"))
    assert codes(check(one(), config=config)) == ["over-cbec-limit"]  # 694.20 > 500


# --- the rate's age -----------------------------------------------------------------------------


def test_a_rate_older_than_max_rate_age_days_is_stale() -> None:
    [finding] = rate_findings(AT_7_8, Config(), today=dt.date(2024, 7, 8))
    assert finding.code == "stale-exchange-rate" and finding.severity == "warning"
    assert finding.row is None and finding.value == "2024-06-28"
    assert "10 days old" in finding.message and "max_rate_age_days is 7" in finding.message
    assert rate_findings(AT_7_8, Config(), today=dt.date(2024, 7, 5)) == []  # 7 days: fine


def test_max_rate_age_days_is_configurable() -> None:
    config = Config(pricing=PricingConfig(max_rate_age_days=30))
    assert rate_findings(AT_7_8, config, today=dt.date(2024, 7, 8)) == []


def test_a_config_rate_without_a_date_is_of_unknown_age() -> None:
    [finding] = rate_findings(Rate(D("7.8"), None, "config"), Config())
    assert finding.code == "stale-exchange-rate" and "rate_date" in finding.message


def test_a_rate_given_on_the_command_line_is_not_stale() -> None:
    assert rate_findings(Rate(D("7.8"), None, "option"), Config()) == []
    assert rate_findings(None, Config()) == []


# --- list separators ------------------------------------------------------------------------


def test_a_sku_holding_tops_list_separator_is_an_error_on_its_row() -> None:
    product = Product(
        outer_id="B",
        skus=[sku(4, "B-1", parent_sku="B"), sku(5, "B,2", parent_sku="B")],
    )
    found = [f for f in check(product) if f.code == "separator-in-sku"]
    assert [(f.row, f.column, f.sku, f.severity) for f in found] == [
        (5, "Référence", "B,2", "error")
    ]
    assert "'B-2'" in found[0].message and "','" in found[0].message
    parent = Product(outer_id="A,1", skus=[sku(7, "A1-S", parent_sku="A,1")])
    assert [(f.row, f.field, f.value) for f in check(parent) if f.code == "separator-in-sku"] == [
        (7, "parent_sku", "A,1")
    ]


def test_jd_sends_skus_as_json_and_takes_a_comma() -> None:
    product = Product(outer_id="B,2", skus=[sku(4, "B,2")])
    assert "separator-in-sku" not in codes(check(product, "jd-worldwide"))


# --- fields no column holds ----------------------------------------------------------------------


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    lines = [";".join(header), *(";".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _gap_rule(path: Path, config: Config) -> tuple[PlatformRule, list[Product]]:
    catalogue = read_catalogue(path, config=config)
    target = get_platform("tmall-global", config)
    rule = platform_rules(target, config, title_for=None, rate=None, catalogue=catalogue)
    return rule, list(catalogue.iter_products())


def test_a_recommended_field_without_a_column_is_one_finding_for_the_file(
    tmp_path: Path,
) -> None:
    header = ["Référence", "Désignation", "Marque", "Prix TTC", "Code SH", "Catégorie", "Image"]
    rows = [
        [f"C-{i}", "Crème de jour", "M", "20", "33049900", "Parfums > Femme", IMAGES[0]]
        for i in range(30)
    ]
    path = _csv(tmp_path / "c.csv", header, rows)
    rule, products = _gap_rule(path, config_with())
    gaps = {gap.finding.field: gap for gap in rule.gaps}
    assert sorted(gaps) == ["ean", "net_content", "shelf_life_months", "stock", "weight_kg"]
    for gap in gaps.values():
        finding = gap.finding
        assert (finding.code, finding.severity) == ("missing-recommended", "warning")
        assert (finding.row, finding.column, finding.sku) == (None, None, None)
        assert "no column of the file holds it" in finding.message
        assert f"--map 'COLUMN={finding.field}'" in finding.message
    assert "published as 0" in gaps["stock"].finding.message
    # nothing more per product
    assert [f for p in products for f in rule(p) if f.code == "missing-recommended"] == []


def test_a_required_field_without_a_column_is_a_missing_value_for_the_file(
    tmp_path: Path,
) -> None:
    header = ["Référence", "Désignation", "Marque", "Prix TTC", "Code SH", "Image"]
    path = _csv(tmp_path / "c.csv", header, [["C-1", "Crème", "M", "20", "33049900", IMAGES[0]]])
    config = config_with(required=["sku", "brand", "price", "ean"])
    rule, products = _gap_rule(path, config)
    [gap] = [g for g in rule.gaps if g.finding.field == "ean"]
    assert (gap.finding.code, gap.finding.severity, gap.concerns) == (
        "missing-value",
        "error",
        None,
    )
    assert "tmall-global requires the EAN" in gap.finding.message
    assert [f for f in rule(products[0]) if f.field == "ean"] == []


def test_a_shelf_life_column_is_asked_only_where_products_need_one(tmp_path: Path) -> None:
    header = ["Référence", "Désignation", "Marque", "Prix TTC", "Code SH", "Image"]
    wines = [[f"W-{i}", "Bordeaux rouge", "M", "20", "22042110", IMAGES[0]] for i in range(3)]
    config = Config(platforms={"tmall-global": PlatformConfig(categories={"Parfums": "1"})})
    rule, _ = _gap_rule(_csv(tmp_path / "wine.csv", header, wines), config)
    assert "shelf_life_months" not in {g.finding.field for g in rule.gaps}
    bags = [[f"B-{i}", "Sac cabas", "M", "90", "42022100", IMAGES[0]] for i in range(3)]
    rule, _ = _gap_rule(_csv(tmp_path / "bags.csv", header, bags), config)
    fields = {g.finding.field for g in rule.gaps}
    assert "net_content" not in fields and "shelf_life_months" not in fields
    # a cream among bags: the gap is reported, and concerns the cream only
    mixed = [*bags, ["C-1", "Crème de jour", "M", "20", "33049900", IMAGES[0]]]
    rule, products = _gap_rule(_csv(tmp_path / "mixed.csv", header, mixed), config)
    [shelf] = [g for g in rule.gaps if g.finding.field == "shelf_life_months"]
    assert shelf.concerns is not None
    assert [p.outer_id for p in products if shelf.concerns(p)] == ["C-1"]
    assert "food, drink or cosmetic" in shelf.finding.message
