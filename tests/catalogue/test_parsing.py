"""French parsing rules of catalogue cells."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export_kit.catalogue.parsing import (
    MAX_DIGITS,
    MAX_EXPONENT,
    ParseError,
    cell_text,
    decimal_convention,
    parse_country,
    parse_decimal,
    parse_ean,
    parse_hs_code,
    parse_int,
    parse_net_content,
    parse_price,
    parse_shelf_life,
    parse_sku,
    parse_weight_kg,
    split_images,
)
from export_kit.model import NetContent

# --------------------------------------------------------------------------- prices


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12,50", "12.50"),
        ("12.50", "12.50"),
        ("12,5", "12.50"),
        ("45", "45.00"),
        ("1 234,50 €", "1234.50"),
        ("1.234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1\u00a0299,00 €", "1299.00"),  # no-break space (Excel's French locale)
        ("1\u202f299,00 €", "1299.00"),  # narrow no-break space
        ("€ 12,50", "12.50"),
        ("12,50 EUR", "12.50"),
        ("EUR 12,50", "12.50"),
        ("12,50€", "12.50"),
        ("  19,90  ", "19.90"),
        ("-3,50", "-3.50"),
        ("0", "0.00"),
        (12.5, "12.50"),
        (0.1 + 0.2, "0.30"),
        (45, "45.00"),
        (1299.0, "1299.00"),
    ],
)
def test_prices_written_the_french_or_english_way(cell: object, expected: str) -> None:
    assert parse_price(cell) == Decimal(expected)
    assert parse_price(cell).as_tuple().exponent == -2


@pytest.mark.parametrize("cell", ["12,5O", "douze", "12,50,30", "1.2.3,4", "€", "", "--3", True])
def test_unreadable_prices_say_how_to_write_one(cell: object) -> None:
    with pytest.raises(ParseError) as error:
        parse_price(cell)
    message = str(error.value)
    assert "price" in message or "true/false" in message
    assert "12,50" in message or "number" in message


def test_a_date_is_not_a_price() -> None:
    with pytest.raises(ParseError, match="date"):
        parse_price(dt.datetime(2024, 5, 1))


def test_float_prices_go_through_their_shortest_text() -> None:
    # Decimal(0.1) would be 0.1000000000000000055511151231257827...
    assert parse_decimal(0.1) == Decimal("0.1")
    assert parse_decimal("1 234,5") == Decimal("1234.5")
    assert parse_decimal("3,01E+2") == Decimal("301")


@given(
    st.decimals(
        min_value=Decimal("-99999999.99"),
        max_value=Decimal("99999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.sampled_from([" ", "\u00a0", "\u202f", "", "."]),
    st.sampled_from(["", " €", "€", " EUR"]),
)
def test_any_price_formatted_the_french_way_parses_back(
    value: Decimal, grouping: str, currency: str
) -> None:
    sign = "-" if value < 0 else ""
    units, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    text = f"{sign}{grouping.join(groups)},{cents}{currency}"
    assert parse_price(text) == value


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False))
def test_float_cells_keep_their_shortest_decimal(value: float) -> None:
    if value and abs(value) < 1e-30:  # beyond the bounds: refused (see the bounds tests)
        with pytest.raises(ParseError, match="usable number"):
            parse_decimal(value)
        return
    assert parse_decimal(value) == Decimal(repr(value))


# --------------------------------------------------------------------------- EAN / GTIN


def _with_check_digit(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


@pytest.mark.parametrize(
    "code", ["3600523614561", "80446392", "0000080446392", "012345678905", "10012345678902"]
)
def test_valid_gtins_are_kept_as_text(code: str) -> None:
    assert parse_ean(code) == code


def test_the_check_digit_message_names_the_right_digit() -> None:
    with pytest.raises(ParseError) as error:
        parse_ean("3600523614563")
    assert str(error.value) == "EAN-13 check digit should be 1, not 3"


def test_numeric_cells_get_their_leading_zeros_back() -> None:
    # calamine returns a number cell as a float; openpyxl as an int
    assert parse_ean(80446392.0) == "80446392"
    assert parse_ean(80446392) == "80446392"
    assert parse_ean(148214.0) == "00148214"  # an EAN-8 that lost two zeros
    assert parse_ean(12345678905) == "0012345678905"  # a UPC stored as a number


@pytest.mark.parametrize("cell", ["3,01E+12", "3.01235E+12", "3.01235e+12", "8,01E+12"])
def test_scientific_notation_is_an_error_not_a_guess(cell: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_ean(cell)
    assert "scientific notation" in str(error.value)
    assert "format the column as text" in str(error.value)


def test_a_number_cell_cut_by_scientific_notation_is_reported_as_such() -> None:
    with pytest.raises(ParseError, match="scientific notation"):
        parse_ean(3012350000000.0)


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("abc", "only digits"),
        ("30123", "has 5 digits"),
        ("30123456789012345", "has 17 digits"),
        ("3012-3456", "only digits"),
        (7.5, "decimal number"),
        (True, "only digits"),
    ],
)
def test_malformed_eans_are_errors(cell: object, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment):
        parse_ean(cell)


def test_spaces_inside_an_ean_are_ignored() -> None:
    assert parse_ean(" 3 600523 614561 ") == "3600523614561"


@given(st.sampled_from([7, 11, 12, 13]), st.data())
def test_any_valid_gtin_parses_and_any_wrong_check_digit_is_rejected(
    length: int, data: st.DataObject
) -> None:
    body = data.draw(st.text(alphabet="0123456789", min_size=length, max_size=length))
    code = _with_check_digit(body)
    assert parse_ean(code) == code
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != code[-1]]))
    with pytest.raises(ParseError, match=f"check digit should be {code[-1]}, not {wrong}"):
        parse_ean(code[:-1] + wrong)


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_numeric_ean13_cells_round_trip(body: int) -> None:
    code = _with_check_digit(f"{body:012d}")
    number = int(code)
    expected = f"{number:08d}" if len(str(number)) <= 8 else code
    assert parse_ean(float(number)) == expected
    assert parse_ean(number) == expected


# --------------------------------------------------------------------------- HS codes


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("3304.99.00", "33049900"),
        ("3304 99 00", "33049900"),
        ("330499", "330499"),
        ("2204.21.79.10", "2204217910"),
        (33049900, "33049900"),
        (33049900.0, "33049900"),
        (4069000, "04069000"),  # cheese, typed as a number: its leading zero is back
        ("0406.90", "040690"),
    ],
)
def test_hs_codes(cell: object, expected: str) -> None:
    assert parse_hs_code(cell) == expected


@pytest.mark.parametrize("cell", ["3304", "33049900123", "33O4.99", "3,30E+07", "n/a"])
def test_invalid_hs_codes(cell: str) -> None:
    with pytest.raises(ParseError, match="HS code"):
        parse_hs_code(cell)


# --------------------------------------------------------------------------- quantities


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        ("50 ml", None, "50ml"),
        ("50ML", None, "50ml"),
        ("50 mL", None, "50ml"),
        ("75 cl", None, "750ml"),
        ("1,5 L", None, "1500ml"),
        ("0.75l", None, "750ml"),
        ("1 litre", None, "1000ml"),
        ("200 g", None, "200g"),
        ("1 kg", None, "1000g"),
        ("1 000 ml", None, "1000ml"),
        ("6 x 25 cl", None, "1500ml"),
        ("50 ml / 1.7 fl oz", None, "50ml"),
        ("50", "ml", "50ml"),
        (50.0, "ml", "50ml"),
        ("0,75", "l", "750ml"),
    ],
)
def test_net_contents(cell: object, unit: str | None, expected: str) -> None:
    assert str(parse_net_content(cell, unit)) == expected


def test_a_net_content_needs_a_unit() -> None:
    with pytest.raises(ParseError, match="no unit"):
        parse_net_content("50")
    with pytest.raises(ParseError, match="not a net content"):
        parse_net_content("grand flacon")


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        ("0,35", None, "0.35"),
        ("0.35 kg", None, "0.35"),
        ("350 g", None, "0.35"),
        ("350g", None, "0.35"),
        (0.35, None, "0.35"),
        ("10", None, "10"),
        ("350", "g", "0.35"),
        (1000, "g", "1"),
        ("2 lb", None, "0.907"),
    ],
)
def test_weights_in_kilograms(cell: object, unit: str | None, expected: str) -> None:
    assert parse_weight_kg(cell, unit) == Decimal(expected)


def test_weights_never_show_an_exponent() -> None:
    assert str(parse_weight_kg("10")) == "10"
    assert str(parse_weight_kg("10000 g")) == "10"


def test_bad_weights() -> None:
    with pytest.raises(ParseError, match="weight"):
        parse_weight_kg("lourd")
    with pytest.raises(ParseError, match="negative"):
        parse_weight_kg("-1")


@pytest.mark.parametrize(
    ("cell", "expected"), [("12", 12), ("12.0", 12), (12.0, 12), ("1 200", 1200), ("-3", -3)]
)
def test_stock_is_a_whole_number(cell: object, expected: int) -> None:
    assert parse_int(cell) == expected


@pytest.mark.parametrize("cell", ["12,5", "beaucoup", "1.200", True])
def test_stock_that_is_not_a_whole_number(cell: object) -> None:
    with pytest.raises(ParseError):
        parse_int(cell)


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        ("24", None, 24),
        (24.0, None, 24),
        ("24 mois", None, 24),
        ("2 ans", None, 24),
        ("1 an", None, 12),
        ("18 M", None, 18),
        ("12M", None, 12),
        ("PAO 12M", None, 12),
        ("36 months", None, 36),
        ("2 years", None, 24),
        ("365 jours", None, 12),
        ("3", "years", 36),
    ],
)
def test_shelf_life_in_months(cell: object, unit: str | None, expected: int) -> None:
    assert parse_shelf_life(cell, unit) == expected


def test_shelf_life_that_is_not_a_duration() -> None:
    with pytest.raises(ParseError, match="24 mois"):
        parse_shelf_life("longtemps")


# --------------------------------------------------------------------------- other fields


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("France", "FR"),
        ("FR", "FR"),
        ("fr", "FR"),
        ("Made in France", "FR"),
        ("Fabriqué en France", "FR"),
        ("Italie", "IT"),
        ("Espagne", "ES"),
        ("Royaume-Uni", "GB"),
        ("UK", "GB"),
        ("Corée du Sud", "KR"),
        ("États-Unis", "US"),
        ("en:france", "FR"),
        ("France, Suisse", "FR"),
        ("FRA", "FR"),
        ("Atlantide", "ATLANTIDE"),
    ],
)
def test_countries_of_origin(cell: str, expected: str) -> None:
    assert parse_country(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("https://a.fr/1.jpg", ["https://a.fr/1.jpg"]),
        ("https://a.fr/1.jpg|https://a.fr/2.jpg", ["https://a.fr/1.jpg", "https://a.fr/2.jpg"]),
        ("https://a.fr/1.jpg, https://a.fr/2.jpg", ["https://a.fr/1.jpg", "https://a.fr/2.jpg"]),
        ("https://a.fr/1.jpg,https://a.fr/2.jpg", ["https://a.fr/1.jpg", "https://a.fr/2.jpg"]),
        ("https://a.fr/1.jpg\nhttps://a.fr/2.jpg", ["https://a.fr/1.jpg", "https://a.fr/2.jpg"]),
        ("https://a.fr/1.jpg https://a.fr/2.jpg", ["https://a.fr/1.jpg", "https://a.fr/2.jpg"]),
        # a comma inside a URL (image CDN transformations) does not split it
        ("https://c.fr/w_500,h_500/a.jpg", ["https://c.fr/w_500,h_500/a.jpg"]),
        ("a.jpg,b.jpg", ["a.jpg", "b.jpg"]),
    ],
)
def test_image_cells(cell: str, expected: list[str]) -> None:
    assert split_images(cell) == expected


def test_sku_from_a_number_cell_is_never_a_float() -> None:
    assert parse_sku(105.0) == "105"
    assert parse_sku(3012345678901.0) == "3012345678901"
    assert parse_sku("  AB-12 ") == "AB-12"
    with pytest.raises(ParseError):
        parse_sku("   ")


def test_cell_text_is_what_a_spreadsheet_shows() -> None:
    assert cell_text(105.0) == "105"
    assert cell_text(12.5) == "12.5"
    assert cell_text(True) == "TRUE"
    assert cell_text(dt.datetime(2024, 5, 1)) == "2024-05-01"
    assert cell_text(dt.datetime(2024, 5, 1, 13, 30)) == "2024-05-01 13:30:00"
    assert cell_text(dt.date(2024, 5, 1)) == "2024-05-01"


# --------------------------------------------------------------------------- price conventions


@pytest.mark.parametrize(
    ("cell", "decimal", "expected"),
    [
        ("1.299", ",", "1299.00"),  # the column writes 12,50: the point groups thousands
        ("45.000", ",", "45000.00"),
        ("12,345", ".", "12345.00"),  # the column writes 12.50: the comma groups
        ("45.000", ".", "45.00"),  # a decimal point with three zeros: nothing rounded
        ("1,290", ",", "1.29"),
        ("1.299 €", ",", "1299.00"),
        ("0,250", None, "0.25"),  # 0,250 is no thousand
        ("1 299", None, "1299.00"),
    ],
)
def test_a_column_convention_settles_one_separator_before_three_digits(
    cell: str, decimal: str | None, expected: str
) -> None:
    assert parse_price(cell, decimal) == Decimal(expected)


@pytest.mark.parametrize(
    ("cell", "grouped", "cents"), [("1.299", "1 299,00", "1,30"), ("45.000", "45 000,00", "45,00")]
)
def test_without_a_convention_such_a_price_is_ambiguous(
    cell: str, grouped: str, cents: str
) -> None:
    with pytest.raises(ParseError) as error:
        parse_price(cell)
    assert error.value.code == "ambiguous-number"
    message = str(error.value)
    assert grouped in message and cents in message  # both readings, and what to write


@pytest.mark.parametrize(("cell", "decimal"), [("12,345", ","), ("1.299", "."), ("9,999", None)])
def test_a_text_price_is_never_rounded_beyond_its_cents(cell: str, decimal: str | None) -> None:
    with pytest.raises(ParseError) as error:
        parse_price(cell, decimal)
    assert error.value.code in (None, "ambiguous-number")
    if decimal is not None:
        assert "more than two decimals" in str(error.value)


def test_a_price_per_kilogram_is_not_the_price_of_the_item() -> None:
    with pytest.raises(ParseError, match="per unit of measure"):
        parse_price("80,00 / kg")


def test_a_price_in_another_currency_says_so() -> None:
    with pytest.raises(ParseError, match="in Fcfa, not in euros"):
        parse_price("15 000Fcfa")


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["12,50", "1.299", 45.0], ","),
        (["1.234,50", "8"], ","),
        (["12.50", "1,299"], "."),
        (["1,234,567", "3"], "."),
        (["39.95 €", "19.95 €", 25.0], "."),
        (["1.299", "45.000"], None),  # every cell could be read both ways
        (["12,50", "12.50"], None),  # the column says both
        ([25.0, 27.0], None),  # number cells say nothing
    ],
)
def test_decimal_convention_of_a_column(cells: list[object], expected: str | None) -> None:
    assert decimal_convention(cells) == expected


# --------------------------------------------------------------------------- bounds


@pytest.mark.parametrize(
    "cell",
    ["9e99999999", "1e309", "-1e309", "inf", "-Infinity", "nan", "NaN", "1E+31", "1" * 40, 1e300],
)
@pytest.mark.parametrize(
    "parser", [parse_decimal, parse_int, parse_price, parse_weight_kg, parse_net_content]
)
def test_numbers_beyond_the_bounds_are_refused_quickly(
    parser: Callable[[object], object], cell: object
) -> None:
    started = time.perf_counter()
    with pytest.raises(ParseError):
        parser(cell)
    assert time.perf_counter() - started < 0.5


def test_the_bounds_are_those_documented() -> None:
    assert parse_decimal("1E+30") == Decimal("1E+30")
    assert parse_decimal("9" * MAX_DIGITS) == Decimal("9" * MAX_DIGITS)
    for refused in ("1E+31", "1E-31", "9" * (MAX_DIGITS + 1), str(10**MAX_EXPONENT * 10)):
        with pytest.raises(ParseError, match="at most 30 digits"):
            parse_decimal(refused)
    assert parse_int(str(10**29)) == 10**29
    with pytest.raises(ParseError):
        parse_int(10**400)


_NUMBERISH = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789.,eE+- €kgml\u00a0'", max_size=40),
    st.from_regex(r"\A-?\d{1,40}([.,]\d{1,40})?([eE][+-]?\d{1,12})?( ?(g|kg|ml|cl|l|lb|oz))?\Z"),
    st.floats(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.booleans(),
)
_NUMBER_PARSERS: list[tuple[Callable[[object], object], type]] = [
    (parse_decimal, Decimal),
    (parse_price, Decimal),
    (lambda v: parse_price(v, ","), Decimal),
    (lambda v: parse_price(v, "."), Decimal),
    (parse_int, int),
    (parse_weight_kg, Decimal),
    (lambda v: parse_weight_kg(v, "lb"), Decimal),
    (parse_shelf_life, int),
]


@settings(max_examples=300, deadline=1000)
@given(_NUMBERISH)
def test_every_parser_returns_a_bounded_value_or_a_parse_error(value: object) -> None:
    for parser, kind in _NUMBER_PARSERS:
        try:
            result = parser(value)
        except ParseError:
            continue
        assert isinstance(result, kind) and not isinstance(result, bool)
        number = Decimal(result) if isinstance(result, int) else result
        assert isinstance(number, Decimal) and number.is_finite()
        assert abs(number) < Decimal(10) ** (MAX_EXPONENT + 4)
    for parser, kind in [
        (parse_net_content, NetContent),
        (parse_ean, str),
        (parse_hs_code, str),
        (parse_sku, str),
        (parse_country, str),
    ]:
        try:
            result = parser(value)
        except ParseError:
            continue
        assert isinstance(result, kind)
        if isinstance(result, NetContent):
            assert result.quantity.is_finite() and result.quantity > 0
    assert isinstance(split_images(value), list)
