"""French/Chinese pairs read from TMX 1.4 and XLIFF 1.2 / 2.x files (defusedxml).

Inline codes come back as the markup they stand for: the native code a TMX or XLIFF 1.2
``<bpt>``/``<ept>``/``<ph>`` holds, the ``<originalData>`` an XLIFF 2.x ``<pc>``, ``<ph>``,
``<sc>`` or ``<ec>`` points to (its ``equiv`` text when it points to none), so the French
matches the catalogue's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml import ElementTree as SafeET

from export_kit.errors import InputError

__all__ = ["Pair", "ReadStats", "read_xml"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XLIFF2_NS = "{urn:oasis:names:tc:xliff:document:2"
_APPROVED_STATES = frozenset({"final", "signed-off", "translated"})
#: XLIFF 2.x segment states past ``initial``
_APPROVED_STATES_2 = frozenset({"translated", "reviewed", "final"})
#: languages named in a "no usable unit" message
_LANGS_SHOWN = 6
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Pair:
    """A French text and its Chinese read from a file; ``approved`` None when unmarked."""

    french: str
    chinese: str
    approved: bool | None = None
    #: the review sheet's field column (``colour``...), when the file has one
    field: str | None = None


@dataclass(slots=True)
class ReadStats:
    """What a reader saw, to say what a file lacked when it gave no usable pair."""

    file_format: str = ""
    #: ``<tu>``, ``<trans-unit>``/``<unit>`` or review rows read
    units: int = 0
    #: XLIFF units without a target, TMX units without a French or a Chinese segment
    incomplete: int = 0
    languages: set[str] = field(default_factory=set)

    def lacking(self) -> str:
        """Why nothing could be imported, in the file's own terms."""
        if self.file_format == "tmx":
            langs = sorted(self.languages)
            found = ", ".join(langs[:_LANGS_SHOWN]) + (", ..." if len(langs) > _LANGS_SHOWN else "")
            return (
                f"no <tu> has both a French (fr) and a Chinese (zh) <seg> ({self.units} <tu> "
                f"read{'; languages found: ' + found if found else ''}). Export the TMX with "
                "French as the source language and Chinese as a target."
            )
        if self.file_format == "xliff":
            return (
                f"no <trans-unit> (XLIFF 1.2) or <unit> (XLIFF 2.0) has both a source and a "
                f"target ({self.units} read, {self.incomplete} without a target). Export the "
                "translated file, with its targets."
            )
        return (
            f"no row has both a french and a chinese cell filled ({self.units} rows read). "
            "Fill the chinese column of the review sheet."
        )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def read_xml(path: Path, file_format: str, stats: ReadStats) -> Iterator[Pair]:
    """The pairs of a TMX (``file_format`` ``tmx``) or XLIFF file, read whole; InputError
    for a file that is not one, is not well-formed or declares entities."""
    pairs: list[Pair] = []
    try:
        pairs = (
            list(_parse_tmx(path, stats))
            if file_format == "tmx"
            else list(_parse_xliff(path, stats))
        )
    except defusedxml.DefusedXmlException:
        raise InputError(
            f"{path}: refused: the file declares XML entities or external references "
            "(a security risk: XXE, entity expansion). Export it again without a DTD."
        ) from None
    except ParseError as exc:
        raise InputError(f"{path}: not well-formed XML ({exc}). Export the file again.") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror or exc}).") from None
    except RecursionError:
        raise InputError(
            f"{path}: its inline elements are nested too deeply to be a translation. "
            "Export the file again."
        ) from None
    return iter(pairs)


def _root_name(path: Path) -> str:
    """The local name of the root element of an XML file (reads only the file's start)."""
    with path.open("rb") as handle:
        _, root = next(iter(SafeET.iterparse(handle, events=("start",))))
    return _local(root.tag)


def _parse_tmx(path: Path, stats: ReadStats) -> Iterator[Pair]:
    name = _root_name(path)
    if name != "tmx":
        raise InputError(f"{path}: not a TMX file (root element <{name}>).")
    source_lang = "fr"
    # end events only: half the events of a 142,530-unit file, each a Python step
    for _, element in SafeET.iterparse(str(path), events=("end",)):
        tag = element.tag
        name = _local(tag) if tag[0] == "{" else tag
        if name == "tu":
            stats.units += 1
            origin = None
            for prop in element.iter():
                if _local(prop.tag) == "prop" and prop.get("type") == "x-origin":
                    origin = (prop.text or "").strip()
            french = chinese = None
            for tuv in element:
                if _local(tuv.tag) != "tuv":
                    continue
                lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower()
                if len(stats.languages) < 100:
                    stats.languages.add(lang or "(none)")
                seg = next((c for c in tuv if _local(c.tag) == "seg"), None)
                if lang == source_lang or (french is None and lang.startswith("fr")):
                    french = _text(seg)
                elif lang.startswith("zh"):
                    chinese = _text(seg)
            element.clear()
            if french and chinese:
                approved = None if origin is None else origin == "human"
                yield Pair(french, chinese, approved)
            else:
                stats.incomplete += 1
        elif name == "header":
            declared = (element.get("srclang") or "").lower()
            if declared and declared != "*all*":
                source_lang = declared


