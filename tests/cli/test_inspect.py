"""``export-kit inspect``: how a catalogue reads."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import Workbook

from export_kit.catalogue import read_catalogue
from export_kit.cli import cli
from export_kit.cli.commands.inspect import inspect_data


def _xlsx(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Produits"
    sheet.append(["Maison Test — catalogue 2024"])
    sheet.append([])
    sheet.append(["Référence", "Référence parent", "Désignation", "Prix TTC (€)", "Remarque"])
    sheet.append(["PULL-S", "PULL", "Pull S", 95, ""])
    sheet.append(["PULL-M", "PULL", "Pull M", 95, "dernier"])
    sheet.append(["SAC", "", "Sac", 250, ""])
    workbook.save(path)
    return path


def _csv(path: Path) -> Path:
    path.write_bytes("Réf.;Libellé;Marque;Prix\r\nA;Thé vert;Maison;4,50\r\n".encode("cp1252"))
    return path


def test_json_is_exactly_the_documented_document(runner: CliRunner, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "catalogue.xlsx")
    result = runner.invoke(cli, ["inspect", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == {
        "source_kind": "generic",
        "sheet": "Produits",
        "header_row": 3,
        "mapping": {
            "Référence": "sku",
            "Référence parent": "parent_sku",
            "Désignation": "name",
            "Prix TTC (€)": "price",
        },
        "rows": 3,
        "products": 2,
        "encoding": None,
        "delimiter": None,
        "sheet_reason": data["sheet_reason"],
        "skipped_rows": [],
        "findings": [
            {
                "code": "missing-column",
                "severity": "error",
                "row": 3,
                "sheet": "Produits",
                "column": None,
                "field": "brand",
                "sku": None,
                "value": None,
                "message": data["findings"][0]["message"],
            }
        ],
    }
    assert "brand" in data["findings"][0]["message"]
    assert data == inspect_data(read_catalogue(path))


def test_products_lists_every_product_with_its_parsed_values(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = _xlsx(tmp_path / "catalogue.xlsx")
    result = runner.invoke(cli, ["inspect", str(path), "--products", "--format", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    assert [(i["key"], i["row"], i["name"]) for i in items] == [
        ("PULL", 4, "Pull S"),
        ("SAC", 6, "Sac"),
    ]
    assert items[0]["skus"] == [
        {
            "sku": "PULL-S",
            "row": 4,
            "price": "95.00",
            "weight_kg": None,
            "stock": None,
            "ean": None,
            "net_content": None,
            "derived_sku": False,
        },
        {
            "sku": "PULL-M",
            "row": 5,
            "price": "95.00",
            "weight_kg": None,
            "stock": None,
            "ean": None,
            "net_content": None,
            "derived_sku": False,
        },
    ]
    text = runner.invoke(cli, ["inspect", str(path), "--products"]).stdout
    assert "PULL (row 4): Pull S" in text and "row 5: PULL-M  price 95.00" in text


def test_products_json_of_a_csv_gives_units_converted(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "produits.csv"
    path.write_text(
        "Référence;Désignation;Marque;Prix TTC;Poids (g);Contenance;Stock;Code EAN\n"
        "A1;Crème;Maison;24;350;5 cl;12;3770019480014\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["inspect", str(path), "--products", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["encoding"], data["delimiter"]) == ("utf-8", ";")
    assert data["items"][0]["skus"][0] == {
        "sku": "A1",
        "row": 2,
        "price": "24.00",
        "weight_kg": "0.35",
        "stock": 12,
        "ean": "3770019480014",
        "net_content": "50ml",
        "derived_sku": False,
    }


def test_text_shows_how_a_csv_reads(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["inspect", str(_csv(tmp_path / "produits.csv"))])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Source kind:  generic" in out
    assert "Encoding:     Windows-1252" in out
    assert "Delimiter:    semicolon (;)" in out
    assert "Header row:   1" in out
    assert "Rows:         1" in out and "Products:     1" in out
    assert "Réf.     → sku" in out
    assert "Libellé  → name" in out


def test_text_lists_unmapped_columns_and_missing_ones(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["inspect", str(_xlsx(tmp_path / "c.xlsx"))])
    assert result.exit_code == 0
    assert "Sheet:        Produits" in result.stdout
    assert "Other columns" in result.stdout and "  Remarque" in result.stdout
    assert "missing-column" in result.stdout and "brand" in result.stdout


def test_map_and_sheet_options(runner: CliRunner, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "c.xlsx")
    result = runner.invoke(
        cli,
        [
            "inspect",
            str(path),
            "--sheet",
            "Produits",
            "--map",
            "Remarque=description",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["mapping"]["Remarque"] == "description"


def test_config_beside_the_catalogue_is_used(runner: CliRunner, tmp_path: Path) -> None:
    path = _csv(tmp_path / "produits.csv")
    (tmp_path / "export-kit.toml").write_text('[mapping]\n"Marque" = "ignore"\n', "utf-8")
    result = runner.invoke(cli, ["inspect", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Marque" not in json.loads(result.stdout)["mapping"]


def test_a_missing_file_is_exit_3_with_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["inspect", str(tmp_path / "absent.xlsx")])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "absent.xlsx" in result.stderr and "no such file" in result.stderr


def test_an_unreadable_file_is_exit_3_with_one_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "catalogue.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = runner.invoke(cli, ["inspect", str(path), "--format", "json"])
    assert result.exit_code == 3
    [finding] = json.loads(result.stdout)["findings"]  # CI still gets its document
    assert finding["code"] == "unreadable-file"
    assert result.stderr.startswith("Error: catalogue.xlsx")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_unknown_sheet_and_bad_map_are_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "c.xlsx")
    result = runner.invoke(cli, ["inspect", str(path), "--sheet", "Stock"])
    assert result.exit_code == 3
    assert "'Produits'" in result.stderr
    result = runner.invoke(cli, ["inspect", str(path), "--map", "Prix=price"])
    assert result.exit_code == 3
    assert "no column 'Prix'" in result.stderr
    result = runner.invoke(cli, ["inspect", str(path), "--map", "Remarque=notes"])
    assert result.exit_code == 3
    assert "'notes' is not a field" in result.stderr


def test_help_says_what_it_does_with_an_example(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", "--help"])
    assert result.exit_code == 0
    assert "Show how a catalogue reads" in result.stdout
    assert "Example:" in result.stdout
