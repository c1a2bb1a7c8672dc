"""Memory round trips: TMX 1.4, XLIFF 1.2 and the XLSX review sheet."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from export_kit.errors import InputError
from export_kit.translate.exchange import export_memory, import_file
from export_kit.translate.memory import TranslationMemory

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    memory = TranslationMemory.open(tmp_path / "ws")
    memory.add_human("Crème hydratante", "保湿霜")
    memory.add_machine("Sérum <b>visage</b> & co", "面部<b>精华</b>", "libre")
    memory.add_machine("=SOMME(A1)", "公式", "libre")
    memory.add_machine("Rouge", "红色", "libre")
    yield memory
    memory.close()


def _entries(memory: TranslationMemory) -> dict[str, tuple[str, str, bool]]:
    return {e.source: (e.target, e.origin, e.approved) for e in memory.iter_entries()}


def test_tmx_is_well_formed_with_header_srclang_and_one_tu_per_entry(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    out = tmp_path / "memory.tmx"
    assert export_memory(memory, out, "tmx") == 4
    root = ElementTree.parse(out).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None and header.get("srclang") == "fr-FR"
    for attribute in (
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "datatype",
    ):
        assert header.get(attribute), attribute
    units = root.findall("body/tu")
    assert len(units) == 4
    pairs = {}
    for tu in units:
        langs = [tuv.get(XML_LANG) for tuv in tu.findall("tuv")]
        assert langs == ["fr-FR", "zh-CN"]
        french, chinese = (tuv.findtext("seg") for tuv in tu.findall("tuv"))
        pairs[french] = chinese
    assert pairs["Sérum <b>visage</b> & co"] == "面部<b>精华</b>"  # markup escaped as text


def test_xliff_is_well_formed_with_languages_and_one_unit_per_entry(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    out = tmp_path / "memory.xliff"
    assert export_memory(memory, out, "xliff") == 4
    root = ElementTree.parse(out).getroot()
    assert root.tag == f"{XLIFF}xliff" and root.get("version") == "1.2"
    file_element = root.find(f"{XLIFF}file")
    assert file_element is not None
    assert file_element.get("source-language") == "fr-FR"
    assert file_element.get("target-language") == "zh-CN"
    units = file_element.findall(f"{XLIFF}body/{XLIFF}trans-unit")
    assert len(units) == 4
    approved = {u.findtext(f"{XLIFF}source"): u.get("approved") for u in units}
    assert approved["Crème hydratante"] == "yes"
    assert approved["Rouge"] is None


@pytest.mark.parametrize("file_format", ["tmx", "xliff", "xlsx"])
def test_export_edit_import_changes_exactly_the_edited_entries(
    memory: TranslationMemory, tmp_path: Path, file_format: str
) -> None:
    out = tmp_path / f"memory.{file_format}"
    export_memory(memory, out, file_format)
    before = _entries(memory)
    if file_format == "xlsx":
        workbook = openpyxl.load_workbook(out)
        sheet = workbook.active
        for row in sheet.iter_rows(min_row=2):
            if row[2].value == "Rouge":
                row[3].value = "正红色"
        workbook.save(out)
    else:
        text = out.read_text(encoding="utf-8")
        assert text.count(">红色<") == 1
        out.write_text(text.replace(">红色<", ">正红色<"), encoding="utf-8")

    result = import_file(memory, out)

    after = _entries(memory)
    assert result.changed == 1
    assert after["Rouge"] == ("正红色", "human", True)
    changed = {source for source in before if before[source] != after[source]}
    assert changed == {"Rouge"}


def test_xlsx_export_neutralises_formulas_and_import_restores_the_text(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    out = tmp_path / "memory.xlsx"
    export_memory(memory, out, "xlsx")
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == ["sku", "field", "french", "chinese", "origin", "status"]
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row]
    assert "'=SOMME(A1)" in values and "=SOMME(A1)" not in values
    workbook = openpyxl.load_workbook(out)
    for row in workbook.active.iter_rows(min_row=2):
        if row[2].value == "'=SOMME(A1)":
            row[3].value = "求和公式"
    workbook.save(out)
    assert import_file(memory, out).changed == 1
    entry = memory.get("=SOMME(A1)")
    assert entry is not None and entry.target == "求和公式"


def test_agency_tmx_without_marks_is_imported_as_human(tmp_path: Path) -> None:
    tmx = tmp_path / "agency.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4"><header srclang="fr-FR" datatype="plaintext" segtype="sentence" '
        'adminlang="en" creationtool="X" creationtoolversion="1" o-tmf="X"/><body>'
        '<tu><tuv xml:lang="fr-FR"><seg>Rouge à lèvres <bpt i="1">&lt;b&gt;</bpt>mat'
        '<ept i="1">&lt;/b&gt;</ept></seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>哑光<bpt i="1">&lt;b&gt;</bpt>口红<ept i="1">&lt;/b&gt;</ept>'
        "</seg></tuv></tu></body></tmx>",
        encoding="utf-8",
    )
    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_machine("Rouge à lèvres <b>mat</b>", "machine", "libre")
        result = import_file(memory, tmx)
        entry = memory.get("Rouge à lèvres <b>mat</b>")
    assert result.changed == 1
    assert entry is not None and entry.target == "哑光<b>口红</b>" and entry.origin == "human"


@pytest.mark.parametrize(
    "payload",
    [
        # XXE: an external entity reading a local file
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<tmx version="1.4"><header srclang="fr-FR"/><body><tu><tuv xml:lang="fr-FR">'
        '<seg>&xxe;</seg></tuv><tuv xml:lang="zh-CN"><seg>x</seg></tuv></tu></body></tmx>',
        # billion laughs
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<tmx version="1.4"><header srclang="fr-FR"/><body><tu><tuv xml:lang="fr-FR">'
        '<seg>&lol2;</seg></tuv><tuv xml:lang="zh-CN"><seg>x</seg></tuv></tu></body></tmx>',
    ],
    ids=["xxe", "billion-laughs"],
)
def test_hostile_xml_is_refused_with_one_line(tmp_path: Path, payload: str) -> None:
    path = tmp_path / "evil.tmx"
    path.write_text(payload, encoding="utf-8")
    with TranslationMemory.open(tmp_path / "ws") as memory:
        with pytest.raises(InputError) as failure:
            import_file(memory, path)
        assert len(memory) == 0
    assert "\n" not in str(failure.value) and "entities" in str(failure.value)


def test_broken_or_foreign_files_are_input_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xliff"
    broken.write_text("<xliff version='1.2'><file>", encoding="utf-8")
    german = tmp_path / "de.xliff"
    german.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
        'source-language="fr" target-language="de" original="x" datatype="plaintext"><body/>'
        "</file></xliff>",
        encoding="utf-8",
    )
    unknown = tmp_path / "memory.csv"
    unknown.write_text("a,b", encoding="utf-8")
    with TranslationMemory.open(tmp_path / "ws") as memory:
        with pytest.raises(InputError, match="not well-formed"):
            import_file(memory, broken)
        with pytest.raises(InputError, match="not Chinese"):
            import_file(memory, german)
        with pytest.raises(InputError, match="extension"):
            import_file(memory, unknown)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('<?xml version="1.0"?><xliff version="1.2"><file/></xliff>', "not a TMX file"),
        ("", "not well-formed"),
        ('<tmx version="1.4"><header srclang="fr-FR"/><body><tu>', "not well-formed"),
    ],
    ids=["other-root", "empty", "cut-short"],
)
def test_a_tmx_that_is_not_one_is_an_input_error(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(content, encoding="utf-8")
    with TranslationMemory.open(tmp_path / "ws") as memory:
        with pytest.raises(InputError, match=message):
            import_file(memory, path)
        assert len(memory) == 0


def test_a_namespaced_tmx_is_read(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(
        '<?xml version="1.0"?><tmx xmlns="urn:example:tmx" version="1.4">'
        '<header srclang="fr-FR"/><body><tu><tuv xml:lang="fr-FR"><seg>Baume doux</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>温和香膏</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with TranslationMemory.open(tmp_path / "ws") as memory:
        assert import_file(memory, path).changed == 1
        entry = memory.get("Baume doux")
        assert entry is not None and entry.target == "温和香膏" and entry.approved
