"""French parsing rules for catalogue cells.

Each ``parse_*`` function takes one non-empty cell (text from a CSV, or the ``str``,
``int``, ``float``, ``bool`` or date a workbook holds) and returns the value in its canonical
form, or raises :class:`ParseError` with a message a brand manager understands: what is
wrong and what to do. The readers turn those messages into findings (``invalid-number``,
``invalid-ean``, ``invalid-hs-code``) and leave the field empty.

They are written for speed as much as for coverage: the common shapes (``12,50``,
``3012345678901``) take the first branch, and the readers memoise them per column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal

from export_kit.catalogue.countries import COUNTRIES, ISO_CODES
from export_kit.model import NetContent

__all__ = [
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "ParseError",
    "bounded",
    "cell_text",
    "decimal_convention",
    "fold_key",
    "fold_text",
    "parse_country",
    "parse_decimal",
    "parse_ean",
    "parse_hs_code",
    "parse_int",
    "parse_net_content",
    "parse_price",
    "parse_shelf_life",
    "parse_sku",
    "parse_weight_kg",
    "split_images",
]

_CENT = Decimal("0.01")
_THOUSAND = Decimal(1000)
#: spaces people (and Excel's French locale) put inside numbers: ordinary, no-break,
#: narrow no-break, thin; and the Swiss apostrophe
_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009'’")
#: full-width digits and code punctuation (０-９ ． －, ideographic space), as typed with a
#: Chinese or Japanese input method or pasted from a Chinese system: the same characters
#: a French keyboard types, so codes holding them are read, not rejected. Other Unicode
#: digits (²,٣) stay an error: they are not what a person meant.
_FULL_WIDTH = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, "．": ".", "－": "-", "\u3000": " "}
)
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")


#: bounds on the numbers of a cell, checked before any conversion: at most this many
#: significant digits, and a magnitude between 10**-MAX_EXPONENT and 10**MAX_EXPONENT
#: (zero aside). A value beyond them is a typing accident or a hostile file, and
#: converting it could take hours (``int(Decimal("9e99999999"))``).
MAX_DIGITS = 30
MAX_EXPONENT = 30
#: longest number text looked at (digits, separators, sign, exponent)
_MAX_TEXT = 64
_BOUNDS_HINT = (
    f"a number has at most {MAX_DIGITS} digits and lies between 1E-{MAX_EXPONENT} "
    f"and 1E+{MAX_EXPONENT}"
)


class ParseError(ValueError):
    """A cell that cannot be read; the message says what is wrong and what to do.

    ``code`` is the finding code when it is not the field's usual one
    (``ambiguous-number`` for a price that reads two ways).
    """

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


def _clip(text: str) -> str:
    """A cell's text short enough for a message."""
    return text if len(text) <= 60 else text[:57] + "..."


def _out_of_bounds(shown: str) -> ParseError:
    return ParseError(f"'{_clip(shown)}' is not a usable number: {_BOUNDS_HINT}.")


def bounded(number: Decimal, shown: str) -> Decimal:
    """``number`` if it is finite and within :data:`MAX_DIGITS` / :data:`MAX_EXPONENT`,
    else :class:`ParseError` (``shown`` is the cell as written, for the message)."""
    if not number.is_finite():
        raise ParseError(f"'{_clip(shown)}' is not a number: write digits, like 12,50.")
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        raise _out_of_bounds(shown)
    if len(number.as_tuple().digits) > MAX_DIGITS:
        raise _out_of_bounds(shown)
    return number


# --------------------------------------------------------------------------- text


