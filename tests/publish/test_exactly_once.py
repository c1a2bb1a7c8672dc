"""Exactly once, whatever the id: a seller SKU holding a list separator (``B,2``) is never
created twice after a lost answer or a lost journal."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from export_kit.errors import InputError
from export_kit.publish.sandbox import Sandbox

from .conftest import product
from .test_publish import PLATFORMS, Publisher

CREATE = {"tmall-global": "taobao.item.add", "jd-worldwide": "jingdong.ware.write.add"}


def ten_with(odd: str) -> list[dict[str, Any]]:
    return [product(f"P{n:03d}") for n in range(9)] + [product(odd)]


def publish_through_a_lost_answer_and_a_lost_journal(pub: Publisher, odd: str) -> Counter[str]:
    """Publish ten items while the answer of ``odd``'s create is lost, publish again, then
    again with the journal deleted; what the platform holds."""
    folder = pub.render(ten_with(odd))
    pub.sandbox.lose_answers(CREATE[pub.platform], outer_id=odd)
    first = pub.publish(folder)
    assert first.failed == 0, [i.error for i in first.items if i.error]
    assert pub.sandbox.stats_dict()["injected"].get("lost-answer") == 1
    pub.publish(folder)
    shutil.rmtree(pub.workspace)  # a fresh CI runner: no journal
    again = pub.publish(folder)
    assert again.failed == 0
    stored = pub.stored()
    # the receipt tells the truth: nothing was created again
    assert (again.created, again.updated) == (0, 10), stored
    return stored


@pytest.mark.parametrize("platform", list(PLATFORMS))
def test_a_sku_with_a_comma_is_stored_once_or_refused_before_sending(
    platform: str, tmp_path: Path, sandbox: Sandbox
) -> None:
    pub = Publisher(tmp_path, sandbox, platform)
    if platform == "tmall-global":
        # TOP's look-up takes a comma-separated list of outer ids: "B,2" can never be found
        # again, so it is refused before anything is sent, with what to do
        with pytest.raises(InputError) as caught:
            pub.publish(pub.render(ten_with("B,2")))
        message = str(caught.value)
        assert "'B,2'" in message and "','" in message and "render again" in message
        assert caught.value.exit_code == 3
        assert pub.requests() == 0 and sandbox.items() == []
        # the seller renames it as the message says; from then on it is found like any other
        odd = "B-2"
    else:
        # JOS looks outer ids up one by one in a JSON field: a comma is an ordinary character
        odd = "B,2"
    stored = publish_through_a_lost_answer_and_a_lost_journal(pub, odd)
    assert stored == Counter({**{f"P{n:03d}": 1 for n in range(9)}, odd: 1})
    assert len(sandbox.items(platform)) == 10


def test_tmall_refuses_a_comma_in_a_sku_list_even_on_a_dry_run(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    pub = Publisher(tmp_path, sandbox, "tmall-global")
    sized = product("B", sizes=("S", "M"))
    sized["skus"][1]["sku"] = "B,2"  # would shift sku_prices and sku_quantities by one
    items = [product("P000"), sized]
    for dry_run in (True, False):
        with pytest.raises(InputError, match=r"SKU 'B,2' \(product 'B'\).*sku_outer_ids"):
            pub.publish(pub.render(items), dry_run=dry_run)
    assert pub.requests() == 0 and sandbox.items() == []
    assert not pub.workspace.exists() or pub.journal() == {}


def test_jd_publishes_a_sku_with_a_comma_and_finds_it_again(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    pub = Publisher(tmp_path, sandbox, "jd-worldwide")
    sized = product("B,2", sizes=("S", "M"))
    sized["skus"][1]["sku"] = "B,2-M"
    folder = pub.render([sized])
    assert pub.publish(folder).created == 1
    shutil.rmtree(pub.workspace)
    assert pub.publish(folder).updated == 1
    (stored,) = sandbox.items("jd-worldwide")
    assert [s["outerId"] for s in stored["fields"]["skus"]] == ["B,2-1", "B,2-M"]


def test_tmall_sends_a_comma_in_a_size_without_the_separator(
    tmp_path: Path, sandbox: Sandbox
) -> None:
    pub = Publisher(tmp_path, sandbox, "tmall-global")
    shoes = product("ESC-1", sizes=("36,5", "37", "S,M"))
    receipt = pub.publish(pub.render([shoes]))
    assert receipt.created == 1
    (stored,) = sandbox.items("tmall-global")
    fields = stored["fields"]
    assert fields["sku_outer_ids"] == "ESC-1-1,ESC-1-2,ESC-1-3"
    assert fields["sku_properties"] == "尺码:36.5,尺码:37,尺码:S，M"
    assert len(fields["sku_prices"].split(",")) == 3


@pytest.mark.parametrize("platform", list(PLATFORMS))
@pytest.mark.parametrize(
    ("change", "lacking"),
    [
        ({"title": " "}, "no title"),
        ({"price": "0.00"}, "no positive price"),
        ({"sku": ""}, "no seller SKU"),
    ],
)
def test_a_blank_item_is_refused_before_anything_is_sent(
    platform: str, change: dict[str, str], lacking: str, tmp_path: Path, sandbox: Sandbox
) -> None:
    pub = Publisher(tmp_path, sandbox, platform)
    blank = product("BLANK")
    if "sku" in change:
        blank["skus"][0]["sku"] = change["sku"]
    else:
        blank.update(change)
        if "price" in change:
            for sku in blank["skus"]:
                sku["price"], sku["price_fen"] = change["price"], 0
    for dry_run in (True, False):
        with pytest.raises(InputError) as caught:
            pub.publish(pub.render([product("P000"), blank]), dry_run=dry_run)
        assert "BLANK has " + lacking in str(caught.value)
        assert caught.value.exit_code == 3
    assert pub.requests() == 0 and sandbox.items() == []
