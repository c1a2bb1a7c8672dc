"""Codes hold ASCII digits only: other Unicode digits are a finding, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from export_kit.catalogue.parsing import ParseError, parse_ean, parse_hs_code


@pytest.mark.parametrize("value", ["37600²3614563", "٣٦٠٠٥٢٣٦١٤٥٦١", "3600523614５61"])
def test_non_ascii_digits_in_an_ean_are_a_parse_error(value: str) -> None:
    with pytest.raises(ParseError, match="only digits"):
        parse_ean(value)


@given(st.text(min_size=1, max_size=16))
def test_any_text_either_parses_or_raises_parse_error(text: str) -> None:
    for parser in (parse_ean, parse_hs_code):
        try:
            result = parser(text)
        except ParseError:
            continue
        assert result.isascii() and result.isdigit()