def _parse_xliff(path: Path, stats: ReadStats) -> Iterator[Pair]:
    """XLIFF 1.2 ``<trans-unit>``s or XLIFF 2.x ``<unit>``s, by the root's namespace."""
    seen_root = version2 = False
    for event, element in SafeET.iterparse(str(path), events=("start", "end")):
        tag = element.tag
        name = _local(tag)
        if event == "start":
            if not seen_root:
                seen_root = True
                if name != "xliff":
                    raise InputError(f"{path}: not an XLIFF file (root element <{name}>).")
                version2 = tag.startswith(_XLIFF2_NS) or (element.get("version") or "")[:1] == "2"
                if version2:
                    _check_chinese(path, element.get("trgLang"), "trgLang")
            elif name == "file" and not version2:
                _check_chinese(path, element.get("target-language"), "target-language")
            continue
        if version2:
            if name != "unit":
                continue
            pair = _unit_2(element, stats)
        else:
            if name != "trans-unit":
                continue
            pair = _trans_unit(element, stats)
        element.clear()
        if pair is not None:
            yield pair


def _check_chinese(path: Path, declared: str | None, attribute: str) -> None:
    target_lang = (declared or "zh").lower()
    if not target_lang.startswith("zh"):
        raise InputError(
            f"{path}: {attribute} is '{target_lang[:20]}', not Chinese. Import the zh-CN file."
        )


def _trans_unit(element: Element, stats: ReadStats) -> Pair | None:
    """An XLIFF 1.2 ``<trans-unit>``: its source and target (inline codes' native text)."""
    stats.units += 1
    source = next((c for c in element if _local(c.tag) == "source"), None)
    target = next((c for c in element if _local(c.tag) == "target"), None)
    french, chinese = _text(source), _text(target)
    approved: bool | None = None
    if element.get("approved") == "yes":
        approved = True
    elif target is not None and target.get("state"):
        approved = target.get("state") in _APPROVED_STATES
    if french and chinese:
        return Pair(french, chinese, approved)
    if not chinese:
        stats.incomplete += 1
    return None


def _unit_2(element: Element, stats: ReadStats) -> Pair | None:
    """An XLIFF 2.x ``<unit>``: its segments (and the ignorables between them) joined.

    A unit with a segment left untranslated is not imported: half a translation would
    replace the whole text.
    """
    stats.units += 1
    data: dict[str, str] = {}
    for child in element:
        if _local(child.tag) == "originalData":
            for item in child:
                if _local(item.tag) == "data" and item.get("id"):
                    data[item.get("id") or ""] = _inline_2(item, {})
    french: list[str] = []
    chinese: list[str] = []
    states: list[str] = []
    complete = True
    for part in element:
        kind = _local(part.tag)
        if kind not in ("segment", "ignorable"):
            continue
        source = next((c for c in part if _local(c.tag) == "source"), None)
        target = next((c for c in part if _local(c.tag) == "target"), None)
        source_text = "" if source is None else _inline_2(source, data)
        target_text = "" if target is None else _inline_2(target, data)
        if kind == "segment":
            if source_text.strip() and not target_text.strip():
                complete = False
            if part.get("state"):
                states.append(part.get("state") or "")
        elif target is None:
            target_text = source_text  # an ignorable without a target reads as its source
        french.append(source_text)
        chinese.append(target_text)
    source_all, target_all = "".join(french), "".join(chinese)
    if not complete or not target_all.strip():
        stats.incomplete += 1
        return None
    if not source_all.strip():
        return None
    approved = all(state in _APPROVED_STATES_2 for state in states) if states else None
    return Pair(source_all, target_all, approved)


def _inline_2(element: Element, data: dict[str, str]) -> str:
    """The text of an XLIFF 2.x ``<source>``/``<target>``, inline codes as their markup.

    ``<pc>``, ``<ph>``, ``<sc>``, ``<ec>`` give the ``<originalData>`` they refer to, else
    their ``equiv`` text; ``<cp hex>`` its character; ``<mrk>`` its content.
    """
    parts = [element.text or ""]
    for child in element:
        name = _local(child.tag) if isinstance(child.tag, str) else ""
        if name == "pc":
            parts.append(_code(child, data, "dataRefStart", "equivStart"))
            parts.append(_inline_2(child, data))
            parts.append(_code(child, data, "dataRefEnd", "equivEnd"))
        elif name in ("ph", "sc", "ec"):
            parts.append(_code(child, data, "dataRef", "equiv"))
        elif name == "cp":
            parts.append(_code_point(child.get("hex") or ""))
        elif name not in ("sm", "em"):
            parts.append(_inline_2(child, data))
        parts.append(child.tail or "")
    return "".join(parts)


def _code(element: Element, data: dict[str, str], ref: str, equiv: str) -> str:
    key = element.get(ref)
    if key is not None and key in data:
        return data[key]
    return element.get(equiv) or ""


def _code_point(text: str) -> str:
    try:
        char = chr(int(text, 16))
    except (ValueError, OverflowError):
        return ""
    return "" if _NOT_XML_CHARS.match(char) or 0xD800 <= ord(char) <= 0xDFFF else char
