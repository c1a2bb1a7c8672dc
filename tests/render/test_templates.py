"""The built-in feed templates on hand-made listings: the shapes of docs/architecture.md."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree as SafeET

from export_kit.errors import ConfigError
from export_kit.render import make_environment, render_to_file

Factory = Callable[..., dict[str, Any]]

JD_COLUMNS = [
    "outerId",
    "wareTitle",
    "brandName",
    "brandNameCn",
    "categoryId",
    "skuOuterId",
    "jdPrice",
    "stock",
    "barcode",
    "saleAttrs",
    "images",
    "description",
    "hsCode",
    "origin",
    "netContent",
    "weightKg",
    "shelfLifeMonths",
    "taxClass",
    "taxRate",
]


def _variants(make_listing: Factory) -> dict[str, Any]:
    skus = [
        {
            "sku": f"BAG-1-{colour}",
            "ean": None,
            "price": price,
            "price_fen": fen,
            "price_with_tax": price,
            "tax": "0.00",
            "stock": stock,
            "size": None,
            "size_cn": None,
            "colour": colour,
            "colour_zh": zh,
            "net_content": None,
            "properties": f"颜色:{zh}",
        }
        for colour, zh, price, fen, stock in [
            ("Noir", "黑色", "1200.00", 120000, 3),
            ("Rouge", "红色", "1250.50", 125050, 0),
        ]
    ]
    return make_listing(
        outer_id="BAG-1", title="Sac <cuir> & 包", skus=skus, barcode=None, images=[], quantity=3
    )


def test_tmall_xml_root_holds_only_items_with_their_skus(
    tmp_path: Path, environment: Any, make_listing: Factory
) -> None:
    items = [make_listing(), _variants(make_listing)]
    written = render_to_file(
        environment, "tmall-global.xml.j2", {"items": iter(items)}, tmp_path / "tmall-global.xml"
    )
    root = SafeET.parse(str(written.path)).getroot()
    assert root.tag == "items"
    assert [child.tag for child in root] == ["item", "item"]
    first, second = list(root)
    assert first.findtext("outer_id") == "SER-001"
    assert first.findtext("title") == "兰蔻 Lancôme 精华肌底液 50ml"
    assert first.findtext("description") == "<p>修护肌肤屏障。<b>每日使用</b></p>"
    images = first.findall("images/image")
    assert [i.get("main") for i in images] == ["true", None]
    assert first.findtext("origin") == "法国"
    assert first.findtext("tax_rate") == "0.2306"
    assert second.findtext("title") == "Sac <cuir> & 包"
    assert second.findtext("barcode") == ""
    assert second.findall("images/image") == []
    skus = second.findall("skus/sku")
    assert [s.findtext("outer_id") for s in skus] == ["BAG-1-Noir", "BAG-1-Rouge"]
    assert [s.findtext("properties") for s in skus] == ["颜色:黑色", "颜色:红色"]
    assert [s.findtext("quantity") for s in skus] == ["3", "0"]


def test_jd_csv_has_a_bom_one_row_per_sku_and_outer_id_first(
    tmp_path: Path, environment: Any, make_listing: Factory
) -> None:
    items = [make_listing(), _variants(make_listing)]
    written = render_to_file(
        environment, "jd-worldwide.csv.j2", {"items": iter(items)}, tmp_path / "jd-worldwide.csv"
    )
    raw = written.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == JD_COLUMNS
    assert [r[0] for r in rows[1:]] == ["SER-001", "BAG-1", "BAG-1"]
    by_column = [dict(zip(JD_COLUMNS, r, strict=True)) for r in rows[1:]]
    assert by_column[2]["skuOuterId"] == "BAG-1-Rouge"
    assert by_column[2]["jdPrice"] == "1250.50"
    assert by_column[2]["saleAttrs"] == "颜色:红色"
    assert by_column[0]["images"] == (
        "https://cdn.example.com/ser-001.jpg|https://cdn.example.com/ser-001b.jpg"
    )
    assert by_column[0]["description"] == "<p>修护肌肤屏障。<b>每日使用</b></p>"


def test_jd_csv_neutralises_formula_cells(
    tmp_path: Path, environment: Any, make_listing: Factory
) -> None:
    item = make_listing(title="=cmd|' /C calc'!A0", brand="+Brand", outer_id="@SUM")
    written = render_to_file(
        environment, "jd-worldwide.csv.j2", {"items": iter([item])}, tmp_path / "jd-worldwide.csv"
    )
    row = list(csv.reader(io.StringIO(written.path.read_text(encoding="utf-8-sig"))))[1]
    assert row[0] == "'@SUM"
    assert row[1] == "'=cmd|' /C calc'!A0"
    assert row[2] == "'+Brand"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_douyin_jsonl_one_product_per_line_prices_in_fen(
    tmp_path: Path, environment: Any, make_listing: Factory
) -> None:
    items = [make_listing(), _variants(make_listing)]
    written = render_to_file(
        environment,
        "douyin-global.jsonl.j2",
        {"items": iter(items)},
        tmp_path / "douyin-global.jsonl",
    )
    lines = written.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    products = [json.loads(line) for line in lines]
    assert products[0]["out_product_id"] == "SER-001"
    assert products[0]["name"] == "兰蔻 Lancôme 精华肌底液 50ml"
    assert products[1]["skus"] == [
        {
            "out_sku_id": "BAG-1-Noir",
            "price": 120000,
            "stock_num": 3,
            "code": None,
            "spec": "颜色:黑色",
        },
        {
            "out_sku_id": "BAG-1-Rouge",
            "price": 125050,
            "stock_num": 0,
            "code": None,
            "spec": "颜色:红色",
        },
    ]
    assert all(isinstance(s["price"], int) for p in products for s in p["skus"])


def test_an_empty_feed_is_still_a_valid_file(tmp_path: Path, environment: Any) -> None:
    xml = render_to_file(
        environment, "tmall-global.xml.j2", {"items": iter([])}, tmp_path / "a.xml"
    )
    assert SafeET.parse(str(xml.path)).getroot().tag == "items"
    jsonl = render_to_file(
        environment, "douyin-global.jsonl.j2", {"items": iter([])}, tmp_path / "a.jsonl"
    )
    assert jsonl.path.read_bytes() == b""
    jd = render_to_file(environment, "jd-worldwide.csv.j2", {"items": iter([])}, tmp_path / "a.csv")
    assert jd.path.read_text(encoding="utf-8-sig").splitlines() == [",".join(JD_COLUMNS)]


def test_written_file_reports_sha256_and_size(
    tmp_path: Path, environment: Any, make_listing: Factory
) -> None:
    import hashlib

    written = render_to_file(
        environment,
        "jd-worldwide.csv.j2",
        {"items": iter([make_listing()])},
        tmp_path / "jd-worldwide.csv",
    )
    data = written.path.read_bytes()
    assert written.bytes == len(data)
    assert written.sha256 == hashlib.sha256(data).hexdigest()


def test_rendering_consumes_a_generator_lazily(
    tmp_path: Path, environment: Any, make_listing: Factory
) -> None:
    """The feed is written while the listings are produced, never from a list."""
    seen: list[int] = []
    sizes: list[int] = []
    target = tmp_path / "tmall-global.xml"

    def items() -> Any:
        for n in range(3000):
            seen.append(n)
            if n == 2999:
                temp = [p for p in tmp_path.iterdir() if p.name.startswith(".tmall-global.xml.")]
                sizes.append(temp[0].stat().st_size)
            yield make_listing(outer_id=f"P-{n}")

    render_to_file(environment, "tmall-global.xml.j2", {"items": items()}, target)
    assert len(seen) == 3000
    assert sizes[0] > 1_000_000  # most of the feed was on disk before the last listing


def test_a_user_template_wins_and_may_extend_the_default(
    tmp_path: Path, make_listing: Factory
) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    (user / "tmall-global.xml.j2").write_text(
        '{% extends "default:tmall-global.xml.j2" %}', encoding="utf-8"
    )
    (user / "douyin-global.jsonl.j2").write_text(
        '{% for item in items %}{{ {"id": item.outer_id, "t": item.title} | json_line }}'
        "{% endfor %}",
        encoding="utf-8",
    )
    environment = make_environment(user)
    xml = render_to_file(
        environment, "tmall-global.xml.j2", {"items": iter([make_listing()])}, tmp_path / "t.xml"
    )
    assert SafeET.parse(str(xml.path)).getroot().findtext("item/outer_id") == "SER-001"
    jsonl = render_to_file(
        environment,
        "douyin-global.jsonl.j2",
        {"items": iter([make_listing()])},
        tmp_path / "d.jsonl",
    )
    assert json.loads(jsonl.path.read_text(encoding="utf-8")) == {
        "id": "SER-001",
        "t": "兰蔻 Lancôme 精华肌底液 50ml",
    }


def test_user_xml_templates_are_autoescaped(tmp_path: Path, make_listing: Factory) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    (user / "tmall-global.xml.j2").write_text(
        "<items>{% for item in items %}<item><title>{{ item.title }}</title>"
        "<note>{{ '<b>' }}</note></item>{% endfor %}</items>",
        encoding="utf-8",
    )
    environment = make_environment(user)
    xml = render_to_file(
        environment,
        "tmall-global.xml.j2",
        {"items": iter([make_listing(title="A & B")])},
        tmp_path / "t.xml",
    )
    assert xml.path.read_text(encoding="utf-8") == (
        "<items><item><title>A &amp; B</title><note>&lt;b&gt;</note></item></items>"
    )


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% for item in items %}{{ item.skus.append(1) }}{% endfor %}",
    ],
)
def test_user_templates_are_sandboxed(tmp_path: Path, make_listing: Factory, source: str) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    (user / "tmall-global.xml.j2").write_text(source, encoding="utf-8")
    environment = make_environment(user)
    with pytest.raises(ConfigError, match=r"tmall-global\.xml\.j2"):
        render_to_file(
            environment,
            "tmall-global.xml.j2",
            {"items": iter([make_listing()])},
            tmp_path / "t.xml",
        )
    assert not (tmp_path / "t.xml").exists()


def test_a_misspelt_field_fails_with_the_template_line(
    tmp_path: Path, make_listing: Factory
) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    (user / "tmall-global.xml.j2").write_text(
        "<items>\n{% for item in items %}\n<t>{{ item.titel }}</t>\n{% endfor %}\n</items>\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"tmall-global\.xml\.j2, line 3.*titel"):
        render_to_file(
            make_environment(user),
            "tmall-global.xml.j2",
            {"items": iter([make_listing()])},
            tmp_path / "t.xml",
        )


def test_a_template_syntax_error_names_the_file(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    (user / "tmall-global.xml.j2").write_text("{% for x in items %}", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"tmall-global\.xml\.j2"):
        render_to_file(
            make_environment(user), "tmall-global.xml.j2", {"items": iter([])}, tmp_path / "t.xml"
        )


def test_a_missing_templates_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--templates"):
        make_environment(tmp_path / "nope")
