"""The sample catalogues: what a user of the samples relies on, checked on the files.

The samples are read here with openpyxl and the csv module, not with export-kit's reader,
so that a reader bug cannot hide a sample bug (and the other way round). The last tests
run export-kit itself on the samples once its reader and validator are there.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import defusedxml.ElementTree as SafeET
import openpyxl
import pytest
from tests.conftest import DOMAIN, SAMPLES

from export_kit.config import load_config

#: The clean samples: every .xlsx and .csv at the top of sample_catalogs/.
CLEAN = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv"))
FINDINGS = SAMPLES / "with-findings"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Fields that get Chinese, by the French headers the samples use.
TEXT_COLUMNS = {
    "Désignation": "name",
    "Description": "description",
    "Catégorie": "category",
    "Couleur": "colour",
    "Taille": "size",
}
BANNED_LISTS = (
    "adlaw-absolute-terms.txt",
    "cosmetics-prohibited-terms.txt",
    "medical-claim-terms.txt",
    "cosmetics-special-claim-terms.txt",
)
PLATFORMS = ("tmall-global", "jd-worldwide", "douyin-global")


def test_the_three_sectors_are_there() -> None:
    names = [p.name for p in CLEAN]
    assert len(CLEAN) >= 3, names
    assert any(p.suffix == ".csv" for p in CLEAN)
    assert sum(p.suffix == ".xlsx" for p in CLEAN) >= 2


# ---------------------------------------------------------------------------------------
# Reading the samples independently
# ---------------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A cell as a person reads it: numbers without a trailing ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Sheet:
    """A catalogue's header and data rows, with the row numbers a spreadsheet shows."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]

    def column(self, name: str) -> list[str]:
        return [row.get(name, "") for _, row in self.rows]


@cache
def read_sample(path: Path) -> Sheet:
    """Header (found by its "Référence" cell) and rows of an xlsx or cp1252 CSV sample."""
    if path.suffix == ".csv":
        text = path.read_bytes().decode("cp1252")
        table = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=";")]
    else:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            table = [
                [cell_text(v) for v in r] for r in wb.worksheets[0].iter_rows(values_only=True)
            ]
        finally:
            wb.close()
    start = next(i for i, r in enumerate(table) if r and r[0] == "Référence")
    header = table[start]
    rows = [
        (start + 2 + i, dict(zip(header, r, strict=False)))
        for i, r in enumerate(table[start + 1 :])
        if any(c.strip() for c in r)
    ]
    return Sheet(header, rows)


def products(sheet: Sheet) -> dict[str, list[dict[str, str]]]:
    """Rows grouped by product: the parent reference, else the row's own reference."""
    groups: dict[str, list[dict[str, str]]] = {}
    for _, row in sheet.rows:
        key = row.get("Référence parent") or row["Référence"]
        groups.setdefault(key, []).append(row)
    return groups


def ean13_ok(code: str) -> bool:
    if not re.fullmatch(r"\d{13}", code):
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(code[:12]))
    return (10 - total % 10) % 10 == int(code[12])


def french_price(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def sample_ids() -> list[str]:
    return [p.name for p in CLEAN]


# ---------------------------------------------------------------------------------------
# The catalogues themselves
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CLEAN, ids=sample_ids())
def test_each_sample_has_30_to_60_products(path: Path) -> None:
    count = len(products(read_sample(path)))
    assert 30 <= count <= 60, f"{path.name}: {count} products"


@pytest.mark.parametrize("path", CLEAN, ids=sample_ids())
def test_every_sku_is_unique_and_has_a_valid_ean13(path: Path) -> None:
    sheet = read_sample(path)
    skus = sheet.column("Référence")
    assert all(skus) and len(skus) == len(set(skus))
    bad = [(row, r["Code EAN"]) for row, r in sheet.rows if not ean13_ok(r["Code EAN"])]
    assert not bad, f"{path.name}: EANs with a wrong check digit or length: {bad}"
    eans = sheet.column("Code EAN")
    assert len(eans) == len(set(eans))


@pytest.mark.parametrize("path", CLEAN, ids=sample_ids())
def test_every_row_is_ready_for_a_cross_border_listing(path: Path) -> None:
    """HS code, https image, stock, brand, and a price under the CBEC limit on every row."""
    sheet = read_sample(path)
    image_columns = [h for h in sheet.header if h.startswith("Image")]
    for row, r in sheet.rows:
        where = f"{path.name} row {row}"
        assert re.fullmatch(r"\d{8,10}", r["Code SH"].replace(".", "")), where
        images = [u for h in image_columns for u in r[h].split("|") if u]
        assert images and all(u.startswith("https://") for u in images), where
        assert int(r["Stock"]) >= 0, where
        assert r["Marque"], where
        # €450 × 7.8 × 1.2306 (the highest CBEC tax rate) stays under CNY 5,000
        assert Decimal(0) < french_price(r["Prix TTC (€)"]) <= Decimal(450), where


