"""The template filters: CSV rows by csv.writer, JSON lines by json.dumps, text for XML 1.0."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from export_kit.render.filters import clean_text, csv_row, finalize, json_line, money, percent


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_row_neutralises_every_formula_start(text: str) -> None:
    line = csv_row(["ok", text])
    cells = next(csv.reader(io.StringIO(line)))
    assert cells == ["ok", "'" + text]


def test_csv_row_quotes_commas_quotes_and_newlines() -> None:
    values = ['Crème "riche", 50 ml', "ligne 1\nligne 2", "兰蔻", None, 12, Decimal("694.20")]
    line = csv_row(values)
    assert line.endswith("\r\n")
    assert next(csv.reader(io.StringIO(line))) == [
        'Crème "riche", 50 ml',
        "ligne 1\nligne 2",
        "兰蔻",
        "",
        "12",
        "694.20",
    ]


def test_csv_row_keeps_numbers_as_numbers_and_joins_lists() -> None:
    line = csv_row([-3, ["https://a/1.jpg", "https://a/2.jpg"]])
    assert line == "-3,https://a/1.jpg|https://a/2.jpg\r\n"


def test_json_line_is_one_compact_line_with_readable_chinese() -> None:
    line = json_line({"name": "兰蔻\n精华", "price": 69420, "rate": Decimal("0.2306"), "x": None})
    assert line.endswith("\n") and line.count("\n") == 1
    assert "兰蔻" in line
    assert json.loads(line) == {"name": "兰蔻\n精华", "price": 69420, "rate": "0.2306", "x": None}


def test_json_line_escapes_line_separators_and_drops_lone_surrogates() -> None:
    line = json_line({"t": "a\u2028b\u2029c\ud800d"})
    assert len(line.splitlines()) == 1
    assert json.loads(line) == {"t": "a\u2028b\u2029cd"}
    line.encode("utf-8")  # a lone surrogate would fail here


def test_clean_text_removes_what_xml_forbids_and_keeps_the_rest() -> None:
    assert clean_text("a\x00b\x01c\x0bd\x1fe\x7f\x85f\ufffeg\uffff") == "abcdefg"
    assert clean_text("tab\there\nline\rcr 兰蔻 ô €") == "tab\there\nline\rcr 兰蔻 ô €"


def test_finalize_prints_none_as_nothing() -> None:
    assert finalize(None) == ""
    assert finalize("x\x02") == "x"
    assert finalize(3) == 3


def test_money_and_percent() -> None:
    assert money("694.2") == "694.20"
    assert money(Decimal("0.005")) == "0.01"
    assert percent("0.2306") == "23.06%"
    assert percent("0.091") == "9.1%"


def test_records_of_the_record_filters_print_as_they_are() -> None:
    from export_kit.render.filters import CleanText, csv_row, finalize, json_line

    row = csv_row(["a", "=1+1", None])
    line = json_line({"name": "x\x07y"})
    assert isinstance(row, CleanText) and isinstance(line, CleanText)
    # their line breaks are theirs; finalize leaves them (its cleaning happened inside)
    assert finalize(row) == "a,'=1+1,\r\n"
    assert finalize(line) == '{"name":"xy"}\n'


def _cell_by_cell(values: list[object]) -> str:
    """What csv_row wrote before it looked at whole records: every cell through _cell."""
    from export_kit.render.filters import _cell

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_cell(v) for v in values])
    return buffer.getvalue()


_CELLS = st.one_of(
    st.text(),
    st.text(alphabet="=+-@,\"'\t\r\n ab兰", max_size=6),
    st.sampled_from(["-", "=1", ',"=x', '"', "", " -3", "a,-b", "=a,b", '+"q"', "\u2028", "\x85"]),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.floats(allow_nan=False),
    st.none(),
    st.booleans(),
    st.lists(st.text(max_size=3), max_size=3),
)


@given(st.lists(_CELLS, max_size=8))
def test_csv_row_is_the_cell_by_cell_record_for_any_values(values: list[object]) -> None:
    assert csv_row(values) == _cell_by_cell(values)
    assert csv_row(iter(values)) == _cell_by_cell(values)


def _json_reference(value: object) -> object:
    """Every string cleaned, keys as text: what json_line must encode."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): _json_reference(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_reference(v) for v in value]
    return value


