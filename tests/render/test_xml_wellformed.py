"""The XML feed is well-formed for any text at all, control characters included."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export_kit.render import make_environment, render_to_file
from export_kit.render.filters import clean_text

ENVIRONMENT = make_environment()
# any code point, lone surrogates included, with the troublemakers drawn often
TRICKY = "\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f\ufffe\uffff\ud800\udfff\r\n\t<>&\"']]>"
ANY_TEXT = st.text(
    alphabet=st.one_of(st.characters(exclude_categories=()), st.sampled_from(TRICKY)),
    max_size=40,
)


def _expected(text: str) -> str:
    # an XML parser reports CR and CRLF in text as LF (XML 1.0 §2.11)
    return clean_text(text).replace("\r\n", "\n").replace("\r", "\n")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=ANY_TEXT,
    description=ANY_TEXT,
    brand=ANY_TEXT,
    outer_id=ANY_TEXT,
    image=ANY_TEXT,
    properties=ANY_TEXT,
)
def test_any_text_gives_well_formed_xml(
    make_listing: Callable[..., dict[str, Any]],
    title: str,
    description: str,
    brand: str,
    outer_id: str,
    image: str,
    properties: str,
) -> None:
    listing = make_listing(
        title=title,
        description_html=description,
        brand=brand,
        outer_id=outer_id,
        images=[image],
    )
    listing["skus"][0]["properties"] = properties
    with tempfile.TemporaryDirectory() as folder:
        written = render_to_file(
            ENVIRONMENT,
            "tmall-global.xml.j2",
            {"items": iter([listing])},
            Path(folder) / "tmall-global.xml",
        )
        root = SafeET.parse(str(written.path)).getroot()
    item = root.find("item")
    assert item is not None
    assert (item.findtext("title") or "") == _expected(title)
    assert (item.findtext("description") or "") == _expected(description)
    assert (item.findtext("brand") or "") == _expected(brand)
    assert (item.findtext("outer_id") or "") == _expected(outer_id)
    assert (item.findtext("images/image") or "") == _expected(image)
    assert (item.findtext("skus/sku/properties") or "") == _expected(properties)
