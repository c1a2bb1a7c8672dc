"""Template filters: text cleaning, CSV rows and JSON lines built on the standard library.

Feeds are Jinja2 templates, but quoting and encoding never happen by hand in a template:
``csv_row`` is :func:`csv.writer` (with formula-injection neutralisation of every cell) and
``json_line`` is :func:`json.dumps`. ``finalize`` runs on every ``{{ ... }}`` value of every
template, so characters that XML 1.0 forbids (even escaped) never reach a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import threading
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jinja2.exceptions import UndefinedError
from markupsafe import Markup

from export_kit.fileio import FORMULA_PREFIXES, neutralise
from export_kit.render.jsontext import compact_encoder

__all__ = [
    "FILTERS",
    "FORBIDDEN",
    "CleanText",
    "clean_text",
    "csv_row",
    "finalize",
    "json_line",
    "money",
    "percent",
    "pick",
]

# XML 1.0 allows tab, LF, CR and everything from U+0020 but surrogates, U+FFFE and U+FFFF.
# C1 controls are legal but never meant in a product text (mis-decoded cp1252): dropped too.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Line and paragraph separators are valid JSON and XML, but break tools that split lines
# on them (str.splitlines); JSON Lines escapes them.
_JSON_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}
_CENT = Decimal("0.01")


class _CsvRows(threading.local):
    """One writer per thread for every row (a feed has one row per SKU)."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")


_CSV = _CsvRows()


