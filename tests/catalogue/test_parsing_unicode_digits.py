"""Codes hold ASCII digits: full-width ones (a Chinese input method's) are read as such,
other Unicode digits are a finding, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from export_kit.catalogue.parsing import ParseError, parse_ean, parse_hs_code


@pytest.mark.parametrize("value", ["37600²3614563", "٣٦٠٠٥٢٣٦١٤٥٦١", "3600523614561²"])
def test_other_unicode_digits_in_an_ean_are_a_parse_error(value: str) -> None:
    with pytest.raises(ParseError, match="only digits"):
        parse_ean(value)


@pytest.mark.parametrize(
    "value", ["３６００５２３６１４５６１", "3600523614５61", "\u3000３６００５２３６１４５６１"]
)
def test_full_width_digits_in_an_ean_are_read(value: str) -> None:
    assert parse_ean(value) == "3600523614561"


def test_full_width_hs_codes_are_read() -> None:
    assert parse_hs_code("３３０４．９９．００") == "33049900"
    assert parse_hs_code("３３０４\u3000９９\u3000００") == "33049900"
    with pytest.raises(ParseError, match="only digits"):
        parse_hs_code("３３０４．９９．²")


def test_a_catalogue_with_full_width_codes_reads_without_findings(tmp_path) -> None:
    from export_kit.catalogue import read_catalogue

    path = tmp_path / "c.csv"
    path.write_text(
        "Référence;Désignation;Prix TTC;Code EAN;Code SH\n"
        "R-1;Crème;10,00;３６００５２３６１４５６１;３３０４．９９．００\n",
        encoding="utf-8",
    )
    (sku,) = read_catalogue(path).iter_skus()
    assert (sku.ean, sku.hs_code, sku.issues) == ("3600523614561", "33049900", [])


@given(st.text(min_size=1, max_size=16))
def test_any_text_either_parses_or_raises_parse_error(text: str) -> None:
    for parser in (parse_ean, parse_hs_code):
        try:
            result = parser(text)
        except ParseError:
            continue
        assert result.isascii() and result.isdigit()