def _is_digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "²" or "١", which no code may hold."""
    return text.isascii() and text.isdigit()


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _datetime_text(value: dt.datetime) -> str:
    if value.hour or value.minute or value.second or value.microsecond:
        return value.isoformat(" ")
    return value.date().isoformat()


def _bool_text(value: bool) -> str:
    return "TRUE" if value else "FALSE"


def _no_text(value: None) -> str:
    return ""


#: exact cell type → its text (each returns a ``str``)
_TEXT: dict[type, Callable[[Any], str]] = {
    float: _float_text,
    bool: _bool_text,
    int: str,
    dt.datetime: _datetime_text,
    dt.date: dt.date.isoformat,
    dt.time: dt.time.isoformat,
    type(None): _no_text,
}


def cell_text(value: object) -> str:
    """A cell as the text a person sees: ``105.0`` → ``105``, dates as ISO, booleans TRUE/FALSE."""
    if type(value) is str:
        return value
    convert = _TEXT.get(type(value))
    if convert is not None:
        return convert(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):
        return _datetime_text(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def fold_text(value: object) -> str:
    """Text trimmed, with runs of whitespace (newlines, no-break spaces) folded to one space."""
    return " ".join(cell_text(value).split())


def fold_key(text: str) -> str:
    """A matching key: accents and punctuation removed, lower case, single spaces.

    ``"Pays d'origine"`` → ``"pays d origine"``, ``"Prix TTC (€)"`` → ``"prix ttc"``.
    Chinese characters are kept.
    """
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[\W_]+", " ", stripped).split())


# --------------------------------------------------------------------------- numbers


def _reject_non_number(value: object, what: str) -> None:
    if isinstance(value, bool):
        raise ParseError(f"{cell_text(value)} is a true/false cell, not {what}: enter a number.")
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise ParseError(
            f"{cell_text(value)} is a date, not {what}: format the column as a number "
            "(or text) in the spreadsheet and re-enter the value."
        )


def _number_text(text: str) -> str | None:
    """Normalise a French or English number to Python syntax, or None if it is not one."""
    t = text.translate(_GROUPING).translate(_MINUS)
    if t.startswith("+"):
        t = t[1:]
    neg = t.startswith("-")
    body = t[1:] if neg else t
    if not body:
        return None
    comma = body.count(",")
    dot = body.count(".")
    if comma and dot:
        # the last separator is the decimal one: 1.234,50 (French) or 1,234.50 (English)
        decimal, grouping = (",", ".") if body.rfind(",") > body.rfind(".") else (".", ",")
        if body.count(decimal) > 1:
            return None
        whole, fraction = body.split(decimal)
        groups = whole.split(grouping)
        if not groups[0] or not all(len(g) == 3 for g in groups[1:]):
            return None
        body = "".join(groups) + "." + fraction
    elif comma:
        if comma > 1:
            groups = body.split(",")
            if not all(len(g) == 3 for g in groups[1:]):
                return None
            body = "".join(groups)
        else:
            body = body.replace(",", ".")
    elif dot > 1:
        groups = body.split(".")
        if not all(len(g) == 3 for g in groups[1:]):
            return None
        body = "".join(groups)
    if body.startswith("."):
        body = "0" + body
    if not _is_digits(body.replace(".", "", 1)):
        return None
    return "-" + body if neg else body


def _strip_currency(text: str) -> str:
    t = text.strip()
    low = t.lower()
    for mark in ("euros", "euro", "eur", "€"):
        if low.endswith(mark):
            t = t[: -len(mark)]
            break
        if low.startswith(mark):
            t = t[len(mark) :]
            break
    t = t.strip()
    if t.lower().endswith("ttc"):
        t = t[:-3].strip()
    return t


def parse_decimal(value: object) -> Decimal:
    """A number written the French or English way → ``Decimal`` (not rounded).

    ``12,50``, ``12.50``, ``1 234,50`` (ordinary, no-break or narrow spaces), ``1.234,50``,
    ``-3``; a workbook's ``float`` goes through ``str`` so ``0.1`` stays ``0.1``.
    """
    if isinstance(value, float):
        if math.isfinite(value):
            return bounded(Decimal(str(value)), str(value))
        raise ParseError(f"{value} is not a number.")
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > 128:  # str(value) of a huge int is itself slow
            raise _out_of_bounds(f"a number of {value.bit_length()} bits")
        return bounded(Decimal(value), str(value))
    if isinstance(value, Decimal):
        return bounded(value, str(value))
    _reject_non_number(value, "a number")
    text = cell_text(value).strip()
    if len(text) > _MAX_TEXT:
        raise _out_of_bounds(text)
    normal = text.replace(",", ".") if _SCIENTIFIC.match(text) else _number_text(text)
    try:
        if normal is not None:
            exponent = normal.lower().partition("e")[2]
            if len(exponent.lstrip("+-")) > 4:  # 9e99999999: refused before Decimal
                raise _out_of_bounds(text)
            return bounded(Decimal(normal), text)
    except InvalidOperation:
        pass
    raise ParseError(
        f"'{text}' is not a number: write digits with one decimal comma or point, "
        "like 12,50 or 1 234,50."
    )


#: a price with one separator before exactly three digits: 1.299, 45.000, 12,345
_AMBIGUOUS = re.compile(r"^(-?)([1-9]\d{0,2})([.,])(\d{3})$")
_OTHER_CURRENCY = re.compile(r"^([\d\s.,\u00a0\u202f]+?)\s*([^\W\d_]{1,5}|[$£¥])\.?$")
_CURRENCIES = {
    "fcfa", "cfa", "xof", "xaf", "usd", "gbp", "chf", "cny", "rmb", "yuan", "dzd", "da",
    "mad", "dh", "tnd", "cad", "aud", "jpy", "$", "£", "¥",
}  # fmt: skip
_PER_UNIT = re.compile(r"/\s*(?:kg|g|l|litre|cl|ml|100\s*g|100\s*ml|m|m2|pi[eè]ce)\s*$", re.I)


def _cents(number: Decimal, shown: str) -> Decimal:
    """A price to the cent, refused when the cell says more than cents (12,345)."""
    cents = number.quantize(_CENT, ROUND_HALF_UP)
    if cents != number:
        raise ParseError(
            f"'{shown}' has more than two decimals: a price is in euros and cents. "
            f"Write {_french(cents)} (or the price you mean, with its cents)."
        )
    return cents


def _french(number: Decimal) -> str:
    return f"{number:.2f}".replace(".", ",")


def _grouped_french(number: Decimal) -> str:
    return f"{number:,.2f}".replace(",", " ").replace(".", ",")


def _ambiguous(text: str, decimal: str | None) -> Decimal | None:
    """The reading of ``1.299`` / ``12,345`` under the column's decimal separator, None
    when the text is not of that shape; ambiguous-number when the column gives no answer."""
    match = _AMBIGUOUS.match(text)
    if match is None:
        return None
    sign, whole, separator, three = match.groups()
    if decimal is None:
        grouped = _grouped_french(Decimal(sign + whole + three))
        cents = _french(Decimal(f"{sign}{whole}.{three}").quantize(_CENT, ROUND_HALF_UP))
        exact = f"{sign}{whole},{three}"
        raise ParseError(
            f"'{text}' reads two ways: {grouped} € (the '{separator}' groups thousands) "
            f"or {exact} € (a decimal '{separator}'), and the column's other prices do "
            f"not say which. Write {grouped} or {cents} (a price with its cents), or "
            "write the column's other prices with their cents (12,50) so its "
            "convention is clear.",
            code="ambiguous-number",
        )
    if separator == decimal:
        return Decimal(f"{sign}{whole}.{three}")
    return Decimal(sign + whole + three)


def parse_price(value: object, decimal: str | None = None) -> Decimal:
    """A price in euros → ``Decimal`` with 2 places (negative kept: a rule reports it).

    ``12,50``, ``12.50``, ``1 234,50 €``, ``€ 1.234,50``, ``1 299,00 EUR``, ``45``.
    ``decimal`` is the column's decimal separator (``,`` or ``.``, from its other cells):
    it settles ``1.299``, ``45.000`` or ``12,345`` (one separator before three digits);
    without it they are an ``ambiguous-number`` error naming both readings. A text cell
    with more than two decimals is an error, never rounded; a number cell (a workbook's
    float) is read to the cent, as a price format shows it.
    """
    try:
        if type(value) is float and math.isfinite(value):
            if not -1e30 < value < 1e30:
                raise _out_of_bounds(repr(value))
            return Decimal(repr(value)).quantize(_CENT, ROUND_HALF_UP)
        if type(value) is str:
            t = value.strip()
            # fast paths: 12.50 / 12,50 / 45 (no more than two decimals)
            if len(t) <= MAX_DIGITS:
                if _is_digits(t.replace(".", "", 1)):
                    dot = t.find(".")
                    if dot < 0 or len(t) - dot <= 3:
                        return Decimal(t).quantize(_CENT, ROUND_HALF_UP)
                elif _is_digits(t.replace(",", "", 1)):
                    comma = t.find(",")
                    if len(t) - comma <= 3:
                        return Decimal(t.replace(",", ".")).quantize(_CENT, ROUND_HALF_UP)
            text = _strip_currency(t)
            if len(text) > _MAX_TEXT:
                raise _out_of_bounds(text)
            if _PER_UNIT.search(text):
                raise ParseError(
                    f"'{t}' is a price per unit of measure (per kg, per litre...), not the "
                    "price of the item sold: write the price of one item (the piece, the "
                    "bottle), or leave the cell empty."
                )
            compact = text.translate(_GROUPING).translate(_MINUS).removeprefix("+")
            number = _ambiguous(compact, decimal)
            if number is None:
                normal = _number_text(text) if text else None
                currency = _OTHER_CURRENCY.match(text) if normal is None else None
                if (
                    currency is not None
                    and currency.group(2).lower() in _CURRENCIES
                    and _number_text(currency.group(1)) is not None
                ):
                    raise ParseError(
                        f"'{t}' is a price in {currency.group(2)}, not in euros: write the "
                        "retail price in euros (export-kit converts euros to yuan)."
                    )
                if normal is None:
                    raise ParseError(
                        f"'{t}' is not a price: write it like 12,50 or 1 234,50 € "
                        "(digits, one decimal comma or point, optional €)."
                    )
                number = Decimal(normal)
            return _cents(bounded(number, t), t)
        _reject_non_number(value, "a price")
        return parse_decimal(value).quantize(_CENT, ROUND_HALF_UP)
    except InvalidOperation:
        raise ParseError(
            f"'{cell_text(value).strip()}' is not a price: write it like 12,50 or 1 234,50 €."
        ) from None


def decimal_convention(cells: Iterable[object]) -> str | None:
    """The decimal separator a column's text cells use (``,`` or ``.``), or None when
    they do not say or say both: ``12,50`` or ``1.234,50`` say a comma, ``12.50`` or
    ``1,234.50`` a point; ``1.299`` (one separator before three digits) says nothing."""
    seen: set[str] = set()
    for cell in cells:
        if type(cell) is not str:
            continue
        text = _strip_currency(cell).translate(_GROUPING).translate(_MINUS).lstrip("+-")
        comma, dot = text.rfind(","), text.rfind(".")
        if comma < 0 and dot < 0:
            continue
        last = max(comma, dot)
        separator = text[last]
        if comma >= 0 and dot >= 0:
            seen.add(separator)  # 1.234,50: the last one is the decimal one
            continue
        if text.count(separator) > 1:
            seen.add("." if separator == "," else ",")  # 1,234,567: grouping
            continue
        digits = len(text) - last - 1
        if (digits != 3 or _AMBIGUOUS.match(text) is None) and _is_digits(
            text.replace(separator, "", 1)
        ):
            seen.add(separator)
    return seen.pop() if len(seen) == 1 else None


def parse_int(value: object) -> int:
    """A whole number: ``12``, ``12.0``, ``1 200``, ``-3`` (a negative stock is kept)."""
    if type(value) is str:
        t = value.strip()
        if _is_digits(t) and len(t) <= MAX_DIGITS:
            return int(t)
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e30:
        return int(value)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**MAX_DIGITS:
        return value
    _reject_non_number(value, "a quantity")
    try:
        number = parse_decimal(value)
    except (ParseError, InvalidOperation) as exc:
        if "usable" in str(exc):
            raise
        number = None
    if number is None or number != number.to_integral_value():
        shown = _clip(cell_text(value).strip())
        raise ParseError(f"'{shown}' is not a whole number: write 12 or 1 200.")
    return int(number)


# --------------------------------------------------------------------------- identifiers


def parse_sku(value: object) -> str:
    """A reference as text: ``105.0`` (a number cell) → ``105``, spaces trimmed."""
    text = value.strip() if type(value) is str else cell_text(value).strip()
    if not text:
        raise ParseError("the reference is empty.")
    return text


_HS_PUNCT = str.maketrans("", "", " .-\u00a0\u202f/")
_GTIN_NAMES = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13", 14: "GTIN-14"}
_TEXT_FIX = "format the column as text in Excel and re-enter the codes"


def _check_digit(body: str) -> int:
    """GS1 check digit of the digits before it (weights 3,1,3… from the right)."""
    digits = body.encode("ascii")
    # sums of ASCII codes: every digit carries 48, taken out once per weight
    odd = sum(digits[-1::-2]) - 48 * len(digits[-1::-2])
    even = sum(digits[-2::-2]) - 48 * len(digits[-2::-2])
    return (10 - (odd * 3 + even) % 10) % 10


def parse_ean(value: object) -> str:
    """A GTIN-8/12/13/14 as digits, its check digit validated.

    Number cells lose leading zeros: they are padded back (to 8 digits up to 8, 13 up to
    13, else 14). Scientific notation (``3,01E+12``), and numbers that lost their last
    digits to it, are errors, never guesses.
    """
    numeric = False
    if type(value) is str:
        text = value.strip()
        if not text.isascii():
            text = text.translate(_FULL_WIDTH).strip()
        if not _is_digits(text):
            text = text.translate(_GROUPING)
            if text.endswith(".0") and _is_digits(text[:-2]):
                text = text[:-2]
            elif _SCIENTIFIC.match(text):
                raise ParseError(
                    f"EAN '{value.strip()}' is in scientific notation and has lost digits: "
                    f"{_TEXT_FIX}."
                )
            elif not _is_digits(text):
                raise ParseError(
                    f"EAN '{value.strip()}' must contain only digits (8, 12, 13 or 14 of them)."
                )
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise ParseError(f"EAN '{cell_text(value)}' must contain only digits.")
    else:
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            raise ParseError(f"EAN '{value}' is a decimal number, not a code: {_TEXT_FIX}.")
        number = int(value)
        if number <= 0:
            raise ParseError(f"EAN '{number}' is not a code: {_TEXT_FIX}.")
        text = str(number)
        numeric = True
        n = len(text)
        if n <= 8:
            text = text.zfill(8)
        elif n <= 13:
            text = text.zfill(13)
        elif n == 14:
            pass
    n = len(text)
    name = _GTIN_NAMES.get(n)
    if name is None:
        raise ParseError(
            f"EAN '{text}' has {n} digits; an EAN/GTIN has 8, 12, 13 or 14. Check the code."
        )
    expected = _check_digit(text[:-1])
    if expected != ord(text[-1]) - 48:
        if numeric and len(text) >= 12 and text.endswith("0000"):
            raise ParseError(
                f"EAN '{text}' looks cut by scientific notation (its last digits are zeros "
                f"and the check digit is wrong): {_TEXT_FIX}."
            )
        raise ParseError(f"{name} check digit should be {expected}, not {text[-1]}")
    return text


def parse_hs_code(value: object) -> str:
    """A customs (HS/CN/TARIC) code: digits only, 6 to 10 (``3304.99.00`` → ``33049900``).

    A number cell that lost its leading zero (cheese ``0406…`` typed as a number gives
    seven digits) gets it back: HS codes have an even number of digits.
    """
    if isinstance(value, bool):
        raise ParseError(f"HS code '{cell_text(value)}' must be 6 to 10 digits.")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise ParseError(f"HS code '{value}' must be 6 to 10 digits.")
        text = cell_text(value)
        if _is_digits(text):
            if len(text) % 2 == 1:
                text = "0" + text
        else:
            text = text.replace(".", "")
    else:
        raw = cell_text(value).strip()
        if not raw.isascii():
            raw = raw.translate(_FULL_WIDTH).strip()
        if _SCIENTIFIC.match(raw):
            raise ParseError(
                f"HS code '{raw}' is in scientific notation and has lost digits: "
                "format the column as text and re-enter the codes."
            )
        text = raw.translate(_HS_PUNCT)
        if not _is_digits(text):
            raise ParseError(
                f"HS code '{raw}' must contain only digits (dots and spaces allowed), "
                "like 3304.99.00."
            )
    if not 6 <= len(text) <= 10:
        raise ParseError(
            f"HS code '{cell_text(value).strip()}' has {len(text)} digits; a customs code "
            "has 6 to 10 (e.g. 3304.99.00)."
        )
    return text


# --------------------------------------------------------------------------- quantities

_QUANTITY = re.compile(
    r"(?:(?P<count>\d+)\s*[x×*]\s*)?(?P<num>\d+(?:[.,]\d+)?|[.,]\d+)\s*"
    r"(?P<unit>millilitres?|milliliters?|centilitres?|centiliters?|decilitres?|litres?|"
    r"liters?|kilogrammes?|kilograms?|kilos?|grammes?|grams?|milligrammes?|milligrams?|"
    r"fl\.? ?oz|ml|cl|dl|l|kgs?|gr|gm|g|mg|lbs?|oz)(?![^\W\d_])",
    re.IGNORECASE,
)
#: "1 000 ml": a thousands space between digit groups
_DIGIT_GROUP = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")

_UNITS: dict[str, tuple[str, Decimal]] = {
    "ml": ("ml", Decimal(1)),
    "cl": ("ml", Decimal(10)),
    "dl": ("ml", Decimal(100)),
    "l": ("ml", Decimal(1000)),
    "g": ("g", Decimal(1)),
    "gr": ("g", Decimal(1)),
    "kg": ("g", Decimal(1000)),
    "mg": ("g", Decimal("0.001")),
    "lb": ("g", Decimal("453.59237")),
    "floz": ("ml", Decimal("29.5735295625")),
    "oz": ("g", Decimal("28.349523125")),
}


def _unit_key(unit: str) -> str:
    u = unit.lower()
    if u.startswith(("millil",)):
        return "ml"
    if u.startswith("centil"):
        return "cl"
    if u.startswith("decil"):
        return "dl"
    if u.startswith(("litre", "liter")):
        return "l"
    if u.startswith("kilo") or u in ("kgs",):
        return "kg"
    if u.startswith("milligr"):
        return "mg"
    if u.startswith("gram"):
        return "g"
    if u in ("lbs",):
        return "lb"
    if u.startswith("fl"):
        return "floz"
    if u == "gm":
        return "g"
    return u


def _tidy(number: Decimal) -> Decimal:
    """``350.000`` → ``350``, ``0.350`` → ``0.35`` (never ``1E+1``)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _measure(
    value: object, default_unit: str | None, what: str, example: str
) -> tuple[Decimal, str]:
    """A quantity and its unit key, from ``75 cl``, ``6 x 25cl``, or a bare number + unit."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if default_unit is None:
            raise ParseError(f"'{cell_text(value)}' has no unit: write it like {example}.")
        return parse_decimal(value), default_unit
    _reject_non_number(value, what)
    text = cell_text(value).strip()
    match = _QUANTITY.search(_DIGIT_GROUP.sub("", text))
    if match is None:
        try:
            number = parse_decimal(text)
        except ParseError as exc:
            if "usable" in str(exc):
                raise
            raise ParseError(f"'{_clip(text)}' is not {what}: write it like {example}.") from None
        if default_unit is None:
            raise ParseError(f"'{_clip(text)}' has no unit: write it like {example}.")
        return number, default_unit
    digits = match.group("num")
    count = match.group("count")
    if len(digits) > _MAX_TEXT or (count and len(count) > 6):
        raise _out_of_bounds(text)
    number = bounded(Decimal(digits.replace(",", ".")), text)
    if count:
        number *= int(count)
    return number, _unit_key(match.group("unit"))


def parse_net_content(value: object, unit: str | None = None) -> NetContent:
    """A net content → millilitres or grams: ``50 ml``, ``75 cl``, ``1,5 L``, ``200 g``, ``1 kg``.

    ``unit`` is the unit a header gives (``Contenance (ml)``) for bare numbers.
    """
    try:
        return _net_content(value, unit)
    except InvalidOperation:
        raise _out_of_bounds(cell_text(value).strip()) from None


def _net_content(value: object, unit: str | None) -> NetContent:
    shown = _clip(cell_text(value).strip())
    number, key = _measure(value, unit, "a net content", "50 ml, 75 cl or 200 g")
    target = _UNITS.get(key)
    if target is None:
        raise ParseError(
            f"'{shown}': unknown unit '{key}' for a net content; use ml, cl, l, g or kg."
        )
    base, factor = target
    quantity = number * factor
    if key in ("lb", "oz", "floz"):
        quantity = quantity.quantize(Decimal("0.1"), ROUND_HALF_UP)
    canonical: Literal["ml", "g"] = "ml" if base == "ml" else "g"
    if quantity <= 0:
        raise ParseError(f"'{shown}': a net content must be above zero.")
    return NetContent.model_construct(quantity=_tidy(quantity), unit=canonical)


def parse_weight_kg(value: object, unit: str | None = None) -> Decimal:
    """A shipping weight → kilograms: ``0,35``, ``0.35 kg``, ``350 g``.

    Bare numbers are kilograms, or grams when the header says so (``Poids (g)``, Shopify
    ``Variant Grams``). Zero is returned as zero (shop exports write 0 for "not set").
    """
    try:
        return _weight_kg(value, unit)
    except InvalidOperation:
        raise _out_of_bounds(cell_text(value).strip()) from None


def _weight_kg(value: object, unit: str | None) -> Decimal:
    shown = _clip(cell_text(value).strip())
    number, key = _measure(value, unit or "kg", "a weight", "0,35 (kg) or 350 g")
    target = _UNITS.get(key)
    if target is None or target[0] != "g":
        raise ParseError(f"'{shown}' is not a weight: write it like 0,35 (kg) or 350 g.")
    if number < 0:
        raise ParseError(f"'{shown}': a weight cannot be negative.")
    kilograms = number * target[1] / _THOUSAND
    if key in ("lb", "oz"):
        kilograms = kilograms.quantize(Decimal("0.001"), ROUND_HALF_UP)
    return _tidy(kilograms)


_DURATION = re.compile(
    r"(?<![\d.,])(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>mois|months?|mths?|m|ans?|annees?|"
    r"ann[ée]es?|years?|yrs?|y|jours?|days?|j|d|semaines?|weeks?|w)?(?![^\W\d_])",
    re.IGNORECASE,
)


def parse_shelf_life(value: object, unit: str | None = None) -> int:
    """A shelf life or PAO → whole months: ``24``, ``24 mois``, ``2 ans``, ``18 M``, ``12M``.

    ``unit`` (``months``, ``years``, ``days``) is the unit a header gives for bare numbers.
    """
    shown = _clip(cell_text(value).strip())
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = parse_decimal(value)
        word = unit or "months"
    else:
        _reject_non_number(value, "a duration")
        match = _DURATION.search(shown)
        if match is None:
            raise ParseError(f"'{shown}' is not a duration: write it like 24, 24 mois or 2 ans.")
        if len(match.group("num")) > _MAX_TEXT:
            raise _out_of_bounds(shown)
        number = bounded(Decimal(match.group("num").replace(",", ".")), shown)
        word = (match.group("unit") or unit or "months").lower()
    if word.startswith(("an", "y")):
        months = number * 12
    elif word.startswith(("j", "d")):
        months = number / Decimal("30.4375")
    elif word.startswith(("s", "w")):
        months = number * 7 / Decimal("30.4375")
    else:
        months = number
    result = int(months.to_integral_value(ROUND_HALF_UP))
    if result <= 0:
        raise ParseError(f"'{shown}': a shelf life must be at least one month.")
    return result


# --------------------------------------------------------------------------- other fields

_ORIGIN_PREFIXES = (
    "made in",
    "fabrique en",
    "fabrique au",
    "fabrique aux",
    "fabrique a",
    "produit en",
    "produit au",
    "produit de",
    "produit d",
    "origine",
    "pays d origine",
    "product of",
    "produced in",
    "country of origin",
)
_ALPHA3 = {
    "FRA": "FR",
    "ITA": "IT",
    "ESP": "ES",
    "DEU": "DE",
    "BEL": "BE",
    "CHE": "CH",
    "GBR": "GB",
    "USA": "US",
    "CHN": "CN",
    "JPN": "JP",
    "PRT": "PT",
    "NLD": "NL",
}


def _country_code(key: str) -> str | None:
    code = COUNTRIES.get(key)
    if code is None and len(key) == 2 and key.upper() in ISO_CODES:
        code = key.upper()
    return code


def parse_country(value: object) -> str:
    """A country of origin → ISO 3166 alpha-2: ``France``, ``FR``, ``Made in France``, ``Italie``.

    A name the small table does not know is kept as written, upper-cased (never an error).
    """
    raw = cell_text(value).strip()
    if not raw:
        raise ParseError("the country is empty.")
    # lists ("France, Suisse"): the first; Open Food Facts tags ("en:france")
    first = re.split(r"[,;/|]", raw, maxsplit=1)[0].strip() or raw
    if first[:3].lower() == "en:":
        first = first[3:]
    key = fold_key(first)
    code = _country_code(key)
    if code:
        return code
    for prefix in _ORIGIN_PREFIXES:
        if key.startswith(prefix + " "):
            rest = key[len(prefix) + 1 :]
            for article in ("la ", "le ", "les ", "l ", "the "):
                rest = rest.removeprefix(article)
            code = _country_code(rest)
            if code:
                return code
    upper = first.upper()
    if upper == "UK":
        return "GB"
    if len(upper) == 2 and upper.isalpha():
        return upper
    return _ALPHA3.get(upper, raw.upper())


_IMAGE_SPACES = str.maketrans({"|": " ", "\n": " ", "\r": " ", "\t": " "})
#: a comma or semicolon where a new URL starts (URLs may hold commas: "w_500,h_500")
_URL_SPLIT = re.compile(r"\s*[,;]\s*(?=[A-Za-z][A-Za-z0-9+.-]*://|//|www\.)")


def split_images(value: object) -> list[str]:
    """Image URLs from one cell: separated by ``|``, ``,``, ``;``, newlines or spaces."""
    urls: list[str] = []
    for part in cell_text(value).translate(_IMAGE_SPACES).split():
        if "," not in part and ";" not in part:
            urls.append(part)
        elif "://" in part:
            urls.extend(p for p in _URL_SPLIT.split(part) if p.strip(",;"))
        else:
            urls.extend(p for p in re.split(r"[,;]", part) if p)
    return [url.strip(",;") for url in urls if url.strip(",;")]
