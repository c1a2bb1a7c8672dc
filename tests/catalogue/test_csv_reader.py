"""Reading delimited text catalogues: encodings, delimiters, records."""

from __future__ import annotations

import codecs
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from export_kit.catalogue import read_catalogue
from export_kit.catalogue.text import detect_encoding, sniff_format
from export_kit.config import CatalogueConfig, Config
from export_kit.errors import CatalogueError, ConfigError

from .conftest import CsvWriter

FRENCH = (
    "Référence;Désignation;Marque;Prix TTC (€);Contenance\r\n"
    "P-001;Crème éclat à l'huile d'argan;Maison Été;24,90 €;50 ml\r\n"
    "P-002;Eau de toilette « Œillet »;Maison Été;1 299,00 €;100 ml\r\n"
)


def _names(path: Path, **kwargs: object) -> list[str | None]:
    return [sku.name for sku in read_catalogue(path, **kwargs).iter_skus()]  # type: ignore[arg-type]


def test_cp1252_from_french_windows_excel(write_csv: CsvWriter) -> None:
    path = write_csv(FRENCH, encoding="cp1252")
    catalogue = read_catalogue(path)
    assert catalogue.encoding == "cp1252"
    assert catalogue.delimiter == ";"
    skus = list(catalogue.iter_skus())
    assert skus[0].name == "Crème éclat à l'huile d'argan"
    assert skus[1].name == "Eau de toilette « Œillet »"
    assert skus[1].price == Decimal("1299.00")  # € is 0x80 in cp1252, not in latin-1
    assert catalogue.headers[3] == "Prix TTC (€)"


def test_utf8_with_and_without_bom(write_csv: CsvWriter) -> None:
    plain = write_csv(FRENCH, name="plain.csv")
    with_bom = write_csv(FRENCH, name="bom.csv", bom=codecs.BOM_UTF8)
    assert read_catalogue(plain).encoding == "utf-8"
    catalogue = read_catalogue(with_bom)
    assert catalogue.encoding == "utf-8-sig"
    assert catalogue.headers[0] == "Référence"  # no BOM glued to the first header
    assert _names(plain) == _names(with_bom)


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)],
)
def test_excel_unicode_text_is_utf16_tab_separated(
    write_csv: CsvWriter, codec: str, bom: bytes
) -> None:
    text = FRENCH.replace(";", "\t")
    path = write_csv(text, name="unicode.txt", encoding=codec, bom=bom)
    catalogue = read_catalogue(path)
    assert catalogue.encoding == "utf-16"
    assert catalogue.delimiter == "\t"
    assert _names(path)[1] == "Eau de toilette « Œillet »"


def test_utf16_without_bom_is_recognised(write_csv: CsvWriter) -> None:
    path = write_csv(FRENCH.replace(";", "\t"), encoding="utf-16-le")
    assert read_catalogue(path).encoding == "utf-16-le"
    assert _names(path)[0] == "Crème éclat à l'huile d'argan"


def test_cp1252_far_down_a_file_is_still_detected(tmp_path: Path) -> None:
    lines = ["Référence;Désignation;Prix"] + [f"R-{i};Savon;3,50" for i in range(30000)]
    lines.append("R-last;Savon à l'œillet;3,50")
    path = tmp_path / "long.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    assert detect_encoding(path) == ("cp1252", "strict")
    assert _names(path)[-1] == "Savon à l'œillet"


def test_encoding_option_overrides_detection(write_csv: CsvWriter) -> None:
    path = write_csv(FRENCH, encoding="cp1252")
    assert read_catalogue(path, encoding="latin-1").encoding == "iso8859-1"
    config = Config(catalogue=CatalogueConfig(encoding="cp1252"))
    assert read_catalogue(path, config=config).encoding == "cp1252"


def test_a_wrong_encoding_option_is_a_one_line_error(write_csv: CsvWriter) -> None:
    path = write_csv(FRENCH, encoding="cp1252")
    with pytest.raises(CatalogueError) as error:
        read_catalogue(path, encoding="utf-8")
    assert "not valid utf-8 text at line 1 (byte b'\\xe9')" in str(error.value)
    assert "--encoding cp1252" in str(error.value)
    with pytest.raises(ConfigError, match="Unknown encoding 'klingon'"):
        read_catalogue(path, encoding="klingon")