def test_parents_group_variants_that_differ() -> None:
    """Within a variant group, no two rows have the same colour, size and content."""
    for path in CLEAN:
        for parent, rows in products(read_sample(path)).items():
            if len(rows) < 2:
                continue
            keys = [(r.get("Couleur"), r.get("Taille"), r.get("Contenance")) for r in rows]
            assert len(keys) == len(set(keys)), f"{path.name}: {parent} has twin variants"
            names = {r["Désignation"] for r in rows}
            assert len(names) == 1, f"{path.name}: {parent} changes its name across rows"


def test_fashion_products_all_come_in_sizes_or_colours() -> None:
    fashion = [p for p in CLEAN if read_sample(p).header.count("Taille")]
    assert fashion, "no sample with a Taille column"
    for path in fashion:
        for parent, rows in products(read_sample(path)).items():
            assert 2 <= len(rows) <= 8, f"{parent}: {len(rows)} variants"
            assert all(r["Couleur"] for r in rows), parent


def test_wine_csv_is_french_excel_cp1252() -> None:
    """The wine CSV must need cp1252: it is not UTF-8, and holds € and œ (not in latin-1)."""
    wine = [p for p in CLEAN if p.suffix == ".csv"]
    assert wine
    for path in wine:
        data = path.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        text = data.decode("cp1252")
        assert "€" in text and "œ" in text and "é" in text
        assert text.splitlines()[0].count(";") >= 10
        assert re.search(r";\d+,\d{2};", text), "comma decimals in prices"
        assert "\r\n" in text


def test_one_workbook_has_a_title_banner_above_the_header() -> None:
    banners = []
    for path in CLEAN:
        if path.suffix != ".xlsx":
            continue
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        if ws["A1"].value != "Référence":
            assert ws["A3"].value == "Référence"
            assert all(c.value is None for c in ws[2])
            assert ws.merged_cells.ranges
            banners.append(path.name)
    assert banners


# ---------------------------------------------------------------------------------------
# The Chinese sidecars
# ---------------------------------------------------------------------------------------


@cache
def sidecar(path: Path) -> dict[str, str]:
    """French → Chinese of ``<catalogue>.zh.tmx``."""
    tmx = path.with_name(path.name + ".zh.tmx")
    root = SafeET.parse(tmx).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "fr-FR"
    pairs: dict[str, str] = {}
    for tu in root.iter("tu"):
        segs = {tuv.get(XML_LANG): "".join(tuv.find("seg").itertext()) for tuv in tu}
        assert segs["fr-FR"] not in pairs, f"{tmx.name}: {segs['fr-FR']!r} twice"
        pairs[segs["fr-FR"]] = segs["zh-CN"]
    return pairs


