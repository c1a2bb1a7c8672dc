"""``export-kit validate`` end to end on small CSV and xlsx files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from export_kit.catalogue import read_catalogue
from export_kit.cli import cli
from export_kit.config import load_config
from export_kit.validate import validate_catalogue

HEADER = "Référence;Désignation;Marque;Prix TTC (€);Code EAN;Code SH;Description;Image\n"
KEYS = {"code", "severity", "row", "sheet", "column", "field", "sku", "value", "message"}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A French Excel CSV: a multi-line cell in row 2, then a problem on most rows."""
    return _write(
        tmp_path / "catalogue.csv",
        HEADER + 'P-001;Crème hydratante;Maison Exemple;24,90;3600523614561;33049900;"Une crème '
        'légère.\nÀ appliquer matin\net soir.";https://cdn.example.fr/p1.jpg\n'
        + "P-002;Sérum éclat;Maison Exemple;0;;33049900;Le meilleur sérum;"
        "https://cdn.example.fr/p2.jpg\n"
        + "P-003;Baume;Maison Exemple;douze;3600523614563;;Soigne l’eczéma;"
        "http://cdn.example.fr/p3.jpg\n"
        + "P-002;Lait corps;;18,00;;33049900;;photo.jpg\n"
        + ';Huile sèche;Maison Exemple;32,00;;33049900;;=HYPERLINK("http://evil")\n',
    )


def _invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["validate", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def _json(*args: str | Path) -> tuple[int, dict]:
    code, out, _ = _invoke(*args, "--format", "json")
    return code, json.loads(out)


def test_json_is_the_library_report(catalogue: Path) -> None:
    code, data = _json(catalogue)
    config = load_config(None, catalogue)
    expected = validate_catalogue(read_catalogue(catalogue, config=config), config).to_dict()
    assert data == expected
    assert code == 1


def test_each_rule_is_reported_on_the_row_a_spreadsheet_shows(catalogue: Path) -> None:
    _, data = _json(catalogue)
    found = {(f["row"], f["code"], f["column"]) for f in data["findings"]}
    # row 2 holds a three-line cell: the next record is still row 3
    assert found == {
        (3, "non-positive-price", "Prix TTC (€)"),
        (3, "superlative-claim", "Description"),
        (4, "invalid-number", "Prix TTC (€)"),
        (4, "invalid-ean", "Code EAN"),
        (4, "missing-hs-code", "Code SH"),
        (4, "medical-claim", "Description"),
        (4, "insecure-image-url", "Image"),
        (5, "duplicate-sku", "Référence"),
        (5, "invalid-image-url", "Image"),
        (6, "missing-value", "Référence"),
        (6, "invalid-image-url", "Image"),
    }
    assert data["source"] == "catalogue.csv"
    assert data["platform"] is None
    assert data["summary"] == {"rows": 5, "products": 4, "errors": 8, "warnings": 3, "infos": 0}
    for finding in data["findings"]:
        assert set(finding) == KEYS
        assert finding["sheet"] is None
    price = next(f for f in data["findings"] if f["code"] == "non-positive-price")
    assert (price["sku"], price["field"], price["value"]) == ("P-002", "price", "0.00")


def test_text_summary_by_code_with_what_to_do(catalogue: Path) -> None:
    code, out, err = _invoke(catalogue)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("Findings by code")
    price = next(line for line in lines if "non-positive-price" in line)
    assert price.split()[:3] == ["error", "non-positive-price", "1"] and "row 3" in price
    advice = lines[lines.index(price) + 1]
    assert advice.strip() == "→ Give a price above zero."
    assert lines[-1].startswith("Next: fix the errors above")
    assert err.strip().splitlines()[-1] == "5 rows, 4 products: 8 errors, 3 warnings"


def test_details_gives_the_table_on_stdout_and_summary_on_stderr(catalogue: Path) -> None:
    code, out, err = _invoke(catalogue, "--details")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["Row", "Column", "SKU", "Severity", "Code", "Message"]
    assert any(line.split()[:5] == ["3", "Prix", "TTC", "(€)", "P-002"] for line in lines)
    assert err.strip().splitlines()[-1] == "5 rows, 4 products: 8 errors, 3 warnings"


def test_quiet_hides_the_header_and_verbose_shows_the_mapping(catalogue: Path) -> None:
    _, out, _ = _invoke(catalogue, "-q")
    assert out == ""
    _, out, _ = _invoke(catalogue, "-q", "--details")
    assert not out.startswith("Row")
    assert out.splitlines()[0].split()[0] == "3"
    _, _, err = _invoke(catalogue, "-v")
    assert "'Prix TTC (€)' -> price" in err


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "warnings.csv",
        HEADER + "P-1;Crème;Maison;24,90;;;Texture parfaite;https://cdn.example.fr/1.jpg\n",
    )
    code, out, err = _invoke(path)
    assert code == 0
    assert "superlative-claim" in out and "missing-hs-code" in out
    assert err.strip().endswith("1 row, 1 product: 0 errors, 2 warnings")
    assert _invoke(path, "--strict")[0] == 1


