"""The JSON encoder of the hot paths writes what json.JSONEncoder writes."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from export_kit.render.jsontext import compact_encoder


def _default(value: Any) -> Any:
    if isinstance(value, Decimal | dt.date):
        return str(value)
    raise TypeError(type(value).__name__)


_VALUES = st.recursive(
    st.one_of(
        st.text(),
        st.integers(),
        st.floats(),
        st.none(),
        st.booleans(),
        st.decimals(allow_nan=False, allow_infinity=False),
        st.dates(),
    ),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.one_of(st.text(max_size=5), st.integers(), st.booleans()), inner)
    ),
    max_leaves=15,
)


@given(_VALUES)
@example({"兰蔻": ["\u2028", "\x00", float("nan")], 7: None, True: (1, 2)})
@example("a bare string")
def test_the_text_is_json_encoders_for_any_value(value: object) -> None:
    for separators in ((", ", ": "), (",", ":")):
        plain = json.JSONEncoder(ensure_ascii=False, separators=separators, default=_default)
        assert compact_encoder(separators=separators, default=_default)(value) == plain.encode(
            value
        )


def test_an_unknown_type_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(TypeError, match="object"):
        compact_encoder(default=_default)({"a": object()})