def catalogue_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(field, French text) of every text cell that gets Chinese."""
    sheet = read_sample(path)
    for _, row in sheet.rows:
        for header, name in TEXT_COLUMNS.items():
            if row.get(header):
                yield name, row[header]


@pytest.mark.parametrize("path", CLEAN, ids=sample_ids())
def test_every_french_text_has_reviewed_chinese(path: Path) -> None:
    memory = sidecar(path)
    texts = set(catalogue_texts(path))
    missing = sorted({fr for _, fr in texts if not memory.get(fr, "").strip()})
    assert not missing, f"{path.name}: no Chinese for {missing[:5]}"
    unused = set(memory) - {fr for _, fr in texts}
    assert not unused, f"{path.name}: sidecar texts not in the catalogue: {sorted(unused)[:5]}"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, str, tuple[tuple[str, str | None], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("end", tag, ()))


def tags(html: str) -> list[tuple[str, str, tuple[tuple[str, str | None], ...]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("path", CLEAN, ids=sample_ids())
def test_chinese_descriptions_keep_every_tag_and_attribute(path: Path) -> None:
    memory = sidecar(path)
    for field, fr in set(catalogue_texts(path)):
        if field == "description":
            assert tags(memory[fr]) == tags(fr), f"{path.name}: {fr[:60]}"


@pytest.mark.parametrize("path", CLEAN, ids=sample_ids())
def test_chinese_names_fit_a_composed_title(path: Path) -> None:
    """Short (≤ 10 characters), Chinese, without the brand or a net content."""
    memory = sidecar(path)
    brands = {r["Marque"] for _, r in read_sample(path).rows}
    for field, fr in set(catalogue_texts(path)):
        if field != "name":
            continue
        zh = memory[fr]
        assert len(zh) <= 10, zh
        assert re.search(r"[\u4e00-\u9fff]", zh), zh
        assert not re.search(r"\d+\s*(?:ml|cl|l|g|毫升|克)\b", zh, re.I), zh
        assert not any(b.lower() in zh.lower() for b in brands), zh


@pytest.mark.parametrize("path", CLEAN, ids=sample_ids())
def test_categories_translate_level_by_level(path: Path) -> None:
    memory = sidecar(path)
    for field, fr in set(catalogue_texts(path)):
        if field == "category":
            assert memory[fr].count(" > ") == fr.count(" > ") >= 1, fr


def banned_terms() -> list[tuple[str, str]]:
    if not DOMAIN.is_dir():
        pytest.skip("../shared/domain is not present")
    terms = []
    for name in BANNED_LISTS:
        for line in (DOMAIN / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                terms.append((name, line.strip()))
    return terms


@pytest.mark.parametrize("path", CLEAN, ids=sample_ids())
def test_no_chinese_text_holds_a_banned_term(path: Path) -> None:
    terms = banned_terms()
    hits = [
        (name, term, zh[:40])
        for zh in sidecar(path).values()
        for name, term in terms
        if term.lower() in zh.lower()
    ]
    assert not hits, hits


# ---------------------------------------------------------------------------------------
# Configuration shared by the clean samples
# ---------------------------------------------------------------------------------------


def test_the_shared_config_loads_and_maps_every_category() -> None:
    config = load_config(None, CLEAN[0])
    assert config.path == SAMPLES / "export-kit.toml"
    assert config.pricing.eur_cny == Decimal("7.8") and config.pricing.rate_date
    categories = {fr for p in CLEAN for field, fr in catalogue_texts(p) if field == "category"}
    for platform in PLATFORMS:
        mapped = config.platforms[platform].categories
        assert categories <= set(mapped), sorted(categories - set(mapped))
        assert all(v.isdigit() for v in mapped.values())


def test_every_brand_has_a_chinese_name_in_the_brands_file() -> None:
    config = load_config(None, CLEAN[0])
    brands_file = config.resolve(config.translation.brands)
    assert brands_file is not None and brands_file.is_file()
    rows = list(csv.DictReader(brands_file.read_text(encoding="utf-8").splitlines()))
    names = {r["brand"]: r["chinese"] for r in rows}
    for path in CLEAN:
        for brand in {r["Marque"] for _, r in read_sample(path).rows}:
            assert names.get(brand), f"{brand} has no Chinese name"


def test_the_findings_sample_has_its_own_config() -> None:
    config = load_config(None, FINDINGS / "savonnerie-clairval-brouillon.csv")
    assert config.path == FINDINGS / "export-kit.toml"
    assert config.catalogue.sector == "cosmetics"


# ---------------------------------------------------------------------------------------
# export-kit on the samples (once the reader and the validator exist)
# ---------------------------------------------------------------------------------------


def read_with_export_kit(path: Path):  # type: ignore[no-untyped-def]
    catalogue_mod = pytest.importorskip("export_kit.catalogue")
    if not hasattr(catalogue_mod, "read_catalogue"):
        pytest.skip("export_kit.catalogue.read_catalogue is not written yet")
    config = load_config(None, path)
    return catalogue_mod.read_catalogue(path, config=config), config


@pytest.mark.parametrize("path", CLEAN, ids=sample_ids())
def test_export_kit_reads_the_sample_as_written(path: Path) -> None:
    catalogue, _ = read_with_export_kit(path)
    sheet = read_sample(path)
    assert catalogue.rows == len(sheet.rows)
    assert catalogue.products == len(products(sheet))
    assert catalogue.header_row == sheet.rows[0][0] - 1
    first = next(catalogue.iter_skus())
    assert first.sku == sheet.rows[0][1]["Référence"]
    assert first.ean == sheet.rows[0][1]["Code EAN"]
    assert not [i for s in catalogue.iter_skus() for i in s.issues]


@pytest.mark.parametrize("path", CLEAN, ids=sample_ids())
def test_export_kit_validates_the_sample_without_errors_or_claims(path: Path) -> None:
    catalogue, config = read_with_export_kit(path)
    validate = pytest.importorskip("export_kit.validate")
    report = validate.validate_catalogue(catalogue, config)
    codes = sorted({f.code for f in report.findings})
    assert report.errors == 0, [f.to_dict() for f in report.findings if f.severity == "error"]
    assert not {"superlative-claim", "medical-claim", "special-cosmetic-claim"} & set(codes)


def findings_readme_table() -> list[tuple[int, str]]:
    """(row, code) pairs listed in with-findings/README.md."""
    pairs = []
    for line in (FINDINGS / "README.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| (\d+) \| [^|]+ \| `([a-z-]+)` \|", line)
        if match:
            pairs.append((int(match[1]), match[2]))
    return pairs


def test_the_findings_readme_covers_every_code_a_catalogue_shows_without_chinese() -> None:
    codes = {code for _, code in findings_readme_table()}
    assert codes >= {
        "missing-value",
        "duplicate-sku",
        "invalid-number",
        "non-positive-price",
        "invalid-ean",
        "invalid-hs-code",
        "missing-hs-code",
        "missing-image",
        "invalid-image-url",
        "insecure-image-url",
        "superlative-claim",
        "medical-claim",
        "special-cosmetic-claim",
    }


def test_export_kit_finds_what_the_findings_readme_lists() -> None:
    path = FINDINGS / "savonnerie-clairval-brouillon.csv"
    catalogue, config = read_with_export_kit(path)
    validate = pytest.importorskip("export_kit.validate")
    report = validate.validate_catalogue(catalogue, config)
    found = {(f.row, f.code) for f in report.findings}
    missing = [pair for pair in findings_readme_table() if pair not in found]
    assert not missing, missing
    assert report.errors > 0
    clean_rows = {2, 24}
    assert not [f.to_dict() for f in report.findings if f.row in clean_rows]