_JSON_VALUES = st.recursive(
    st.one_of(
        st.text(),
        st.sampled_from(["\x00a", "b\x85", "\ud800", "兰蔻", "a\u2028b"]),
        st.integers(),
        st.none(),
        st.booleans(),
        st.decimals(allow_nan=False, allow_infinity=False),
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.one_of(st.text(max_size=4), st.integers()), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(_JSON_VALUES)
def test_json_line_cleans_every_string_at_any_depth(value: object) -> None:
    line = json_line(value)
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line) == json.loads(
        json.dumps(_json_reference(value), ensure_ascii=False, default=str)
    )


def _json_line_cleaned_first(value: object) -> str:
    """What json_line wrote before it looked at whole records: every value cleaned first."""
    from export_kit.render.filters import _JSON_LINE_BREAKS, _json_clean, _json_default

    text = json.dumps(
        _json_clean(value), ensure_ascii=False, separators=(",", ":"), default=_json_default
    )
    for char, escaped in _JSON_LINE_BREAKS.items():
        text = text.replace(char, escaped)
    return text + "\n"


_TRICKY_KEYS = st.one_of(
    st.text(max_size=4),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(),
    st.sampled_from(["true", "null", "a\x01", "\u2028"]),
)


def _distinct_json_keys(record: dict[object, object]) -> bool:
    written = {k if isinstance(k, str) else json.dumps(k) for k in record}
    return len(written) == len(record)


_TRICKY_LEAVES = st.one_of(
    st.text(),
    st.text(alphabet='\\ub\x08\x0c\x00\x1f\x7f\x85\u2028\ud800"a兰:', max_size=6),
    st.integers(),
    st.none(),
    st.booleans(),
    st.floats(),
    st.decimals(allow_nan=False, allow_infinity=False),
)


@given(
    st.recursive(
        _TRICKY_LEAVES,
        # an object whose keys json writes alike (True and "true") is left undefined
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(_TRICKY_KEYS, inner, max_size=4).filter(_distinct_json_keys)
        ),
        max_leaves=12,
    )
)
@example({True: 1})
@example({False: 1})
@example({None: 1})
@example({float("nan"): 1})
@example({float("inf"): 1})
@example({-float("inf"): 1, 1.5: 4, 7: 5})
@example({"a": "x\x01y"})
@example({"a": "x\x08y"})
@example({"a": "x\x0cy"})
@example({"b": ["\x7f", "\x85", "\u2028", "\ud800"]})
@example({"a": "\\u0041 \\b", "true": "null"})
def test_json_line_is_the_record_of_cleaned_values_for_any_value(value: object) -> None:
    assert json_line(value) == _json_line_cleaned_first(value)


def test_json_line_writes_keys_as_json_dumps_does() -> None:
    record = {True: 1, False: 2, None: 3, 7: 4, 1.5: 5, float("nan"): 6, "a\x01b": 7}
    expected = json.dumps(
        {**{k: v for k, v in record.items() if k != "a\x01b"}, "ab": 7},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert json_line(record) == expected + "\n"


def test_pick_renames_the_keys_of_each_record_in_the_order_given() -> None:
    from jinja2.exceptions import UndefinedError

    from export_kit.render.filters import pick

    skus = [{"sku": "A", "price_fen": 100, "stock": 3}, {"sku": "B", "price_fen": 250, "stock": 0}]
    renamed = pick(skus, {"price": "price_fen", "out_sku_id": "sku"})
    assert renamed == [{"price": 100, "out_sku_id": "A"}, {"price": 250, "out_sku_id": "B"}]
    assert list(renamed[0]) == ["price", "out_sku_id"]
    assert pick({"sku": "A"}, {"id": "sku"}) == [{"id": "A"}]
    assert skus[0] == {"sku": "A", "price_fen": 100, "stock": 3}  # the listing unchanged
    with pytest.raises(UndefinedError, match="no key 'ean'"):
        pick(skus, {"code": "ean"})