def test_a_bad_byte_far_down_names_its_row(tmp_path: Path) -> None:
    lines = ["Référence;Désignation"] + [f"R-{i};Savon" for i in range(8000)]
    path = tmp_path / "late.csv"
    # a latin-1 "à" (one byte 0xE0) after 8,001 good UTF-8 rows
    path.write_bytes("\n".join(lines).encode("utf-8") + b"\nR-x;Savon \xe0 l'huile\n")
    catalogue = read_catalogue(path, encoding="utf-8")
    with pytest.raises(CatalogueError, match="at line 8002"):
        list(catalogue.iter_skus())


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiters_are_sniffed(write_csv: CsvWriter, delimiter: str) -> None:
    rows = [
        ["Référence", "Désignation", "Prix", "Description"],
        ["A-1", "Thé vert", "12,50", "Thé; doux, léger | frais"],
        ["A-2", "Thé noir", "9,90", "Corsé"],
    ]
    text = "\n".join(
        delimiter.join(f'"{c}"' if any(s in c for s in ";,|\t") else c for c in row) for row in rows
    )
    path = write_csv(text + "\n")
    catalogue = read_catalogue(path)
    assert catalogue.delimiter == delimiter
    skus = list(catalogue.iter_skus())
    assert skus[0].description == "Thé; doux, léger | frais"
    assert [s.price for s in skus] == [Decimal("12.50"), Decimal("9.90")]


def test_semicolon_file_with_decimal_commas_is_not_taken_for_comma(write_csv: CsvWriter) -> None:
    text = "Référence;Prix;Poids\nA;12,50;0,35\nB;9,90;1,2\nC;4,00;0,5\n"
    assert read_catalogue(write_csv(text)).delimiter == ";"


def test_multi_line_cells_are_one_row(write_csv: CsvWriter) -> None:
    text = (
        "Référence,Désignation,Description,Prix\n"
        'A-1,Savon,"<p>Un savon doux.</p>\n<p>Pour ""toute"" la famille.</p>\n",4.50\n'
        "A-2,Bougie,Simple,12.00\n"
        'A-3,Huile,"ligne 1\r\nligne 2\r\nligne 3",x\n'
    )
    skus = list(read_catalogue(write_csv(text)).iter_skus())
    assert [s.row for s in skus] == [2, 3, 4]  # not physical lines
    assert skus[0].description == '<p>Un savon doux.</p>\n<p>Pour "toute" la famille.</p>'
    [issue] = skus[2].issues
    assert issue.row == 4 and issue.code == "invalid-number"


def test_title_and_blank_lines_above_the_header(write_csv: CsvWriter) -> None:
    text = (
        "Maison Dupont - tarifs 2024;;;\n"
        ";;;\n"
        "\n"
        "Référence;Désignation;Marque;Prix TTC\n"
        "D-1;Confiture de figues;Maison Dupont;6,90\n"
        "\n"
        "D-2;Miel de lavande;Maison Dupont;11,50\n"
    )
    catalogue = read_catalogue(write_csv(text))
    assert catalogue.header_row == 4
    assert [s.row for s in catalogue.iter_skus()] == [5, 7]
    assert catalogue.rows == 2


def test_header_row_from_the_config(write_csv: CsvWriter) -> None:
    text = "Code;Texte\nRéf interne;Libellé\nX-1;Thé\n"
    config = Config(catalogue=CatalogueConfig(header_row=2))
    catalogue = read_catalogue(write_csv(text), config=config)
    assert catalogue.header_row == 2
    assert [s.name for s in catalogue.iter_skus()] == ["Thé"]


def test_ragged_rows(write_csv: CsvWriter) -> None:
    text = "Référence;Désignation;Prix\nA;Thé;1\nB;Café\nC;Cacao;3;en trop\n"
    skus = list(read_catalogue(write_csv(text)).iter_skus())
    assert [s.sku for s in skus] == ["A", "B", "C"]
    assert skus[1].price is None
    assert skus[2].attributes == {"Column D": "en trop"}


def test_tab_file_with_bare_quotes(write_csv: CsvWriter) -> None:
    # Open Food Facts exports: tab-separated, quotes inside cells are literal
    text = 'code\tproduct_name\tbrands\n1\tLe "vrai" camembert\tX\n2\t"Brie" de Meaux\tY\n'
    skus = list(read_catalogue(write_csv(text, name="off.csv")).iter_skus())
    assert [s.name for s in skus] == ['Le "vrai" camembert', '"Brie" de Meaux']


def test_sniffed_format(write_csv: CsvWriter) -> None:
    fmt = sniff_format(write_csv(FRENCH, encoding="cp1252"), None)
    assert (fmt.encoding, fmt.delimiter) == ("cp1252", ";")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"", "empty"), (b"\r\n\r\n ", "empty"), (b"\x00\x01\x02\x03\xff\xfe\x00\x00" * 64, "binary")],
)
def test_unreadable_text_files(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(CatalogueError, match=fragment) as error:
        read_catalogue(path)
    assert error.value.exit_code == 3


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="no such file"):
        read_catalogue(tmp_path / "absent.csv")
    with pytest.raises(CatalogueError, match="folder"):
        read_catalogue(tmp_path)