def test_rules_of_the_config_beside_the_catalogue(catalogue: Path) -> None:
    _write(
        catalogue.parent / "export-kit.toml",
        '[rules]\nsuperlative-claim = "error"\nmedical-claim = "off"\n'
        'insecure-image-url = "info"\n',
    )
    _, data = _json(catalogue)
    by_code = {f["code"]: f["severity"] for f in data["findings"]}
    assert by_code["superlative-claim"] == "error"
    assert "medical-claim" not in by_code
    assert by_code["insecure-image-url"] == "info"
    assert data["summary"]["infos"] == 1


def test_an_explicit_config_and_map_option(catalogue: Path, tmp_path: Path) -> None:
    config = _write(tmp_path / "other.toml", '[brand]\nname = "Maison Exemple"\n')
    path = _write(
        tmp_path / "plain.csv",
        "Ref;Nom;PVC;Code SH;Photo\nA-1;Crème;12,50;33049900;https://cdn.example.fr/a.jpg\n",
    )
    code, data = _json(path, "--config", config, "--map", "PVC=price", "--map", "Photo=images")
    assert data["findings"] == []
    assert code == 0


def test_annotated_report_of_a_csv(catalogue: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "annotated.xlsx"
    target.parent.mkdir()
    code, _, err = _invoke(catalogue, "--report", target)
    assert code == 1
    assert f"Annotated copy: {target}" in err
    book = load_workbook(target)
    assert book.sheetnames == ["catalogue", "Findings"]
    sheet = book["catalogue"]
    assert sheet["A1"].value == "Référence"
    assert sheet["G2"].value == "Une crème légère.\nÀ appliquer matin\net soir."
    assert sheet["D3"].fill.start_color.rgb == "FFFFC7CE"  # price 0: error, red
    assert "non-positive-price" in sheet["D3"].comment.text
    assert sheet["G3"].fill.start_color.rgb == "FFFFEB9C"  # superlative: warning, amber
    assert sheet["A6"].fill.start_color.rgb == "FFFFC7CE"  # missing SKU on an empty cell
    assert sheet["H6"].value == '\'=HYPERLINK("http://evil")'
    assert sheet["A2"].comment is None
    findings = list(book["Findings"].iter_rows(values_only=True))
    assert findings[0] == ("code", "severity", "row", "column", "sku", "value", "message")
    assert len(findings) == 12
    assert catalogue.read_text(encoding="utf-8").startswith(HEADER)  # input untouched


def test_invalid_rows_file_of_a_csv(catalogue: Path, tmp_path: Path) -> None:
    target = tmp_path / "to-fix.csv"
    code, _, err = _invoke(catalogue, "--invalid-rows", target)
    assert code == 1
    assert "Rejected rows: 4 written" in err
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == [*HEADER.strip().split(";"), "reason"]
    assert [r[0] for r in rows[1:]] == ["P-002", "P-003", "P-002", ""]
    assert "Prix TTC (€): The price is 0.00 €" in rows[1][-1]
    assert rows[2][3] == "douze"
    assert len(rows[2][-1].split(" | ")) == 3  # invalid price, EAN, medical claim
    assert rows[4][7] == '\'=HYPERLINK("http://evil")'
    assert "P-001" not in [r[0] for r in rows[1:]]


def test_invalid_rows_keep_a_comma_delimiter(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "comma.csv",
        "sku,name,brand,price,hs code,image\n"
        "A,Crème,Maison,0,33049900,https://cdn.example.fr/a.jpg\n"
        "B,Sérum,Maison,12.5,33049900,https://cdn.example.fr/b.jpg\n",
    )
    target = tmp_path / "rejected.csv"
    assert _invoke(path, "--invalid-rows", target)[0] == 1
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "sku,name,brand,price,hs code,image,reason"
    assert lines[1].startswith("A,Crème,Maison,0,33049900,https://cdn.example.fr/a.jpg,")
    assert len(lines) == 2


def _workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Produits"
    sheet.append(["Catalogue Maison Exemple — printemps 2025"])
    sheet.append([])
    sheet.append(["Référence", "Désignation", "Marque", "Prix TTC (€)", "Code SH", "Image"])
    sheet.append(["A-1", "Crème", "Maison", 12.5, "33049900", "https://cdn.example.fr/a.jpg"])
    sheet.append(["A-2", "Sérum miracle", "Maison", 0, "33049900", "https://cdn.example.fr/b.jpg"])
    book.save(path)
    return path


def test_a_workbook_with_title_rows(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "catalogue.xlsx")
    code, data = _json(path)
    assert code == 1
    assert {(f["row"], f["code"], f["sheet"]) for f in data["findings"]} == {
        (5, "non-positive-price", "Produits"),
        (5, "superlative-claim", "Produits"),
    }
    target = tmp_path / "annotated.xlsx"
    _, _, err = _invoke(path, "--report", target, "--invalid-rows", tmp_path / "rejected.xlsx")
    assert f"Annotated copy: {target}\n" in err  # the workbook itself, not a copy row by row
    sheet = load_workbook(target)["Produits"]
    assert sheet["A1"].value == "Catalogue Maison Exemple — printemps 2025"
    assert sheet["A3"].value == "Référence" and sheet["A5"].value == "A-2"
    assert sheet["D4"].value == 12.5 and sheet["E4"].value == "33049900"
    assert sheet["D5"].fill.start_color.rgb == "FFFFC7CE"
    rejected = list(
        load_workbook(tmp_path / "rejected.xlsx")["Produits"].iter_rows(values_only=True)
    )
    assert [r[0] for r in rejected] == ["Référence", "A-2"]
    assert rejected[0][-1] == "reason"


def test_the_report_path_must_be_xlsx(catalogue: Path, tmp_path: Path) -> None:
    code, _, err = _invoke(catalogue, "--report", tmp_path / "annotated.csv")
    assert code == 2
    assert "--report" in err
    # .xlsm only keeps the macros of an .xlsm catalogue: a CSV has none
    code, _, err = _invoke(catalogue, "--report", tmp_path / "annotated.xlsm")
    assert code == 2
    assert "must end in .xlsx" in err and not (tmp_path / "annotated.xlsm").exists()


def test_outputs_never_overwrite_the_catalogue(catalogue: Path) -> None:
    before = catalogue.read_bytes()
    code, _, err = _invoke(catalogue, "--invalid-rows", catalogue)
    assert code == 3 and "is the catalogue" in err
    assert catalogue.read_bytes() == before


def test_an_unreadable_file_gives_one_json_finding_and_exit_3(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a workbook")
    code, out, err = _invoke(path, "--format", "json")
    assert code == 3
    data = json.loads(out)
    assert data["summary"]["errors"] == 1
    [finding] = data["findings"]
    assert set(finding) == KEYS
    assert finding["code"] == "unreadable-file" and finding["row"] is None
    assert finding["message"]
    assert err.startswith("Error: ") and len(err.strip().splitlines()) == 1


def test_a_missing_file_in_json_mode(tmp_path: Path) -> None:
    code, out, err = _invoke(tmp_path / "nowhere.csv", "--format", "json")
    assert code == 3
    assert json.loads(out)["findings"][0]["code"] == "unreadable-file"
    assert "nowhere.csv" in err


def test_an_unknown_platform_is_an_input_error(catalogue: Path, tmp_path: Path) -> None:
    code, out, err = _invoke(catalogue, "--platform", "tmal-global", "--workspace", tmp_path / "ws")
    assert code == 3
    assert out == ""
    assert "tmal-global" in err and "tmall-global" in err


def test_platform_rules_are_added(catalogue: Path, tmp_path: Path) -> None:
    code, data = _json(catalogue, "--platform", "tmall-global", "--workspace", tmp_path / "ws")
    assert code == 1
    assert data["platform"] == "tmall-global"
    codes = {f["code"]: f["severity"] for f in data["findings"]}
    # the platform makes a missing HS code an error; a text without Chinese yet cannot
    # be listed: an error too
    assert codes["missing-hs-code"] == "error"
    assert codes["missing-translation"] == "error"
    assert data["summary"]["excluded"] == len(data["excluded"]) > 0


def test_jobs_split_a_big_catalogue_and_report_the_same(tmp_path: Path, monkeypatch) -> None:
    from export_kit.cli.commands import validate as command
    from export_kit.validate.parallel import MIN_ROWS_PER_JOB, can_fork

    if not can_fork():
        pytest.skip("worker processes need fork (Linux)")
    lines = [HEADER]
    for n in range(2 * MIN_ROWS_PER_JOB + 50):
        price = "douze" if n % 997 == 0 else "24,90"
        lines.append(
            f"R-{n};Crème {n};Maison Exemple;{price};;33049900;Une crème.;"
            f"https://cdn.example.fr/{n}.jpg\n"
        )
    # without a parent column a row's SKU is its product: a repeated SKU far away would
    # make one product of the whole file (the library tests cover repeats across ranges)
    lines.append("R-20040;Doublon;Maison Exemple;24,90;;33049900;;https://cdn.example.fr/d.jpg\n")
    path = _write(tmp_path / "big.csv", "".join(lines))
    split: list[bool] = []
    original = command.validate_in_parallel

    def spy(*args, **kwargs):
        report = original(*args, **kwargs)
        split.append(report is not None)
        return report

    monkeypatch.setattr(command, "validate_in_parallel", spy)
    code_one, one = _json(path, "--jobs", "1", "--workspace", tmp_path / "ws")
    code_two, two = _json(path, "--jobs", "2", "--workspace", tmp_path / "ws")
    assert split == [True]  # --jobs 1 never tries
    assert (code_two, two) == (code_one, one)
    assert code_one == 1
    assert one["summary"]["rows"] == 2 * MIN_ROWS_PER_JOB + 51
    duplicate = [f for f in two["findings"] if f["code"] == "duplicate-sku"]
    assert [(f["row"], f["sku"]) for f in duplicate] == [(2 * MIN_ROWS_PER_JOB + 52, "R-20040")]


def test_invalid_rows_for_a_platform_are_the_products_it_leaves_out(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "catalogue.csv",
        "Référence;Référence parent;Désignation;Nom chinois;Marque;Prix TTC (€);Code SH;Taille;"
        "Image\n"
        "A-1;;Crème;保湿霜;Maison;24,90;33049900;;https://cdn.example.fr/a.jpg\n"
        "ROBE;;Robe lin;;Maison;;62044200;;https://cdn.example.fr/robe.jpg\n"
        "ROBE-S;ROBE;;;;59,00;;S;\n"
        "ROBE-M;ROBE;;;;59,00;;M;\n",
    )
    target = tmp_path / "to-fix.csv"
    plain = tmp_path / "plain.csv"
    # without a platform, nothing is wrong with these products
    assert _invoke(path, "--invalid-rows", plain)[0] == 0
    assert len(plain.read_text("utf-8-sig").splitlines()) == 1
    code, data = _json(
        path,
        "--platform",
        "tmall-global",
        "--rate",
        "7.8",
        "--workspace",
        tmp_path / "ws",
        "--invalid-rows",
        target,
    )
    assert code == 1
    # the dress has no Chinese name yet: the feed leaves it out, every row of it
    assert data["excluded"] == [{"sku": "ROBE", "codes": ["missing-translation"]}]
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["ROBE", "ROBE-S", "ROBE-M"]
    assert all("'Robe lin' has no Chinese yet" in r[-1] for r in rows[1:])
    back = read_catalogue(target)
    assert {s.parent_sku or s.sku for s in back.iter_skus()} == {"ROBE"}
    assert [s.sku for s in back.iter_skus()] == ["ROBE", "ROBE-S", "ROBE-M"]


def _listings(catalogue, keys=None) -> dict[str, list[dict]]:
    from export_kit.catalogue.base import product_key

    products: dict[str, list[dict]] = {}
    for sku in catalogue.iter_skus():
        key = product_key(sku)
        if keys is None or key in keys:
            data = sku.model_dump(exclude={"row", "sheet", "columns", "issues"})
            data["attributes"].pop("reason", None)
            products.setdefault(key, []).append(data)
    return products


@pytest.mark.parametrize(
    "name",
    ["shopify_parispousse_fr.csv", "shopify_fr_export_no_skus.csv", "woocommerce_export_en.csv"],
)
def test_rejected_rows_of_real_exports_read_back_whole(
    real_catalogues: Path, tmp_path: Path, name: str
) -> None:
    source = real_catalogues / name
    target = tmp_path / "to-fix.csv"
    code, data = _json(
        source,
        "--platform",
        "tmall-global",
        "--rate",
        "7.8",
        "--workspace",
        tmp_path / "ws",
        "--invalid-rows",
        target,
    )
    assert code == 1
    excluded = {e["sku"] for e in data["excluded"]}
    assert excluded
    # every product the feed leaves out comes back whole: its variants, its images
    assert _listings(read_catalogue(target)) == _listings(read_catalogue(source), excluded)


def test_a_column_every_listing_needs_rejects_every_row_for_a_platform(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "no-name.csv",
        "Référence;Marque;Prix TTC (€);Code SH;Image\n"
        "A-1;Maison;24,90;33049900;https://cdn.example.fr/a.jpg\n"
        "A-2;Maison;12,00;33049900;https://cdn.example.fr/b.jpg\n",
    )
    target = tmp_path / "to-fix.csv"
    code, data = _json(
        path,
        "--platform",
        "tmall-global",
        "--rate",
        "7.8",
        "--workspace",
        tmp_path / "ws",
        "--invalid-rows",
        target,
    )
    assert code == 1
    assert {e["sku"] for e in data["excluded"]} == {"A-1", "A-2"}
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["A-1", "A-2"]
    assert all("No column holds the product name" in r[-1] for r in rows[1:])
