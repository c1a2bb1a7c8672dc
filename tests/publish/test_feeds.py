"""Reading a rendered folder back: the three feed shapes, the manifest, the sha256 check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from export_kit.errors import InputError
from export_kit.publish.feeds import read_rendered

from .conftest import product, write_rendered


@pytest.mark.parametrize("platform", ["tmall-global", "jd-worldwide", "douyin-global"])
def test_each_feed_reads_back_one_item_per_product(tmp_path: Path, platform: str) -> None:
    products = [
        product("BAG-1", sizes=("S", "M", "L"), price="1250.00", stock=2),
        product("PARF-2", title="香奈儿 5号 <经典> & 香水 100ml"),
    ]
    rendered = read_rendered(write_rendered(tmp_path, platform, products), platform)
    assert [item.outer_id for item in rendered.items] == ["BAG-1", "PARF-2"]
    bag, perfume = rendered.items
    assert perfume.title == "香奈儿 5号 <经典> & 香水 100ml"
    assert bag.quantity == 6
    assert bag.price is not None and float(bag.price) == 1250.0
    assert len(bag.skus) == 3
    assert bag.images == (
        "https://cdn.example.com/BAG-1/1.jpg",
        "https://cdn.example.com/BAG-1/2.jpg",
    )
    assert bag.description == "<p>来自法国 &amp; 格拉斯的香水</p>"


def test_xml_sku_fields_are_kept(tmp_path: Path) -> None:
    rendered = read_rendered(
        write_rendered(tmp_path, "tmall-global", [product("BAG-1", sizes=("S", "M"))])
    )
    [item] = rendered.items
    assert item.skus[1] == {
        "outer_id": "BAG-1-2",
        "price": "199.00",
        "quantity": "5",
        "barcode": "3760000000002",
        "properties": "尺码:M",
    }
    assert item.get("category_id") == "50010815"
    assert item.get("hs_code") == "330300"


def test_csv_rows_of_one_product_group_under_its_outer_id(tmp_path: Path) -> None:
    rendered = read_rendered(
        write_rendered(tmp_path, "jd-worldwide", [product("BAG-1", sizes=("S", "M"))])
    )
    [item] = rendered.items
    assert [sku["skuOuterId"] for sku in item.skus] == ["BAG-1-1", "BAG-1-2"]
    assert item.get("wareTitle") == item.title


def test_csv_formula_guard_apostrophe_is_removed_for_the_api(tmp_path: Path) -> None:
    folder = write_rendered(tmp_path, "jd-worldwide", [product("P1", title="-50% 香水")])
    feed = folder / "jd-worldwide.csv"
    feed.write_bytes(feed.read_bytes().replace("-50% 香水".encode(), "'-50% 香水".encode()))
    _refresh_sha(folder, feed)
    [item] = read_rendered(folder).items
    assert item.title == "-50% 香水"


def test_content_hash_changes_with_content_only(tmp_path: Path) -> None:
    first = read_rendered(write_rendered(tmp_path / "a", "tmall-global", [product("P1")]))
    again = read_rendered(write_rendered(tmp_path / "b", "tmall-global", [product("P1")]))
    changed = read_rendered(
        write_rendered(tmp_path / "c", "tmall-global", [product("P1", price="209.00")])
    )
    assert first.items[0].content_hash == again.items[0].content_hash
    assert first.items[0].content_hash != changed.items[0].content_hash


def test_a_feed_changed_after_rendering_is_refused(tmp_path: Path) -> None:
    folder = write_rendered(tmp_path, "tmall-global", [product("P1")])
    feed = folder / "tmall-global.xml"
    feed.write_text(feed.read_text("utf-8").replace("199.00", "1.00"), "utf-8")
    with pytest.raises(InputError, match=r"changed after rendering.*render again") as caught:
        read_rendered(folder, "tmall-global")
    assert caught.value.exit_code == 3


def test_a_folder_without_manifest_is_not_a_rendered_output(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a rendered output"):
        read_rendered(tmp_path, "tmall-global")


def test_a_folder_rendered_for_another_platform_is_refused(tmp_path: Path) -> None:
    folder = write_rendered(tmp_path, "jd-worldwide", [product("P1")])
    with pytest.raises(InputError, match="rendered for jd-worldwide, not tmall-global"):
        read_rendered(folder, "tmall-global")


def test_xml_with_entities_is_refused(tmp_path: Path) -> None:
    folder = write_rendered(tmp_path, "tmall-global", [product("P1")])
    feed = folder / "tmall-global.xml"
    feed.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE items [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        "<items><item><outer_id>P1</outer_id><title>&b;</title></item></items>",
        "utf-8",
    )
    _refresh_sha(folder, feed)
    with pytest.raises(InputError, match="refused XML"):
        read_rendered(folder)


def test_two_products_with_one_outer_id_are_refused(tmp_path: Path) -> None:
    folder = write_rendered(tmp_path, "tmall-global", [product("P1"), product("P1")])
    with pytest.raises(InputError, match="'P1' appears on two products"):
        read_rendered(folder)


def _refresh_sha(folder: Path, feed: Path) -> None:
    import hashlib

    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["feed"]["sha256"] = hashlib.sha256(feed.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