def test_memory_stays_flat_while_streaming_a_large_csv(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="cp1252", newline="") as handle:
        handle.write("Référence;Désignation;Marque;Prix TTC;Description\r\n")
        for i in range(12_000):
            handle.write(f"R-{i};Savon n°{i};Maison Test;{i % 90},50;{'texte long ' * 40}\r\n")
    size = path.stat().st_size
    catalogue = read_catalogue(path)
    tracemalloc.start()
    try:
        count = 0
        for _ in catalogue.iter_skus():
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 12_000
    # rows are read and dropped one by one: nothing near the file's size is ever held
    assert peak < size / 10, (peak, size)


# --------------------------------------------------------------------------- mixed encodings

MIXED_HEAD = "Référence;Désignation;Marque;Prix TTC (€);Poids (g)\n"


def _mixed(write_csv: CsvWriter, pasted: bytes) -> Path:
    head = (MIXED_HEAD + "A1;Crème légère;Maison Été;12,50 €;150\n").encode("utf-8")
    tail = "A3;Savon à l'huile d'olive;Maison Été;9,90 €;100\n".encode()
    path = write_csv("")
    path.write_bytes(head + pasted + tail)
    return path


def test_a_utf8_file_with_a_line_pasted_from_windows_1252(write_csv: CsvWriter) -> None:
    pasted = "A2;Thé vert à la menthe;Maison Été;19,90 €;200\n".encode("cp1252")
    catalogue = read_catalogue(_mixed(write_csv, pasted))
    assert catalogue.encoding == "utf-8"
    assert catalogue.headers == ["Référence", "Désignation", "Marque", "Prix TTC (€)", "Poids (g)"]
    skus = list(catalogue.iter_skus())
    assert [s.name for s in skus] == [
        "Crème légère",
        "Thé vert à la menthe",
        "Savon à l'huile d'olive",
    ]
    assert [s.brand for s in skus] == ["Maison Été"] * 3
    assert skus[1].price == Decimal("19.90")
    warned = [(s.sku, i) for s in skus for i in s.issues]
    assert len(warned) == 1
    sku, finding = warned[0]
    assert (sku, finding.code, finding.severity, finding.row) == (
        "A2",
        "mixed-encoding",
        "warning",
        3,
    )
    assert finding.value == "A2;Thé vert à la menthe;Maison Été;19,90 €;200"
    assert "Windows-1252" in finding.message and "CSV UTF-8" in finding.message


def test_a_pasted_line_inside_a_multi_line_cell_warns_on_its_row(write_csv: CsvWriter) -> None:
    pasted = 'A2;"Thé vert\nà la menthe";Maison Été;19,90 €;200\n'.encode("cp1252")
    skus = list(read_catalogue(_mixed(write_csv, pasted)).iter_skus())
    assert skus[1].name == "Thé vert à la menthe"
    assert [(i.code, i.row) for s in skus for i in s.issues] == [("mixed-encoding", 3)]
    assert skus[2].row == 4


def test_a_windows_1252_file_is_still_read_as_windows_1252(write_csv: CsvWriter) -> None:
    path = write_csv(
        FRENCH + "P-003;Thé à la bergamote;Maison Été;9,90 €;20 g\r\n", encoding="cp1252"
    )
    catalogue = read_catalogue(path)
    assert catalogue.encoding == "cp1252"
    assert all(not s.issues for s in catalogue.iter_skus())


def test_a_utf8_file_is_not_looked_at_line_by_line(write_csv: CsvWriter) -> None:
    path = write_csv(FRENCH)
    assert detect_encoding(path) == ("utf-8", "strict")
    assert not any(s.issues for s in read_catalogue(path).iter_skus())


# --------------------------------------------------------------------------- columns by values


def test_a_yes_no_flag_never_wins_over_the_stock_quantity(write_csv: CsvWriter) -> None:
    path = write_csv(
        "Référence;Désignation;Marque;Prix;En stock;Stock\n"
        "A1;Savon;Maison Été;9,90;1;12\n"
        "A2;Crème;Maison Été;19,90;0;0\n"
        "A3;Huile;Maison Été;29,90;1;3\n"
    )
    catalogue = read_catalogue(path)
    assert catalogue.mapping.get("Stock") == "stock"
    assert "En stock" not in catalogue.mapping
    assert [s.stock for s in catalogue.iter_skus()] == [12, 0, 3]
    assert [s.attributes["En stock"] for s in catalogue.iter_skus()] == ["1", "0", "1"]


