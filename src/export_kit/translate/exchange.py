"""Memory round trips: the XLSX review sheet, TMX 1.4 and XLIFF (1.2 written, 2.0 read too).

Export writes every memory entry (atomically). Import reads French/Chinese pairs and
stores them as human-approved translations, which win over machine ones. So that a file
exported, edited and imported back changes exactly what was edited, an entry that comes
back *unchanged* and marked as not approved (TMX ``x-origin`` prop ``machine:…``, XLIFF
without ``approved="yes"`` and a ``needs-review`` state, a review row whose ``status`` is
not ``approved``) is left as it is; every other entry is imported. A file from a
translation agency or CAT tool carries no such marks: all its entries are imported.

TMX and XLIFF are read by :mod:`export_kit.translate.xmlpairs` (inline codes come back as
the markup they stand for). An import that finds no usable pair is an error that says
what the file lacked, never "0 entries".

XML is parsed with defusedxml: a file declaring entities (XXE, "billion laughs") is
refused with a one-line error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from export_kit import __version__
from export_kit.catalogue.workbook import measure_workbook
from export_kit.errors import InputError
from export_kit.fileio import FORMULA_PREFIXES, atomic_writer, neutralise, save_workbook
from export_kit.translate.checking import TextChecker, reasons_text
from export_kit.translate.memory import MemoryEntry, TranslationMemory
from export_kit.translate.normalise import normalise
from export_kit.translate.xmlpairs import Pair, ReadStats, read_xml

__all__ = [
    "FORMATS",
    "REVIEW_COLUMNS",
    "ImportResult",
    "Pair",
    "ReadStats",
    "export_memory",
    "format_from_path",
    "import_file",
    "read_pairs",
    "status_of",
    "write_review_rows",
]

FORMATS = ("xlsx", "tmx", "xliff")
REVIEW_COLUMNS = ("sku", "field", "french", "chinese", "origin", "status", "reason")
SOURCE_XML_LANG = "fr-FR"
TARGET_XML_LANG = "zh-CN"
_XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did."""

    entries: int
    changed: int
    unchanged: int
    #: imported texts whose Chinese failed a check: kept as needs-review, not approved
    needs_review: int = 0


def status_of(origin: str | None, approved: bool = False) -> str:
    """Review status of an origin: ``approved``, ``glossary``, ``machine`` or ``missing``."""
    if origin is None:
        return "missing"
    if approved and origin == "human":
        return "approved"
    if origin == "glossary":
        return "glossary"
    if origin.startswith("machine"):
        return "machine"
    return "approved" if approved else "machine"


def format_from_path(path: Path) -> str:
    """``xlsx``, ``tmx`` or ``xliff`` from a file name; InputError otherwise."""
    suffix = path.suffix.lower()
    if suffix in (".xliff", ".xlf"):
        return "xliff"
    if suffix in (".tmx", ".xlsx"):
        return suffix[1:]
    raise InputError(
        f"{path}: cannot tell the format from the extension '{suffix or '(none)'}'. "
        "Use .xlsx (review sheet), .tmx (TMX 1.4) or .xliff/.xlf (XLIFF 1.2 or 2.0)."
    )


# -- export --------------------------------------------------------------------------------


def export_memory(memory: TranslationMemory, path: Path, file_format: str) -> int:
    """Write every entry of the memory to ``path``; returns the number of entries."""
    if file_format == "xlsx":
        flagged = memory.needs_review()

        def row(e: MemoryEntry) -> tuple[str, ...]:
            reasons = None if e.approved else flagged.get(normalise(e.source))
            status = "needs-review" if reasons else status_of(e.origin, e.approved)
            return ("", "", e.source, e.target, e.origin, status, reasons or "")

        entries = list(memory.iter_entries()) if flagged else None
        if entries is None:
            return write_review_rows(path, (row(e) for e in memory.iter_entries()))
        ordered = sorted(entries, key=lambda e: row(e)[5] != "needs-review")
        return write_review_rows(path, (row(e) for e in ordered))
    if file_format == "tmx":
        return _write_xml(path, memory.iter_entries(), _tmx)
    if file_format == "xliff":
        return _write_xml(path, memory.iter_entries(), _xliff)
    raise InputError(f"Unknown memory format '{file_format}'. Use xlsx, tmx or xliff.")


