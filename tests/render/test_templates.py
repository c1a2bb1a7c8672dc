"""The built-in feed templates on hand-made listings (the shapes of docs/architecture.md),
and the limits of a user's templates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree as SafeET

from export_kit.errors import ConfigError
from export_kit.pipeline import render
from export_kit.render import make_environment, render_to_file
from export_kit.render.sandbox import MAX_MB_ENV, SECONDS_ENV, TemplateLimits

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


# --- limits of a user's template ----------------------------------------------------------

QUICK = TemplateLimits(seconds=0.5, max_bytes=200_000)


def _user(tmp_path: Path, **templates: str) -> Path:
    user = tmp_path / "mine"
    user.mkdir(exist_ok=True)
    for name, source in templates.items():
        (user / name.replace("__", ".")).write_text(source, encoding="utf-8")
    return user


def _render_user(tmp_path: Path, source: str, *, limits: TemplateLimits = QUICK) -> str:
    """Render ``source`` as the user's feed.xml.j2; the ConfigError's message."""
    environment = make_environment(_user(tmp_path, feed__xml__j2=source), limits=limits)
    target = tmp_path / "t.xml"
    with pytest.raises(ConfigError) as caught:
        render_to_file(environment, "feed.xml.j2", {"items": iter([])}, target)
    assert not target.exists()
    message = str(caught.value)
    assert "\n" not in message and "feed.xml.j2" in message
    return message


@pytest.mark.parametrize(
    "source",
    [
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        # no loop at all: a macro calling itself twice, 2**40 calls
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(40) }}",
        "{% for i in range(100000) recursive %}{% if loop.depth < 3 %}"
        "{{ loop(range(100000)) }}{% endif %}{% endfor %}",
    ],
    ids=["nested-loops", "macro-tree", "recursive-loop"],
)
def test_a_template_that_runs_forever_stops_at_the_time_limit(tmp_path: Path, source: str) -> None:
    started = time.monotonic()
    message = _render_user(tmp_path, source)
    assert time.monotonic() - started < 3
    assert "after 0.5 s" in message and "EXPORT_KIT_TEMPLATE_SECONDS" in message


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("{% for i in range(10**9) %}{% endfor %}", "Range too big"),
        ("{{ 'x' * 10**9 }}", "more than the output limit"),
        ("{{ [1, 2] * 10**8 }}", "more than the output limit"),
        ("{{ 10 ** 100000 }}", "too large"),
        (
            "{% set ns = namespace(x=7) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}"
            "{% endfor %}{{ ns.x }}",
            "too large for a number",
        ),
        (
            "{% set ns = namespace(x='ab') %}{% for i in range(60) %}"
            "{% set ns.x = ns.x ~ ns.x %}{% endfor %}",
            "namespace attribute",
        ),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recursion"),
        ("{{ 1 / 0 }}", "division by zero"),
        ("{% for i in range(1000) %}{{ 'abcdefghij' * 100 }}{% endfor %}", "passed 200,000 bytes"),
    ],
    ids=[
        "range",
        "str-times",
        "list-times",
        "power",
        "squaring",
        "doubling",
        "recursion",
        "zero",
        "output",
    ],
)
def test_a_template_past_a_size_limit_or_failing_is_a_one_line_error(
    tmp_path: Path, source: str, reason: str
) -> None:
    started = time.monotonic()
    assert reason in _render_user(tmp_path, source)
    assert time.monotonic() - started < 3


def test_the_output_limit_lets_a_feed_under_it_through(tmp_path: Path) -> None:
    environment = make_environment(
        _user(tmp_path, a__txt="{% for i in range(1000) %}{{ 'abcdefghij' * 10 }}{% endfor %}"),
        limits=QUICK,
    )
    assert render_to_file(environment, "a.txt", {}, tmp_path / "a.txt").bytes == 100_000


def test_the_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECONDS_ENV, "2.5")
    monkeypatch.setenv(MAX_MB_ENV, "0.5")
    assert TemplateLimits.from_environ() == TemplateLimits(seconds=2.5, max_bytes=524_288)
    monkeypatch.setenv(SECONDS_ENV, "-1")
    with pytest.raises(ConfigError, match="EXPORT_KIT_TEMPLATE_SECONDS must be a positive"):
        TemplateLimits.from_environ()


def test_an_include_through_a_symlink_outside_the_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret-line", encoding="utf-8")
    user = _user(tmp_path, feed__xml="<a>{% include 'link' %}</a>")
    (user / "link").symlink_to(secret)
    with pytest.raises(ConfigError) as caught:
        render_to_file(make_environment(user, limits=QUICK), "feed.xml", {}, tmp_path / "f.xml")
    assert "outside the templates folder" in str(caught.value)
    assert "secret-line" not in str(caught.value)
    assert not (tmp_path / "f.xml").exists()


def test_a_symlinked_folder_leading_outside_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "part.j2").write_text("secret-line", encoding="utf-8")
    user = _user(tmp_path, feed__xml="{% include 'sub/part.j2' %}", other__xml="{{ 1 }}")
    (user / "sub").symlink_to(elsewhere, target_is_directory=True)
    environment = make_environment(user, limits=QUICK)
    with pytest.raises(ConfigError, match="outside the templates folder"):
        render_to_file(environment, "feed.xml", {}, tmp_path / "f.xml")
    # the main template itself through the symlinked folder: refused as well
    with pytest.raises(ConfigError, match="outside the templates folder"):
        render_to_file(environment, "sub/part.j2", {}, tmp_path / "f.xml")
    # ".." is refused by Jinja's own loader
    with pytest.raises(ConfigError, match="not found"):
        render_to_file(environment, "../elsewhere/part.j2", {}, tmp_path / "f.xml")
    assert not (tmp_path / "f.xml").exists()


def test_symlinks_inside_the_folder_and_a_symlinked_folder_itself_are_fine(
    tmp_path: Path,
) -> None:
    real = _user(tmp_path, base__j2="[{{ 6 * 7 }}]", feed__xml="{% include 'alias.j2' %}")
    (real / "alias.j2").symlink_to(real / "base.j2")
    linked = tmp_path / "linked"
    linked.symlink_to(real, target_is_directory=True)
    written = render_to_file(
        make_environment(linked, limits=QUICK), "feed.xml", {}, tmp_path / "f.xml"
    )
    assert written.path.read_text(encoding="utf-8") == "[42]"


def test_a_fifo_in_the_templates_folder_is_refused_at_once(tmp_path: Path) -> None:
    user = _user(tmp_path, feed__xml="{% include 'pipe' %}")
    os.mkfifo(user / "pipe")
    started = time.monotonic()
    with pytest.raises(ConfigError, match="not a regular file"):
        render_to_file(make_environment(user, limits=QUICK), "feed.xml", {}, tmp_path / "f.xml")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("platform", ["tmall-global", "jd-worldwide", "douyin-global"])
def test_the_built_in_templates_under_the_sandbox_limits_render_the_golden_feeds(
    tmp_path: Path, platform: str
) -> None:
    """With ``--templates`` (an empty folder), the built-in templates render sandboxed,
    every loop through the clock: the feeds are the golden ones, byte for byte."""
    golden = Path(__file__).resolve().parents[1] / "golden"
    copy = tmp_path / "catalogue"
    shutil.copytree(golden / "catalogue", copy)
    empty = tmp_path / "templates"
    empty.mkdir()
    result = render(
        copy / "maison-azur.csv",
        platform=platform,
        out=tmp_path / "out",
        workspace=tmp_path / "ws",
        templates=empty,
        now=dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC),
    )
    assert result.feed.path.read_bytes() == (golden / platform / result.feed.path.name).read_bytes()


def test_an_error_of_export_kit_code_under_a_user_template_is_not_blamed_on_it(
    tmp_path: Path,
) -> None:
    """The listings a template iterates are made by export-kit while it renders: their
    failure is a bug to report (the exception goes on), not the template's mistake."""
    from export_kit.platforms import text_length

    environment = make_environment(
        _user(tmp_path, feed__xml="{% for n in items %}{{ n }}{% endfor %}"), limits=QUICK
    )
    items = map(text_length, ["a", "b"], ["chars", "no-such-unit"])
    with pytest.raises(ValueError, match="unknown length unit"):
        render_to_file(environment, "feed.xml", {"items": items}, tmp_path / "f.xml")
    assert not (tmp_path / "f.xml").exists()