def test_an_oui_non_column_is_never_a_stock(write_csv: CsvWriter) -> None:
    path = write_csv(
        "Référence;Désignation;Marque;Prix;Stock\nA1;Savon;Maison Été;9,90;oui\n"
        "A2;Crème;Maison Été;19,90;non\n"
    )
    catalogue = read_catalogue(path)
    assert "Stock" not in catalogue.mapping
    assert all(s.stock is None and not s.issues for s in catalogue.iter_skus())


def test_a_column_of_image_urls_is_never_the_ean(write_csv: CsvWriter) -> None:
    path = write_csv(
        "Référence;Désignation;Marque;Prix;Code-barres;GTIN\n"
        "A1;Savon;Maison Été;9,90;https://cdn.example.com/ean/3760000000017.png;3760000000017\n"
        "A2;Crème;Maison Été;19,90;https://cdn.example.com/ean/3760000000024.png;3760000000024\n"
    )
    catalogue = read_catalogue(path)
    assert catalogue.mapping.get("GTIN") == "ean"
    assert [s.ean for s in catalogue.iter_skus()] == ["3760000000017", "3760000000024"]


def test_the_map_option_wins_over_the_cells(write_csv: CsvWriter) -> None:
    path = write_csv(
        "Référence;Désignation;Marque;Prix;En stock;Stock\nA1;Savon;Maison Été;9,90;1;12\n"
    )
    catalogue = read_catalogue(path, mappings={"En stock": "stock", "Stock": "ignore"})
    assert [s.stock for s in catalogue.iter_skus()] == [1]


# --------------------------------------------------------------------------- prices and units


def test_a_price_column_reads_its_own_convention(write_csv: CsvWriter) -> None:
    path = write_csv(
        "Référence;Désignation;Marque;Prix TTC\n"
        "A1;Coffret;Maison Été;1.299\nA2;Savon;Maison Été;12,50\nA3;Malle;Maison Été;45.000\n"
    )
    skus = list(read_catalogue(path).iter_skus())
    assert [s.price for s in skus] == [Decimal("1299.00"), Decimal("12.50"), Decimal("45000.00")]
    assert not any(s.issues for s in skus)


def test_a_column_that_does_not_say_makes_such_prices_ambiguous(write_csv: CsvWriter) -> None:
    path = write_csv(
        "Référence;Désignation;Marque;Prix TTC\nA1;Coffret;Maison Été;1.299\n"
        "A2;Savon;Maison Été;45\n"
    )
    skus = list(read_catalogue(path).iter_skus())
    assert skus[0].price is None
    (finding,) = skus[0].issues
    assert (finding.code, finding.severity, finding.column) == (
        "ambiguous-number",
        "error",
        "Prix TTC",
    )
    assert "1 299,00" in finding.message and "1,299" in finding.message
    assert skus[1].price == Decimal("45.00")


@pytest.mark.parametrize(
    ("header", "cells", "kilograms"),
    [
        ("Weight (lbs)", (".5", "2"), ("0.227", "0.907")),
        ("Poids (oz)", ("8", "16"), ("0.227", "0.454")),
        ("Poids (grammes)", ("150", "1 200"), ("0.15", "1.2")),
        ("Poids (kg)", ("0,15", "1.2"), ("0.15", "1.2")),
    ],
)
def test_weight_units_of_the_header_become_kilograms(
    write_csv: CsvWriter, header: str, cells: tuple[str, str], kilograms: tuple[str, str]
) -> None:
    path = write_csv(
        f"Référence;Désignation;Marque;Prix;{header};Contenance (cl)\n"
        f"A1;Savon;Maison Été;9,90;{cells[0]};75\nA2;Crème;Maison Été;19,90;{cells[1]};5\n"
    )
    skus = list(read_catalogue(path).iter_skus())
    assert [s.weight_kg for s in skus] == [Decimal(k) for k in kilograms]
    assert [s.net_content.quantity for s in skus if s.net_content] == [750, 50]


@pytest.mark.parametrize(
    ("column", "cell"),
    [("Stock", "9e99999999"), ("Poids (kg)", "1e309"), ("Prix", "inf"), ("Stock", "nan")],
)
def test_values_that_break_arithmetic_are_invalid_numbers(
    write_csv: CsvWriter, column: str, cell: str
) -> None:
    headers = ["Référence", "Désignation", "Marque", "Prix", "Poids (kg)", "Stock"]
    cells = ["A1", "Savon", "Maison Été", "9,90", "0,1", "3"]
    cells[headers.index(column)] = cell
    path = write_csv(";".join(headers) + "\n" + ";".join(cells) + "\n")
    started = time.perf_counter()
    (sku,) = list(read_catalogue(path).iter_skus())
    assert time.perf_counter() - started < 2
    assert [(i.code, i.column, i.value) for i in sku.issues] == [("invalid-number", column, cell)]