def clean_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (C0/C1 controls but tab, LF, CR)."""
    if text.isprintable():  # fast path: nearly every value
        return text
    return FORBIDDEN.sub("", text)


class CleanText(str):
    """Text a filter has cleaned already (a CSV record, a JSON line): printed as it is."""

    __slots__ = ()


def finalize(value: Any) -> Any:
    """Environment ``finalize``: ``None`` prints as nothing, text is cleaned for XML 1.0."""
    # called for every {{ value }} of every feed: the common cases first, cheaply
    cls = value.__class__
    if cls is str:
        return value if value.isprintable() else FORBIDDEN.sub("", value)
    if cls is CleanText:  # a record ends with a line break: isprintable would say no
        return value
    if value is None:
        return ""
    if isinstance(value, Markup):
        return Markup(clean_text(str(value)))
    if isinstance(value, str):
        return clean_text(value)
    return value


def _cell(value: Any) -> Any:
    if value.__class__ is str:  # most cells: clean_text and neutralise, inline
        if not value.isprintable():
            value = FORBIDDEN.sub("", value)
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | float):
        return value
    if isinstance(value, list | tuple):
        value = "|".join("" if v is None else str(v) for v in value)
    return neutralise(clean_text(str(value)))


def csv_row(values: Iterable[Any]) -> str:
    """One CSV record (comma-separated, CRLF-terminated) quoted by :func:`csv.writer`.

    Text cells starting with ``=``, ``+``, ``-``, ``@``, tab or CR get an apostrophe so a
    spreadsheet never runs them as formulas; ``None`` is an empty cell, a list is joined
    with ``|``.
    """
    cells = values if values.__class__ is list else list(values)
    rows = _CSV
    buffer = rows.buffer
    buffer.seek(0)
    buffer.truncate()
    if _PLAIN_CELLS.issuperset(map(type, cells)):
        # nearly every record: written as it is, then looked at once as a whole; when no
        # cell can need cleaning or an apostrophe, _cell would have changed nothing
        texts = ["" if v is None else v if v.__class__ is str else str(v) for v in cells]
        record = ",".join(texts)
        if (
            record.count(",") == len(texts) - 1
            and '"' not in record
            and "\n" not in record
            and "\r" not in record
            and (record or len(texts) > 1)
        ):
            record += "\r\n"  # nothing to quote: what csv.writer writes
        else:
            rows.writer.writerow(cells)
            record = buffer.getvalue()
        first = record[1:2] if record[:1] == '"' else record[:1]
        if (
            record[:-2].isprintable()
            and first not in _FORMULA_FIRST
            and _FORMULA_AFTER_COMMA.search(record) is None
        ):
            return CleanText(record)
        buffer.seek(0)
        buffer.truncate()
    rows.writer.writerow([_cell(v) for v in cells])
    return CleanText(buffer.getvalue())


#: cells csv.writer writes as _cell would, unless a text needs cleaning or an apostrophe
_PLAIN_CELLS = frozenset({str, int, float, Decimal, type(None)})
#: a record's fields after the first that start like a formula (tab and CR fail
#: isprintable first); it also matches inside a quoted text after a comma, which only
#: costs the slow path. Without a "^" alternative, the search skips to each comma at C
#: speed: seven times faster on a 300-character JD record.
_FORMULA_AFTER_COMMA = re.compile(r',"?[=+\-@]')
_FORMULA_FIRST = frozenset("=+-@")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} cannot go into a JSON feed")


def json_line(value: Any) -> str:
    """One JSON Lines record: compact :func:`json.dumps` (Chinese kept readable) and ``\\n``.

    Keys are written as json writes them (``true``, ``null``, ``7``); text loses the
    characters XML 1.0 forbids, and U+2028, U+2029 and U+0085 are escaped.
    """
    try:
        text = _JSON(value)
    except (TypeError, ValueError):  # what cleaning makes encodable (keys of other types)
        pass
    else:
        # nearly every record: encoded as it is, then looked at once as a whole; when no
        # text holds a character cleaning removes (raw, or as a JSON escape), cleaning
        # would change nothing
        if text.isprintable() and (
            "\\" not in text or not any(mark in text for mark in _CLEANING_ESCAPES)
        ):
            return CleanText(text + "\n")
    text = _JSON(_json_clean(value))
    for char, escaped in _JSON_LINE_BREAKS.items():
        if char in text:
            text = text.replace(char, escaped)
    return CleanText(text + "\n")


#: in an encoded record, the escapes of characters cleaning removes (C0 controls but tab,
#: line feed and carriage return); raw C1 controls, surrogates and line separators fail
#: isprintable
_CLEANING_ESCAPES = ("\\u00", "\\b", "\\f")
#: json.dumps with options builds an encoder per call; a feed has a line per product
_JSON = compact_encoder(separators=(",", ":"), default=_json_default)


def _json_clean(value: Any) -> Any:
    # json.dumps(ensure_ascii=False) writes lone surrogates raw, which cannot be encoded as
    # UTF-8: clean every string on the way in.
    cls = value.__class__
    if cls is str:
        return value if value.isprintable() else FORBIDDEN.sub("", value)
    if cls is int or value is None:
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        clean: dict[str, Any] = {}
        for key, item in value.items():  # a feed record's keys and values: text mostly
            if key.__class__ is not str or not key.isprintable():
                key = _json_key(key)
            kind = item.__class__
            if kind is str:
                clean[key] = item if item.isprintable() else FORBIDDEN.sub("", item)
            elif kind is int or item is None:
                clean[key] = item
            else:
                clean[key] = _json_clean(item)
        return clean
    if isinstance(value, list | tuple):
        return [_json_clean(v) for v in value]
    return value


def _json_key(key: Any) -> str:
    """A key as json writes it (``true``, ``null``, ``NaN``, ``7``), cleaned; a key json
    cannot write as its text."""
    if isinstance(key, str):
        return clean_text(str(key))
    if key is None or isinstance(key, bool | int | float):
        return json.dumps(key)
    return clean_text(str(key))


def pick(records: Any, keys: Mapping[str, str]) -> list[dict[str, Any]]:
    """Each mapping of ``records`` (one, or a list) as a new dict: for each ``new: old`` of
    ``keys``, the value of ``old`` under the name ``new``, in the order of ``keys``.

    ``item.skus | pick({"out_sku_id": "sku", "price": "price_fen"})``: a feed's names for
    the listing's keys, without a loop in the template.
    """
    rows = [records] if isinstance(records, Mapping) else records
    picked = []
    for row in rows:
        try:
            picked.append({new: row[old] for new, old in keys.items()})
        except KeyError as exc:
            raise UndefinedError(f"pick: {row!r} has no key {exc.args[0]!r}") from None
    return picked


def money(value: Any) -> str:
    """A money amount as a decimal string with two places (``694.2`` → ``694.20``)."""
    if value is None or value == "":
        return ""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return str(amount.quantize(_CENT, rounding=ROUND_HALF_UP))


def percent(value: Any) -> str:
    """A rate fraction as a percentage (``0.2306`` → ``23.06%``)."""
    if value is None or value == "":
        return ""
    rate = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{(rate * 100).quantize(_CENT, rounding=ROUND_HALF_UP).normalize():f}%"


#: Filters added to every template environment.
FILTERS: dict[str, Any] = {
    "csv_row": csv_row,
    "json_line": json_line,
    "pick": pick,
    "clean": clean_text,
    "money": money,
    "percent": percent,
}
