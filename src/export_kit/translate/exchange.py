"""Memory round trips: the XLSX review sheet, TMX 1.4 and XLIFF 1.2.

Export writes every memory entry (atomically). Import reads French/Chinese pairs and
stores them as human-approved translations, which win over machine ones. So that a file
exported, edited and imported back changes exactly what was edited, an entry that comes
back *unchanged* and marked as not approved (TMX ``x-origin`` prop ``machine:…``, XLIFF
without ``approved="yes"`` and a ``needs-review`` state, a review row whose ``status`` is
not ``approved``) is left as it is; every other entry is imported. A file from a
translation agency or CAT tool carries no such marks: all its entries are imported.

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
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

import defusedxml
from defusedxml import ElementTree as SafeET

from export_kit import __version__
from export_kit.catalogue.workbook import measure_workbook
from export_kit.errors import InputError
from export_kit.fileio import FORMULA_PREFIXES, atomic_path, atomic_writer, neutralise
from export_kit.translate.memory import MemoryEntry, TranslationMemory
from export_kit.translate.normalise import normalise

__all__ = [
    "FORMATS",
    "REVIEW_COLUMNS",
    "ImportResult",
    "Pair",
    "export_memory",
    "format_from_path",
    "import_file",
    "read_pairs",
    "status_of",
    "write_review_rows",
]

FORMATS = ("xlsx", "tmx", "xliff")
REVIEW_COLUMNS = ("sku", "field", "french", "chinese", "origin", "status")
SOURCE_XML_LANG = "fr-FR"
TARGET_XML_LANG = "zh-CN"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_APPROVED_STATES = frozenset({"final", "signed-off", "translated"})


@dataclass(frozen=True, slots=True)
class Pair:
    """A French text and its Chinese read from a file; ``approved`` None when unmarked."""

    french: str
    chinese: str
    approved: bool | None = None
    #: the review sheet's field column (``colour``...), when the file has one
    field: str | None = None


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did."""

    entries: int
    changed: int
    unchanged: int


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
        "Use .xlsx (review sheet), .tmx (TMX 1.4) or .xliff/.xlf (XLIFF 1.2)."
    )


# -- export --------------------------------------------------------------------------------


def export_memory(memory: TranslationMemory, path: Path, file_format: str) -> int:
    """Write every entry of the memory to ``path``; returns the number of entries."""
    if file_format == "xlsx":
        rows = (
            ("", "", e.source, e.target, e.origin, status_of(e.origin, e.approved))
            for e in memory.iter_entries()
        )
        return write_review_rows(path, rows)
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
    for letter, width in zip("ABCDEF", (16, 12, 60, 60, 16, 10), strict=True):
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
    with atomic_path(path) as tmp:
        workbook.save(tmp)
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
) -> ImportResult:
    """Import a review sheet, TMX or XLIFF file into the memory as human translations.

    Args:
        lookup: the Chinese export-kit gives a text without the memory (glossary, built-in
            words), ``lookup(french, field)``; with it, a review row that still holds that
            Chinese and is not marked approved is not an edit and is left alone.
    """
    # each French text normalised once: the memory's key (5 times before: 1 s of a
    # 142,530-entry import)
    keyed = [
        (key, p) for p in read_pairs(path) if p.chinese.strip() and (key := normalise(p.french))
    ]
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
    changed = memory.add_human_keyed((key, *pair) for key, pair in sorted(wanted.items()))
    return ImportResult(entries=len(keyed), changed=changed, unchanged=unchanged)


def read_pairs(path: Path) -> Iterator[Pair]:
    """The French/Chinese pairs of a file, format from its extension."""
    file_format = format_from_path(path)
    if not path.is_file():
        raise InputError(f"{path}: file not found. Check the path.")
    if file_format == "xlsx":
        return _read_xlsx(path)
    return _read_xml(path, file_format)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def _read_xml(path: Path, file_format: str) -> Iterator[Pair]:
    pairs: list[Pair] = []
    try:
        pairs = list(_parse_tmx(path)) if file_format == "tmx" else list(_parse_xliff(path))
    except defusedxml.DefusedXmlException:
        raise InputError(
            f"{path}: refused: the file declares XML entities or external references "
            "(a security risk: XXE, entity expansion). Export it again without a DTD."
        ) from None
    except ParseError as exc:
        raise InputError(f"{path}: not well-formed XML ({exc}). Export the file again.") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror or exc}).") from None
    return iter(pairs)