def write_review_rows(path: Path, rows: Iterable[tuple[str | None, ...]]) -> int:
    """Write review rows (``REVIEW_COLUMNS``) to an xlsx workbook atomically, streaming."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Translations")
    for letter, width in zip("ABCDEFG", (16, 12, 60, 60, 16, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    header = []
    for name in REVIEW_COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([neutralise(_xml_safe(value or "")) for value in row])
        count += 1
    save_workbook(workbook, path)
    return count


def _xml_safe(text: str) -> str:
    return _BAD_XML_CHARS.sub("", text)


def _stamp(iso: str) -> str:
    return iso.replace("-", "").replace(":", "")  # 2024-05-01T10:00:00Z → 20240501T100000Z


def _write_xml(path: Path, entries: Iterator[MemoryEntry], body: Any) -> int:
    with atomic_writer(path, "w", encoding="utf-8") as handle:
        count: int = body(handle, entries)
    return count


class _Xml:
    """XMLGenerator with plain dicts for attributes (it escapes text and attributes)."""

    def __init__(self, handle: IO[str]) -> None:
        self._gen = XMLGenerator(cast(Any, handle), encoding="utf-8", short_empty_elements=True)

    def startDocument(self) -> None:  # noqa: N802 - mirrors the SAX name
        self._gen.startDocument()

    def endDocument(self) -> None:  # noqa: N802
        self._gen.endDocument()

    def startElement(self, name: str, attrs: dict[str, str]) -> None:  # noqa: N802
        self._gen.startElement(name, AttributesImpl(attrs))

    def endElement(self, name: str) -> None:  # noqa: N802
        self._gen.endElement(name)

    def characters(self, text: str) -> None:
        self._gen.characters(text)

    def ignorableWhitespace(self, text: str) -> None:  # noqa: N802
        self._gen.ignorableWhitespace(text)


def _tmx(handle: IO[str], entries: Iterator[MemoryEntry]) -> int:
    xml = _Xml(handle)
    xml.startDocument()
    xml.startElement("tmx", {"version": "1.4"})
    xml.ignorableWhitespace("\n  ")
    xml.startElement(
        "header",
        {
            "creationtool": "export-kit",
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "block",
            "adminlang": "en-US",
            "srclang": SOURCE_XML_LANG,
            "o-tmf": "export-kit",
            "creationdate": _stamp(dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
        },
    )
    xml.endElement("header")
    xml.ignorableWhitespace("\n  ")
    xml.startElement("body", {})
    count = 0
    for entry in entries:
        count += 1
        xml.ignorableWhitespace("\n    ")
        xml.startElement(
            "tu", {"creationdate": _stamp(entry.created_at), "changedate": _stamp(entry.updated_at)}
        )
        xml.ignorableWhitespace("\n      ")
        xml.startElement("prop", {"type": "x-origin"})
        xml.characters(entry.origin)
        xml.endElement("prop")
        for lang, text in ((SOURCE_XML_LANG, entry.source), (TARGET_XML_LANG, entry.target)):
            xml.ignorableWhitespace("\n      ")
            xml.startElement("tuv", {"xml:lang": lang})
            xml.startElement("seg", {})
            xml.characters(_xml_safe(text))
            xml.endElement("seg")
            xml.endElement("tuv")
        xml.ignorableWhitespace("\n    ")
        xml.endElement("tu")
    xml.ignorableWhitespace("\n  ")
    xml.endElement("body")
    xml.ignorableWhitespace("\n")
    xml.endElement("tmx")
    xml.ignorableWhitespace("\n")
    xml.endDocument()
    return count


def _xliff(handle: IO[str], entries: Iterator[MemoryEntry]) -> int:
    xml = _Xml(handle)
    xml.startDocument()
    xml.startElement("xliff", {"version": "1.2", "xmlns": _XLIFF_NS})
    xml.ignorableWhitespace("\n  ")
    xml.startElement(
        "file",
        {
            "original": "export-kit-memory",
            "datatype": "plaintext",
            "source-language": SOURCE_XML_LANG,
            "target-language": TARGET_XML_LANG,
            "tool-id": "export-kit",
        },
    )
    xml.ignorableWhitespace("\n    ")
    xml.startElement("body", {})
    count = 0
    for entry in entries:
        count += 1
        attrs = {"id": str(count)}
        human = entry.approved and entry.origin == "human"
        if human:
            attrs["approved"] = "yes"
        xml.ignorableWhitespace("\n      ")
        xml.startElement("trans-unit", attrs)
        xml.ignorableWhitespace("\n        ")
        xml.startElement("source", {"xml:space": "preserve"})
        xml.characters(_xml_safe(entry.source))
        xml.endElement("source")
        xml.ignorableWhitespace("\n        ")
        xml.startElement(
            "target",
            {"xml:space": "preserve", "state": "final" if human else "needs-review-translation"},
        )
        xml.characters(_xml_safe(entry.target))
        xml.endElement("target")
        xml.ignorableWhitespace("\n        ")
        xml.startElement("note", {"from": "export-kit"})
        xml.characters(f"origin: {entry.origin}")
        xml.endElement("note")
        xml.ignorableWhitespace("\n      ")
        xml.endElement("trans-unit")
    xml.ignorableWhitespace("\n    ")
    xml.endElement("body")
    xml.ignorableWhitespace("\n  ")
    xml.endElement("file")
    xml.ignorableWhitespace("\n")
    xml.endElement("xliff")
    xml.ignorableWhitespace("\n")
    xml.endDocument()
    return count


# -- import --------------------------------------------------------------------------------


def import_file(
    memory: TranslationMemory,
    path: Path,
    *,
    lookup: Callable[[str, str | None], str | None] | None = None,
    checker: TextChecker | None = None,
) -> ImportResult:
    """Import a review sheet, TMX or XLIFF file into the memory as human translations.

    Args:
        lookup: the Chinese export-kit gives a text without the memory (glossary, built-in
            words), ``lookup(french, field)``; with it, a review row that still holds that
            Chinese and is not marked approved is not an edit and is left alone.
        checker: the checks each imported Chinese must pass to be approved (by default
            numbers, markup and untranslated text); one that fails is kept unapproved,
            as needs-review with its reasons, unless a person's entry is there already.

    Raises:
        InputError: the file cannot be read, is not of its format, or holds no usable
            French/Chinese pair (the message says what it lacked).
    """
    stats = ReadStats()
    # each French text normalised once: the memory's key (5 times before: 1 s of a
    # 142,530-entry import)
    keyed = [
        (key, p)
        for p in read_pairs(path, stats=stats)
        if p.chinese.strip() and (key := normalise(p.french))
    ]
    if not keyed:
        raise InputError(f"{path}: nothing to import: {stats.lacking()}")
    # decide every row against the memory as it was before the import: a French text
    # repeated on many review rows (one per SKU) must not undo an edit made on one row
    current: dict[str, MemoryEntry] = {}
    for start in range(0, len(keyed), 1000):
        current.update(memory.get_keys(key for key, _ in keyed[start : start + 1000]))
    wanted: dict[str, tuple[str, str]] = {}
    unchanged = 0
    for key, pair in keyed:
        entry = current.get(key)
        if entry is not None:
            before: str | None = entry.target
        else:
            before = lookup(pair.french, pair.field) if lookup is not None else None
        same = before is not None and before.strip() == pair.chinese.strip()
        if same and (pair.approved is False or (entry is not None and entry.approved)):
            unchanged += 1
            continue
        if not same or key not in wanted:
            wanted[key] = (pair.french, pair.chinese)
    checks = checker if checker is not None else TextChecker()
    failed: list[tuple[str, str, str]] = []
    passed: dict[str, tuple[str, str]] = {}
    for key, (french, chinese) in wanted.items():
        failures = checks.check(french, chinese)
        if not failures:
            passed[key] = (french, chinese)
            continue
        entry = current.get(key)
        if entry is None or not entry.approved:
            failed.append((french, chinese, reasons_text(failures)))
    changed = memory.add_human_keyed((key, *pair) for key, pair in sorted(passed.items()))
    if failed:
        changed += memory.add_unchecked_many(failed)
    if passed:
        memory.clear_review(passed)  # a reviewed Chinese that passes replaces the flagged one
    return ImportResult(
        entries=len(keyed), changed=changed, unchanged=unchanged, needs_review=len(failed)
    )


def read_pairs(path: Path, *, stats: ReadStats | None = None) -> Iterator[Pair]:
    """The French/Chinese pairs of a file, format from its extension.

    ``stats``, when given, is filled with what was read (see :meth:`ReadStats.lacking`).
    """
    file_format = format_from_path(path)
    stats = stats if stats is not None else ReadStats()
    stats.file_format = file_format
    if not path.is_file():
        raise InputError(f"{path}: file not found. Check the path.")
    if file_format == "xlsx":
        return _read_xlsx(path, stats)
    return read_xml(path, file_format, stats)


def _unneutralise(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _read_xlsx(path: Path, stats: ReadStats) -> Iterator[Pair]:
    from python_calamine import CalamineError, CalamineWorkbook

    measure_workbook(path)  # before calamine: a hostile sheet is exit 3, not an abort
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the workbook ({exc}). Save it as .xlsx.") from None
    if not rows:
        raise InputError(
            f"{path}: the first sheet is empty: a review workbook starts with a header row "
            "naming the columns french and chinese. Use the review sheet."
        )
    header = [str(cell).strip().lower() for cell in rows[0]]
    if "french" not in header or "chinese" not in header:
        missing = " and ".join(c for c in ("french", "chinese") if c not in header)
        found = ", ".join(h[:40] for h in header[:20] if h) or "nothing"
        raise InputError(
            f"{path}: the first row lacks the column{'s' if ' and ' in missing else ''} "
            f"{missing} (found {found}). The review sheet names its columns "
            f"{', '.join(REVIEW_COLUMNS)}."
        )
    french_at, chinese_at = header.index("french"), header.index("chinese")
    status_at = header.index("status") if "status" in header else None
    field_at = header.index("field") if "field" in header else None

    def pairs() -> Iterator[Pair]:
        for row in rows[1:]:
            stats.units += 1
            french = _unneutralise(row[french_at] if french_at < len(row) else "")
            chinese = _unneutralise(row[chinese_at] if chinese_at < len(row) else "")
            status = (
                str(row[status_at]).strip().lower()
                if status_at is not None and status_at < len(row)
                else ""
            )
            approved = None if not status else status == "approved"
            text_field = (
                str(row[field_at]).strip() or None
                if field_at is not None and field_at < len(row)
                else None
            )
            yield Pair(french, chinese, approved, text_field)

    return pairs()
