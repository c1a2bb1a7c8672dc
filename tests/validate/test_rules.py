"""Each rule on catalogues built in memory: codes, rows, columns, severities."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.validate.conftest import DEFAULT_FIELDS

from export_kit.catalogue import read_catalogue
from export_kit.catalogue.base import Catalogue
from export_kit.config import BrandConfig, CatalogueConfig, Config
from export_kit.model import Product
from export_kit.platforms import get_platform
from export_kit.validate import Validator, validate_catalogue
from export_kit.validate.report import Finding, Report
from export_kit.validate.sectors import (
    SectorResolver,
    catalogue_sector,
    majority_sector,
    product_sectors,
)


def _run(catalogue: Catalogue, config: Config | None = None, **kwargs: Any) -> Report:
    return validate_catalogue(catalogue, config or Config(), **kwargs)


def _where(report: Report, code: str) -> list[tuple[int | None, str | None, str | None]]:
    return [(f.row, f.column, f.sku) for f in report.sorted_findings() if f.code == code]


def _codes(report: Report) -> list[str]:
    return [f.code for f in report.sorted_findings()]


def test_a_clean_catalogue_has_no_finding(make_catalogue, good) -> None:
    report = _run(make_catalogue([good("P-1"), good("P-2")]))
    assert report.findings == []
    assert (report.rows, report.products) == (2, 2)
    assert report.ok(strict=True)


def test_every_finding_is_located_and_has_source_and_sheet(make_catalogue, good) -> None:
    catalogue = make_catalogue(
        [good("P-1", price="0"), good("P-2", images=["photo.jpg"])],
        path="catalogue.xlsx",
        sheet="Produits",
        delimiter=None,
    )
    report = _run(catalogue)
    assert report.source == "catalogue.xlsx"
    assert {f.source for f in report.findings} == {"catalogue.xlsx"}
    assert {f.sheet for f in report.findings} == {"Produits"}
    assert _where(report, "non-positive-price") == [(2, "Prix TTC (€)", "P-1")]
    assert _where(report, "invalid-image-url") == [(3, "Images", "P-2")]


# ----------------------------------------------------------------- missing values


def test_missing_required_values_per_row(make_catalogue, good) -> None:
    catalogue = make_catalogue(
        [good("P-1"), good(None, name="Sérum"), good("P-3", price=None), good("P-4")]
    )
    report = _run(catalogue)
    found = [(f.row, f.field, f.column) for f in report.findings if f.code == "missing-value"]
    assert sorted(found) == [(3, "sku", "Référence"), (4, "price", "Prix TTC (€)")]
    price = next(f for f in report.findings if f.field == "price")
    assert "empty" in price.message and "price" in price.message


def test_name_and_brand_are_reported_once_per_product_not_per_variant(make_catalogue, good) -> None:
    rows = [
        good("V-1", parent_sku="P", name=None, brand=None),
        good("V-2", parent_sku="P", name=None, brand=None),
        good("V-3", parent_sku="P", name=None, brand=None),
        # a product whose first row holds the name: its variants inherit it
        good("W-1", parent_sku="W"),
        good("W-2", parent_sku="W", name=None, brand=None),
    ]
    report = _run(make_catalogue(rows))
    missing = [(f.row, f.field) for f in report.sorted_findings() if f.code == "missing-value"]
    assert sorted(missing) == [(2, "brand"), (2, "name")]


def test_a_parent_only_row_needs_no_price_nor_sku(make_catalogue, good) -> None:
    rows = [
        good(None, parent_sku="P", price=None, is_parent_row=True),
        good("P-S", parent_sku="P", name=None),
        good("P-M", parent_sku="P", name=None),
    ]
    report = _run(make_catalogue(rows))
    assert report.findings == []


def test_no_missing_value_when_the_whole_column_is_missing(make_catalogue, good) -> None:
    missing_column = Finding("missing-column", "error", "No column for the brand.", field="brand")
    fields = ("sku", "name", "price", "hs_code", "images")
    rows = [{k: v for k, v in good(f"P-{i}").items() if k in fields} for i in range(3)]
    report = _run(make_catalogue(rows, fields=fields, findings=[missing_column]))
    assert _codes(report) == ["missing-column"]
    assert report.findings[0].row is None
    assert report.findings[0].source == "catalogue.csv"


def test_brand_from_the_config_fills_empty_brand_cells(make_catalogue, good) -> None:
    config = Config(brand=BrandConfig(name="Maison Exemple"))
    report = _run(make_catalogue([good("P-1", brand=None)]), config)
    assert report.findings == []


def test_an_unreadable_price_is_not_also_reported_missing(make_catalogue, good) -> None:
    issue = Finding(
        "invalid-number",
        "error",
        "'douze' is not a price",
        row=2,
        column="Prix TTC (€)",
        field="price",
        sku="P-1",
        value="douze",
    )
    report = _run(make_catalogue([good("P-1", price=None, issues=[issue])]))
    assert _codes(report) == ["invalid-number"]
    passed = report.findings[0]
    assert (passed.row, passed.column, passed.value, passed.source) == (
        2,
        "Prix TTC (€)",
        "douze",
        "catalogue.csv",
    )


def test_parse_findings_of_the_reader_pass_through(make_catalogue, good) -> None:
    issues = [
        Finding(
            "invalid-ean",
            "error",
            "EAN-13 check digit should be 1, not 3",
            row=2,
            column="Code EAN",
            field="ean",
            sku="P-1",
            value="3600523614563",
        ),
        Finding(
            "formula-without-value",
            "error",
            "formula without a cached value",
            row=2,
            column="Désignation",
            field="name",
            sku="P-1",
            value="=A1",
        ),
    ]
    report = _run(make_catalogue([good("P-1", name=None, issues=issues)]))
    # the name is empty because its formula had no value: one finding, not two
    assert sorted(_codes(report)) == ["formula-without-value", "invalid-ean"]


def test_a_price_without_vat_is_enough(make_catalogue, good) -> None:
    fields = ("sku", "name", "brand", "price", "price_excl_vat", "hs_code", "images")
    row = {k: v for k, v in good("P-1", price=None).items() if k in fields}
    report = _run(make_catalogue([{**row, "price_excl_vat": "20.75"}], fields=fields))
    assert report.findings == []


# ----------------------------------------------------------------- identifiers and prices


def test_duplicate_skus_are_reported_on_the_later_rows(make_catalogue, good) -> None:
    rows = [good("A"), good("B"), good("A"), good("C"), good("A")]
    report = _run(make_catalogue(rows))
    assert _where(report, "duplicate-sku") == [(4, "Référence", "A"), (6, "Référence", "A")]
    assert all("row 2" in f.message for f in report.findings)


def test_a_duplicate_met_out_of_row_order_is_still_put_on_the_later_row(
    make_catalogue, good
) -> None:
    # Product P has rows 2 and 4: the reader yields it after row 3, which repeats a SKU of it.
    rows = [good("A", parent_sku="P"), good("X", parent_sku="Q"), good("B", parent_sku="P")]
    rows[1]["sku"] = "A"
    report = _run(make_catalogue(rows))
    dupes = [f for f in report.findings if f.code == "duplicate-sku"]
    assert [(f.row, f.sku) for f in dupes] == [(3, "A")]
    assert "row 2" in dupes[0].message


def test_non_positive_prices(make_catalogue, good) -> None:
    fields = ("sku", "name", "brand", "price", "price_excl_vat", "hs_code", "images")
    rows = [
        {**{k: v for k, v in good("P-1", price="0").items() if k in fields}},
        {**{k: v for k, v in good("P-2", price="-5.00").items() if k in fields}},
        {**{k: v for k, v in good("P-3").items() if k in fields}, "price_excl_vat": "0"},
    ]
    report = _run(make_catalogue(rows, fields=fields))
    found = [(f.row, f.column, f.value) for f in report.sorted_findings()]
    assert found == [(2, "Prix TTC (€)", "0"), (3, "Prix TTC (€)", "-5.00"), (4, "Prix HT", "0")]
    assert {f.code for f in report.findings} == {"non-positive-price"}


def test_missing_hs_code_is_a_warning_once_per_product(make_catalogue, good) -> None:
    rows = [
        good("V-1", parent_sku="P", hs_code=None),
        good("V-2", parent_sku="P", hs_code=None),
        good("W", hs_code=None),
        good("X"),
    ]
    report = _run(make_catalogue(rows))
    assert _where(report, "missing-hs-code") == [(2, "Code SH", "V-1"), (4, "Code SH", "W")]
    assert {f.severity for f in report.findings} == {"warning"}
    assert report.ok() and not report.ok(strict=True)


def test_a_platform_makes_missing_hs_code_an_error_and_rules_win(make_catalogue, good) -> None:
    catalogue = make_catalogue([good("P-1", hs_code=None)])
    defaults = {"missing-hs-code": "error", "missing-image": "error"}
    assert _run(catalogue, severity_defaults=defaults).findings[0].severity == "error"
    config = Config(rules={"missing-hs-code": "info"})
    report = _run(catalogue, config, severity_defaults=defaults)
    assert report.findings[0].severity == "info"


# ----------------------------------------------------------------- restricted EANs


def test_in_store_barcodes_are_restricted_eans(make_catalogue, good) -> None:
    fields = (*DEFAULT_FIELDS, "ean")
    rows = [
        good("A", ean="2000000000015"),  # prefix 200: a shop's own code
        good("B", ean="2991234567897"),  # 299
        good("C", ean="0212345678909"),  # 021
        good("D", ean="0451234567898"),  # 045
        good("E", ean="212345678909"),  # UPC-A, number system 2 (random weight)
        good("F", ean="22345677"),  # RCN-8
        good("G", ean="3017620422003"),  # a French brand's GTIN
        good("H", ean="0301234567896"),  # 030: not restricted
        good("I", ean="5012345678900"),
        good("J", ean="96385074"),  # an ordinary EAN-8
        good("K", ean="12000000000012"),  # GTIN-14 of the 200 code, indicator 1
    ]
    report = _run(make_catalogue(rows, fields=fields))
    found = {f.sku: f for f in report.findings if f.code == "restricted-ean"}
    assert sorted(found) == ["A", "B", "C", "D", "E", "F", "K"]
    assert {f.severity for f in found.values()} == {"warning"}
    assert (found["A"].row, found["A"].column, found["A"].value) == (2, "Code EAN", "2000000000015")
    assert "starts with 200" in found["A"].message
    assert "starts with 021" in found["E"].message


def test_a_restricted_ean_is_an_error_for_a_platform(make_catalogue, good) -> None:
    catalogue = make_catalogue([good("A", ean="2000000000015")], fields=(*DEFAULT_FIELDS, "ean"))
    for name in ("tmall-global", "jd-worldwide", "douyin-global"):
        defaults = dict(get_platform(name, Config()).severity_defaults)
        report = _run(catalogue, severity_defaults=defaults)
        assert [(f.code, f.severity) for f in report.findings] == [("restricted-ean", "error")]
    off = _run(catalogue, Config(rules={"restricted-ean": "off"}))
    assert off.findings == []


# ----------------------------------------------------------------- columns absent


def test_a_column_absent_from_the_file_is_one_finding_for_the_file(make_catalogue, good) -> None:
    fields = ("sku", "parent_sku", "name", "brand", "price", "description")
    rows = [good(f"P-{i}", images=[], hs_code=None) for i in range(200)]
    catalogue = make_catalogue(rows, fields=fields, path="c.xlsx", sheet="Produits")
    report = _run(catalogue)
    found = [(f.code, f.severity, f.row, f.column, f.field, f.sheet) for f in report.findings]
    assert found == [
        ("missing-hs-code", "warning", None, None, "hs_code", "Produits"),
        ("missing-image", "warning", None, None, "images", "Produits"),
    ]
    assert {f.source for f in report.findings} == {"c.xlsx"}
    assert all("No column of the file holds" in f.message for f in report.findings)
    # a platform makes them errors; each product is concerned (a run leaves it out)
    defaults = dict(get_platform("tmall-global", Config()).severity_defaults)
    validator = Validator(catalogue, Config(), severity_defaults=defaults)
    assert {f.severity for f in validator.catalogue_findings()} == {"error"}
    products = list(catalogue.iter_products())
    assert all(validator.check(p) == [] for p in products)
    assert {f.code for f in validator.gaps_of(products[7])} == {"missing-image", "missing-hs-code"}
    # turned off in [rules], a gap neither shows nor leaves anything out
    quiet = Validator(catalogue, Config(rules={"missing-image": "off"}), severity_defaults=defaults)
    assert [f.code for f in quiet.gaps_of(products[0])] == ["missing-hs-code"]


def test_an_empty_cell_of_a_column_that_exists_is_still_per_product(make_catalogue, good) -> None:
    rows = [good("P-1", images=[], hs_code=None), good("P-2")]
    report = _run(make_catalogue(rows))
    assert _where(report, "missing-image") == [(2, "Images", "P-1")]
    assert _where(report, "missing-hs-code") == [(2, "Code SH", "P-1")]


# ----------------------------------------------------------------- images


def test_image_rules(make_catalogue, good) -> None:
    rows = [
        good("P-1", images=[]),
        good("P-2", images=["http://cdn.example.fr/p2.jpg"]),
        good("P-3", images=["photos/p3.jpg", "www.example.fr/p3.jpg", "https://ok.fr/p3.jpg"]),
        good("P-4", images=["ftp://example.fr/p4.jpg", "//cdn.example.fr/p4.jpg"]),
    ]
    report = _run(make_catalogue(rows))
    assert [(f.row, f.code, f.severity) for f in report.sorted_findings()] == [
        (2, "missing-image", "warning"),
        (3, "insecure-image-url", "warning"),
        (4, "invalid-image-url", "error"),
        (4, "invalid-image-url", "error"),
        (5, "invalid-image-url", "error"),
        (5, "invalid-image-url", "error"),
    ]
    messages = " ".join(f.message for f in report.findings)
    assert "https://www.example.fr/p3.jpg" in messages
    assert "https://cdn.example.fr/p4.jpg" in messages


def test_an_image_shared_by_variants_is_checked_once(make_catalogue, good) -> None:
    image = ["http://cdn.example.fr/shared.jpg"]
    rows = [good(f"V-{i}", parent_sku="P", images=image) for i in range(3)]
    report = _run(make_catalogue(rows))
    assert _where(report, "insecure-image-url") == [(2, "Images", "V-0")]


# ----------------------------------------------------------------- claims and sectors


def test_claims_in_name_and_html_description(make_catalogue, good) -> None:
    rows = [
        good(
            "P-1",
            name="Le meilleur sérum",
            category="Beauté > Soins visage",
            description="<p>Soigne l&rsquo;acné et l'eczéma. <b>SPF 30</b></p>",
        ),
        good("P-2", name="Crème de jour"),
    ]
    fields = ("sku", "name", "brand", "price", "hs_code", "description", "category", "images")
    report = _run(make_catalogue(rows, fields=fields))
    found = [(f.row, f.column, f.code, f.severity, f.value) for f in report.sorted_findings()]
    assert found == [
        (2, "Description", "medical-claim", "error", "Soigne l’acné"),
        (2, "Description", "medical-claim", "error", "eczéma"),
        (2, "Description", "special-cosmetic-claim", "warning", "SPF 30"),
        (2, "Désignation", "superlative-claim", "warning", "Le meilleur"),
    ]
    superlative = next(f for f in report.findings if f.code == "superlative-claim")
    assert "最佳" in superlative.message and "Rephrase" in superlative.message


def test_a_description_repeated_on_variants_is_reported_once(make_catalogue, good) -> None:
    text = "Un soin miraculeux."
    rows = [good(f"V-{i}", parent_sku="P", description=text) for i in range(4)]
    report = _run(make_catalogue(rows))
    assert _where(report, "superlative-claim") == [(2, "Description", "V-0")]


def test_medical_claims_are_errors_for_cosmetics_and_food_warnings_otherwise(
    make_catalogue, good
) -> None:
    text = "Une formule qui guérit tout."
    codes = {
        "cosmetics": "33049900",
        "food": "18069000",  # chocolate
        "wine": "22042100",  # wine is food in China
        "fashion": "42022100",  # handbag
    }
    for sector, hs_code in codes.items():
        rows = [good(f"{sector}-{i}", description=text, hs_code=hs_code) for i in range(2)]
        report = _run(make_catalogue(rows))
        severities = {f.severity for f in report.findings if f.code == "medical-claim"}
        expected = "warning" if sector == "fashion" else "error"
        assert severities == {expected}, sector
    # nothing says what the products are: a warning
    rows = [good("NONE", name="Article 12", description=text, hs_code=None)]
    report = _run(make_catalogue(rows))
    assert [f.severity for f in report.findings if f.code == "medical-claim"] == ["warning"]


def test_one_claim_has_one_severity_across_a_catalogue(make_catalogue, good) -> None:
    text = "Un baume antiseptique."
    rows = [
        good("COS-1", description=text, hs_code="33049900"),
        good("COS-2", description=text, hs_code="33049900"),
        good("BAG", description=text, hs_code="42022100"),  # a handbag of the same brand
        good("UNKNOWN", name="Article 12", description=text, hs_code=None),
    ]
    report = _run(make_catalogue(rows))
    severity = {f.sku: f.severity for f in report.findings if f.code == "medical-claim"}
    # most products whose sector is known are cosmetics: the catalogue is
    assert severity == dict.fromkeys(["COS-1", "COS-2", "BAG", "UNKNOWN"], "error")
    # the same claim in a catalogue of mostly bags is a warning, the cosmetic's too
    rows = [
        good("COS", description=text, hs_code="33049900"),
        good("BAG-1", description=text, hs_code="42022100"),
        good("BAG-2", description=text, hs_code="42022100"),
    ]
    report = _run(make_catalogue(rows))
    assert {f.severity for f in report.findings if f.code == "medical-claim"} == {"warning"}


def test_a_tie_between_sectors_goes_to_the_one_listed_first() -> None:
    assert majority_sector(["fashion", "cosmetics", None, None, None]) == "cosmetics"
    assert majority_sector(["food", "fashion", "fashion"]) == "fashion"
    assert majority_sector([None, None]) is None
    assert majority_sector([]) is None


def test_the_configured_sector_wins_over_hs_code_and_category(make_catalogue, good) -> None:
    rows = [good("P-1", description="Antiseptique.", hs_code="42022100")]
    config = Config(catalogue=CatalogueConfig(sector="cosmétiques"))
    report = _run(make_catalogue(rows), config)
    assert [(f.code, f.severity) for f in report.findings] == [("medical-claim", "error")]


def test_category_words_decide_the_sector_without_hs_code(make_catalogue, good) -> None:
    fields = ("sku", "name", "brand", "price", "description", "category", "images")
    base = {k: v for k, v in good("x").items() if k in fields}
    for category, severity in (("Épicerie fine > Chocolats", "error"), ("Mode > Sacs", "warning")):
        rows = [{**base, "sku": "A", "category": category, "description": "Détox"}]
        report = _run(make_catalogue(rows, fields=fields))
        claims = {f.sku: f.severity for f in report.findings if f.code == "medical-claim"}
        assert claims == {"A": severity}


def test_special_cosmetic_claims_only_concern_cosmetics(make_catalogue, good) -> None:
    text = "Protection anti-UV et SPF 50."
    cosmetics = [
        good("SUN", description=text, hs_code="33049900"),
        good("CREAM", hs_code="33049900"),
        good("GLASSES", description=text, hs_code="90041000"),  # unknown, in a cosmetics brand
    ]
    report = _run(make_catalogue(cosmetics))
    skus = {f.sku for f in report.findings if f.code == "special-cosmetic-claim"}
    assert skus == {"SUN", "GLASSES"}
    fashion = [good("SHIRT", description=text, hs_code="61091000")]
    assert not [f for f in _run(make_catalogue(fashion)).findings if f.code.startswith("special")]
    unknown = [good("GLASSES", name="Article 12", description=text, hs_code="90041000")]
    assert not [f for f in _run(make_catalogue(unknown)).findings if f.code.startswith("special")]


def test_the_sector_of_a_file_is_read_from_its_cells_as_from_its_products(
    tmp_path: Path,
) -> None:
    lines = ["Référence;Parent;Désignation;Catégorie;Code SH;Prix TTC;Marque"]
    # two cosmetics (one as three variants: still one product), one food, two bags
    lines += [f"V-{i};CR;Crème de jour;;;20;M" for i in range(3)]
    lines += ["S-1;;Sérum;Soins > Visage;;25;M", "C-1;;Tablette;Épicerie;18069000;5;M"]
    lines += ["B-1;;Cabas;;4202.21.00;90;M", "B-2;;Pochette;Maroquinerie;;60;M"]
    path = tmp_path / "catalogue.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    catalogue = read_catalogue(path)
    resolve = SectorResolver(Config())
    by_products = [resolve(p) for p in catalogue.iter_products()]
    assert sorted(map(str, by_products)) == sorted(map(str, product_sectors(catalogue, Config())))
    assert by_products == ["cosmetics", "cosmetics", "food", "fashion", "fashion"]
    # two cosmetics, two bags: the tie goes to cosmetics (the variants count once)
    assert catalogue_sector(catalogue, Config()) == "cosmetics"


# ----------------------------------------------------------------- severities


def test_rules_table_changes_a_severity_or_turns_a_code_off(make_catalogue, good) -> None:
    rows = [good("P-1", images=[], description="Le meilleur soin", hs_code=None)]
    catalogue = make_catalogue(rows)
    assert sorted(_codes(_run(catalogue))) == [
        "missing-hs-code",
        "missing-image",
        "superlative-claim",
    ]
    config = Config(
        rules={"superlative-claim": "error", "missing-image": "off", "missing-hs-code": "off"}
    )
    report = _run(catalogue, config)
    assert [(f.code, f.severity) for f in report.findings] == [("superlative-claim", "error")]
    assert not report.ok()


def test_off_applies_to_parse_findings_too(make_catalogue, good) -> None:
    issue = Finding("invalid-ean", "error", "bad EAN", row=2, field="ean", sku="P-1")
    catalogue = make_catalogue([good("P-1", issues=[issue])])
    assert _run(catalogue, Config(rules={"invalid-ean": "off"})).findings == []
    assert _run(catalogue, Config(rules={"invalid-ean": "warning"})).findings[0].severity == (
        "warning"
    )


# ----------------------------------------------------------------- the Validator


def test_validator_streams_products_and_runs_extra_rules(make_catalogue, good) -> None:
    catalogue = make_catalogue([good("P-1"), good("P-2", price="0")])

    def no_p2(product: Product) -> list[Finding]:
        if product.outer_id == "P-2":
            return [
                Finding(
                    "title-too-long", "error", "too long", row=product.row, sku=product.outer_id
                )
            ]
        return []

    validator = Validator(
        catalogue, Config(rules={"title-too-long": "warning"}), extra_rules=[no_p2]
    )
    assert validator.catalogue_findings() == []
    per_product = {p.outer_id: validator.check(p) for p in catalogue.iter_products()}
    assert per_product["P-1"] == []
    assert [(f.code, f.severity) for f in per_product["P-2"]] == [
        ("non-positive-price", "error"),
        ("title-too-long", "warning"),
    ]
    assert all(f.source == "catalogue.csv" for f in per_product["P-2"])
    assert validator.finish() == []


def test_a_run_never_stops_at_the_first_finding(make_catalogue, good) -> None:
    rows = [good(f"P-{i}", price="0", images=["x.jpg"]) for i in range(50)]
    report = _run(make_catalogue(rows))
    assert report.errors == 100
    assert report.products == 50


def test_prices_stay_decimal(make_catalogue, good) -> None:
    catalogue = make_catalogue([good("P-1", price="0.00")])
    sku = next(catalogue.iter_skus())
    assert isinstance(sku.price, Decimal)
    assert _run(catalogue).findings[0].value == "0.00"


def test_the_real_catalogue_of_in_store_barcodes_gives_restricted_ean(real_catalogues) -> None:
    path = real_catalogues / "catalogue_fr_image_formulas.xlsx"
    # "EAN-13 complet" holds the codes; "Code-barre (image)" draws them with =IMAGE()
    catalogue = read_catalogue(
        path, mappings={"EAN-13 complet": "ean", "Code-barre (image)": "ignore"}
    )
    report = _run(catalogue)
    restricted = [f for f in report.findings if f.code == "restricted-ean"]
    assert [f.row for f in restricted] == list(range(4, 118))
    assert {f.column for f in restricted} == {"EAN-13 complet"}
    assert all(f.value and f.value.startswith("200") for f in restricted)
    assert restricted[0].value == "2000000000015"
    # the drawing column is ignored: its formulas block no product
    assert not [f for f in report.findings if f.code == "formula-without-value"]
    tmall = dict(get_platform("tmall-global", Config()).severity_defaults)
    errors = _run(catalogue, severity_defaults=tmall).findings
    assert {f.severity for f in errors if f.code == "restricted-ean"} == {"error"}
