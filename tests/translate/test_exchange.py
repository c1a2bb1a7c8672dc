"""Memory round trips: TMX 1.4, XLIFF 1.2 (and 2.0 read) and the XLSX review sheet."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from export_kit.errors import InputError
from export_kit.translate.exchange import Pair, export_memory, import_file, read_pairs
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
    assert header == ["sku", "field", "french", "chinese", "origin", "status", "reason"]
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


# --- XLIFF 2.0, and imports that read nothing ---------------------------------------------

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"


def _xliff2(units: str, *, trg: str = "zh-CN") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><xliff xmlns="{XLIFF2}" version="2.0" '
        f'srcLang="fr-FR" trgLang="{trg}"><file id="f1">{units}</file></xliff>'
    )


def test_xliff_2_is_imported_with_its_inline_codes_as_markup(tmp_path: Path) -> None:
    path = tmp_path / "agency.xlf"
    path.write_text(
        _xliff2(
            # pc and ph with their original data: the catalogue's HTML comes back
            '<unit id="1"><originalData><data id="d1">&lt;b&gt;</data>'
            '<data id="d2">&lt;/b&gt;</data><data id="d3">&lt;br/&gt;</data></originalData>'
            '<segment state="final"><source>Rouge à lèvres <pc id="1" dataRefStart="d1" '
            'dataRefEnd="d2">mat</pc><ph id="2" dataRef="d3"/>50 ml</source>'
            '<target>哑光<pc id="1" dataRefStart="d1" dataRefEnd="d2">口红</pc>'
            '<ph id="2" dataRef="d3"/>50 ml</target></segment></unit>'
            # two segments and an ignorable between them; sc/ec without data use equiv
            '<group id="g"><unit id="2"><segment state="translated"><source>Baume doux.'
            "</source><target>温和香膏。</target></segment><ignorable><source> </source>"
            '</ignorable><segment state="reviewed"><source>Pour <sc id="3" equiv="["/>les '
            'lèvres<ec startRef="3" equiv="]"/></source><target>适用于<sc id="3" equiv="["/>'
            '嘴唇<ec startRef="3" equiv="]"/></target></segment></unit></group>'
            # a code point written as <cp>, a marker, and no state at all
            '<unit id="3"><segment><source>Savon<cp hex="00A0"/>doux <mrk id="m" '
            'translate="no">Marseille</mrk></source><target>温和<cp hex="00A0"/>香皂'
            '<mrk id="m" translate="no">Marseille</mrk></target></segment></unit>'
        ),
        encoding="utf-8",
    )
    with TranslationMemory.open(tmp_path / "ws") as memory:
        memory.add_machine("Rouge à lèvres <b>mat</b><br/>50 ml", "机器", "libre")
        result = import_file(memory, path)
        entries = _entries(memory)
    assert result.entries == 3 and result.changed == 3
    assert entries["Rouge à lèvres <b>mat</b><br/>50 ml"] == (
        "哑光<b>口红</b><br/>50 ml",
        "human",
        True,
    )
    assert entries["Baume doux. Pour [les lèvres]"][0] == "温和香膏。 适用于[嘴唇]"
    assert entries["Savon\u00a0doux Marseille"][0] == "温和\u00a0香皂Marseille"


def test_an_xliff_2_unit_with_an_untranslated_segment_is_not_imported(tmp_path: Path) -> None:
    path = tmp_path / "half.xliff"
    path.write_text(
        _xliff2(
            '<unit id="1"><segment><source>Baume.</source><target>香膏。</target></segment>'
            "<segment><source>Pour les lèvres.</source></segment></unit>"
            '<unit id="2"><segment state="initial"><source>Savon</source><target>香皂</target>'
            "</segment></unit>"
        ),
        encoding="utf-8",
    )
    with TranslationMemory.open(tmp_path / "ws") as memory:
        result = import_file(memory, path)
        assert memory.get("Baume. Pour les lèvres.") is None
        assert memory.get("Baume.Pour les lèvres.") is None
        entry = memory.get("Savon")
    assert result.entries == 1
    # "initial" says the unit is not approved; it is new to the memory, so it is imported
    assert entry is not None and entry.target == "香皂"


def test_an_xliff_2_into_another_language_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "de.xliff"
    path.write_text(
        _xliff2(
            '<unit id="1"><segment><source>a</source><target>b</target></segment></unit>',
            trg="de-DE",
        ),
        encoding="utf-8",
    )
    with (
        TranslationMemory.open(tmp_path / "ws") as memory,
        pytest.raises(InputError, match="trgLang is 'de-de', not Chinese"),
    ):
        import_file(memory, path)


@pytest.mark.parametrize(
    ("name", "content", "lacked"),
    [
        (
            "v2.xliff",
            _xliff2('<unit id="1"><segment><source>Baume</source></segment></unit>'),
            "no <trans-unit> (XLIFF 1.2) or <unit> (XLIFF 2.0) has both a source and a "
            "target (1 read, 1 without a target)",
        ),
        (
            "v12.xliff",
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
            'source-language="fr" target-language="zh-CN" original="x" datatype="plaintext">'
            "<body/></file></xliff>",
            "(0 read, 0 without a target)",
        ),
        (
            "en.tmx",
            '<tmx version="1.4"><header srclang="fr-FR"/><body><tu><tuv xml:lang="fr-FR">'
            '<seg>Baume</seg></tuv><tuv xml:lang="en-GB"><seg>Balm</seg></tuv></tu></body></tmx>',
            "no <tu> has both a French (fr) and a Chinese (zh) <seg> (1 <tu> read; "
            "languages found: en-gb, fr-fr)",
        ),
        (
            "empty.tmx",
            '<tmx version="1.4"><header srclang="fr-FR"/><body/></tmx>',
            "(0 <tu> read)",
        ),
    ],
    ids=["xliff2-no-target", "xliff12-no-unit", "tmx-no-chinese", "tmx-no-tu"],
)
def test_an_xml_file_with_nothing_usable_is_an_error_naming_what_it_lacked(
    tmp_path: Path, name: str, content: str, lacked: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with TranslationMemory.open(tmp_path / "ws") as memory:
        with pytest.raises(InputError) as caught:
            import_file(memory, path)
        assert len(memory) == 0
    message = str(caught.value)
    assert "nothing to import" in message and lacked in message
    assert caught.value.exit_code == 3 and "\n" not in message


def _workbook(path: Path, rows: list[list[str | None]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("rows", "lacked"),
    [
        ([], "the first sheet is empty"),
        ([["sku", "french", "chinois"], ["A1", "Baume", "香膏"]], "lacks the column chinese"),
        ([["SKU", "Texte"]], "lacks the columns french and chinese (found sku, texte)"),
        (
            [["sku", "french", "chinese"], ["A1", "Baume", None], ["A2", "Savon", "  "]],
            "no row has both a french and a chinese cell filled (2 rows read)",
        ),
    ],
    ids=["empty", "one-column-missing", "both-missing", "no-chinese-filled"],
)
def test_a_review_workbook_with_nothing_usable_says_what_it_lacked(
    tmp_path: Path, rows: list[list[str | None]], lacked: str
) -> None:
    path = _workbook(tmp_path / "review.xlsx", rows)
    with TranslationMemory.open(tmp_path / "ws") as memory:
        with pytest.raises(InputError) as caught:
            import_file(memory, path)
        assert len(memory) == 0
    assert lacked in str(caught.value) and caught.value.exit_code == 3


def test_deeply_nested_inline_codes_are_an_input_error(tmp_path: Path) -> None:
    depth = 5000
    path = tmp_path / "deep.xliff"
    path.write_text(
        _xliff2(
            '<unit id="1"><segment><source>a</source><target>'
            + '<pc id="1">' * depth
            + "b"
            + "</pc>" * depth
            + "</target></segment></unit>"
        ),
        encoding="utf-8",
    )
    with (
        TranslationMemory.open(tmp_path / "ws") as memory,
        pytest.raises(InputError, match="nested too deeply"),
    ):
        import_file(memory, path)


_INLINE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    pieces=st.lists(
        st.tuples(st.sampled_from(["text", "pc", "ph", "cp"]), _INLINE, _INLINE),
        min_size=1,
        max_size=6,
    )
)
def test_xliff_2_inline_codes_read_back_as_their_data(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[tuple[str, str, str]]
) -> None:
    """Whatever mix of text and codes a unit holds, its French is the text with each code's
    original data in place, in order."""
    ElementTree.register_namespace("", XLIFF2)
    unit = ElementTree.Element(f"{{{XLIFF2}}}unit", id="1")
    original = ElementTree.SubElement(unit, f"{{{XLIFF2}}}originalData")
    segment = ElementTree.SubElement(unit, f"{{{XLIFF2}}}segment")
    source = ElementTree.SubElement(segment, f"{{{XLIFF2}}}source")
    target = ElementTree.SubElement(segment, f"{{{XLIFF2}}}target")
    target.text = "译文"
    expected = ""
    last: ElementTree.Element | None = None

    def put(text: str) -> None:
        if last is None:
            source.text = (source.text or "") + text
        else:
            last.tail = (last.tail or "") + text

    for number, (kind, first, second) in enumerate(pieces):
        if kind == "text":
            put(first)
            expected += first
            continue
        if kind == "cp":
            last = ElementTree.SubElement(source, f"{{{XLIFF2}}}cp", hex="4E2D")
            expected += "中"
            continue
        ElementTree.SubElement(original, f"{{{XLIFF2}}}data", id=f"s{number}").text = first
        ElementTree.SubElement(original, f"{{{XLIFF2}}}data", id=f"e{number}").text = second
        if kind == "pc":
            last = ElementTree.SubElement(
                source,
                f"{{{XLIFF2}}}pc",
                id=str(number),
                dataRefStart=f"s{number}",
                dataRefEnd=f"e{number}",
            )
            last.text = "x"
            expected += first + "x" + second
        else:
            last = ElementTree.SubElement(
                source, f"{{{XLIFF2}}}ph", id=str(number), dataRef=f"s{number}"
            )
            expected += first
    root = ElementTree.Element(f"{{{XLIFF2}}}xliff", version="2.0", srcLang="fr", trgLang="zh")
    ElementTree.SubElement(root, f"{{{XLIFF2}}}file", id="f").append(unit)
    path = tmp_path_factory.mktemp("x") / "unit.xliff"
    ElementTree.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    pairs = list(read_pairs(path))
    if expected.strip():
        assert pairs == [Pair(expected, "译文", None)]
    else:
        assert pairs == []