def _root_name(path: Path) -> str:
    """The local name of the root element of an XML file (reads only the file's start)."""
    with path.open("rb") as handle:
        _, root = next(iter(SafeET.iterparse(handle, events=("start",))))
    return _local(root.tag)


def _parse_tmx(path: Path) -> Iterator[Pair]:
    name = _root_name(path)
    if name != "tmx":
        raise InputError(f"{path}: not a TMX file (root element <{name}>).")
    source_lang = "fr"
    # end events only: half the events of a 142,530-unit file, each a Python step
    for _, element in SafeET.iterparse(str(path), events=("end",)):
        tag = element.tag
        name = _local(tag) if tag[0] == "{" else tag
        if name == "tu":
            origin = None
            for prop in element.iter():
                if _local(prop.tag) == "prop" and prop.get("type") == "x-origin":
                    origin = (prop.text or "").strip()
            french = chinese = None
            for tuv in element:
                if _local(tuv.tag) != "tuv":
                    continue
                lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower()
                seg = next((c for c in tuv if _local(c.tag) == "seg"), None)
                if lang == source_lang or (french is None and lang.startswith("fr")):
                    french = _text(seg)
                elif lang.startswith("zh"):
                    chinese = _text(seg)
            element.clear()
            if french and chinese:
                approved = None if origin is None else origin == "human"
                yield Pair(french, chinese, approved)
        elif name == "header":
            declared = (element.get("srclang") or "").lower()
            if declared and declared != "*all*":
                source_lang = declared


def _parse_xliff(path: Path) -> Iterator[Pair]:
    seen_root = False
    for event, element in SafeET.iterparse(str(path), events=("start", "end")):
        name = _local(element.tag)
        if event == "start":
            if not seen_root:
                seen_root = True
                if name != "xliff":
                    raise InputError(f"{path}: not an XLIFF file (root element <{name}>).")
            if name == "file":
                target_lang = (element.get("target-language") or "zh").lower()
                if not target_lang.startswith("zh"):
                    raise InputError(
                        f"{path}: target-language is '{target_lang}', not Chinese. "
                        "Import the zh-CN file."
                    )
            continue
        if name != "trans-unit":
            continue
        source = next((c for c in element if _local(c.tag) == "source"), None)
        target = next((c for c in element if _local(c.tag) == "target"), None)
        french, chinese = _text(source), _text(target)
        approved: bool | None = None
        if element.get("approved") == "yes":
            approved = True
        elif target is not None and target.get("state"):
            approved = target.get("state") in _APPROVED_STATES
        element.clear()
        if french and chinese:
            yield Pair(french, chinese, approved)


def _unneutralise(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _read_xlsx(path: Path) -> Iterator[Pair]:
    from python_calamine import CalamineError, CalamineWorkbook

    measure_workbook(path)  # before calamine: a hostile sheet is exit 3, not an abort
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the workbook ({exc}). Save it as .xlsx.") from None
    if not rows:
        return iter(())
    header = [str(cell).strip().lower() for cell in rows[0]]
    if "french" not in header or "chinese" not in header:
        raise InputError(
            f"{path}: the first row must name the columns french and chinese "
            f"(found {', '.join(h for h in header if h) or 'nothing'}). Use the review sheet."
        )
    french_at, chinese_at = header.index("french"), header.index("chinese")
    status_at = header.index("status") if "status" in header else None
    field_at = header.index("field") if "field" in header else None

    def pairs() -> Iterator[Pair]:
        for row in rows[1:]:
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
